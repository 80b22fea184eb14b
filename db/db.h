/* SPDX-License-Identifier: GPL-2.0 */
/*
 * db.h - the memdesc SQLite database: open (creating or checking the
 * schema), record scans, the files they parsed and the findings they made.
 *
 * Writes happen in explicit transactions (md_db_begin/md_db_commit), one
 * per translation unit, so a scan that is interrupted leaves every
 * committed TU intact and its scan row marked 'running' until md_db_open
 * finds the scanning process gone and marks it 'incomplete'.
 */
#ifndef MEMDESC_DB_H
#define MEMDESC_DB_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "../analyzer/finding.h"

#define MD_DB_SCHEMA_VERSION 1

struct md_db;

struct md_scan_row {
	const char *tree;
	const char *kernel_version;
	const char *config;
	const char *build_dir;
	const char *scope;
	const char *engine;
	const char *tool_version;
	const char *rules;
	int tus_total;
	int scope_c_files; /* -1: not counted */
};

/*
 * md_db_open - open @path, creating the schema in a new or empty file.
 * Refuses, with a reason in @err, a file that is not SQLite, a SQLite
 * database of another application, or one written by a newer schema.
 * Returns the handle or NULL.
 */
struct md_db *md_db_open(const char *path, char *err, size_t errlen);
void md_db_close(struct md_db *db);

/* md_db_sqlite - the connection, for read-only queries by the reports. */
sqlite3 *md_db_sqlite(struct md_db *db);

/* md_db_error - the last SQLite error message of @db. */
const char *md_db_error(struct md_db *db);

int md_db_begin(struct md_db *db);
int md_db_commit(struct md_db *db);
void md_db_rollback(struct md_db *db);

/* md_db_put_rule - record a rule id and its summary (insert or update). */
int md_db_put_rule(struct md_db *db, const char *id, const char *summary);

/* md_db_scan_begin - insert a 'running' scan; returns its id, or -1. */
int64_t md_db_scan_begin(struct md_db *db, const struct md_scan_row *row);

/*
 * md_db_scan_finish - set the scan's status and end time.  How many TUs it
 * parsed and how many failed is in the scan_progress view.
 */
int md_db_scan_finish(struct md_db *db, int64_t scan, const char *status);

/*
 * md_db_add_scan_file - record what scan @scan did with @path (role 'tu'
 * or 'header'); a second record of the same file in a scan is ignored.
 */
int md_db_add_scan_file(struct md_db *db, int64_t scan, const char *path,
			const char *role, const char *hash, const char *status,
			const char *message, int borrowed, int64_t duration_ms);

/*
 * md_db_add_finding - store @f in @scan.  Returns 1 when stored, 0 when
 * the scan already holds that fingerprint (a header seen from another TU),
 * -1 on error.
 */
int md_db_add_finding(struct md_db *db, int64_t scan, const struct md_finding *f);

#endif
