// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-import.c - memdesc import: findings made elsewhere (Coccinelle, a
 * textual engine, another machine) into the database, through the one
 * ingest path (the format is in db/README.md).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/ingest.h"
#include "../db/query.h"
#include "../lib/error.h"
#include "cli.h"

static const struct md_usage usage = {
	.command = "import",
	.synopsis = "[options] FILE.jsonl... (or - for standard input)",
	.about =
		"Without --scan, the findings go into a new scan of --tree.  A malformed line\n"
		"is reported with its line number and skipped; the rest is imported.\n"
		"Exit status: 0 imported, 2 error or rejected lines.\n",
};

static const char *db_path = "memdesc.db", *engine = "libclang", *tree = ".";
static const char *kernel_version = "";
static int scan_id;

static const struct md_option options[] = {
	MD_OPT_STRING(0, "db", &db_path, "PATH", "database (default memdesc.db)"),
	MD_OPT_STRING(0, "engine", &engine, "NAME",
		      "engine of findings that name none: libclang (default), coccinelle, text"),
	MD_OPT_INT(0, "scan", &scan_id, 1, 2147483647, "ID", "add to this scan instead of a new one"),
	MD_OPT_STRING(0, "tree", &tree, "DIR", "the tree a new scan is of (default .)"),
	MD_OPT_STRING(0, "kernel-version", &kernel_version, "V", "its kernel version"),
	MD_OPT_END(),
};

/* new_scan - the scan imported findings go to when no --scan is given. */
static int64_t new_scan(struct md_db *db)
{
	char real[PATH_MAX];
	struct md_scan_row row = {
		.tree = realpath(tree, real) ? real : tree, .kernel_version = kernel_version,
		.config = "import", .engine = engine, .tool_version = MEMDESC_VERSION,
		.scope_c_files = -1,
	};

	return md_db_scan_begin(db, &row);
}

static int import_one(struct md_db *db, int64_t scan, const char *path, long *rejected,
		      long *stored)
{
	struct md_ingest_opts io = { .source = path, .engine = engine };
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	struct md_ingest *in;
	int rc;

	if (!f)
		return md_error_errno("%s", path);
	in = md_ingest_new(db, scan, &io);
	rc = md_ingest_file(in, f);
	*rejected += md_ingest_stats(in)->rejected;
	*stored += md_ingest_stats(in)->findings;
	fprintf(stderr, "%s: %ld findings imported, %ld already there, %ld lines rejected\n", path,
		md_ingest_stats(in)->findings, md_ingest_stats(in)->duplicates,
		md_ingest_stats(in)->rejected);
	md_ingest_free(in);
	if (f != stdin)
		fclose(f);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	struct md_scan_info info;
	long rejected = 0, stored = 0;
	struct md_db *db;
	int64_t scan;
	int n, rc = 0;

	n = md_parse_options(argc, argv, options, &usage, 0);
	if (!md_is_engine(engine))
		md_usage_error(&usage, "--engine: '%s' is not libclang, coccinelle or text", engine);
	if (n < 1)
		md_usage_error(&usage, "which files? (memdesc import FILE.jsonl..., - for stdin)");
	db = open_scan_db(db_path);
	if (!db)
		return EXIT_ERROR;
	if (scan_id) {
		scan = scan_id;
		if (md_query_scan(db, scan, &info) == 1) {
			md_error("%s: no scan %lld", db_path, (long long)scan);
			scan = -1;
		}
		md_scan_info_release(&info);
	} else {
		scan = new_scan(db);
	}
	for (int i = 0; scan > 0 && !rc && i < n; i++)
		rc = import_one(db, scan, argv[i], &rejected, &stored);
	if (scan > 0 && !scan_id)
		rc |= md_db_scan_finish(db, scan, rc ? "incomplete" : "complete");
	if (scan > 0)
		fprintf(stderr, "scan %lld of %s: %ld findings imported\n", (long long)scan, db_path,
			stored);
	md_db_close(db);
	return scan < 0 || rc || rejected ? EXIT_ERROR : EXIT_CLEAN;
}
