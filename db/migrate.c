// SPDX-License-Identifier: GPL-2.0
/*
 * migrate.c - bring a database of an older schema up to this one, one step
 * per version, all in one transaction: a failed migration leaves the file
 * as it was.  A new database gets schema.sql directly; each step here turns
 * version N-1 into N with the same tables and columns as schema.sql (the
 * unit tests compare the two).
 */
#include <stdio.h>

#include "../lib/error.h"
#include "internal.h"

static const char views_sql[] =
#include "views.sql.h"
	;

/* The views views.sql creates: dropped before it runs again. */
static const char *const views[] = {
	"scan_progress", "latest_findings", "fingerprint_history", "finding_history",
};

int md_db_create_views(struct md_db *db)
{
	char sql[128];

	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		snprintf(sql, sizeof(sql), "DROP VIEW IF EXISTS %s", views[i]);
		if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
			return -1;
	}
	return sqlite3_exec(db->sql, views_sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

struct migration {
	int to_version;
	const char *sql;
};

static const struct migration migrations[] = {
	{ 2,
	  /* the fingerprint recipe is recorded per scan */
	  "ALTER TABLE scans ADD COLUMN fingerprint_version INTEGER NOT NULL DEFAULT 1;\n"
	  /* occurrence was computed but not stored: recompute it in file order */
	  "ALTER TABLE findings ADD COLUMN occurrence INTEGER NOT NULL DEFAULT 0;\n"
	  "ALTER TABLE findings ADD COLUMN origin_file_id INTEGER REFERENCES files(id);\n"
	  "ALTER TABLE findings ADD COLUMN spelling_file_id INTEGER REFERENCES files(id);\n"
	  "ALTER TABLE findings ADD COLUMN spelling_line INTEGER;\n"
	  "ALTER TABLE findings ADD COLUMN spelling_col INTEGER;\n"
	  "ALTER TABLE findings ADD COLUMN carried_from INTEGER;\n"
	  "ALTER TABLE findings ADD COLUMN lineage TEXT;\n"
	  "CREATE INDEX findings_by_origin ON findings (scan_id, origin_file_id);\n"
	  "UPDATE findings SET occurrence = o.n FROM (SELECT id, row_number() OVER ("
	  " PARTITION BY scan_id, engine, rule, file_id, function, matched"
	  " ORDER BY line, col) - 1 AS n FROM findings) AS o WHERE o.id = findings.id;\n" },
	{ 3,
	  /* patch runs; patches record their run, files and why they failed */
	  "CREATE TABLE patch_runs (id INTEGER PRIMARY KEY,"
	  " scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	  " tree TEXT NOT NULL, command TEXT NOT NULL, output_dir TEXT,"
	  " started_at TEXT NOT NULL, finished_at TEXT,"
	  " status TEXT NOT NULL DEFAULT 'running'"
	  " CHECK (status IN ('running', 'complete', 'incomplete'))) STRICT;\n"
	  /* the status and uniqueness constraints change: rebuild the table */
	  "CREATE TABLE patches_v3 (id INTEGER PRIMARY KEY,"
	  " scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	  " run_id INTEGER REFERENCES patch_runs(id) ON DELETE CASCADE,"
	  " series TEXT NOT NULL, maintainers TEXT, seq INTEGER NOT NULL,"
	  " subject TEXT NOT NULL, cocci TEXT, files TEXT NOT NULL DEFAULT '',"
	  " diff TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'generated'"
	  " CHECK (status IN ('generated', 'applies', 'builds', 'clean', 'failed', 'unvalidated')),"
	  " failed_step TEXT CHECK (failed_step IS NULL OR"
	  " failed_step IN ('spatch', 'apply', 'compile', 'checkpatch', 'rescan')),"
	  " reason TEXT, created_at TEXT NOT NULL) STRICT;\n"
	  "INSERT INTO patches_v3 (id, scan_id, series, maintainers, seq, subject, cocci, diff,"
	  " status, created_at) SELECT id, scan_id, series, maintainers, seq, subject, cocci,"
	  " diff, status, created_at FROM patches;\n"
	  "CREATE TEMP TABLE patch_findings_v2 AS SELECT * FROM patch_findings;\n"
	  "DROP TABLE patch_findings;\n"
	  "DROP TABLE patches;\n"
	  "ALTER TABLE patches_v3 RENAME TO patches;\n"
	  "CREATE UNIQUE INDEX patches_by_seq ON patches (run_id, seq) WHERE seq > 0;\n"
	  "CREATE TABLE patch_findings (patch_id INTEGER NOT NULL"
	  " REFERENCES patches(id) ON DELETE CASCADE, fingerprint TEXT NOT NULL,"
	  " PRIMARY KEY (patch_id, fingerprint)) STRICT;\n"
	  "INSERT INTO patch_findings SELECT patch_id, fingerprint FROM patch_findings_v2;\n"
	  "DROP TABLE patch_findings_v2;\n"
	  /* what each TU read, for incremental scans */
	  "ALTER TABLE scan_files ADD COLUMN reused_from INTEGER;\n"
	  "CREATE TABLE tu_inputs (scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	  " file_id INTEGER NOT NULL REFERENCES files(id), flags_hash TEXT NOT NULL,"
	  " inputs_hash TEXT NOT NULL, inputs TEXT NOT NULL, PRIMARY KEY (scan_id, file_id))"
	  " STRICT;\n" },
	{ 4,
	  /* the census of a scan with --census, for memdesc coverage */
	  "ALTER TABLE scans ADD COLUMN census INTEGER NOT NULL DEFAULT 0;\n"
	  "CREATE TABLE census (scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	  " file_id INTEGER NOT NULL REFERENCES files(id), line INTEGER NOT NULL,"
	  " col INTEGER NOT NULL,"
	  " kind TEXT NOT NULL"
	  " CHECK (kind IN ('member', 'macro', 'cast', 'variable', 'skipped', 'fallback',"
	  " 'dropped')),"
	  " name TEXT NOT NULL DEFAULT '', record TEXT NOT NULL DEFAULT '',"
	  " end_line INTEGER NOT NULL DEFAULT 0,"
	  " UNIQUE (scan_id, file_id, line, col, kind, name, record, end_line)) STRICT;\n" },
	{ 5,
	  /* whether the fallback ran: an older libclang scan did if it found anything by it */
	  "ALTER TABLE scans ADD COLUMN fallback INTEGER NOT NULL DEFAULT 0;\n"
	  "UPDATE scans SET fallback = 1 WHERE engine = 'libclang' AND EXISTS (SELECT 1 FROM"
	  " findings f WHERE f.scan_id = scans.id AND f.engine = 'coccinelle');\n" },
	{ 6,
	  /* the skipped lines of each TU, for the fallback of a scan that reuses it */
	  "CREATE TABLE tu_skipped (scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	  " tu_id INTEGER NOT NULL REFERENCES files(id), file_id INTEGER NOT NULL REFERENCES files(id),"
	  " first_line INTEGER NOT NULL, last_line INTEGER NOT NULL,"
	  " PRIMARY KEY (scan_id, tu_id, file_id, first_line, last_line)) STRICT;\n"
	  "CREATE INDEX tu_skipped_by_file ON tu_skipped(scan_id, file_id);\n" },
};

int md_db_migrate(struct md_db *db, int from_version)
{
	char sql[64];
	size_t i;

	if (sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "cannot migrate");
	for (i = 0; i < sizeof(migrations) / sizeof(migrations[0]); i++) {
		const struct migration *m = &migrations[i];
		int version;
		sqlite3_stmt *st;

		/* another writer may have migrated while we waited for the lock */
		if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
			goto fail;
		version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
		sqlite3_finalize(st);
		if (version < 0)
			goto fail;
		if (version >= m->to_version)
			continue;
		if (sqlite3_exec(db->sql, m->sql, NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", m->to_version);
		if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
	}
	if (md_db_create_views(db) || sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	(void)from_version;
	return 0;
fail:
	db_fail(db, "cannot migrate the schema");
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}
