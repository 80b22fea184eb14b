/* SPDX-License-Identifier: GPL-2.0 */
/*
 * git.h - run git and collect what it prints: the diff engine of
 * convert/diff.c and the history convert/series.c learns subject
 * prefixes from.
 */
#ifndef MEMDESC_CONVERT_GIT_H
#define MEMDESC_CONVERT_GIT_H

#include <stdio.h>
#include <sys/types.h>

/*
 * md_git_capture - run `git @argv...` (@argv NULL-terminated, without
 * "git") in @dir with stdin from /dev/null, and collect its standard
 * output in *@out (a new string, also on a non-zero exit).  Standard
 * error is dropped when @quiet, passed through otherwise.  Returns git's
 * exit status, or -1 (reported) when it could not be run or was killed.
 */
int md_git_capture(const char *dir, const char *const *argv, int quiet, char **out);

/* A git started by md_git_start, its standard output going to a temporary file. */
struct md_git_job {
	pid_t pid;	/* 0: none */
	FILE *out;
	char *what;	/* argv[0], for messages */
};

/*
 * md_git_start - start `git @argv...` in @dir as md_git_capture does, but
 * return at once: it runs alongside the caller, whose work need not read
 * its output as it comes.  0, or -1 (reported).
 */
int md_git_start(const char *dir, const char *const *argv, int quiet, struct md_git_job *job);

/*
 * md_git_finish - wait for @job and collect its standard output in *@out
 * (a new string, also on a non-zero exit; NULL on -1).  Returns git's exit
 * status, or -1 (reported).  The job is released either way.
 */
int md_git_finish(struct md_git_job *job, char **out);

#endif
