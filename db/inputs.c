// SPDX-License-Identifier: GPL-2.0
/*
 * inputs.c - what each TU read, recorded so a later scan can reuse its
 * findings while its flags and inputs are unchanged (incremental scans).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "../lib/xalloc.h"
#include "internal.h"
#include "query.h"

/* The inputs as stored: their file ids, comma-separated. */
static char *input_ids(struct md_db *db, const struct md_file_record *rec)
{
	size_t len = 0, cap = 16 * (rec->ninputs + 1);
	char *out = xmalloc(cap);

	out[0] = 0;
	for (size_t i = 0; i < rec->ninputs; i++) {
		int64_t id = file_id(db, rec->inputs[i]);

		if (id < 0) {
			free(out);
			return NULL;
		}
		len += (size_t)snprintf(out + len, cap - len, "%s%lld", i ? "," : "", (long long)id);
	}
	return out;
}

int md_db_add_tu_inputs(struct md_db *db, int64_t scan, int64_t fid,
			const struct md_file_record *rec)
{
	char *ids = input_ids(db, rec);
	sqlite3_stmt *st;
	int rc;

	if (!ids)
		return db_fail(db, "cannot record the inputs of a file");
	if (sqlite3_prepare_v2(db->sql, "INSERT OR REPLACE INTO tu_inputs(scan_id, file_id,"
			       " flags_hash, inputs_hash, inputs) VALUES (?1, ?2, ?3, ?4, ?5)",
			       -1, &st, NULL) != SQLITE_OK) {
		free(ids);
		return db_fail(db, "cannot record the inputs of a file");
	}
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int64(st, 2, fid);
	bind_text(st, 3, rec->flags_hash);
	bind_text(st, 4, rec->inputs_hash);
	bind_text(st, 5, ids);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(ids);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cannot record the inputs of a file");
}

/* The columns of a finding that a later scan copies when it reuses it (all but its scan). */
#define COPIED_COLUMNS \
	"rule, file_id, line, col, function, macro, matched, message, source_line, fingerprint," \
	" class, engine, certainty, occurrence, origin_file_id, spelling_file_id, spelling_line," \
	" spelling_col, carried_from, lineage"

/* exec_bound - run @sql with ?1 = @scan, ?2 = @from, ?3 = @path; changes, or -1. */
static long exec_bound(struct md_db *db, const char *sql, int64_t scan, int64_t from,
		       const char *path)
{
	sqlite3_stmt *st = cached_stmt(db, sql);
	long n;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int64(st, 2, from);
	bind_text(st, 3, path);
	n = sqlite3_step(st) == SQLITE_DONE ? sqlite3_changes(db->sql) : -1;
	sqlite3_reset(st);
	return n;
}

long md_db_reuse_tu(struct md_db *db, int64_t scan, int64_t from, const char *path)
{
	static const char copy_file[] =
		"INSERT OR IGNORE INTO scan_files(scan_id, file_id, role, content_hash, status,"
		" message, borrowed_flags, duration_ms, reused_from)"
		" SELECT ?1, file_id, role, content_hash, status, message, borrowed_flags,"
		"  duration_ms, coalesce(reused_from, ?2)"
		" FROM scan_files WHERE scan_id = ?2 AND file_id = (SELECT id FROM files WHERE path = ?3)";
	/* the headers whose findings this TU reported */
	static const char copy_headers[] =
		"INSERT OR IGNORE INTO scan_files(scan_id, file_id, role, content_hash, status,"
		" reused_from)"
		" SELECT ?1, sf.file_id, sf.role, sf.content_hash, sf.status, ?2"
		" FROM scan_files sf WHERE sf.scan_id = ?2 AND sf.role = 'header' AND sf.file_id IN"
		"  (SELECT file_id FROM findings WHERE scan_id = ?2 AND origin_file_id ="
		"   (SELECT id FROM files WHERE path = ?3))";
	static const char copy_inputs[] =
		"INSERT OR REPLACE INTO tu_inputs(scan_id, file_id, flags_hash, inputs_hash, inputs)"
		" SELECT ?1, file_id, flags_hash, inputs_hash, inputs FROM tu_inputs"
		" WHERE scan_id = ?2 AND file_id = (SELECT id FROM files WHERE path = ?3)";
	static const char copy_skipped[] =
		"INSERT OR IGNORE INTO tu_skipped(scan_id, tu_id, file_id, first_line, last_line)"
		" SELECT ?1, tu_id, file_id, first_line, last_line FROM tu_skipped"
		" WHERE scan_id = ?2 AND tu_id = (SELECT id FROM files WHERE path = ?3)";
	static const char copy_findings[] =
		"INSERT OR IGNORE INTO findings(scan_id, " COPIED_COLUMNS ")"
		" SELECT ?1, " COPIED_COLUMNS
		" FROM findings WHERE scan_id = ?2 AND origin_file_id ="
		"  (SELECT id FROM files WHERE path = ?3)";
	long n;

	require_writable(db);
	if (exec_bound(db, copy_file, scan, from, path) != 1 ||
	    exec_bound(db, copy_headers, scan, from, path) < 0 ||
	    exec_bound(db, copy_inputs, scan, from, path) < 0 ||
	    exec_bound(db, copy_skipped, scan, from, path) < 0)
		return db_fail(db, "cannot reuse the record of an unchanged file");
	n = exec_bound(db, copy_findings, scan, from, path);
	return n < 0 ? db_fail(db, "cannot reuse the findings of an unchanged file") : n;
}

int md_db_prune_inputs(struct md_db *db, int64_t scan)
{
#define OLDER_SCANS "scan_id IN (SELECT id FROM scans WHERE id < ?1" \
	" AND tree = (SELECT tree FROM scans WHERE id = ?1))"
	static const char inputs[] = "DELETE FROM tu_inputs WHERE " OLDER_SCANS;
	static const char skipped[] = "DELETE FROM tu_skipped WHERE " OLDER_SCANS;
#undef OLDER_SCANS

	require_writable(db);
	return exec_bound(db, inputs, scan, 0, NULL) < 0 || exec_bound(db, skipped, scan, 0, NULL) < 0
		? db_fail(db, "cannot prune old inputs") : 0;
}

int md_db_add_skipped(struct md_db *db, int64_t scan, const char *tu, const char *path,
		      unsigned int first, unsigned int last)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO tu_skipped(scan_id, tu_id, file_id, first_line, last_line)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	int64_t tid, fid;
	sqlite3_stmt *st;
	int rc;

	require_writable(db);
	tid = file_id(db, tu);
	fid = tid < 0 ? -1 : file_id(db, path);
	st = fid < 0 ? NULL : cached_stmt(db, sql);
	if (!st)
		return db_fail(db, "cannot record the skipped lines of a file");
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int64(st, 2, tid);
	sqlite3_bind_int64(st, 3, fid);
	sqlite3_bind_int(st, 4, (int)first);
	sqlite3_bind_int(st, 5, (int)last);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cannot record the skipped lines of a file");
}

long md_db_reuse_skipped_findings(struct md_db *db, int64_t scan, int64_t from, const char *path)
{
	/* only findings: a header's record comes with the TUs that report on it */
	static const char copy_findings[] =
		"INSERT OR IGNORE INTO findings(scan_id, " COPIED_COLUMNS ")"
		" SELECT ?1, " COPIED_COLUMNS
		" FROM findings o WHERE scan_id = ?2 AND engine = 'coccinelle'"
		" AND file_id = (SELECT id FROM files WHERE path = ?3)"
		" AND (origin_file_id IS NULL OR origin_file_id = file_id)"
		/* a line one TU skipped and another now compiles: libclang's finding */
		" AND NOT EXISTS (SELECT 1 FROM findings l WHERE l.scan_id = ?1"
		"  AND l.engine = 'libclang' AND l.rule = o.rule AND l.file_id = o.file_id"
		"  AND l.line = o.line)";
	long n;

	require_writable(db);
	n = exec_bound(db, copy_findings, scan, from, path);
	return n < 0 ? db_fail(db, "cannot reuse the findings of unchanged skipped lines") : n;
}

int md_query_skipped(struct md_db *db, int64_t scan, md_skipped_fn fn, void *data)
{
	static const char sql[] =
		"SELECT DISTINCT f.path, s.first_line, s.last_line FROM tu_skipped s"
		" JOIN files f ON f.id = s.file_id WHERE s.scan_id = ?1"
		" ORDER BY f.path, s.first_line, s.last_line";
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read the skipped lines of a scan");
	sqlite3_bind_int64(st, 1, scan);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = fn(data, column_text(st, 0), (unsigned int)sqlite3_column_int(st, 1),
			  (unsigned int)sqlite3_column_int(st, 2));
	sqlite3_finalize(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cannot read the skipped lines of a scan");
}

int md_query_skipped_unchanged(struct md_db *db, int64_t scan, int64_t from, const char *path)
{
	static const char sql[] =
		"WITH f(id) AS (SELECT id FROM files WHERE path = ?3),"
		" cur(a, b) AS (SELECT first_line, last_line FROM tu_skipped, f"
		"  WHERE scan_id = ?1 AND file_id = f.id),"
		" old(a, b) AS (SELECT first_line, last_line FROM tu_skipped, f"
		"  WHERE scan_id = ?2 AND file_id = f.id)"
		" SELECT NOT EXISTS (SELECT * FROM cur EXCEPT SELECT * FROM old)"
		" AND NOT EXISTS (SELECT * FROM old EXCEPT SELECT * FROM cur)"
		" AND EXISTS (SELECT 1 FROM tu_skipped s, f JOIN scan_files sf"
		"  ON sf.scan_id = s.scan_id AND sf.file_id = s.tu_id"
		"  WHERE s.scan_id = ?1 AND s.file_id = f.id AND sf.reused_from IS NOT NULL)";
	sqlite3_stmt *st = cached_stmt(db, sql);
	int rc, same = 0;

	if (!st)
		return db_fail(db, "cannot compare the skipped lines of a file");
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int64(st, 2, from);
	bind_text(st, 3, path);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		same = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? same : db_fail(db, "cannot compare the skipped lines of a file");
}

int md_query_tu_inputs(struct md_db *db, int64_t scan, const char *path, struct md_tu_inputs *out)
{
	static const char sql[] =
		"SELECT t.flags_hash, t.inputs_hash, f.path FROM tu_inputs t, json_each('[' || t.inputs || ']') j"
		" JOIN files f ON f.id = j.value"
		" WHERE t.scan_id = ?1 AND t.file_id = (SELECT id FROM files WHERE path = ?2)"
		" ORDER BY j.key";
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read the inputs of a file");
	sqlite3_bind_int64(st, 1, scan);
	bind_text(st, 2, path);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!out->flags_hash) {
			out->flags_hash = column_strdup(st, 0);
			out->inputs_hash = column_strdup(st, 1);
		}
		strv_push(&out->paths, column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		md_tu_inputs_release(out);
		return db_fail(db, "cannot read the inputs of a file");
	}
	return out->flags_hash ? 1 : 0;
}

int md_query_file_hash(struct md_db *db, int64_t scan, const char *path, char *out,
			size_t outlen)
{
	static const char sql[] =
		"SELECT content_hash FROM scan_files WHERE scan_id = ?1 AND status = 'ok'"
		" AND content_hash IS NOT NULL AND file_id = (SELECT id FROM files WHERE path = ?2)";
	sqlite3_stmt *st = cached_stmt(db, sql);
	int rc;

	if (!st)
		return db_fail(db, "cannot read the record of a file");
	sqlite3_bind_int64(st, 1, scan);
	bind_text(st, 2, path);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, outlen, "%s", column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cannot read the record of a file");
	return rc == SQLITE_ROW;
}

int md_query_scan_inputs(struct md_db *db, int64_t scan, struct strv *out)
{
	static const char sql[] =
		"SELECT DISTINCT f.path FROM tu_inputs t, json_each('[' || t.inputs || ']') j"
		" JOIN files f ON f.id = j.value WHERE t.scan_id = ?1 ORDER BY f.path";
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read the inputs of a scan");
	sqlite3_bind_int64(st, 1, scan);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strv_push(out, column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cannot read the inputs of a scan");
}

void md_tu_inputs_release(struct md_tu_inputs *in)
{
	free(in->flags_hash);
	free(in->inputs_hash);
	strv_release(&in->paths);
	memset(in, 0, sizeof(*in));
}
