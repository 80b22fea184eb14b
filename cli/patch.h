/* SPDX-License-Identifier: GPL-2.0 */
/*
 * patch.h - what the parts of `memdesc patch` share: the files to convert
 * with the findings they hold, and the checks each rewritten file passes in
 * a worker of its own (cli/patch-check.c) before it may go into a series.
 */
#ifndef MEMDESC_CLI_PATCH_H
#define MEMDESC_CLI_PATCH_H

#include <stddef.h>

#include "../analyzer/rule.h"
#include "../cocci/run.h"
#include "../convert/validate.h"
#include "../kbuild/tu.h"
#include "../lib/progress.h"
#include "../lib/strv.h"

/* A file of the scan with findings to convert. */
struct patch_target {
	char *path;		/* relative to the tree */
	struct strv fingerprints; /* its findings in the scan */
	struct strv rules;	/* the rule of each, in the same order */
	struct strv users;	/* a header: TUs that reported its findings */
};

/* How one rewritten file fared; filled in by a worker. */
struct patch_result {
	int ok;
	char *failed_step; /* "apply", "compile", "checkpatch", "rescan"; NULL when ok */
	char *reason;
	int unvalidated;
	struct strv resolved; /* fingerprints gone after the rewrite */
	struct strv resolved_rules;
};

struct patch_check_ctx {
	struct md_validate_ctx validate;
	const char *srcdir;
	const struct md_tu_list *tus;	    /* flags of every .c file that may be rescanned */
	const struct md_rule *const *rules; /* every rule: the rescan must find nothing new */
	size_t nrules;
	const char *author;		    /* for the checkpatch mail */
	int signoff;
	int jobs;
	struct md_progress *progress;	    /* advanced per checked file; may be NULL */
};

/*
 * check_rewrites - run every check on each of @set's rewrites (a worker
 * process per file, @c->jobs at a time), filling @results[i] for
 * @set->v[i] with its target @targets[i].  Returns 0, or -1 (reported).
 */
int check_rewrites(const struct patch_check_ctx *c, const struct md_rewrite_set *set,
		   struct patch_target *const *targets, struct patch_result *results);

void patch_result_release(struct patch_result *r);

#endif
