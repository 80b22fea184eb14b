// SPDX-License-Identifier: GPL-2.0
/* cmd-baseline.c - memdesc baseline: a scan's fingerprints as a file to commit. */
#include <stdio.h>
#include <string.h>

#include "../db/baseline.h"
#include "../db/query.h"
#include "../lib/error.h"
#include "cli.h"

static const struct md_usage usage = {
	.command = "baseline",
	.synopsis = "[options]",
	.about =
		"Writes the findings of a scan as a baseline for memdesc gate: a header naming\n"
		"the fingerprint version, then one 'FINGERPRINT RULE PATH' line per finding,\n"
		"sorted, so it diffs well when committed; those of the coccinelle fallback come\n"
		"last, after a '# engine coccinelle' line.\n"
		"Exit status: 0 written, 2 error.\n",
};

static const char *db_path = "memdesc.db", *output;
static int scan_id;

static const struct md_option options[] = {
	MD_OPT_STRING(0, "db", &db_path, "PATH", "database (default memdesc.db)"),
	MD_OPT_INT(0, "scan", &scan_id, 1, 2147483647, "ID", "which scan (default: the newest)"),
	MD_OPT_STRING('o', "output", &output, "FILE", "write here (default: standard output)"),
	MD_OPT_END(),
};

int cmd_baseline(int argc, char **argv)
{
	struct md_db *db;
	int64_t scan;
	FILE *out;
	int rc;

	if (md_parse_options(argc, argv, options, &usage, 0))
		md_usage_error(&usage, "unexpected operand '%s'", argv[0]);
	db = md_db_open(db_path, MD_DB_READ);
	if (!db)
		return EXIT_ERROR;
	scan = scan_id ? scan_id : md_query_latest_scan(db);
	if (scan <= 0) {
		md_db_close(db);
		return md_error("%s: the database holds no scan yet", db_path), EXIT_ERROR;
	}
	out = output ? fopen(output, "w") : stdout;
	if (!out) {
		md_db_close(db);
		return md_error_errno("%s", output), EXIT_ERROR;
	}
	rc = md_baseline_write(db, scan, out);
	if (out != stdout && fclose(out))
		rc = md_error_errno("%s", output);
	md_db_close(db);
	return rc ? EXIT_ERROR : EXIT_CLEAN;
}
