/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scan-fallback.h - the files of a scan's scope that no parsed TU read,
 * through the coccinelle engine into the same scan (scan-fallback.c).
 */
#ifndef MEMDESC_CLI_SCAN_FALLBACK_H
#define MEMDESC_CLI_SCAN_FALLBACK_H

#include "../analyzer/prefilter.h"
#include "cli.h"

struct scan_fallback {
	struct scan_options *so;
	struct md_prefilter *pf;   /* owned: which files can hold a finding */
	const char *srcdir;
	const char *const *scope;  /* relative to srcdir; none: the whole tree */
	size_t nscope;
	const char *cocci;	   /* the report-mode semantic patch */
	const char *spatch;	   /* the program that runs it */
	char *seen_cache;	   /* owned: the prefilter's answers of the last walk, or NULL */
	struct strv built;	   /* every TU the configuration builds, relative, sorted */
};

/* scan_fallback_built - remember @tus (all of them, before the prefilter) as built. */
void scan_fallback_built(struct scan_fallback *fb, const struct md_tu_list *tus);

/*
 * scan_fallback_run - scan_options.after_parse: spatch over the files of
 * the scope no TU of @scan read and the configuration does not build,
 * when they can hold a finding; prints what it found through @render.
 * Returns how many files spatch failed on, or -1 on error.
 */
int scan_fallback_run(void *data, struct md_db *db, int64_t scan, struct md_render *render);

void scan_fallback_release(struct scan_fallback *fb);

#endif
