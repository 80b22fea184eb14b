/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check.h - what the checks of validate.c and compile.c share, and nothing
 * outside convert/ uses: verdicts, the context made canonical, files in
 * the scratch directory and programs run with their output captured
 * (run.c).  Every function that can fail reports through md_error() and
 * returns -1 (or NULL).
 */
#ifndef MEMDESC_CONVERT_CHECK_H
#define MEMDESC_CONVERT_CHECK_H

#include "validate.h"

/* --- validate.c: verdicts and the context --- */

void cv_verdict_ok(struct md_verdict *v);
/* cv_verdict_fail - @v failed at @step for @reason (taken over). */
void cv_verdict_fail(struct md_verdict *v, enum md_step step, char *reason);
/* cv_verdict_unvalidated - @v could not be checked here, for @reason (taken over). */
void cv_verdict_unvalidated(struct md_verdict *v, enum md_step step, char *reason);

/* The caller's context with the tree, build and scratch directories canonical. */
struct cv_canon {
	struct md_validate_ctx c;
	char *tree, *build, *scratch;
};

/*
 * cv_canon_open - @in with its directories canonical (the scratch
 * directory created first): commands run in the build directory, so every
 * path given to them is absolute.  0, or -1 (reported).
 */
int cv_canon_open(const struct md_validate_ctx *in, struct cv_canon *k);
void cv_canon_release(struct cv_canon *k);

/* --- run.c: files --- */

/* cv_mkdir_parents - create the directories leading to file @path. */
int cv_mkdir_parents(const char *path);
/* cv_scratch_dir - a new directory of our own under @c's scratch directory. */
char *cv_scratch_dir(const struct md_validate_ctx *c);
/* cv_scratch_remove - remove @dir and all in it, and free the string. */
void cv_scratch_remove(char *dir);
/* cv_same_path - @a and @b name the same existing file or directory. */
int cv_same_path(const char *a, const char *b);

/* --- run.c: programs --- */

struct cv_run {
	int status;	/* exit status; 128 + signal when killed */
	int timed_out;
	char *out;	/* stdout and stderr, interleaved */
};

/*
 * cv_run - @argv in directory @dir, standard input from /dev/null, output
 * captured through the file @out_file (removed after), in its own process
 * group, killed with it after @timeout seconds (0: never), in the C
 * locale, without a parent make's variables.  Returns 0 when the program
 * ran, whatever its status, or -1 (reported) when it could not be started.
 */
int cv_run(const char *dir, char *const argv[], const char *out_file, int timeout,
	   struct cv_run *r);
void cv_run_release(struct cv_run *r);

/* cv_first_line - the first non-empty line of @s, a new string. */
char *cv_first_line(const char *s);
/* cv_last_line - the last non-empty line of @s, a new string. */
char *cv_last_line(const char *s);

#endif
