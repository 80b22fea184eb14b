/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scan.h - run the engine over a list of translation units in worker
 * processes and store what they find, one transaction per TU.
 *
 * Each TU is parsed in a forked worker, so a TU that crashes libclang, or
 * runs past the time limit, costs only that TU: it is recorded as
 * 'crashed' or 'timeout' and the scan goes on.  A worker reports in the
 * ingest format (db/README.md) and the parent stores its report through
 * db/ingest.h, the path every engine's findings take; only the parent
 * touches the database.
 */
#ifndef MEMDESC_SCAN_H
#define MEMDESC_SCAN_H

#include <stdint.h>
#include <stdio.h>

#include "../db/db.h"
#include "engine.h"
#include "../kbuild/tu.h"

/* What the parent does after each TU is committed: @tu_path is relative to the tree. */
typedef void (*md_tu_done_fn)(void *data, const char *tu_path);

/* What the parent does with each census note (cfg->census). */
typedef void (*md_note_fn)(void *data, const struct md_note *note);

struct md_scan_opts {
	int jobs;	    /* workers in parallel, at least 1 */
	int timeout;	    /* seconds per TU, 0 for none; enforced by the parent */
	unsigned long long max_memory; /* bytes a worker may keep resident, 0: no limit */
	FILE *log;	    /* where TU failures go (stderr) */
	int64_t reuse_from; /* a TU unchanged since this scan is not parsed again; 0: none */
	/*
	 * With reuse_from: when set, a TU whose flags are unchanged is reused
	 * unless changed() says one of its recorded inputs (relative to the
	 * tree, or absolute) changed; its inputs are not read.  NULL: every
	 * input is hashed and compared.
	 */
	int (*changed)(void *data, const char *path);
	void *changed_data;
	md_tu_done_fn done; /* called after each TU's commit (parsed or reused) */
	md_note_fn note;    /* called for each census note */
	int store_census;   /* the notes are also stored (db/ingest.h, opts.census) */
	int store_skipped;  /* the skipped ranges are stored as the TU's (opts.skipped) */
	void *done_data;    /* passed to both */
};

struct md_scan_stats {
	long peak_rss_kb; /* largest worker's peak resident set */
	long rejected;	  /* malformed records in the workers' reports */
	int tus_failed;	  /* TUs that crashed, timed out or failed */
	long carried;	  /* findings of those carried from earlier scans */
	long reused;	  /* TUs not parsed: unchanged since opts->reuse_from */
	int interrupted;
};

/*
 * md_scan_run - scan every TU of @tus into scan @scan of @db.  Stops early,
 * with stats->interrupted set, on SIGINT or SIGTERM.  Returns 0, or -1 if
 * the database could not be written (reported).
 */
int md_scan_run(struct md_db *db, int64_t scan, const struct md_tu_list *tus,
		const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
		struct md_scan_stats *stats);

/*
 * md_write_pch_report - what md_engine_build_pch() found in the headers of
 * a PCH (@res), as the records each TU parsed with it adds to its own
 * report: the headers with findings, the findings, the census notes.
 * 0, or -1 when @path cannot be written.
 */
int md_write_pch_report(const char *path, const struct md_tu_result *res,
			const struct md_tu *header);

#endif
