// SPDX-License-Identifier: GPL-2.0
/* summary.c - the table printed at the end of a scan. */
#include <string.h>

#include "reports.h"

int64_t md_latest_scan(sqlite3 *db)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0) FROM scans", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static int print_rule_counts(sqlite3 *db, int64_t scan, FILE *out)
{
	sqlite3_stmt *st;
	long total = 0;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT r.id, (SELECT count(*) FROM findings f"
			       "  WHERE f.scan_id = ?1 AND f.rule = r.id),"
			       " (SELECT count(DISTINCT f.file_id) FROM findings f"
			       "  WHERE f.scan_id = ?1 AND f.rule = r.id)"
			       " FROM rules r ORDER BY r.rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	fprintf(out, "%-16s %8s %8s\n", "rule", "findings", "files");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(out, "%-16s %8d %8d\n", sqlite3_column_text(st, 0),
			sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
		total += sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	fprintf(out, "%-16s %8ld\n", "total", total);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int print_scan_line(sqlite3 *db, int64_t scan, FILE *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT p.tus_done, p.tus_total, p.tus_failed, p.tus_parse_errors,"
			       " s.status, kernel_version, scope, scope_c_files,"
			       " (julianday(coalesce(finished_at, strftime('%Y-%m-%dT%H:%M:%fZ')))"
			       "  - julianday(started_at)) * 86400.0"
			       " FROM scans s JOIN scan_progress p ON p.scan_id = s.id WHERE s.id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *scope = (const char *)sqlite3_column_text(st, 6);

		fprintf(out,
			"scan %lld (%s, linux %s, scope %s): %d of %d files scanned, "
			"%d failed, %d with parse errors, %.1f s\n",
			(long long)scan, sqlite3_column_text(st, 4), sqlite3_column_text(st, 5),
			scope && scope[0] ? scope : "whole tree", sqlite3_column_int(st, 0),
			sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
			sqlite3_column_int(st, 3), sqlite3_column_double(st, 8));
		if (sqlite3_column_type(st, 7) != SQLITE_NULL)
			fprintf(out, "the scope has %d .c files; %d are not built by this config\n",
				sqlite3_column_int(st, 7),
				sqlite3_column_int(st, 7) - sqlite3_column_int(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int md_print_summary(sqlite3 *db, int64_t scan, FILE *out)
{
	if (print_rule_counts(db, scan, out))
		return -1;
	return print_scan_line(db, scan, out);
}
