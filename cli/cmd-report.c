// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-report.c - memdesc report: print a stored scan.  Opens the database
 * read-only: reading never writes.
 */
#include <stdio.h>
#include <string.h>

#include "../db/query.h"
#include "../lib/error.h"
#include "../reports/html.h"
#include "../reports/table.h"
#include "cli.h"

static const struct md_usage usage = {
	.command = "report",
	.synopsis = "[options]",
	.about = "Exit status: 0 no findings, 1 findings, 2 error (no such database or scan),\n"
		 "3 partial (the scan is incomplete, still running, or files in it failed).\n",
};

static const char *db_path = "memdesc.db", *format, *html_dir, *source_url, *by, *maintainer;
static int scan_id, quiet, depth = 2, compare = -1;
static struct md_filter filter;

static const struct md_option options[] = {
	MD_OPT_STRING(0, "db", &db_path, "PATH", "database (default memdesc.db)"),
	MD_OPT_INT(0, "scan", &scan_id, 1, 2147483647, "ID", "which scan (default: the newest)"),
	MD_OPT_STRING(0, "format", &format, "FMT", "text (default), json, sarif or codeclimate"),
	MD_OPT_STRING(0, "rule", &filter.rule, "ID", "only this rule's findings"),
	MD_OPT_STRING(0, "path", &filter.path_prefix, "DIR", "only findings under this path"),
	MD_OPT_STRING(0, "engine", &filter.engine, "NAME", "only this engine's findings"),
	MD_OPT_STRING(0, "by", &by, "GROUP",
		      "a table per rule and section (MAINTAINERS), dir or file instead"),
	MD_OPT_INT(0, "depth", &depth, 1, 64, "N", "with --by dir: directories of N components (2)"),
	MD_OPT_INT(0, "compare", &compare, 0, 2147483647, "ID",
		   "with --by: the change since this scan (default: the previous complete one; 0: none)"),
	MD_OPT_STRING(0, "maintainer", &maintainer, "EMAIL",
		      "only the sections this M: or R: address looks after"),
	MD_OPT_STRING(0, "html", &html_dir, "DIR",
		      "write the dashboard (DIR/index.html and its pages) instead"),
	MD_OPT_STRING(0, "source-url", &source_url, "TEMPLATE",
		      "with --html: link each finding, {version} {path} {line} replaced"),
	MD_OPT_FLAG('q', "quiet", &quiet, "no summary"),
	MD_OPT_END(),
};

static int print_table(struct md_db *db, int64_t scan)
{
	struct md_table_opts o = {
		.scan = scan, .depth = depth, .maintainer = maintainer, .filter = &filter,
		.since = compare >= 0 ? compare : md_query_complete_before(db, scan),
	};

	if (!strcmp(by, "section") || !strcmp(by, "maintainers"))
		o.by = MD_BY_SECTION;
	else if (!strcmp(by, "dir"))
		o.by = MD_BY_DIR;
	else if (!strcmp(by, "file"))
		o.by = MD_BY_FILE;
	else
		md_usage_error(&usage, "--by: '%s' is not section, dir or file", by);
	if (o.since < 0)
		return -1;
	return md_print_table(db, &o, stdout);
}

int cmd_report(int argc, char **argv)
{
	const struct md_renderer *renderer;
	struct md_scan_info info;
	struct md_db *db;
	int64_t scan;
	long n;
	int partial;

	if (md_parse_options(argc, argv, options, &usage, 0))
		md_usage_error(&usage, "unexpected operand '%s'", argv[0]);
	if (html_dir && (format || filter.rule || filter.path_prefix || filter.engine))
		md_usage_error(&usage, "--html shows every finding: no --format, --rule, --path, --engine");
	if (source_url && !html_dir)
		md_usage_error(&usage, "--source-url needs --html");
	if (html_dir && !*html_dir)
		md_usage_error(&usage, "--html: the directory is empty");
	if (!format)
		format = "text";
	renderer = md_renderer_find(format);
	if (!renderer)
		md_usage_error(&usage, "--format: '%s' is not one of %s", format, md_renderer_names());
	db = open_scan_to_read(db_path, scan_id, &info);
	if (!db) {
		return EXIT_ERROR;
	}
	scan = info.id;
	if (html_dir) {
		struct md_dashboard_opts o = {
			.dir = html_dir, .source_url = source_url, .scan = scan_id,
		};

		n = md_write_dashboard(db, &o);
		/* without --scan the dashboard shows the newest complete scan */
		if (n >= 0 && o.shown != scan) {
			md_scan_info_release(&info);
			scan = o.shown;
			if (md_query_scan(db, scan, &info))
				n = -1;
		}
		if (n >= 0 && !quiet)
			fprintf(stderr, "dashboard: %s/index.html (scan %lld)\n", html_dir,
				(long long)scan);
	} else if (by || maintainer) {
		if (!by)
			by = "section";
		n = print_table(db, scan) ? -1 : md_query_findings(db, scan, &filter, NULL, NULL);
	} else {
		n = md_render_scan(db, scan, &filter, renderer, stdout);
	}
	if (n >= 0 && !quiet)
		md_print_summary(db, scan, stderr);
	partial = strcmp(info.status, "complete") || info.tus_failed;
	if (n >= 0 && strcmp(info.status, "complete"))
		md_warning("scan %lld is %s: its findings may be partial", (long long)scan,
			   info.status);
	else if (n >= 0 && info.tus_failed)
		md_warning("scan %lld is partial: %d files could not be scanned", (long long)scan,
			   info.tus_failed);
	md_scan_info_release(&info);
	md_db_close(db);
	if (n < 0)
		return EXIT_ERROR;
	if (partial)
		return EXIT_PARTIAL;
	return n ? EXIT_FINDINGS : EXIT_CLEAN;
}
