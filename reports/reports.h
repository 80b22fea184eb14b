/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reports.h - everything memdesc prints about findings, read from the
 * database: compiler-style diagnostics, JSON lines, the scan summary.
 */
#ifndef MEMDESC_REPORTS_H
#define MEMDESC_REPORTS_H

#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

enum md_format {
	MD_FORMAT_TEXT, /* path:line:col: warning: message [rule-id] */
	MD_FORMAT_JSON, /* one JSON object per line */
};

/* md_format_parse - "text" or "json"; returns -1 for anything else. */
int md_format_parse(const char *name, enum md_format *fmt);

/*
 * md_print_findings - print the findings of @scan with first_id < id <=
 * last_id (0 and INT64_MAX for all), in file order.  Returns the number
 * printed, or -1 on a database error.
 */
long md_print_findings(sqlite3 *db, int64_t scan, int64_t first_id, int64_t last_id,
		       enum md_format fmt, FILE *out);

/*
 * md_print_summary - the rule x count table of @scan (every rule of the
 * rules table, zeros included), TUs scanned and failed, and the time the
 * scan took.  Returns 0, or -1 on a database error.
 */
int md_print_summary(sqlite3 *db, int64_t scan, FILE *out);

/* md_latest_scan - the id of the newest scan in @db, or 0 if none. */
int64_t md_latest_scan(sqlite3 *db);

#endif
