/* SPDX-License-Identifier: GPL-2.0 */
/*
 * query.h - the read API of the memdesc database: what reports, the gate
 * and the command line know of a scan.  Works on a database opened with
 * MD_DB_READ (and on one opened for writing); never writes.
 *
 * Iteration is by callback: the function is called once per row, in a
 * stable order (path, line, column, rule), and a non-zero return stops
 * the iteration early.  The record handed over lives until the callback
 * returns; md_finding_copy() keeps it.
 */
#ifndef MEMDESC_QUERY_H
#define MEMDESC_QUERY_H

#include <stdint.h>

#include "db.h"
#include "../lib/strv.h"

struct md_scan_info {
	int64_t id;
	char *tree, *kernel_version, *config, *build_dir, *scope, *engine;
	char *tool_version, *rules, *started_at, *finished_at, *host, *shard;
	/*
	 * 'running', 'complete' or 'incomplete'; a 'running' scan of this host
	 * whose process is gone reads as 'incomplete' (the file keeps 'running'
	 * until a writer opens it).
	 */
	char *status;
	int tus_total, tus_done, tus_failed, tus_parse_errors;
	int scope_c_files; /* -1: not counted */
	int fingerprint_version;
	int census;	   /* scanned with --census: md_query_census() has its entries */
	int fallback;	   /* the coccinelle fallback ran too: it can see its findings gone */
	double seconds;	   /* from start to finish, or to now while running */
};

/* md_query_latest_scan - the newest scan's id; 0 when there is none, -1 on error. */
int64_t md_query_latest_scan(struct md_db *db);

/*
 * md_query_complete_before - the newest complete scan with an id below
 * @before (0: the newest complete scan of all); 0 when there is none, -1 on
 * error.
 */
int64_t md_query_complete_before(struct md_db *db, int64_t before);

/* md_query_scan - scan @id into @out: 0, 1 when there is no such scan, -1 on error. */
int md_query_scan(struct md_db *db, int64_t id, struct md_scan_info *out);
void md_scan_info_release(struct md_scan_info *info);

/* Which findings: every set member narrows; NULL members match everything. */
struct md_filter {
	const char *rule;	 /* a rule id */
	const char *path_prefix; /* "mm" matches mm/x.c and mm, not mmap.c */
	const char *engine;	 /* "libclang", "coccinelle", "text" */
	const char *origin;	 /* the TU (or imported file) that reported it */
};

typedef int (*md_finding_fn)(void *data, const struct md_finding *f);

/*
 * md_query_findings - call @fn for each finding of @scan that passes
 * @filter (NULL: all).  Returns how many were passed, or -1 on error.
 */
long md_query_findings(struct md_db *db, int64_t scan, const struct md_filter *filter,
		       md_finding_fn fn, void *data);

enum md_change {
	MD_CHANGE_NEW,	     /* in the newer scan only */
	MD_CHANGE_FIXED,     /* in the older scan only */
	MD_CHANGE_UNCHANGED, /* in both (the newer scan's record is passed) */
};

typedef int (*md_change_fn)(void *data, enum md_change change, const struct md_finding *f);

struct md_diff_counts {
	long new_findings, fixed, unchanged;
};

/*
 * md_query_diff - compare scan @older with scan @newer of the same
 * database by fingerprint (and engine), calling @fn (may be NULL) for each
 * finding that passes @filter, and count them into @counts.  Returns 0 or -1.
 */
int md_query_diff(struct md_db *db, int64_t older, int64_t newer, const struct md_filter *filter,
		  md_change_fn fn, void *data, struct md_diff_counts *counts);

struct md_count {
	const char *key;     /* a rule id, or a path (prefix) */
	const char *summary; /* the rule's summary, for rule counts; else NULL */
	long findings;
	long files;
};

typedef int (*md_count_fn)(void *data, const struct md_count *c);

/*
 * md_query_rule_counts - findings and files per rule in @scan, for every
 * rule of the database's rules table (zeros included), in table order.
 */
int md_query_rule_counts(struct md_db *db, int64_t scan, md_count_fn fn, void *data);

/*
 * md_query_path_counts - findings and files per path in @scan, cut to its
 * first @depth components ("fs/ext4" for depth 2; 0: whole paths), most
 * findings first.
 */
int md_query_path_counts(struct md_db *db, int64_t scan, int depth, md_count_fn fn, void *data);

/* The life of one finding across the complete scans (the finding_history view). */
struct md_history {
	const char *lineage;	 /* the fingerprint it was first seen with */
	const char *fingerprint; /* the one it has in its last scan */
	const char *rule, *path, *engine;
	int64_t first_scan, last_scan;
	int times_seen;
	int64_t fixed_in;	 /* the scan it was gone in; 0: not fixed */
};

typedef int (*md_history_fn)(void *data, const struct md_history *h);

/* md_query_history - every finding's history, by first scan and path. */
int md_query_history(struct md_db *db, md_history_fn fn, void *data);

typedef int (*md_file_fn)(void *data, const struct md_file_record *rec);

/* md_query_files - what scan @scan did with each file, by path. */
int md_query_files(struct md_db *db, int64_t scan, md_file_fn fn, void *data);

typedef int (*md_census_fn)(void *data, const struct md_census *c);

/*
 * md_query_census - every census entry of @scan (stored by a scan with
 * --census), by path, line and column, into @fn.  0, or -1 (reported).
 */
int md_query_census(struct md_db *db, int64_t scan, md_census_fn fn, void *data);

/* md_query_scans - every scan, oldest first, into @fn (key = id as text). */
int md_query_scans(struct md_db *db, int (*fn)(void *data, const struct md_scan_info *s),
		   void *data);

/* A conversion patch, and one finding (by fingerprint) it resolves. */
struct md_patch_ref {
	int64_t id, scan_id;
	const char *series, *subject, *status, *diff, *created_at;
	int seq;
	const char *fingerprint;
};

typedef int (*md_patch_fn)(void *data, const struct md_patch_ref *p);

/*
 * md_query_patch_findings - call @fn once per (patch, fingerprint) of the
 * patches whose status is @status (NULL: any), of any scan, by fingerprint
 * and then the newest patch first: the first row of a fingerprint is the
 * patch to show for it.  An empty patches table calls @fn never.
 */
int md_query_patch_findings(struct md_db *db, const char *status, md_patch_fn fn, void *data);

/* What a TU read in a scan, as md_db_add_scan_file() recorded it. */
struct md_tu_inputs {
	char *flags_hash, *inputs_hash;
	struct strv paths; /* as recorded: sorted, tree-relative or absolute */
};

/*
 * md_query_tu_inputs - the recorded inputs of TU @path in @scan.  Returns
 * 1 with @out filled, 0 when none are recorded, -1 on error.
 */
int md_query_tu_inputs(struct md_db *db, int64_t scan, const char *path, struct md_tu_inputs *out);
void md_tu_inputs_release(struct md_tu_inputs *in);

/*
 * md_query_scan_inputs - every file some TU of @scan read (paths relative
 * to the tree, sorted, each once), appended to @out.  0, or -1 (reported).
 */
int md_query_scan_inputs(struct md_db *db, int64_t scan, struct strv *out);

/* A range of lines of @path some TU's preprocessor skipped; nonzero stops. */
typedef int (*md_skipped_fn)(void *data, const char *path, unsigned int first,
			     unsigned int last);

/*
 * md_query_skipped - every range of lines the TUs of @scan skipped
 * (md_db_add_skipped), each once, by path and first line.  0, nonzero
 * from @fn, or -1 (reported).
 */
int md_query_skipped(struct md_db *db, int64_t scan, md_skipped_fn fn, void *data);

/*
 * md_query_skipped_unchanged - the TUs of @scan skipped the same ranges of
 * @path as those of @from, and one of them was reused from @from, so @path
 * reads as it did then: 1, 0, or -1.
 */
int md_query_skipped_unchanged(struct md_db *db, int64_t scan, int64_t from, const char *path);

/*
 * md_query_file_hash - the content hash scan @scan recorded for @path,
 * when it read the file without error: 1 with it in @out, 0 none, -1 error.
 */
int md_query_file_hash(struct md_db *db, int64_t scan, const char *path, char *out,
		       size_t outlen);

#endif
