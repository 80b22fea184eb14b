/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - what the commands of memdesc share: the exit statuses, the
 * command table's entry, and the scan back half used by scan and check.
 *
 * Exit statuses (the one table, also in --help, memdesc(1), README.md):
 *   0  clean: no findings
 *   1  findings
 *   2  error: bad arguments, no tree, an unusable database, an
 *      interrupted scan, rejected input lines
 *   3  partial: files could not be scanned (crashed, timed out, failed;
 *      their findings of an earlier scan are carried as unknown), or the
 *      scan reported on is not complete; findings may be missing
 */
#ifndef MEMDESC_CLI_H
#define MEMDESC_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "../analyzer/engine.h"
#include "../analyzer/rules.h"
#include "../analyzer/scan.h"
#include "../db/db.h"
#include "../reports/render.h"
#include "options.h"

#ifndef MEMDESC_VERSION
#define MEMDESC_VERSION "0.0.0"
#endif

enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_ERROR = 2,
	EXIT_PARTIAL = 3,
};

struct md_command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the command's name */
	const char *summary;
};

int cmd_scan(int argc, char **argv);
int cmd_patch(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_list_rules(int argc, char **argv);
int cmd_compdb(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_baseline(int argc, char **argv);

/* Lines @first..@last of @path (relative) that the preprocessor skipped in a parsed TU. */
struct skipped_lines {
	char *path;
	unsigned int first, last;
};

/* The options scan and check share. */
struct scan_options {
	const char *db_path;
	const char *enable, *disable;
	const char *format;
	int include_headers, census, exit_zero, quiet, jobs, timeout, incremental;
	int64_t reuse_from;	/* --incremental: the scan unchanged files are reused from */
	/*
	 * --since: with reuse_from, a file is unchanged unless changed() says
	 * so of it or of an input it read (scan-since.h); its contents are not
	 * read.  NULL: by content hash.
	 */
	int (*changed)(void *data, const char *path);
	void *changed_data;
	unsigned long long max_memory;
	FILE *notes_out;	/* where census notes go; NULL: standard output */
	int store_census;	/* also store the census notes in the scan (scan --census) */
	/* the workers' skipped lines are stored (tu_skipped), for the fallback */
	int want_skipped;
	const struct md_rule *rules[64];
	size_t nrules;
	const struct md_renderer *renderer;
	/*
	 * run_scan: called after the workers, before the scan is closed, to
	 * add what another engine finds (the fallback of scan-fallback.c);
	 * returns how many files it failed on, or -1 on error.
	 */
	int (*after_parse)(void *data, struct md_db *db, int64_t scan, struct md_render *render);
	void *after_parse_data;
};

/* scan_options_init - the defaults: memdesc.db, all rules, text, -j cores, 600 s. */
void scan_options_init(struct scan_options *so);

/* scan_options_check - resolve the rule selection and the format; exits 2 on a bad one. */
void scan_options_check(struct scan_options *so, const struct md_usage *usage);

/* open_scan_db - open @path for writing and record the rule table in it. */
struct md_db *open_scan_db(const char *path);

/* config_name - @arg of --config, defconfig or allmodconfig; a usage error (exit 2) else. */
const char *config_name(const struct md_usage *usage, const char *arg);

struct md_scan_info;

/*
 * open_scan_to_read - open @path read-only and read scan @scan_id (0: the
 * newest) into @info; the database, or NULL when it cannot be opened or
 * holds no such scan (reported).
 */
struct md_db *open_scan_to_read(const char *path, int64_t scan_id, struct md_scan_info *info);

/* join_words - @v[0..n-1] joined by spaces; a new string. */
char *join_words(const char *const *v, size_t n);

/*
 * run_scan - record the scan @row, run the workers over @tus, close the
 * scan, print the findings as they are stored and (with @summary) the
 * summary; returns the exit status.
 */
int run_scan(struct scan_options *so, struct md_db *db, const struct md_tu_list *tus,
	     const struct md_engine_cfg *cfg, const struct md_scan_row *row, int summary);

/*
 * cocci_dir_default - where the semantic patches are: $MEMDESC_COCCI, else
 * share/memdesc/cocci beside the installed binary's bin/, else the build
 * tree's cocci/.
 */
const char *cocci_dir_default(void);

/*
 * run_cocci_scan - the coccinelle engine: @cocci in report mode over every
 * .c and .h file of @scope in @row->tree (built or not), its findings
 * stored in a new scan @row through the ingest path; prints them and the
 * summary, returns the exit status.
 */
int run_cocci_scan(struct scan_options *so, struct md_db *db, struct md_scan_row *row,
		   const char *const *scope, size_t nscope, const char *cocci);

/*
 * cocci_ingest - spatch (@cocci, report mode) over @files of @tree, its
 * findings and a record of each file written into scan @scan through the
 * ingest path, in one transaction; the files spatch failed on are pushed
 * onto @failed.  0, or -1 (reported).
 */
int cocci_ingest(struct scan_options *so, struct md_db *db, int64_t scan, const char *tree,
		 const struct strv *files, const char *cocci, struct strv *failed);

/*
 * cocci_ingest_lines - as cocci_ingest(), over files a parsed TU read,
 * keeping only the findings on the lines of @lines (sorted by path; the
 * lines of each of @files the preprocessor skipped there) and writing no
 * file records (the TUs have theirs); with so->store_census, a census
 * "fallback" note per range says it was covered.
 */
int cocci_ingest_lines(struct scan_options *so, struct md_db *db, int64_t scan, const char *tree,
		       const struct strv *files, const struct skipped_lines *lines, size_t nlines,
		       const char *cocci, struct strv *failed);

#endif
