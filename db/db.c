// SPDX-License-Identifier: GPL-2.0
/* db.c - open, check and write the memdesc SQLite database. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"

/* 0x4d444443 "MDDC": the application_id set by schema.sql. */
#define MD_APPLICATION_ID 1296319811

static const char schema_sql[] =
#include "schema.sql.h"
	;

enum stmt_id {
	ST_FILE_INSERT,
	ST_FILE_ID,
	ST_SCAN_FILE,
	ST_FINDING,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_FILE_INSERT] = "INSERT OR IGNORE INTO files(path) VALUES (?1)",
	[ST_FILE_ID] = "SELECT id FROM files WHERE path = ?1",
	[ST_SCAN_FILE] =
		"INSERT OR IGNORE INTO scan_files(scan_id, file_id, role, content_hash,"
		" status, message, borrowed_flags, duration_ms)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_FINDING] =
		"INSERT OR IGNORE INTO findings(scan_id, rule, file_id, line, col,"
		" function, macro, matched, message, source_line, fingerprint, class)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
};

struct md_db {
	sqlite3 *sql;
	sqlite3_stmt *stmt[ST_COUNT];
};

static void set_err(char *err, size_t len, const char *path, const char *why)
{
	snprintf(err, len, "%s: %s", path, why);
}

static int exec(struct md_db *db, const char *sql)
{
	return sqlite3_exec(db->sql, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int pragma_int(struct md_db *db, const char *pragma, int *value)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sql, pragma, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int table_count(struct md_db *db, int *count)
{
	return pragma_int(db, "SELECT count(*) FROM sqlite_schema", count);
}

/*
 * check_schema - create the schema in an empty database, or accept an
 * existing one only if it is ours and not newer than this tool.
 */
static int check_schema(struct md_db *db, const char *path, char *err, size_t len)
{
	int app_id, version, tables;
	char why[160];

	if (pragma_int(db, "PRAGMA application_id", &app_id) ||
	    pragma_int(db, "PRAGMA user_version", &version) ||
	    table_count(db, &tables)) {
		set_err(err, len, path, sqlite3_errmsg(db->sql));
		return -1;
	}
	if (tables == 0 && app_id == 0 && version == 0) {
		if (exec(db, "BEGIN") || exec(db, schema_sql) || exec(db, "COMMIT")) {
			set_err(err, len, path, sqlite3_errmsg(db->sql));
			return -1;
		}
		return 0;
	}
	if (app_id != MD_APPLICATION_ID) {
		set_err(err, len, path, "not a memdesc database (another application's SQLite file)");
		return -1;
	}
	if (version > MD_DB_SCHEMA_VERSION) {
		snprintf(why, sizeof(why),
			 "written by a newer memdesc (schema %d, this one knows %d)",
			 version, MD_DB_SCHEMA_VERSION);
		set_err(err, len, path, why);
		return -1;
	}
	return 0;
}

static int prepare_statements(struct md_db *db)
{
	int i;

	for (i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(db->sql, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &db->stmt[i], NULL) != SQLITE_OK)
			return -1;
	}
	return 0;
}

static int pid_alive(int pid)
{
	return kill(pid, 0) == 0 || errno == EPERM;
}

/*
 * mark_dead_scans - a 'running' scan of this host whose process is gone
 * was interrupted: say so, so readers never take it for a complete one.
 */
static void mark_dead_scans(struct md_db *db)
{
	char host[256] = "";
	sqlite3_stmt *st;

	gethostname(host, sizeof(host) - 1);
	if (sqlite3_prepare_v2(db->sql,
			       "SELECT id, pid FROM scans WHERE status = 'running' AND host = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, host, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char sql[128];

		if (pid_alive(sqlite3_column_int(st, 1)))
			continue;
		snprintf(sql, sizeof(sql),
			 "UPDATE scans SET status = 'incomplete' WHERE id = %lld",
			 (long long)sqlite3_column_int64(st, 0));
		exec(db, sql);
	}
	sqlite3_finalize(st);
}

struct md_db *md_db_open(const char *path, char *err, size_t errlen)
{
	struct md_db *db = calloc(1, sizeof(*db));

	if (!db) {
		set_err(err, errlen, path, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		set_err(err, errlen, path, sqlite3_errmsg(db->sql));
		goto fail;
	}
	sqlite3_busy_timeout(db->sql, 10000);
	if (exec(db, "PRAGMA journal_mode = WAL") || exec(db, "PRAGMA foreign_keys = ON") ||
	    exec(db, "PRAGMA synchronous = NORMAL")) {
		set_err(err, errlen, path, sqlite3_errmsg(db->sql));
		goto fail;
	}
	if (check_schema(db, path, err, errlen))
		goto fail;
	if (prepare_statements(db)) {
		set_err(err, errlen, path, sqlite3_errmsg(db->sql));
		goto fail;
	}
	mark_dead_scans(db);
	return db;
fail:
	md_db_close(db);
	return NULL;
}

void md_db_close(struct md_db *db)
{
	int i;

	if (!db)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(db->stmt[i]);
	sqlite3_close(db->sql);
	free(db);
}

sqlite3 *md_db_sqlite(struct md_db *db)
{
	return db->sql;
}

const char *md_db_error(struct md_db *db)
{
	return sqlite3_errmsg(db->sql);
}

int md_db_begin(struct md_db *db)
{
	return exec(db, "BEGIN IMMEDIATE");
}

int md_db_commit(struct md_db *db)
{
	return exec(db, "COMMIT");
}

void md_db_rollback(struct md_db *db)
{
	exec(db, "ROLLBACK");
}

/* now_utc - the current time as ISO-8601 UTC with milliseconds. */
static void now_utc(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	char sec[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03dZ", sec, (int)(ts.tv_nsec / 1000000) % 1000);
}

/* run_stmt - step a statement with no result rows, then reset it. */
static int run_stmt(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int md_db_put_rule(struct md_db *db, const char *id, const char *summary)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sql,
			       "INSERT INTO rules(id, summary) VALUES (?1, ?2)"
			       " ON CONFLICT(id) DO UPDATE SET summary = excluded.summary",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	bind_text(st, 1, id);
	bind_text(st, 2, summary);
	rc = run_stmt(st);
	sqlite3_finalize(st);
	return rc;
}

int64_t md_db_scan_begin(struct md_db *db, const struct md_scan_row *row)
{
	char now[48], host[256] = "";
	sqlite3_stmt *st;
	int64_t id = -1;

	now_utc(now, sizeof(now));
	gethostname(host, sizeof(host) - 1);
	if (sqlite3_prepare_v2(db->sql,
			       "INSERT INTO scans(tree, kernel_version, config, build_dir, scope,"
			       " engine, tool_version, rules, started_at, host, pid, tus_total, scope_c_files)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	bind_text(st, 1, row->tree);
	bind_text(st, 2, row->kernel_version);
	bind_text(st, 3, row->config);
	bind_text(st, 4, row->build_dir);
	bind_text(st, 5, row->scope ? row->scope : "");
	bind_text(st, 6, row->engine ? row->engine : "libclang");
	bind_text(st, 7, row->tool_version);
	bind_text(st, 8, row->rules);
	bind_text(st, 9, now);
	bind_text(st, 10, host);
	sqlite3_bind_int(st, 11, (int)getpid());
	sqlite3_bind_int(st, 12, row->tus_total);
	if (row->scope_c_files >= 0)
		sqlite3_bind_int(st, 13, row->scope_c_files);
	if (sqlite3_step(st) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(db->sql);
	sqlite3_finalize(st);
	return id;
}

int md_db_scan_finish(struct md_db *db, int64_t scan, const char *status)
{
	char now[48];
	sqlite3_stmt *st;
	int rc;

	now_utc(now, sizeof(now));
	if (sqlite3_prepare_v2(db->sql,
			       "UPDATE scans SET status = ?2, finished_at = ?3 WHERE id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	bind_text(st, 2, status);
	bind_text(st, 3, now);
	rc = run_stmt(st);
	sqlite3_finalize(st);
	return rc;
}

/* file_id - the id of @path in files, inserting it on first sight. */
static int64_t file_id(struct md_db *db, const char *path)
{
	sqlite3_stmt *get = db->stmt[ST_FILE_ID];
	int64_t id = -1;

	bind_text(db->stmt[ST_FILE_INSERT], 1, path);
	if (run_stmt(db->stmt[ST_FILE_INSERT]))
		return -1;
	bind_text(get, 1, path);
	if (sqlite3_step(get) == SQLITE_ROW)
		id = sqlite3_column_int64(get, 0);
	sqlite3_reset(get);
	sqlite3_clear_bindings(get);
	return id;
}

int md_db_add_scan_file(struct md_db *db, int64_t scan, const char *path,
			const char *role, const char *hash, const char *status,
			const char *message, int borrowed, int64_t duration_ms)
{
	sqlite3_stmt *st = db->stmt[ST_SCAN_FILE];
	int64_t fid = file_id(db, path);

	if (fid < 0)
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int64(st, 2, fid);
	bind_text(st, 3, role);
	bind_text(st, 4, hash);
	bind_text(st, 5, status ? status : "ok");
	bind_text(st, 6, message);
	sqlite3_bind_int(st, 7, borrowed);
	if (duration_ms >= 0)
		sqlite3_bind_int64(st, 8, duration_ms);
	return run_stmt(st);
}

int md_db_add_finding(struct md_db *db, int64_t scan, const struct md_finding *f)
{
	sqlite3_stmt *st = db->stmt[ST_FINDING];
	int64_t fid = file_id(db, f->path);

	if (fid < 0)
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	bind_text(st, 2, f->rule);
	sqlite3_bind_int64(st, 3, fid);
	sqlite3_bind_int(st, 4, (int)f->line);
	sqlite3_bind_int(st, 5, (int)f->col);
	bind_text(st, 6, f->function ? f->function : "");
	bind_text(st, 7, f->macro);
	bind_text(st, 8, f->matched);
	bind_text(st, 9, f->message);
	bind_text(st, 10, f->source_line ? f->source_line : "");
	bind_text(st, 11, f->fingerprint);
	bind_text(st, 12, f->class);
	if (run_stmt(st))
		return -1;
	return sqlite3_changes(db->sql) > 0;
}
