// SPDX-License-Identifier: GPL-2.0
/* db.c - open, check, create, migrate and write the memdesc SQLite database. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/xalloc.h"
#include "internal.h"

/* 0x4d444443 "MDDC": the application_id set by schema.sql. */
#define MD_APPLICATION_ID 1296319811

/* How long a writer waits for another one before it gives up. */
#define BUSY_TIMEOUT_MS 600000

/* Below this much free space the file system is called full in an error. */
#define NEARLY_FULL_BYTES (64 * 1024)

static const char schema_sql[] =
#include "schema.sql.h"
	;

static const char *const stmt_sql[ST_COUNT] = {
	[ST_FILE_INSERT] = "INSERT OR IGNORE INTO files(path) VALUES (?1)",
	[ST_FILE_ID] = "SELECT id FROM files WHERE path = ?1",
	[ST_SCAN_FILE] =
		"INSERT OR IGNORE INTO scan_files(scan_id, file_id, role, content_hash,"
		" status, message, borrowed_flags, duration_ms)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_FINDING] =
		"INSERT OR IGNORE INTO findings(scan_id, rule, file_id, line, col,"
		" function, macro, matched, message, source_line, fingerprint, class,"
		" engine, certainty, occurrence, origin_file_id, spelling_file_id,"
		" spelling_line, spelling_col, carried_from)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
		" ?15, ?16, ?17, ?18, ?19, ?20)",
	[ST_CENSUS] =
		"INSERT OR IGNORE INTO census(scan_id, file_id, line, col,"
		" kind, name, record, end_line)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

int db_fail(struct md_db *db, const char *what)
{
	return md_error("%s: %s: %s", db->path, what, sqlite3_errmsg(db->sql));
}

void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

const char *column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

char *column_strdup(sqlite3_stmt *st, int i)
{
	return xstrdup_or_null(column_text(st, i));
}

static int exec(struct md_db *db, const char *sql)
{
	return sqlite3_exec(db->sql, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int query_int(struct md_db *db, const char *sql, int *value)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * open_fail - report that opening @db failed at @what, naming the likely
 * cause SQLite cannot see: SQLite keeps its write-ahead log, the index of
 * it and its journal beside the database, so the directory must be
 * writable for any write and, for a WAL database, for reading it unless
 * those files are there; and a full file system shows up as an I/O error.
 */
static int open_fail(struct md_db *db, const char *what)
{
	const char *slash = strrchr(db->path, '/');
	char *dir = slash ? xstrndup(db->path, (size_t)(slash - db->path) + 1) : xstrdup(".");
	int code = db->sql ? sqlite3_errcode(db->sql) : SQLITE_CANTOPEN;
	struct statvfs fs;
	int rc;

	if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_IOERR ||
	    code == SQLITE_FULL) {
		if (db->mode == MD_DB_WRITE && access(dir, W_OK)) {
			rc = md_error("%s: %s: the directory %s must be writable (SQLite keeps its write-ahead log and journal beside the database)",
				      db->path, what, dir);
			goto out;
		}
		if (code != SQLITE_IOERR && code != SQLITE_FULL && access(dir, W_OK)) {
			rc = md_error("%s: %s: its write-ahead log was left unfinished (%s-wal), and reading it needs the directory %s writable",
				      db->path, what, db->path, dir);
			goto out;
		}
		if (!statvfs(dir, &fs) && (uint64_t)fs.f_bavail * fs.f_frsize < NEARLY_FULL_BYTES) {
			rc = md_error("%s: %s: %s (no space left on the file system holding it)",
				      db->path, what,
				      db->sql ? sqlite3_errmsg(db->sql) : "cannot open");
			goto out;
		}
	}
	rc = db->sql ? db_fail(db, what) : md_error("%s: %s", db->path, what);
out:
	free(dir);
	return rc;
}

/*
 * check_file - look at the file before SQLite does: a missing or empty file
 * is fine to create only when writing, and anything that does not start
 * with the SQLite header is refused before a single byte is written.
 */
static int check_file(const char *path, enum md_db_mode mode, int *is_new)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	struct stat st;
	ssize_t n;
	int fd;

	*is_new = 0;
	if (stat(path, &st)) {
		if (errno == ENOENT && mode == MD_DB_WRITE) {
			*is_new = 1;
			return 0;
		}
		if (errno == ENOENT)
			return md_error("%s: no such database (run memdesc scan first)", path);
		return md_error_errno("%s", path);
	}
	if (S_ISDIR(st.st_mode))
		return md_error("%s: is a directory, not a database", path);
	if (st.st_size == 0) {
		if (mode == MD_DB_WRITE) {
			*is_new = 1;
			return 0;
		}
		return md_error("%s: empty file, not a memdesc database", path);
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return md_error_errno("%s", path);
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(magic)))
		return md_error("%s: not a SQLite database", path);
	return 0;
}

/* check_identity - ours, and not newer than this tool. */
static int check_identity(struct md_db *db)
{
	int app_id, version;

	if (query_int(db, "PRAGMA application_id", &app_id) ||
	    query_int(db, "PRAGMA user_version", &version))
		return open_fail(db, "cannot read the schema");
	if (app_id != MD_APPLICATION_ID)
		return md_error("%s: not a memdesc database (another application's SQLite file)",
				db->path);
	if (version > MD_DB_SCHEMA_VERSION)
		return md_error("%s: written by a newer memdesc (schema %d, this one knows %d)",
				db->path, version, MD_DB_SCHEMA_VERSION);
	if (version < 1)
		return md_error("%s: memdesc database without a schema version", db->path);
	db->found_version = version;
	return 0;
}

/*
 * create_schema - in one immediate transaction, so of two scans that open
 * a new database at once one creates the schema and the other finds it.
 */
static int create_schema(struct md_db *db)
{
	int tables, app_id;

	if (exec(db, "BEGIN IMMEDIATE"))
		return open_fail(db, "cannot create the schema");
	if (query_int(db, "SELECT count(*) FROM sqlite_schema", &tables) ||
	    query_int(db, "PRAGMA application_id", &app_id))
		goto fail;
	if (tables == 0 && app_id == 0 && (exec(db, schema_sql) || md_db_create_views(db)))
		goto fail;
	if (exec(db, "COMMIT"))
		goto fail;
	return 0;
fail:
	open_fail(db, "cannot create the schema");
	exec(db, "ROLLBACK");
	return -1;
}

/*
 * set_wal - switch to WAL mode.  Changing the journal mode needs the
 * database to itself, and SQLite answers SQLITE_BUSY at once, without the
 * busy handler, while another connection reads or writes it (as when two
 * scans open a new database together): retry, backing off, as long as the
 * busy timeout.
 */
static int set_wal(struct md_db *db)
{
	long waited = 0, step = 1;
	int rc;

	for (;;) {
		rc = sqlite3_exec(db->sql, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		if (waited >= BUSY_TIMEOUT_MS)
			break;
		usleep((useconds_t)step * 1000);
		waited += step;
		step = step < 64 ? 2 * step : 100;
	}
	return rc == SQLITE_OK ? 0 : -1;
}

static int prepare_statements(struct md_db *db)
{
	for (int i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(db->sql, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &db->stmt[i], NULL) != SQLITE_OK)
			return db_fail(db, "cannot prepare a statement");
	}
	return 0;
}

int pid_alive(int pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

/*
 * mark_dead_scans - a 'running' scan of this host whose process is gone
 * was interrupted: say so, so readers never take it for a complete one.
 * Only 'running' rows of this host are ever touched.
 */
static void mark_dead_scans(struct md_db *db)
{
	char host[256] = "";
	sqlite3_stmt *st, *up;

	gethostname(host, sizeof(host) - 1);
	if (sqlite3_prepare_v2(db->sql,
			       "SELECT id, pid FROM scans WHERE status = 'running' AND host = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_prepare_v2(db->sql,
			       "UPDATE scans SET status = 'incomplete'"
			       " WHERE id = ?1 AND status = 'running' AND host = ?2",
			       -1, &up, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return;
	}
	bind_text(st, 1, host);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (pid_alive(sqlite3_column_int(st, 1)))
			continue;
		sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0));
		bind_text(up, 2, host);
		sqlite3_step(up);
		sqlite3_reset(up);
	}
	sqlite3_finalize(up);
	sqlite3_finalize(st);
}

/*
 * copy_to_memory - for reading a database of an older schema: a private
 * in-memory copy, migrated there, so the file itself is never written.
 */
static int copy_to_memory(struct md_db *db)
{
	sqlite3 *mem;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(mem);
		return md_error("%s: cannot open an in-memory copy", db->path);
	}
	b = sqlite3_backup_init(mem, "main", db->sql, "main");
	rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		sqlite3_close(mem);
		return db_fail(db, "cannot copy the database to memory");
	}
	sqlite3_close(db->sql);
	db->sql = mem;
	return 0;
}

/*
 * immutable_uri - "file:PATH?immutable=1", the path percent-encoded: the
 * database read without locks, its -shm or -wal, for a file in a
 * directory where they cannot be created.
 */
static char *immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *uri = xmalloc(5 + 3 * strlen(path) + sizeof("?immutable=1")), *o;
	const unsigned char *p;

	o = uri + sprintf(uri, "file:");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	strcpy(o, "?immutable=1");
	return uri;
}

/*
 * cannot_share - a read-only open failed for want of the WAL index: the
 * directory does not let this user create the -shm beside the database.
 * When there is no -wal either, nothing is left out of the file, and it
 * can be read as immutable.
 */
static int cannot_share(struct md_db *db)
{
	int code = sqlite3_errcode(db->sql);
	char *wal;
	int absent;

	if (code != SQLITE_READONLY && code != SQLITE_CANTOPEN)
		return 0;
	wal = xasprintf("%s-wal", db->path);
	absent = access(wal, F_OK) && errno == ENOENT;
	free(wal);
	return absent;
}

static int open_for_reading(struct md_db *db)
{
	int tables;

	if (sqlite3_open_v2(db->path, &db->sql, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return open_fail(db, "cannot open");
	sqlite3_busy_timeout(db->sql, BUSY_TIMEOUT_MS);
	if (query_int(db, "SELECT count(*) FROM sqlite_schema", &tables) && cannot_share(db)) {
		char *uri = immutable_uri(db->path);

		sqlite3_close(db->sql);
		db->sql = NULL;
		if (sqlite3_open_v2(uri, &db->sql, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
				    NULL) != SQLITE_OK) {
			free(uri);
			return open_fail(db, "cannot open");
		}
		free(uri);
	}
	if (check_identity(db))
		return -1;
	if (db->found_version < MD_DB_SCHEMA_VERSION &&
	    (copy_to_memory(db) || md_db_migrate(db, db->found_version)))
		return -1;
	return exec(db, "PRAGMA query_only = ON") ? db_fail(db, "cannot open") : 0;
}

static int open_for_writing(struct md_db *db, int is_new)
{
	if (sqlite3_open_v2(db->path, &db->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		return open_fail(db, "cannot open");
	sqlite3_busy_timeout(db->sql, BUSY_TIMEOUT_MS);
	if (is_new && create_schema(db))
		return -1;
	if (check_identity(db))
		return -1;
	/* only now, with the file known to be ours, anything that writes */
	if (set_wal(db) || exec(db, "PRAGMA foreign_keys = ON") ||
	    exec(db, "PRAGMA synchronous = NORMAL"))
		return open_fail(db, "cannot set up the connection");
	if (db->found_version < MD_DB_SCHEMA_VERSION && md_db_migrate(db, db->found_version))
		return -1;
	if (prepare_statements(db))
		return -1;
	mark_dead_scans(db);
	return 0;
}

struct md_db *md_db_open(const char *path, enum md_db_mode mode)
{
	struct md_db *db;
	int is_new;

	if (check_file(path, mode, &is_new))
		return NULL;
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	db->mode = mode;
	if (mode == MD_DB_READ ? open_for_reading(db) : open_for_writing(db, is_new)) {
		md_db_close(db);
		return NULL;
	}
	return db;
}

sqlite3_stmt *cached_stmt(struct md_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			sqlite3_reset(db->cache[i].st);
			sqlite3_clear_bindings(db->cache[i].st);
			return db->cache[i].st;
		}
	}
	if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return NULL;
	if (db->ncache == STMT_CACHE_SIZE)
		BUG("more than %d cached statements", STMT_CACHE_SIZE);
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache++].st = st;
	return st;
}

void md_db_close(struct md_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(db->stmt[i]);
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->sql);
	free(db->path);
	free(db);
}

const char *md_db_path(const struct md_db *db)
{
	return db->path;
}

int md_db_schema_version(const struct md_db *db)
{
	return db->found_version;
}

void require_writable(const struct md_db *db)
{
	if (db->mode != MD_DB_WRITE)
		BUG("write to %s, opened for reading", db->path);
}

int md_db_begin(struct md_db *db)
{
	require_writable(db);
	return exec(db, "BEGIN IMMEDIATE") ? db_fail(db, "cannot begin a transaction") : 0;
}

int md_db_commit(struct md_db *db)
{
	return exec(db, "COMMIT") ? db_fail(db, "cannot commit") : 0;
}

int md_db_rollback(struct md_db *db)
{
	return exec(db, "ROLLBACK") ? db_fail(db, "cannot roll back") : 0;
}

/* now_utc - the current time as ISO-8601 UTC with milliseconds. */
void now_utc(char *buf, size_t len)
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

/* run_once - prepare, step and finalize a statement bound by @bind. */
static int run_once(struct md_db *db, const char *sql, sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(db->sql, sql, -1, out, NULL) != SQLITE_OK)
		return db_fail(db, "cannot prepare a statement");
	return 0;
}

int md_db_put_rule(struct md_db *db, const char *id, const char *summary)
{
	sqlite3_stmt *st;
	int rc;

	require_writable(db);
	if (run_once(db, "INSERT INTO rules(id, summary) VALUES (?1, ?2)"
			 " ON CONFLICT(id) DO UPDATE SET summary = excluded.summary", &st))
		return -1;
	bind_text(st, 1, id);
	bind_text(st, 2, summary);
	rc = run_stmt(st);
	sqlite3_finalize(st);
	return rc ? db_fail(db, "cannot record a rule") : 0;
}

int md_db_rule_known(struct md_db *db, const char *id)
{
	sqlite3_stmt *st;
	int known;

	if (run_once(db, "SELECT 1 FROM rules WHERE id = ?1", &st))
		return 0;
	bind_text(st, 1, id);
	known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return known;
}

int64_t md_db_scan_begin(struct md_db *db, const struct md_scan_row *row)
{
	char now[48], host[256] = "";
	sqlite3_stmt *st;
	int64_t id = -1;

	require_writable(db);
	now_utc(now, sizeof(now));
	gethostname(host, sizeof(host) - 1);
	if (run_once(db, "INSERT INTO scans(tree, kernel_version, config, build_dir, scope,"
			 " engine, tool_version, rules, started_at, host, pid, tus_total,"
			 " scope_c_files, shard, fingerprint_version, census, fallback)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
			 " ?16, ?17)",
		     &st))
		return -1;
	bind_text(st, 1, row->tree);
	bind_text(st, 2, row->kernel_version ? row->kernel_version : "");
	bind_text(st, 3, row->config);
	bind_text(st, 4, row->build_dir);
	bind_text(st, 5, row->scope ? row->scope : "");
	bind_text(st, 6, row->engine ? row->engine : "libclang");
	bind_text(st, 7, row->tool_version);
	bind_text(st, 8, row->rules ? row->rules : "");
	bind_text(st, 9, now);
	bind_text(st, 10, host);
	sqlite3_bind_int(st, 11, (int)getpid());
	sqlite3_bind_int(st, 12, row->tus_total);
	if (row->scope_c_files >= 0)
		sqlite3_bind_int(st, 13, row->scope_c_files);
	bind_text(st, 14, row->shard);
	sqlite3_bind_int(st, 15, MD_FINGERPRINT_VERSION);
	sqlite3_bind_int(st, 16, row->census != 0);
	sqlite3_bind_int(st, 17, row->fallback != 0);
	if (sqlite3_step(st) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(db->sql);
	else
		db_fail(db, "cannot record the scan");
	sqlite3_finalize(st);
	return id;
}

int md_db_scan_finish(struct md_db *db, int64_t scan, const char *status)
{
	char now[48];
	sqlite3_stmt *st;
	int rc;

	require_writable(db);
	now_utc(now, sizeof(now));
	if (run_once(db, "UPDATE scans SET status = ?2, finished_at = ?3 WHERE id = ?1", &st))
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	bind_text(st, 2, status);
	bind_text(st, 3, now);
	rc = run_stmt(st);
	sqlite3_finalize(st);
	return rc ? db_fail(db, "cannot finish the scan") : 0;
}

int md_db_scan_add_tus(struct md_db *db, int64_t scan, int n)
{
	sqlite3_stmt *st;
	int rc;

	require_writable(db);
	if (run_once(db, "UPDATE scans SET tus_total = tus_total + ?2 WHERE id = ?1", &st))
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int(st, 2, n);
	rc = run_stmt(st);
	sqlite3_finalize(st);
	return rc ? db_fail(db, "cannot count the scan's files") : 0;
}

/* file_id - the id of @path in files, inserting it on first sight. */
int64_t file_id(struct md_db *db, const char *path)
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

int md_db_add_scan_file(struct md_db *db, int64_t scan, const struct md_file_record *rec)
{
	sqlite3_stmt *st = db->stmt[ST_SCAN_FILE];
	int64_t fid;

	require_writable(db);
	fid = file_id(db, rec->path);
	if (fid < 0)
		return db_fail(db, "cannot record a file");
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int64(st, 2, fid);
	bind_text(st, 3, rec->role);
	bind_text(st, 4, rec->hash);
	bind_text(st, 5, rec->status ? rec->status : "ok");
	bind_text(st, 6, rec->message);
	sqlite3_bind_int(st, 7, rec->borrowed);
	if (rec->duration_ms >= 0)
		sqlite3_bind_int64(st, 8, rec->duration_ms);
	if (run_stmt(st))
		return db_fail(db, "cannot record a file");
	if (!strcmp(rec->role, "tu") && rec->inputs_hash && rec->flags_hash)
		return md_db_add_tu_inputs(db, scan, fid, rec);
	return 0;
}

static const char *const census_kinds[] = {
	[MD_CENSUS_MEMBER] = "member", [MD_CENSUS_MACRO] = "macro", [MD_CENSUS_CAST] = "cast",
	[MD_CENSUS_VARIABLE] = "variable", [MD_CENSUS_SKIPPED] = "skipped",
	[MD_CENSUS_FALLBACK] = "fallback", [MD_CENSUS_DROPPED] = "dropped",
};

int md_db_add_census(struct md_db *db, int64_t scan, const struct md_census *c)
{
	sqlite3_stmt *st = db->stmt[ST_CENSUS];
	int64_t fid;

	require_writable(db);
	fid = file_id(db, c->path);
	if (fid < 0)
		return db_fail(db, "cannot record a census entry");
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int64(st, 2, fid);
	sqlite3_bind_int(st, 3, (int)c->line);
	sqlite3_bind_int(st, 4, (int)c->col);
	bind_text(st, 5, census_kinds[c->kind]);
	bind_text(st, 6, c->name ? c->name : "");
	bind_text(st, 7, c->record ? c->record : "");
	sqlite3_bind_int(st, 8, (int)c->end_line);
	if (run_stmt(st))
		return db_fail(db, "cannot record a census entry");
	return 0;
}

int md_db_add_finding(struct md_db *db, int64_t scan, const struct md_finding *f,
		      const char *origin)
{
	sqlite3_stmt *st = db->stmt[ST_FINDING];
	int64_t fid, oid = -1, sid = -1;

	require_writable(db);
	fid = file_id(db, f->path);
	if (fid >= 0 && origin)
		oid = file_id(db, origin);
	if (fid >= 0 && f->spelling_path)
		sid = file_id(db, f->spelling_path);
	if (fid < 0 || (origin && oid < 0) || (f->spelling_path && sid < 0))
		return db_fail(db, "cannot record a finding");
	sqlite3_bind_int64(st, 1, scan);
	bind_text(st, 2, f->rule);
	sqlite3_bind_int64(st, 3, fid);
	sqlite3_bind_int(st, 4, (int)f->line);
	sqlite3_bind_int(st, 5, (int)f->col);
	bind_text(st, 6, f->function ? f->function : "");
	bind_text(st, 7, f->macro);
	bind_text(st, 8, f->matched);
	bind_text(st, 9, f->message);
	sqlite3_bind_text(st, 10, f->source_line ? f->source_line : "", (int)md_source_line_len(f),
			  SQLITE_STATIC);
	bind_text(st, 11, f->fingerprint);
	bind_text(st, 12, f->class);
	bind_text(st, 13, f->engine ? f->engine : "libclang");
	bind_text(st, 14, f->certainty ? f->certainty : "exact");
	sqlite3_bind_int(st, 15, (int)f->occurrence);
	if (oid >= 0)
		sqlite3_bind_int64(st, 16, oid);
	if (sid >= 0) {
		sqlite3_bind_int64(st, 17, sid);
		sqlite3_bind_int(st, 18, (int)f->spelling_line);
		sqlite3_bind_int(st, 19, (int)f->spelling_col);
	}
	if (f->carried_from)
		sqlite3_bind_int64(st, 20, f->carried_from);
	if (run_stmt(st))
		return db_fail(db, "cannot record a finding");
	return sqlite3_changes(db->sql) > 0;
}

long md_db_carry_findings(struct md_db *db, int64_t scan, const char *origin)
{
	static const char sql[] =
		"WITH me AS (SELECT id, tree, engine FROM scans WHERE id = ?1),"
		" tu AS (SELECT id FROM files WHERE path = ?2),"
		" prev AS (SELECT max(sf.scan_id) AS id FROM scan_files sf"
		"  JOIN scans s ON s.id = sf.scan_id, me, tu"
		"  WHERE sf.file_id = tu.id AND sf.role = 'tu' AND s.id < me.id"
		"  AND s.tree = me.tree AND s.engine = me.engine)"
		" INSERT OR IGNORE INTO findings(scan_id, rule, file_id, line, col, function, macro,"
		"  matched, message, source_line, fingerprint, class, engine, certainty, occurrence,"
		"  origin_file_id, spelling_file_id, spelling_line, spelling_col, carried_from)"
		" SELECT ?1, f.rule, f.file_id, f.line, f.col, f.function, f.macro, f.matched,"
		"  f.message, f.source_line, f.fingerprint, f.class, f.engine, f.certainty,"
		"  f.occurrence, tu.id, f.spelling_file_id, f.spelling_line, f.spelling_col,"
		"  coalesce(f.carried_from, f.scan_id)"
		" FROM findings f, prev, tu, me WHERE f.scan_id = prev.id AND f.engine = me.engine"
		"  AND coalesce(f.origin_file_id, f.file_id) = tu.id";
	sqlite3_stmt *st;
	long n;

	require_writable(db);
	if (run_once(db, sql, &st))
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	bind_text(st, 2, origin);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(db, "cannot carry the findings of a failed file");
	}
	n = sqlite3_changes(db->sql);
	sqlite3_finalize(st);
	return n;
}
