// SPDX-License-Identifier: GPL-2.0
/*
 * db.c - the database: a scan, its files and findings written and read
 * back through the read API; duplicates from headers dropped; a rolled
 * back TU leaves nothing; foreign, newer and corrupt files refused and left
 * byte for byte; reading never writes; a version-1 database written by
 * memdesc 0.1.0 (tests/data/schema-v1.db) migrates in place and keeps every
 * row; the dead-scan sweep touches only dead running scans of this host.
 * The test looks into the files with the sqlite3 program, not the library.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/db.h"
#include "db/query.h"
#include "lib/error.h"
#include "tests/tap.h"

static char dir[] = "/tmp/memdesc-db-test-XXXXXX";
static char last_error[1024];

static void capture_error(const char *prefix, const char *message)
{
	snprintf(last_error, sizeof(last_error), "%s%s", prefix, message);
}

static char *tmp_path(const char *name)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	return p;
}

/* sql - the first line the sqlite3 program prints for @query on @db. */
static const char *sql(const char *db, const char *query)
{
	static char out[4096];
	char cmd[8192];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd), "sqlite3 -batch -noheader '%s' \"%s\" 2>&1", db, query);
	p = popen(cmd, "r");
	n = p ? fread(out, 1, sizeof(out) - 1, p) : 0;
	out[n] = '\0';
	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	if (p)
		pclose(p);
	return out;
}

static const char *file_sum(const char *path)
{
	static char out[128];
	char cmd[512];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "cksum < '%s'", path);
	p = popen(cmd, "r");
	if (!p || !fgets(out, sizeof(out), p))
		out[0] = '\0';
	if (p)
		pclose(p);
	return out;
}

static struct md_finding sample(const char *path, unsigned int line, const char *fpr)
{
	struct md_finding f = {
		.rule = "page-lru", .path = (char *)path, .line = line, .col = 9,
		.function = "shrink", .macro = "list_for_each_entry", .matched = "page,head,lru",
		.message = "page->lru: moves", .source_line = "\tlist_for_each_entry(page, head, lru)",
		.engine = "libclang", .certainty = "exact",
	};

	snprintf(f.fingerprint, sizeof(f.fingerprint), "%s", fpr);
	return f;
}

static const struct md_scan_row row = {
	.tree = "/src/linux", .kernel_version = "6.12.117", .config = "defconfig",
	.scope = "mm fs", .tool_version = "test", .rules = "page-lru", .tus_total = 2,
	.scope_c_files = -1,
};

static int count_finding(void *data, const struct md_finding *f)
{
	(void)f;
	++*(int *)data;
	return 0;
}

static void test_round_trip(void)
{
	struct md_file_record tu = { .path = "mm/a.c", .role = "tu", .hash = "abcd",
				     .status = "ok", .duration_ms = 12 };
	struct md_finding f1 = sample("mm/a.c", 10, "00000000000000a1");
	struct md_finding f2 = sample("include/linux/h.h", 3, "00000000000000b2");
	struct md_db *db = md_db_open(tmp_path("a.db"), MD_DB_WRITE);
	struct md_filter only_mm = { .path_prefix = "mm" };
	int64_t scan;
	int n = 0;

	if (!ok(db != NULL, "a new database opens"))
		return;
	ok(md_db_put_rule(db, "page-lru", "lru") == 0, "a rule is recorded");
	scan = md_db_scan_begin(db, &row);
	ok(scan > 0, "scan row inserted (id %lld)", (long long)scan);
	ok(md_db_begin(db) == 0, "transaction begins");
	ok(md_db_add_scan_file(db, scan, &tu) == 0, "TU file recorded");
	ok(md_db_add_finding(db, scan, &f1, "mm/a.c") == 1, "finding stored");
	ok(md_db_add_finding(db, scan, &f2, "mm/a.c") == 1, "header finding stored");
	ok(md_db_add_finding(db, scan, &f2, "fs/b.c") == 0,
	   "same header finding from another TU is dropped");
	ok(md_db_commit(db) == 0, "transaction commits");

	/* a TU whose writes succeeded but that is rolled back leaves nothing */
	md_db_begin(db);
	tu.path = "fs/rolled.c";
	f1.fingerprint[15] = 'f';
	ok(md_db_add_scan_file(db, scan, &tu) == 0 &&
	   md_db_add_finding(db, scan, &f1, "fs/rolled.c") == 1, "a second TU writes");
	ok(md_db_rollback(db) == 0, "and is rolled back");
	ok(md_query_findings(db, scan, NULL, NULL, NULL) == 2, "its finding is gone");
	ok(md_db_scan_finish(db, scan, "complete") == 0, "scan finished");
	md_db_close(db);

	ok(!strcmp(sql(tmp_path("a.db"), "PRAGMA user_version"), "6"), "schema version 6 recorded");
	ok(!strcmp(sql(tmp_path("a.db"), "PRAGMA journal_mode"), "wal"), "journal is WAL");
	ok(!strcmp(sql(tmp_path("a.db"), "SELECT count(*) FROM scan_files"), "1"),
	   "the rolled back TU's file row is gone");
	ok(!strcmp(sql(tmp_path("a.db"), "SELECT engine || ' ' || certainty FROM findings LIMIT 1"),
		   "libclang exact"), "engine and certainty stored");
	ok(!strcmp(sql(tmp_path("a.db"), "SELECT o.path FROM findings f JOIN files o"
					 " ON o.id = f.origin_file_id WHERE f.line = 3"), "mm/a.c"),
	   "a header finding records the TU that reported it");

	db = md_db_open(tmp_path("a.db"), MD_DB_READ);
	ok(db && md_query_latest_scan(db) == scan, "read-only open finds the scan");
	ok(md_query_findings(db, scan, &only_mm, count_finding, &n) == 1 && n == 1,
	   "a path filter narrows to mm/");
	md_db_close(db);
}

static void test_refusals(void)
{
	const char *before;
	struct md_db *db;
	char sqlbuf[128];

	md_set_error_routine(capture_error);
	{
		FILE *f = fopen(tmp_path("garbage.db"), "w");

		fputs("this is not a database, just some text padding padding padding\n", f);
		fclose(f);
	}
	before = strdup(file_sum(tmp_path("garbage.db")));
	db = md_db_open(tmp_path("garbage.db"), MD_DB_WRITE);
	ok(!db && strstr(last_error, "not a SQLite database"), "a corrupt file is refused: %s",
	   last_error);
	ok(!strcmp(before, file_sum(tmp_path("garbage.db"))), "and left as it was");
	free((char *)before);

	sql(tmp_path("foreign.db"), "CREATE TABLE t(x);");
	before = strdup(file_sum(tmp_path("foreign.db")));
	db = md_db_open(tmp_path("foreign.db"), MD_DB_WRITE);
	ok(!db && strstr(last_error, "not a memdesc database"), "another application's db: %s",
	   last_error);
	ok(!strcmp(before, file_sum(tmp_path("foreign.db"))), "left byte for byte (no WAL switch)");
	free((char *)before);

	md_db_close(md_db_open(tmp_path("newer.db"), MD_DB_WRITE));
	snprintf(sqlbuf, sizeof(sqlbuf), "PRAGMA user_version = %d;", MD_DB_SCHEMA_VERSION + 1);
	sql(tmp_path("newer.db"), sqlbuf);
	db = md_db_open(tmp_path("newer.db"), MD_DB_WRITE);
	ok(!db && strstr(last_error, "newer memdesc"), "schema version + 1 is refused: %s",
	   last_error);
	db = md_db_open(tmp_path("newer.db"), MD_DB_READ);
	ok(!db && strstr(last_error, "newer memdesc"), "also for reading");

	{
		FILE *f = fopen(tmp_path("empty.db"), "w");

		fclose(f);
	}
	db = md_db_open(tmp_path("empty.db"), MD_DB_READ);
	ok(!db && strstr(last_error, "empty file"), "reading an empty file refuses: %s", last_error);
	ok(!strcmp(file_sum(tmp_path("empty.db")), file_sum("/dev/null")), "and leaves it empty");
	db = md_db_open(tmp_path("missing.db"), MD_DB_READ);
	ok(!db && strstr(last_error, "no such database") && access(tmp_path("missing.db"), F_OK),
	   "reading a missing file creates nothing");
	md_set_error_routine(NULL);
}

/* test_migration - the 0.1.0 database: read untouched, then migrated in place. */
static void test_migration(void)
{
	char cmd[600];
	const char *v1 = tmp_path("v1.db"), *fresh = tmp_path("fresh.db"), *before;
	struct md_db *db;
	const char *tables[] = { "scans", "files", "scan_files", "findings", "rules",
				 "suppressions", "patch_runs", "patches", "patch_findings", "tu_inputs", "census",
				 "tu_skipped" };

	snprintf(cmd, sizeof(cmd), "cp tests/data/schema-v1.db '%s'", v1);
	if (!ok(system(cmd) == 0, "copy the version-1 fixture"))
		return;
	before = strdup(file_sum(v1));
	db = md_db_open(v1, MD_DB_READ);
	ok(db && md_db_schema_version(db) == 1, "a version-1 file opens for reading");
	ok(db && md_query_findings(db, 1, NULL, NULL, NULL) == 4, "its findings read back");
	md_db_close(db);
	ok(!strcmp(before, file_sum(v1)), "reading it did not change a byte");
	free((char *)before);

	db = md_db_open(v1, MD_DB_WRITE);
	ok(db != NULL, "opening it for writing migrates it");
	md_db_close(db);
	ok(!strcmp(sql(v1, "PRAGMA user_version"), "6"), "to schema 6");
	ok(!strcmp(sql(v1, "SELECT count(*) FROM findings"), "6") &&
	   !strcmp(sql(v1, "SELECT count(*) FROM scans"), "2") &&
	   !strcmp(sql(v1, "SELECT count(*) FROM scan_files"), "4"), "keeping every row");
	ok(!strcmp(sql(v1, "SELECT group_concat(fingerprint) FROM (SELECT fingerprint FROM findings"
			   " ORDER BY id)"),
		   "5e65d92cb550e9b3,09b301224b649614,7623ed6358832fb5,c88ab33515d4e759,"
		   "7623ed6358832fb5,c88ab33515d4e759"), "fingerprints kept");
	ok(!strcmp(sql(v1, "SELECT group_concat(DISTINCT fingerprint_version) FROM scans"), "1"),
	   "the scans record the fingerprint recipe they used");
	md_db_close(md_db_open(fresh, MD_DB_WRITE));
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char q[256];
		char *a;

		snprintf(q, sizeof(q), "SELECT group_concat(name || ' ' || type || ' ' || \\\"notnull\\\" || ' ' || "
				      "coalesce(dflt_value, '-'), ', ') FROM pragma_table_info('%s')",
			 tables[i]);
		a = strdup(sql(v1, q));
		ok(!strcmp(a, sql(fresh, q)), "migrated table %s has the columns of a new one", tables[i]);
		free(a);
	}
	ok(!strcmp(sql(v1, "PRAGMA integrity_check"), "ok"), "integrity check passes");
}

static void test_dead_scan(void)
{
	struct md_scan_row r = row;
	char q[256];
	struct md_db *db = md_db_open(tmp_path("dead.db"), MD_DB_WRITE);
	pid_t child = fork();

	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	md_db_scan_begin(db, &r);	/* 1: dead, this host */
	md_db_scan_begin(db, &r);	/* 2: complete */
	md_db_scan_finish(db, 2, "complete");
	md_db_scan_begin(db, &r);	/* 3: dead pid, another host */
	md_db_scan_begin(db, &r);	/* 4: alive (our own pid) */
	md_db_close(db);
	snprintf(q, sizeof(q), "UPDATE scans SET pid = %d WHERE id IN (1, 2, 3);"
			      " UPDATE scans SET host = 'elsewhere' WHERE id = 3;", (int)child);
	sql(tmp_path("dead.db"), q);

	db = md_db_open(tmp_path("dead.db"), MD_DB_READ);
	md_db_close(db);
	ok(!strcmp(sql(tmp_path("dead.db"), "SELECT status FROM scans WHERE id = 1"), "running"),
	   "reading does not sweep");
	db = md_db_open(tmp_path("dead.db"), MD_DB_WRITE);
	md_db_close(db);
	ok(!strcmp(sql(tmp_path("dead.db"), "SELECT group_concat(status, ' ') FROM"
					    " (SELECT status FROM scans ORDER BY id)"),
		   "incomplete complete running running"),
	   "only the dead running scan of this host becomes incomplete: %s",
	   sql(tmp_path("dead.db"), "SELECT group_concat(status, ' ') FROM scans"));
}

/*
 * test_journal_mode_busy - a database in rollback-journal mode in which
 * another process holds a write transaction: the switch to WAL is answered
 * SQLITE_BUSY without the busy handler, so the open must wait, not fail.
 */
static void test_journal_mode_busy(void)
{
	const char *path = tmp_path("busy.db");
	char cmd[512];
	struct md_db *db;
	FILE *holder;

	md_db_close(md_db_open(path, MD_DB_WRITE));
	sql(path, "PRAGMA journal_mode = DELETE");
	snprintf(cmd, sizeof(cmd),
		 "(echo 'BEGIN IMMEDIATE;'; sleep 1; echo 'COMMIT;') |"
		 " sqlite3 '%s' >/dev/null", path);
	holder = popen(cmd, "w");
	usleep(300000);
	ok(!strcmp(sql(path, "PRAGMA journal_mode"), "delete"), "rollback-journal mode, a writer in it");
	md_set_error_routine(capture_error);
	last_error[0] = '\0';
	db = md_db_open(path, MD_DB_WRITE);
	md_set_error_routine(NULL);
	ok(db != NULL, "opening it for writing waits for the writer: %s", last_error);
	md_db_close(db);
	if (holder)
		pclose(holder);
	ok(!strcmp(sql(path, "PRAGMA journal_mode"), "wal"), "and switches it to WAL");
}

/* test_odd_path - a path SQLite could take for a URI is opened as a file. */
static void test_odd_path(void)
{
	const char *path = tmp_path("file:odd ?#%.db");
	struct md_db *db;

	md_db_close(md_db_open(path, MD_DB_WRITE));
	ok(access(path, F_OK) == 0, "a database named like a URI is created under its name");
	db = md_db_open(path, MD_DB_READ);
	ok(db != NULL, "and opens for reading");
	md_db_close(db);
}

/* test_patches - a patch run, an emitted patch with its findings, a rejected change. */
static void test_patches(void)
{
	static const char *const fps[] = { "00000000000000a1", "00000000000000b2" };
	struct md_db *db = md_db_open(tmp_path("a.db"), MD_DB_WRITE);
	struct md_patch_row emitted = {
		.series = "MEMORY MANAGEMENT", .seq = 1, .subject = "mm: Convert x",
		.files = "mm/a.c", .diff = "--- a/mm/a.c", .status = "clean",
		.fingerprints = fps, .nfingerprints = 2,
	};
	struct md_patch_row rejected = {
		.series = "MEMORY MANAGEMENT", .seq = 0, .subject = "mm: Convert y",
		.files = "mm/b.c", .diff = "--- a/mm/b.c", .status = "failed",
		.failed_step = "compile", .reason = "mm/b.c:3:1: error: x",
	};
	int64_t run;

	if (!ok(db != NULL, "patches: the database opens"))
		return;
	run = md_db_patch_run_begin(db, 1, "/tree", "memdesc patch", "/out");
	ok(run > 0, "a patch run is recorded");
	emitted.run = rejected.run = run;
	ok(md_db_add_patch(db, &emitted) > 0, "an emitted patch is recorded");
	ok(md_db_add_patch(db, &rejected) > 0, "a rejected change is recorded");
	rejected.failed_step = "compiling";
	ok(md_db_add_patch(db, &rejected) < 0, "an unknown failed step is refused");
	ok(md_db_add_patch(db, &emitted) < 0, "a second patch 1 of the same run is refused");
	emitted.run = run + 1;
	ok(md_db_add_patch(db, &emitted) < 0, "a patch of no run is refused");
	ok(md_db_patch_run_finish(db, run, "complete") == 0, "the run is finished");
	md_db_close(db);
	ok(!strcmp(sql(tmp_path("a.db"), "SELECT group_concat(seq || ' ' || status || ' ' ||"
		       " coalesce(failed_step, '-'), ', ') FROM patches"),
		   "1 clean -, 0 failed compile"), "both rows, with their steps");
	ok(!strcmp(sql(tmp_path("a.db"), "SELECT count(*) FROM patch_findings"), "2"),
	   "the emitted patch resolves two findings");
	ok(!strcmp(sql(tmp_path("a.db"), "SELECT status FROM patch_runs"), "complete"),
	   "the run is complete");
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_round_trip();
	test_patches();
	test_refusals();
	test_migration();
	test_dead_scan();
	test_journal_mode_busy();
	test_odd_path();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		diag("could not remove %s", dir);
	return done_testing();
}
