// SPDX-License-Identifier: GPL-2.0
/* fuzz-ingest.c - libFuzzer target: ingest JSON lines into a database, finding records. */
#include <jansson.h>

#include "fuzz.h"
#include "../db/db.h"
#include "../db/finding.h"
#include "../db/ingest.h"

static const char *const rules[] = {
	"page-lru", "page-mapping", "folio-page", "bh-page", "compound-head",
};
static const char *const engines[] = { NULL, "libclang", "coccinelle", "text" };

static struct md_db *db;
static int64_t scan;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct md_scan_row row = {
		.tree = "/fuzz", .config = "defconfig", .build_dir = "/fuzz",
		.tool_version = "fuzz", .scope_c_files = -1,
	};
	size_t i;

	(void)argc;
	(void)argv;
	fuzz_silence();
	db = md_db_open(":memory:", MD_DB_WRITE);
	FUZZ_CHECK(db != NULL);
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		FUZZ_CHECK(md_db_put_rule(db, rules[i], "fuzz") == 0);
	scan = md_db_scan_begin(db, &row);
	FUZZ_CHECK(scan > 0);
	return 0;
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* same_finding - @a and @b hold the same record, field for field. */
static int same_finding(const struct md_finding *a, const struct md_finding *b)
{
	return same_text(a->rule, b->rule) && same_text(a->path, b->path) &&
	       a->line == b->line && a->col == b->col &&
	       same_text(a->function, b->function) && same_text(a->macro, b->macro) &&
	       same_text(a->matched, b->matched) && same_text(a->message, b->message) &&
	       same_text(a->source_line, b->source_line) && same_text(a->class, b->class) &&
	       same_text(a->engine, b->engine) && same_text(a->certainty, b->certainty) &&
	       a->occurrence == b->occurrence &&
	       same_text(a->spelling_path, b->spelling_path) &&
	       a->spelling_line == b->spelling_line && a->spelling_col == b->spelling_col &&
	       same_text(a->origin, b->origin) && !strcmp(a->fingerprint, b->fingerprint);
}

/* finding_round_trip - a record read, written and read again is the same. */
static void finding_round_trip(const char *line, size_t len)
{
	struct md_finding f, g, copy;
	json_error_t jerr;
	char why[256];
	json_t *obj = json_loadb(line, len, 0, &jerr), *out;

	if (!obj)
		return;
	if (md_finding_from_json(obj, &f, why, sizeof(why))) {
		FUZZ_CHECK(why[0] != '\0');
		FUZZ_CHECK(!f.rule && !f.path && !f.matched);
		json_decref(obj);
		return;
	}
	FUZZ_CHECK(strlen(f.fingerprint) == MD_FINGERPRINT_LEN);
	out = md_finding_to_json(&f);
	FUZZ_CHECK(out != NULL);
	FUZZ_CHECK(md_finding_from_json(out, &g, why, sizeof(why)) == 0);
	FUZZ_CHECK(same_finding(&f, &g));
	md_finding_copy(&copy, &g);
	FUZZ_CHECK(same_finding(&copy, &f));
	md_finding_release(&copy);
	md_finding_release(&g);
	md_finding_release(&f);
	json_decref(out);
	json_decref(obj);
}

/*
 * The input: a byte picking the default engine and the origin, then JSON
 * lines.  Each
 * input is ingested in a transaction rolled back after, so the database
 * stays as small as it started.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_ingest_opts opts = { .source = "fuzz" };
	const char *p = (const char *)data + 1, *end = (const char *)data + size, *nl;
	const struct md_ingest_stats *st;
	struct md_ingest *in;
	long lines = 0;

	if (!size)
		return 0;
	opts.engine = engines[data[0] % 4];
	opts.origin = data[0] & 4 ? "origin/tu.c" : NULL;
	in = md_ingest_new(db, scan, &opts);
	FUZZ_CHECK(md_db_begin(db) == 0);
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		FUZZ_CHECK(md_ingest_line(in, p, nl - p) == 0);
		finding_round_trip(p, nl - p);
		lines++;
		p = nl + 1;
	}
	st = md_ingest_stats(in);
	FUZZ_CHECK(st->lines == lines);
	FUZZ_CHECK(st->findings + st->duplicates + st->files + st->rejected <= lines);
	FUZZ_CHECK(md_db_rollback(db) == 0);
	md_ingest_free(in);
	return 0;
}
