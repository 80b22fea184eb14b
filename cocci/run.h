/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run.h - run Coccinelle (spatch) with the semantic patches of cocci/ over
 * files of a kernel tree: in patch mode, the rewritten text of each file;
 * in report mode, findings in the finding record of db/finding.h.
 *
 * spatch runs from outside the tree (the tree's own .cocciconfig turns on
 * --use-gitgrep, which fails without a git repository) and never writes
 * to it: each file is rewritten in a scratch copy.
 */
#ifndef MEMDESC_COCCI_RUN_H
#define MEMDESC_COCCI_RUN_H

#include <stddef.h>

#include "../db/finding.h"
#include "../lib/strv.h"

struct md_spatch_opts {
	const char *spatch;	 /* the program; NULL: $SPATCH, else "spatch" */
	const char *const *cocci; /* semantic patches, applied in this order */
	size_t ncocci;
	struct strv defines;	 /* virtual rules to set (-D), e.g. missing_b_folio */
	int jobs;		 /* files in parallel, at least 1 */
	int timeout;		 /* seconds per spatch run, 0: none */
	/* md_spatch_report: each file spatch failed on (else a warning), or NULL */
	void (*failed)(void *data, const char *path, const char *why);
	void *failed_data;
	/* md_spatch_rewrite: each file whose every semantic patch has run (a progress bar), or NULL */
	void (*done)(void *data, const char *path);
	void *done_data;
};

/* The rewrite of one file: every semantic patch applied in turn. */
struct md_file_rewrite {
	char *path;	  /* relative to the tree root */
	char *before;	  /* the file's text as read */
	char *after;	  /* its text after every semantic patch */
	struct strv cocci; /* basenames of the semantic patches that changed it */
	char *error;	  /* spatch failed on this file: why; NULL otherwise */
};

struct md_rewrite_set {
	struct md_file_rewrite *v;
	size_t n;
};

/*
 * md_spatch_rewrite - apply @o->cocci in patch mode to each of @files
 * (relative to @tree).  Fills @out with one entry per file that changed or
 * failed; unchanged files are left out.  Returns 0, or -1 (reported) when
 * spatch cannot run at all.
 */
int md_spatch_rewrite(const char *tree, const char *const *files, size_t nfiles,
		      const struct md_spatch_opts *o, struct md_rewrite_set *out);

void md_rewrite_set_release(struct md_rewrite_set *set);

/*
 * md_spatch_report - run @o->cocci in report mode over @files and call
 * @fn for each finding (engine "coccinelle", certainty "typed", path
 * relative to @tree, fingerprinted).  Returns 0, or -1 (reported).
 */
typedef int (*md_cocci_finding_fn)(void *data, const struct md_finding *f);
int md_spatch_report(const char *tree, const char *const *files, size_t nfiles,
		     const struct md_spatch_opts *o, md_cocci_finding_fn fn, void *data);

/*
 * md_cocci_missing - the version guards of @cocci that @tree lacks: for
 * each "virtual missing_<ident>" the semantic patches declare, whether the
 * tree's headers (include/, outside comments) declare <ident>; pushes
 * "missing_<ident>" onto @out for each one they do not.  Returns 0 or -1.
 */
int md_cocci_missing(const char *tree, const char *const *cocci, size_t ncocci,
		     struct strv *out);

#endif
