/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scan.h - run the engine over a list of translation units in worker
 * processes and store what they find, one transaction per TU.
 *
 * Each TU is parsed in a forked worker, so a TU that crashes libclang, or
 * runs past the time limit, costs only that TU: it is recorded as
 * 'crashed' or 'timeout' and the scan goes on.  Only the parent process
 * touches the database.
 */
#ifndef MEMDESC_SCAN_H
#define MEMDESC_SCAN_H

#include <stdint.h>
#include <stdio.h>

#include "../db/db.h"
#include "engine.h"
#include "../kbuild/tu.h"

/* What the parent does after each TU is committed. */
typedef void (*md_tu_done_fn)(void *data, int64_t first_new_id, int64_t last_new_id);

/* What the parent does with each census note (cfg->census). */
typedef void (*md_note_fn)(void *data, const struct md_note *note);

struct md_scan_opts {
	int jobs;	    /* workers in parallel */
	int timeout;	    /* seconds per TU, 0 for none */
	int verbose;	    /* print each TU as it completes */
	FILE *log;	    /* where TU failures and progress go (stderr) */
	md_tu_done_fn done; /* called after each commit with the new finding ids */
	md_note_fn note;    /* called for each census note */
	void *done_data;    /* passed to both */
};

struct md_scan_stats {
	long peak_rss_kb; /* largest worker's peak resident set */
	int interrupted;
};

/*
 * md_scan_run - scan every TU of @tus into scan @scan of @db.  Stops early,
 * with stats->interrupted set, on SIGINT or SIGTERM.  Returns 0, or -1 if
 * the database could not be written (the reason went to opts->log).
 */
int md_scan_run(struct md_db *db, int64_t scan, const struct md_tu_list *tus,
		const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
		struct md_scan_stats *stats);

#endif
