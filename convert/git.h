/* SPDX-License-Identifier: GPL-2.0 */
/*
 * git.h - run git and collect what it prints: the diff engine of
 * convert/diff.c and the history convert/series.c learns subject
 * prefixes from.
 */
#ifndef MEMDESC_CONVERT_GIT_H
#define MEMDESC_CONVERT_GIT_H

/*
 * md_git_capture - run `git @argv...` (@argv NULL-terminated, without
 * "git") in @dir with stdin from /dev/null, and collect its standard
 * output in *@out (a new string, also on a non-zero exit).  Standard
 * error is dropped when @quiet, passed through otherwise.  Returns git's
 * exit status, or -1 (reported) when it could not be run or was killed.
 */
int md_git_capture(const char *dir, const char *const *argv, int quiet, char **out);

#endif
