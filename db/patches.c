// SPDX-License-Identifier: GPL-2.0
/*
 * patches.c - record patch runs, the patches they emitted and the
 * changes they rejected.
 */
#include <stdio.h>

#include "../lib/error.h"
#include "internal.h"

int64_t md_db_patch_run_begin(struct md_db *db, int64_t scan, const char *tree,
			      const char *command, const char *output_dir)
{
	sqlite3_stmt *st;
	char now[48];
	int64_t id = -1;

	require_writable(db);
	now_utc(now, sizeof(now));
	if (sqlite3_prepare_v2(db->sql, "INSERT INTO patch_runs(scan_id, tree, command, output_dir,"
			       " started_at) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot record the patch run");
	sqlite3_bind_int64(st, 1, scan);
	bind_text(st, 2, tree);
	bind_text(st, 3, command);
	bind_text(st, 4, output_dir);
	bind_text(st, 5, now);
	if (sqlite3_step(st) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(db->sql);
	else
		db_fail(db, "cannot record the patch run");
	sqlite3_finalize(st);
	return id;
}

int md_db_patch_run_finish(struct md_db *db, int64_t run, const char *status)
{
	sqlite3_stmt *st;
	char now[48];
	int rc;

	require_writable(db);
	now_utc(now, sizeof(now));
	if (sqlite3_prepare_v2(db->sql, "UPDATE patch_runs SET status = ?2, finished_at = ?3"
			       " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot finish the patch run");
	sqlite3_bind_int64(st, 1, run);
	bind_text(st, 2, status);
	bind_text(st, 3, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cannot finish the patch run");
}

static int add_patch_findings(struct md_db *db, int64_t patch, const struct md_patch_row *row)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(db->sql, "INSERT OR IGNORE INTO patch_findings(patch_id, fingerprint)"
			       " VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (size_t i = 0; i < row->nfingerprints && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(st, 1, patch);
		bind_text(st, 2, row->fingerprints[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int64_t insert_patch(struct md_db *db, const struct md_patch_row *row)
{
	sqlite3_stmt *st;
	char now[48];
	int64_t id = -1;

	now_utc(now, sizeof(now));
	if (sqlite3_prepare_v2(db->sql, "INSERT INTO patches(scan_id, run_id, series, maintainers,"
			       " seq, subject, cocci, files, diff, status, failed_step, reason, created_at)"
			       " SELECT scan_id, id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12"
			       " FROM patch_runs WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, row->run);
	bind_text(st, 2, row->series);
	bind_text(st, 3, row->maintainers);
	sqlite3_bind_int(st, 4, row->seq);
	bind_text(st, 5, row->subject);
	bind_text(st, 6, row->cocci);
	bind_text(st, 7, row->files ? row->files : "");
	bind_text(st, 8, row->diff ? row->diff : "");
	bind_text(st, 9, row->status);
	bind_text(st, 10, row->failed_step);
	bind_text(st, 11, row->reason);
	bind_text(st, 12, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		db_fail(db, "cannot record the patch");
	else if (sqlite3_changes(db->sql) != 1)
		md_error("%s: cannot record the patch: no patch run %lld", md_db_path(db),
			 (long long)row->run);
	else
		id = sqlite3_last_insert_rowid(db->sql);
	sqlite3_finalize(st);
	return id;
}

int64_t md_db_add_patch(struct md_db *db, const struct md_patch_row *row)
{
	int64_t id;

	if (md_db_begin(db))
		return -1;
	id = insert_patch(db, row);
	if (id >= 0 && add_patch_findings(db, id, row)) {
		db_fail(db, "cannot record the findings of the patch");
		id = -1;
	}
	if (id < 0 || md_db_commit(db)) {
		md_db_rollback(db);
		return -1;
	}
	return id;
}
