// SPDX-License-Identifier: GPL-2.0
/*
 * ingest.c - the one ingest path: good records of every type are stored;
 * each kind of malformed line is rejected with its line number and reason,
 * counted, and the lines around it are still stored.  Census notes are
 * stored when asked for, once each, every kind read back; malformed ones
 * are rejected; without census they are not the store's.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/ingest.h"
#include "db/query.h"
#include "lib/error.h"
#include "tests/tap.h"

static char dir[] = "/tmp/memdesc-ingest-test-XXXXXX";
static char errors[8192];

static void collect(const char *prefix, const char *message)
{
	size_t n = strlen(errors);

	snprintf(errors + n, sizeof(errors) - n, "%s%s\n", prefix, message);
}

#define GOOD "\"type\":\"finding\",\"rule\":\"folio-page\",\"line\":3,\"column\":5," \
	     "\"matched\":\"&folio->page\",\"message\":\"m\""

static const char *const lines[] = {
	/* 1 */ "{\"type\":\"run\",\"engine\":\"coccinelle\"}",
	/* 2 */ "{" GOOD ",\"path\":\"fs/a.c\"}",
	/* 3 */ "{\"type\":\"finding\",\"rule\":\"folio-page\",\"path\":\"fs/b.c\"}",
	/* 4 */ "not json",
	/* 5 */ "{" GOOD ",\"path\":\"../etc/passwd\"}",
	/* 6 */ "{" GOOD ",\"path\":\"fs/c.c\",\"engine\":\"grep\"}",
	/* 7 */ "{" GOOD ",\"path\":\"fs/c.c\",\"fingerprint\":\"XYZ\"}",
	/* 8 */ "{\"type\":\"finding\",\"rule\":\"no-such-rule\",\"path\":\"fs/c.c\",\"line\":1,"
		"\"column\":1,\"matched\":\"x\",\"message\":\"m\"}",
	/* 9 */ "{\"type\":\"bogus\"}",
	/* 10 */ "[1, 2]",
	/* 11 */ "{\"type\":\"finding\",\"rule\":\"folio-page\",\"path\":\"fs/d.c\",\"line\":\"3\","
		 "\"column\":1,\"matched\":\"x\",\"message\":\"m\"}",
	/* 12 */ "",
	/* 13 */ "{\"type\":\"file\",\"path\":\"fs/a.c\",\"role\":\"tu\",\"status\":\"ok\"}",
	/* 14 */ "{\"type\":\"file\",\"path\":\"fs/z.c\",\"role\":\"library\"}",
	/* 15 */ "{" GOOD ",\"path\":\"fs/e.c\",\"certainty\":\"textual\",\"engine\":\"text\"}",
	/* 16 */ "{" GOOD ",\"path\":\"fs/a.c\"}",
	/* 17 */ "{\"type\":\"file\",\"path\":\"fs/b.c\",\"role\":\"tu\",\"inputs\":[\"fs/b.c\","
		 "\"include/linux/mm.h\"],\"inputs_hash\":\"0123456789abcdef\",\"flags_hash\":\"fedcba9876543210\"}",
	/* 18 */ "{\"type\":\"file\",\"path\":\"fs/c.c\",\"role\":\"tu\",\"inputs\":[\"fs/c.c\"]}",
	/* 19 */ "{\"type\":\"file\",\"path\":\"include/x.h\",\"role\":\"header\",\"inputs\":[\"x\"],"
		 "\"inputs_hash\":\"0123456789abcdef\",\"flags_hash\":\"fedcba9876543210\"}",
	/* 20 */ "{\"type\":\"end\"}",
};

static const char *const notes[] = {
	/* 1 */ "{\"type\":\"note\",\"kind\":\"member\",\"path\":\"mm/a.c\",\"line\":3,\"column\":9,"
		"\"end_line\":0,\"token\":\"lru\",\"record\":\"other\"}",
	/* 2 */ "{\"type\":\"note\",\"path\":\"mm/a.c\",\"line\":3,\"column\":9,\"token\":\"lru\","
		"\"record\":\"other\"}",
	/* 3 */ "{\"type\":\"note\",\"kind\":\"cast\",\"path\":\"mm/a.c\",\"line\":4,\"column\":2,"
		"\"token\":\"page\",\"record\":\"unsigned long\"}",
	/* 4 */ "{\"type\":\"note\",\"kind\":\"variable\",\"path\":\"mm/a.c\",\"line\":5,\"column\":7,"
		"\"token\":\"lru\"}",
	/* 5 */ "{\"type\":\"note\",\"path\":\"mm/a.c\",\"line\":6,\"column\":1,\"end_line\":8}",
	/* 6 */ "{\"type\":\"note\",\"kind\":\"fallback\",\"path\":\"mm/a.c\",\"line\":6,\"column\":1,"
		"\"end_line\":8}",
	/* 7 */ "{\"type\":\"note\",\"path\":\"mm/a.c\",\"line\":9,\"column\":3,\"token\":\"PF_HEAD\"}",
	/* 8 */ "{\"type\":\"note\",\"kind\":\"guess\",\"path\":\"mm/a.c\",\"line\":1,\"token\":\"x\"}",
	/* 9 */ "{\"type\":\"note\",\"kind\":\"cast\",\"path\":\"mm/a.c\",\"line\":1,\"token\":\"page\"}",
	/* 10 */ "{\"type\":\"note\",\"path\":\"mm/a.c\",\"line\":9,\"end_line\":3}",
	/* 11 */ "{\"type\":\"note\",\"path\":\"/etc/a.c\",\"line\":1,\"token\":\"x\"}",
	/* 12 */ "{\"type\":\"note\",\"path\":\"mm/a.c\",\"line\":0,\"token\":\"x\"}",
};

static int census_of(void *data, const struct md_census *c)
{
	static const char *const kinds[] = { "member", "macro", "cast", "variable", "skipped",
					     "fallback", "dropped" };
	char *out = data;

	snprintf(out + strlen(out), 512 - strlen(out), "%s:%u:%u:%s:%s:%s:%u ", c->path, c->line,
		 c->col, kinds[c->kind], c->name ? c->name : "", c->record ? c->record : "",
		 c->end_line);
	return 0;
}

/* test_census - notes stored with opts.census, read back by md_query_census(). */
static void test_census(struct md_db *db, int64_t scan)
{
	struct md_ingest_opts opts = { .source = "n.jsonl", .census = 1 };
	struct md_ingest *in = md_ingest_new(db, scan, &opts), *plain;
	const struct md_ingest_stats *st;
	char got[512] = "";
	size_t i;

	errors[0] = '\0';
	md_set_error_routine(collect);
	md_db_begin(db);
	for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		if (md_ingest_line(in, notes[i], strlen(notes[i])))
			break;
	md_db_commit(db);
	st = md_ingest_stats(in);
	ok(i == sizeof(notes) / sizeof(notes[0]), "notes: no database error");
	ok(st->notes == 7 && st->rejected == 5, "notes: seven stored, five rejected (%ld, %ld)",
	   st->notes, st->rejected);
	ok(strstr(errors, "n.jsonl:8: rejected: unknown \"kind\"") != NULL, "notes: unknown kind");
	ok(strstr(errors, "n.jsonl:9: rejected: members and casts") != NULL, "notes: a cast without its type");
	ok(strstr(errors, "n.jsonl:10: rejected: a range of lines whose \"end_line\"") != NULL,
	   "notes: a range that ends before it begins");
	ok(strstr(errors, "n.jsonl:11: rejected: \"path\"") != NULL, "notes: an absolute path");
	ok(strstr(errors, "n.jsonl:12: rejected: \"line\"") != NULL, "notes: line 0");
	md_query_census(db, scan, census_of, got);
	ok(!strcmp(got, "mm/a.c:3:9:member:lru:other:0 mm/a.c:4:2:cast:page:unsigned long:0 "
			"mm/a.c:5:7:variable:lru::0 mm/a.c:6:1:fallback:::8 mm/a.c:6:1:skipped:::8 "
			"mm/a.c:9:3:macro:PF_HEAD::0 "),
	   "notes: each once, every kind read back in order: %s", got);
	md_ingest_free(in);

	opts.census = 0;
	plain = md_ingest_new(db, scan, &opts);
	md_ingest_line(plain, notes[0], strlen(notes[0]));
	ok(md_ingest_stats(plain)->rejected == 1 && md_ingest_stats(plain)->notes == 0,
	   "notes: without census they are not the store's");
	md_ingest_free(plain);
	md_set_error_routine(NULL);
}

static int engine_of(void *data, const struct md_finding *f)
{
	char *out = data;

	snprintf(out + strlen(out), 256 - strlen(out), "%s:%s:%s ", f->path, f->engine, f->certainty);
	return 0;
}

int main(void)
{
	struct md_ingest_opts opts = { .source = "t.jsonl" };
	const struct md_ingest_stats *st;
	struct md_ingest *in;
	struct md_scan_row row = { .tree = "/t", .config = "import", .tool_version = "test",
				   .scope_c_files = -1 };
	char path[256], got[256] = "", cmd[300];
	struct md_db *db;
	int64_t scan;
	size_t i;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/i.db", dir);
	db = md_db_open(path, MD_DB_WRITE);
	md_db_put_rule(db, "folio-page", "folio->page");
	scan = md_db_scan_begin(db, &row);
	in = md_ingest_new(db, scan, &opts);
	md_set_error_routine(collect);
	md_db_begin(db);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (md_ingest_line(in, lines[i], strlen(lines[i])))
			break;
	ok(md_ingest_line(in, "{\"type\":\"end\"}\0x", 16) == 0, "a line with a NUL byte is read");
	md_db_commit(db);
	md_set_error_routine(NULL);
	st = md_ingest_stats(in);
	ok(i == sizeof(lines) / sizeof(lines[0]), "no database error");
	ok(st->findings == 2, "two findings stored (%ld)", st->findings);
	ok(st->duplicates == 1, "the repeated one is a duplicate (%ld)", st->duplicates);
	ok(st->files == 2, "two file records stored (%ld)", st->files);
	ok(st->rejected == 13, "thirteen lines rejected (%ld)", st->rejected);
	ok(st->ended, "the end record was seen");
	ok(strstr(errors, "t.jsonl:3: rejected: missing \"line\"") != NULL, "missing field named");
	ok(strstr(errors, "t.jsonl:4: rejected: not JSON") != NULL, "not JSON");
	ok(strstr(errors, "t.jsonl:5: rejected: \"path\" is not a relative path") != NULL, "path escape");
	ok(strstr(errors, "t.jsonl:6: rejected: unknown engine \"grep\"") != NULL, "unknown engine");
	ok(strstr(errors, "t.jsonl:7: rejected: \"fingerprint\" is not 16") != NULL, "bad fingerprint");
	ok(strstr(errors, "t.jsonl:8: rejected: unknown rule \"no-such-rule\"") != NULL, "unknown rule");
	ok(strstr(errors, "t.jsonl:9: rejected: unknown record type \"bogus\"") != NULL, "unknown type");
	ok(strstr(errors, "t.jsonl:10: rejected: not an object") != NULL, "not an object");
	ok(strstr(errors, "t.jsonl:11: rejected: \"line\" is not an integer") != NULL, "string line");
	ok(strstr(errors, "t.jsonl:14: rejected: \"role\"") != NULL, "bad role");
	ok(strstr(errors, "t.jsonl:21: rejected: a NUL byte") != NULL, "NUL byte");
	ok(strstr(errors, "t.jsonl:18: rejected: \"inputs\", \"inputs_hash\" and \"flags_hash\" go together") != NULL,
	   "inputs without their hashes");
	ok(strstr(errors, "t.jsonl:19: rejected: \"inputs\" on a header") != NULL, "inputs of a header");
	ok(strstr(errors, "t.jsonl:12:") == NULL, "a blank line is not an error");
	if (!ok(st->rejected == 13, "the error list matches the count"))
		diag("%s", errors);
	md_query_findings(db, scan, NULL, engine_of, got);
	ok(!strcmp(got, "fs/a.c:coccinelle:typed fs/e.c:text:textual "),
	   "engine from the run record, certainty by engine or as given: %s", got);
	{
		struct md_tu_inputs ti;

		ok(md_query_tu_inputs(db, scan, "fs/b.c", &ti) == 1 && ti.paths.n == 2 &&
		   !strcmp(ti.paths.v[1], "include/linux/mm.h") &&
		   !strcmp(ti.inputs_hash, "0123456789abcdef"), "the inputs of a TU read back in order");
		md_tu_inputs_release(&ti);
	}
	md_ingest_free(in);
	test_census(db, scan);
	md_db_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		diag("could not remove %s", dir);
	return done_testing();
}
