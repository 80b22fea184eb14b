/* SPDX-License-Identifier: GPL-2.0 */
/* internal.h - what the files of cocci/ share: the spatch command line and pool. */
#ifndef MEMDESC_COCCI_INTERNAL_H
#define MEMDESC_COCCI_INTERNAL_H

#include <stddef.h>

#include "../lib/strv.h"
#include "run.h"

/* md_spatch_program - the spatch to run: @o->spatch, $SPATCH or "spatch". */
const char *md_spatch_program(const struct md_spatch_opts *o);

/* md_base_name - the last component of @path, pointing into it. */
const char *md_base_name(const char *path);

/*
 * md_spatch_argv - the command line of one run of @cocci in @mode
 * ("patch": --in-place; "report") over @target, a copy of (or) the tree
 * file @file.
 */
void md_spatch_argv(struct strv *argv, const struct md_spatch_opts *o, const char *mode,
		    const char *cocci, const char *tree, const char *file, const char *target);

/*
 * md_spatch_run_all - the @n commands @argvs, @o->jobs at a time, each in
 * @dir with stdout in @logs[i] and stderr in @errs[i]; @o->timeout kills a
 * run.  Its wait status in @status[i], a timeout in @timed_out[i].  0, or
 * -1 (reported) when spatch cannot be started.
 */
int md_spatch_run_all(char ***argvs, const char *const *logs, const char *const *errs, size_t n,
		      const char *dir, const struct md_spatch_opts *o, int *status, int *timed_out);

/* md_spatch_failed - why a run ended badly, NULL when it did not: a new string. */
char *md_spatch_failed(int status, int timed_out, int timeout, const char *log);

#endif
