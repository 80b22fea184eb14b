// SPDX-License-Identifier: GPL-2.0
/*
 * db.c - the database round trip: a scan, its files and findings written
 * and read back; duplicates from headers dropped; foreign, newer and
 * corrupt files refused; a scan whose process died marked incomplete.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/db.h"
#include "tests/tap.h"

static char dir[] = "/tmp/memdesc-db-test-XXXXXX";

static char *tmp_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static long query_int(struct md_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long v = -1;

	if (sqlite3_prepare_v2(md_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *query_text(struct md_db *db, const char *sql)
{
	static char buf[512];
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(md_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return buf;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof(buf), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

static struct md_finding sample(const char *path, unsigned int line, const char *fpr)
{
	struct md_finding f = {
		.rule = "page-lru", .path = (char *)path, .line = line, .col = 9,
		.function = "shrink", .macro = "list_for_each_entry", .matched = "page,head,lru",
		.message = "page->lru: moves", .source_line = "\tlist_for_each_entry(page, head, lru)",
	};

	snprintf(f.fingerprint, sizeof(f.fingerprint), "%s", fpr);
	return f;
}

static void test_round_trip(void)
{
	char err[256];
	struct md_db *db = md_db_open(tmp_path("a.db"), err, sizeof(err));
	struct md_scan_row row = {
		.tree = "/src/linux", .kernel_version = "6.12.117", .config = "defconfig",
		.scope = "mm fs", .tool_version = "test", .rules = "page-lru", .tus_total = 2,
	};
	struct md_finding f1 = sample("mm/a.c", 10, "00000000000000a1");
	struct md_finding f2 = sample("include/linux/h.h", 3, "00000000000000b2");
	int64_t scan;

	if (!ok(db != NULL, "a new database opens: %s", db ? "" : err))
		return;
	ok(query_int(db, "PRAGMA user_version") == MD_DB_SCHEMA_VERSION,
	   "schema version is recorded in user_version");
	ok(!strcmp(query_text(db, "PRAGMA journal_mode"), "wal"), "journal is WAL");
	scan = md_db_scan_begin(db, &row);
	ok(scan > 0, "scan row inserted (id %lld)", (long long)scan);
	ok(!strcmp(query_text(db, "SELECT status FROM scans"), "running"), "new scan is running");
	ok(md_db_begin(db) == 0, "transaction begins");
	ok(md_db_add_scan_file(db, scan, "mm/a.c", "tu", "abcd", "ok", NULL, 0, 12) == 0,
	   "TU file recorded");
	ok(md_db_add_finding(db, scan, &f1) == 1, "finding stored");
	ok(md_db_add_finding(db, scan, &f2) == 1, "header finding stored");
	ok(md_db_add_finding(db, scan, &f2) == 0, "same header finding from another TU is dropped");
	ok(md_db_commit(db) == 0, "transaction commits");
	ok(md_db_scan_finish(db, scan, "complete") == 0, "scan finished");
	ok(query_int(db, "SELECT count(*) FROM findings") == 2, "two findings in the table");
	ok(!strcmp(query_text(db, "SELECT p.path FROM findings f JOIN files p ON p.id = f.file_id"
				  " WHERE f.fingerprint = '00000000000000a1'"), "mm/a.c"),
	   "finding reads back with its path");
	ok(!strcmp(query_text(db, "SELECT macro FROM findings WHERE line = 10"),
		   "list_for_each_entry"), "macro reads back");
	ok(!strcmp(query_text(db, "SELECT status FROM scans"), "complete"), "scan is complete");
	ok(query_int(db, "SELECT count(*) FROM latest_findings") == 2,
	   "latest_findings view sees the complete scan");

	md_db_begin(db);
	md_db_add_finding(db, scan, &(struct md_finding){ 0 });
	md_db_rollback(db);
	ok(query_int(db, "SELECT count(*) FROM findings") == 2, "a rolled back TU leaves nothing");
	md_db_close(db);

	db = md_db_open(tmp_path("a.db"), err, sizeof(err));
	ok(db && query_int(db, "SELECT count(*) FROM findings") == 2, "reopened database keeps data");
	md_db_close(db);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void sqlite_exec(const char *path, const char *sql)
{
	sqlite3 *s;

	sqlite3_open(path, &s);
	sqlite3_exec(s, sql, NULL, NULL, NULL);
	sqlite3_close(s);
}

static void test_refusals(void)
{
	char err[256];
	struct md_db *db;

	write_file(tmp_path("garbage.db"), "this is not a database, just some text\n"
					  "padding padding padding padding padding padding\n");
	db = md_db_open(tmp_path("garbage.db"), err, sizeof(err));
	ok(!db && strstr(err, "garbage.db"), "a corrupt file is refused: %s", err);

	sqlite_exec(tmp_path("foreign.db"), "CREATE TABLE t(x);");
	db = md_db_open(tmp_path("foreign.db"), err, sizeof(err));
	ok(!db && strstr(err, "not a memdesc database"), "another application's db: %s", err);

	db = md_db_open(tmp_path("newer.db"), err, sizeof(err));
	md_db_close(db);
	sqlite_exec(tmp_path("newer.db"), "PRAGMA user_version = 99;");
	db = md_db_open(tmp_path("newer.db"), err, sizeof(err));
	ok(!db && strstr(err, "newer memdesc"), "a newer schema is refused: %s", err);
}

static void test_dead_scan(void)
{
	struct md_scan_row row = { .tree = "/t", .kernel_version = "6.1", .config = "defconfig",
				   .tool_version = "test", .rules = "" };
	char err[256], sql[128];
	struct md_db *db = md_db_open(tmp_path("dead.db"), err, sizeof(err));
	pid_t child = fork();

	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	md_db_scan_begin(db, &row);
	md_db_close(db);
	snprintf(sql, sizeof(sql), "UPDATE scans SET pid = %d;", (int)child);
	sqlite_exec(tmp_path("dead.db"), sql);
	db = md_db_open(tmp_path("dead.db"), err, sizeof(err));
	ok(db && !strcmp(query_text(db, "SELECT status FROM scans"), "incomplete"),
	   "a running scan whose process is gone is marked incomplete");
	md_db_close(db);

	db = md_db_open(tmp_path("alive.db"), err, sizeof(err));
	md_db_scan_begin(db, &row);
	md_db_close(db);
	db = md_db_open(tmp_path("alive.db"), err, sizeof(err));
	ok(db && !strcmp(query_text(db, "SELECT status FROM scans"), "running"),
	   "a running scan of a live process stays running");
	md_db_close(db);
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_round_trip();
	test_refusals();
	test_dead_scan();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		diag("could not remove %s", dir);
	return done_testing();
}
