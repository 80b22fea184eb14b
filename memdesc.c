// SPDX-License-Identifier: GPL-2.0
/* memdesc.c - the command line: scan, check, report, list-rules. */
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/kbuild.h"
#include "analyzer/rules.h"
#include "analyzer/scan.h"
#include "db/db.h"
#include "reports/reports.h"

#ifndef MEMDESC_VERSION
#define MEMDESC_VERSION "0.1.0"
#endif

/* Exit statuses, documented in --help and README.md. */
enum {
	EXIT_CLEAN = 0,	   /* no findings */
	EXIT_FINDINGS = 1, /* findings */
	EXIT_ERROR = 2,	   /* the command could not do its job */
};

static const char usage_text[] =
	"usage: memdesc <command> [options]\n"
	"\n"
	"commands:\n"
	"  scan TREE [SCOPE...]   scan a kernel tree (SCOPE: dirs or .c files relative to TREE)\n"
	"  check [FLAGS...] FILE  scan one file with compiler flags, as Kbuild's CHECK= does\n"
	"  report                 print the findings of a scan from the database\n"
	"  list-rules [--format text|json]\n"
	"                         the rules, their ids and what they find (json: all\n"
	"                         that each rule declares it matches)\n"
	"\n"
	"scan options:\n"
	"  --db PATH              database (default memdesc.db)\n"
	"  --scope DIR            limit the scan (repeatable; same as SCOPE)\n"
	"  --compdb PATH          use this compile_commands.json for the flags\n"
	"  --build DIR            build directory for an unconfigured tree\n"
	"  --config NAME          defconfig (default) or allmodconfig\n"
	"  --cache DIR            where build directories are kept\n"
	"  --include-headers      also report findings in tree headers outside the scope\n"
	"  --enable IDS           only these rules (comma-separated)\n"
	"  --disable IDS          not these rules\n"
	"  -j, --jobs N           parallel workers (default: online CPUs)\n"
	"  --timeout SEC          give up on a file after SEC seconds (default 600)\n"
	"  --format text|json     finding lines as compiler diagnostics or JSON lines\n"
	"  -q, --quiet            no finding lines, only the summary\n"
	"  --exit-zero            findings do not make the exit status 1 (for make C=1)\n"
	"  --census               also list every access of the rules' field names with\n"
	"                         its record, and the lines the preprocessor skipped\n"
	"\n"
	"check options: --root DIR (paths relative to it; default .), --db, --enable,\n"
	"  --disable, --format, --include-headers, --census, --exit-zero; other\n"
	"  arguments go to the compiler.  In a kernel tree:\n"
	"    make C=1 CHECK=\"memdesc check --root $PWD --exit-zero\"\n"
	"report options: --db PATH, --scan ID (default newest), --format text|json\n"
	"\n"
	"Findings go to stdout as 'path:line:col: warning: message [rule-id]', the\n"
	"summary to stderr.  Exit status: 0 no findings, 1 findings, 2 error.\n";

struct cli {
	const char *db_path;
	const char *root;
	const char *enable, *disable;
	const char **scope;
	size_t nscope;
	enum md_format format;
	int include_headers;
	int census;
	int exit_zero;
	int quiet;
	int jobs;
	int timeout;
	struct md_tree_opts tree;
	int64_t scan_id;
};

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("memdesc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERROR;
}

static void cli_init(struct cli *c)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(c, 0, sizeof(*c));
	c->db_path = "memdesc.db";
	c->root = ".";
	c->jobs = cpus > 0 ? (int)cpus : 1;
	c->timeout = 600;
	c->tree.config = "defconfig";
	c->tree.jobs = c->jobs;
}

static int add_scope(struct cli *c, const char *path)
{
	const char **s = realloc(c->scope, (c->nscope + 1) * sizeof(*s));

	if (!s)
		return -1;
	c->scope = s;
	/* accept Kbuild's M=dir spelling too */
	c->scope[c->nscope++] = strncmp(path, "M=", 2) ? path : path + 2;
	return 0;
}

enum {
	OPT_DB = 256, OPT_SCOPE, OPT_COMPDB, OPT_BUILD, OPT_CONFIG, OPT_CACHE,
	OPT_HEADERS, OPT_ENABLE, OPT_DISABLE, OPT_TIMEOUT, OPT_FORMAT, OPT_ROOT,
	OPT_SCAN, OPT_CENSUS, OPT_EXIT_ZERO,
};

static const struct option long_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "compdb", required_argument, NULL, OPT_COMPDB },
	{ "build", required_argument, NULL, OPT_BUILD },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "cache", required_argument, NULL, OPT_CACHE },
	{ "include-headers", no_argument, NULL, OPT_HEADERS },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "jobs", required_argument, NULL, 'j' },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "scan", required_argument, NULL, OPT_SCAN },
	{ "census", no_argument, NULL, OPT_CENSUS },
	{ "exit-zero", no_argument, NULL, OPT_EXIT_ZERO },
	{ NULL, 0, NULL, 0 },
};

/* parse_option - apply one option; returns 0, or EXIT_ERROR after a message. */
static int parse_option(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_DB: c->db_path = arg; break;
	case OPT_SCOPE: return add_scope(c, arg) ? fail("out of memory") : 0;
	case OPT_COMPDB: c->tree.compdb = arg; break;
	case OPT_BUILD: c->tree.builddir = arg; break;
	case OPT_CONFIG:
		if (strcmp(arg, "defconfig") && strcmp(arg, "allmodconfig"))
			return fail("--config: '%s' is neither defconfig nor allmodconfig", arg);
		c->tree.config = arg;
		break;
	case OPT_CACHE: c->tree.cachedir = arg; break;
	case OPT_HEADERS: c->include_headers = 1; break;
	case OPT_ENABLE: c->enable = arg; break;
	case OPT_DISABLE: c->disable = arg; break;
	case 'j':
		c->jobs = atoi(arg);
		if (c->jobs < 1)
			return fail("--jobs: '%s' is not a positive number", arg);
		c->tree.jobs = c->jobs;
		break;
	case OPT_TIMEOUT: c->timeout = atoi(arg); break;
	case OPT_FORMAT:
		if (md_format_parse(arg, &c->format))
			return fail("--format: '%s' is neither text nor json", arg);
		break;
	case 'q': c->quiet = 1; break;
	case OPT_ROOT: c->root = arg; break;
	case OPT_SCAN: c->scan_id = atoll(arg); break;
	case OPT_CENSUS: c->census = 1; break;
	case OPT_EXIT_ZERO: c->exit_zero = 1; break;
	default: return fail("unknown option (see memdesc --help)");
	}
	return 0;
}

/* parse_options - options of a command; operands are left from optind. */
static int parse_options(struct cli *c, int argc, char **argv)
{
	int opt, rc;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+j:q", long_options, NULL)) != -1) {
		if (opt == '?')
			return fail("unknown option '%s' (see memdesc --help)", argv[optind - 1]);
		rc = parse_option(c, opt, optarg);
		if (rc)
			return rc;
	}
	return 0;
}

static int list_rules(int argc, char **argv)
{
	const struct md_rule *const *rules;
	size_t i, n;

	if (argc > 1) {	/* --format json: the rules' declarations, one document */
		json_t *all;
		int rc;

		if (argc != 3 || strcmp(argv[1], "--format") ||
		    (strcmp(argv[2], "json") && strcmp(argv[2], "text")))
			return fail("list-rules: the only option is --format text|json");
		if (!strcmp(argv[2], "json")) {
			all = md_rules_to_json();
			rc = all ? json_dumpf(all, stdout, JSON_INDENT(2)) : -1;
			json_decref(all);
			if (rc || putchar('\n') == EOF)
				return fail("list-rules: cannot write the rules");
			return EXIT_CLEAN;
		}
	}
	rules = md_rules(&n);
	for (i = 0; i < n; i++)
		printf("%-16s %s\n", rules[i]->id, rules[i]->summary);
	return EXIT_CLEAN;
}

/* A scan in progress: what the after-each-TU callback needs. */
struct scan_session {
	struct cli *cli;
	struct md_db *db;
	int64_t scan;
	long printed;
};

static void print_new_findings(void *data, int64_t first, int64_t last)
{
	struct scan_session *s = data;
	long n;

	if (s->cli->quiet || last <= first)
		return;
	n = md_print_findings(md_db_sqlite(s->db), s->scan, first, last, s->cli->format, stdout);
	if (n > 0)
		s->printed += n;
	fflush(stdout);
}

static void print_note(void *data, const struct md_note *n)
{
	(void)data;
	if (!n->token)
		printf("%s:%u-%u: note: skipped by the preprocessor [census]\n", n->path, n->line,
		       n->end_line);
	else if (n->record)
		printf("%s:%u:%u: note: member '%s' of struct %s [census]\n", n->path, n->line,
		       n->col, n->token, n->record);
	else
		printf("%s:%u:%u: note: _compound_head() through '%s' [census]\n", n->path,
		       n->line, n->col, n->token);
}

static char *join(const char *const *v, size_t n, const char *(*name)(const void *))
{
	size_t i, len = 1;
	char *out;

	for (i = 0; i < n; i++)
		len += strlen(name(v[i])) + 1;
	out = calloc(1, len);
	for (i = 0; out && i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, name(v[i]));
	}
	return out;
}

static const char *rule_name(const void *r)
{
	return ((const struct md_rule *)r)->id;
}

static const char *string_name(const void *s)
{
	return s;
}

/* open_db - open the database and record the rule table in it. */
static struct md_db *open_db(struct cli *c)
{
	char err[512];
	struct md_db *db = md_db_open(c->db_path, err, sizeof(err));
	size_t i, all;
	const struct md_rule *const *every = md_rules(&all);

	if (!db) {
		fail("%s", err);
		return NULL;
	}
	for (i = 0; i < all; i++)
		md_db_put_rule(db, every[i]->id, every[i]->summary);
	return db;
}

/* findings_in_scan - how many findings @scan holds. */
static long findings_in_scan(struct md_db *db, int64_t scan)
{
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(md_db_sqlite(db), "SELECT count(*) FROM findings WHERE scan_id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * run_scan - the shared back half of scan and check: record the scan, run
 * the workers, close the scan, print the summary; returns the exit status.
 */
static int run_scan(struct cli *c, struct md_db *db, const struct md_tu_list *tus,
		    const struct md_engine_cfg *cfg, const struct md_scan_row *row,
		    int summary)
{
	struct scan_session session = { .cli = c, .db = db };
	struct md_scan_opts opts = {
		.jobs = c->jobs, .timeout = c->timeout, .log = stderr,
		.done = print_new_findings, .done_data = &session,
		.note = c->census ? print_note : NULL,
	};
	struct md_scan_stats stats;
	long found;
	int rc;

	session.scan = md_db_scan_begin(db, row);
	if (session.scan < 0)
		return fail("%s: %s", c->db_path, md_db_error(db));
	rc = md_scan_run(db, session.scan, tus, cfg, &opts, &stats);
	md_db_scan_finish(db, session.scan, rc || stats.interrupted ? "incomplete" : "complete");
	if (summary) {
		md_print_summary(md_db_sqlite(db), session.scan, stderr);
		fprintf(stderr, "peak worker memory %.0f MB; database %s, scan %lld\n",
			stats.peak_rss_kb / 1024.0, c->db_path, (long long)session.scan);
	}
	if (rc)
		return EXIT_ERROR;
	if (stats.interrupted)
		return fail("scan interrupted: scan %lld is marked incomplete",
			    (long long)session.scan);
	found = findings_in_scan(db, session.scan);
	if (found < 0)
		return fail("%s: %s", c->db_path, md_db_error(db));
	return found && !c->exit_zero ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int select_rules(struct cli *c, const struct md_rule **rules, size_t *n)
{
	char bad[64];
	int count = md_rules_select(c->enable, c->disable, rules, bad, sizeof(bad));

	if (count < 0)
		return fail("unknown rule '%s' (see memdesc list-rules)", bad);
	if (count == 0)
		return fail("no rule enabled");
	*n = (size_t)count;
	return 0;
}

static int c_files_seen;

static int count_c_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_F && n > 2 && !strcmp(path + n - 2, ".c"))
		c_files_seen++;
	return 0;
}

/* scope_c_files - how many .c files the scope holds in the tree, built or not. */
static int scope_c_files(const char *srcdir, const char *const *scope, size_t n)
{
	char path[PATH_MAX];
	size_t i;

	c_files_seen = 0;
	if (!n)
		nftw(srcdir, count_c_file, 64, FTW_PHYS);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", srcdir, scope[i]);
		nftw(path, count_c_file, 64, FTW_PHYS);
	}
	return c_files_seen;
}

/* scan_tree - open the tree, list its TUs in scope, scan them; the exit status. */
static int scan_tree(struct cli *c, const char *path, const struct md_rule **rules,
		     size_t nrules)
{
	struct md_tu_list tus = { 0 };
	struct md_tree tree = { 0 };
	char err[1024], *scope_text = NULL, *rule_text = NULL;
	struct md_engine_cfg cfg;
	struct md_scan_row row;
	struct md_db *db = NULL;
	int rc = EXIT_ERROR;

	if (md_tree_open(path, &c->tree, &tree, err, sizeof(err))) {
		fail("%s", err);
		goto out;
	}
	if (md_tree_commands(&tree, &c->tree, c->scope, c->nscope, &tus, err, sizeof(err))) {
		fail("%s", err);
		goto out;
	}
	if (!tus.n) {
		fail("%s: nothing to scan: no file of the scope is built by this config",
		     tree.srcdir);
		goto out;
	}
	db = open_db(c);
	if (!db)
		goto out;
	cfg = (struct md_engine_cfg){
		.srcdir = tree.srcdir, .scope = c->scope, .nscope = c->nscope,
		.include_headers = c->include_headers, .rules = rules, .nrules = nrules,
		.census = c->census,
	};
	scope_text = join((const char *const *)c->scope, c->nscope, string_name);
	rule_text = join((const char *const *)rules, nrules, rule_name);
	row = (struct md_scan_row){
		.tree = tree.srcdir, .kernel_version = tree.version, .config = tree.config,
		.build_dir = tree.builddir, .scope = scope_text, .engine = "libclang",
		.tool_version = MEMDESC_VERSION, .rules = rule_text, .tus_total = (int)tus.n,
		.scope_c_files = scope_c_files(tree.srcdir, (const char *const *)c->scope,
					       c->nscope),
	};
	rc = run_scan(c, db, &tus, &cfg, &row, 1);
out:
	free(scope_text);
	free(rule_text);
	md_db_close(db);
	md_tu_list_release(&tus);
	md_tree_release(&tree);
	return rc;
}

static int cmd_scan(int argc, char **argv)
{
	const struct md_rule *rules[64];
	struct cli c;
	size_t nrules;
	int rc;

	cli_init(&c);
	rc = parse_options(&c, argc, argv);
	if (!rc && optind >= argc)
		rc = fail("scan: which kernel tree? (memdesc scan TREE [SCOPE...])");
	for (int i = optind + 1; !rc && i < argc; i++)
		if (add_scope(&c, argv[i]))
			rc = fail("out of memory");
	if (!rc && select_rules(&c, rules, &nrules))
		rc = EXIT_ERROR;
	if (!rc)
		rc = scan_tree(&c, argv[optind], rules, nrules);
	free(c.scope);
	return rc;
}

/*
 * parse_check_args - memdesc's own long options anywhere on the line; every
 * other argument is the compiler's, as Kbuild passes them to $(CHECK).
 * Compiler arguments are moved to @argv[1...], their count to @ncc, so
 * that argv[0] is free to hold a compiler name.
 */
static int parse_check_args(struct cli *c, int argc, char **argv, int *ncc)
{
	const struct option *o;
	int i, rc;

	*ncc = 0;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq;
		size_t len;

		if (strncmp(arg, "--", 2) || !arg[2]) {
			if (strcmp(arg, "--"))
				argv[1 + (*ncc)++] = argv[i];
			continue;
		}
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		for (o = long_options; o->name; o++) {
			if (strlen(o->name) == len && !strncmp(o->name, arg + 2, len))
				break;
		}
		if (!o->name) {
			argv[1 + (*ncc)++] = argv[i];
			continue;
		}
		if (o->has_arg && !eq && i + 1 >= argc)
			return fail("option '%s' needs a value", arg);
		rc = parse_option(c, o->val, o->has_arg ? (eq ? eq + 1 : argv[++i]) : NULL);
		if (rc)
			return rc;
	}
	return 0;
}

/* check_tu - the TU of `memdesc check`: the last .c operand, flags from the rest. */
static int check_tu(int argc, char **argv, struct md_tu *tu)
{
	const char *source = NULL;
	char real[PATH_MAX];

	for (int i = argc - 1; i >= 0; i--) {
		size_t n = strlen(argv[i]);

		if (n > 2 && !strcmp(argv[i] + n - 2, ".c")) {
			source = argv[i];
			break;
		}
	}
	if (!source)
		return fail("check: no .c file among the arguments");
	if (!realpath(source, real))
		return fail("check: %s: cannot open", source);
	/* Kbuild's $(CHECK) gets no compiler name: give the flags one */
	argv[-1] = "cc";
	tu->argv = md_clang_args((const char *const *)argv - 1, argc + 1, source, &tu->argc);
	tu->file = strdup(real);
	tu->directory = getcwd(NULL, 0);
	return tu->argv && tu->file && tu->directory ? 0 : fail("out of memory");
}

static int cmd_check(int argc, char **argv)
{
	const struct md_rule *rules[64];
	struct md_tu_list tus = { 0 };
	struct md_tu tu = { 0 };
	char root[PATH_MAX], *rel;
	struct md_engine_cfg cfg;
	struct md_scan_row row;
	struct md_db *db;
	struct cli c;
	size_t nrules;
	int rc, ncc;

	cli_init(&c);
	c.db_path = ":memory:";
	c.jobs = 1;
	rc = parse_check_args(&c, argc, argv, &ncc);
	if (rc)
		return rc;
	if (select_rules(&c, rules, &nrules))
		return EXIT_ERROR;
	if (!realpath(c.root, root))
		return fail("check: --root %s: no such directory", c.root);
	if (check_tu(ncc, argv + 1, &tu))
		return EXIT_ERROR;
	rel = strncmp(tu.file, root, strlen(root)) ? tu.file : tu.file + strlen(root) + 1;
	md_tu_list_add(&tus, &tu);
	db = open_db(&c);
	if (!db) {
		md_tu_list_release(&tus);
		return EXIT_ERROR;
	}
	cfg = (struct md_engine_cfg){
		.srcdir = root, .scope = (const char *const *)&rel, .nscope = 1,
		.include_headers = c.include_headers, .rules = rules, .nrules = nrules,
		.census = c.census,
	};
	row = (struct md_scan_row){
		.tree = root, .kernel_version = "", .config = "check", .scope = rel,
		.engine = "libclang", .tool_version = MEMDESC_VERSION, .rules = "",
		.tus_total = 1, .scope_c_files = -1,
	};
	rc = run_scan(&c, db, &tus, &cfg, &row, 0);
	md_db_close(db);
	md_tu_list_release(&tus);
	return rc;
}

static int cmd_report(int argc, char **argv)
{
	struct md_db *db;
	char err[512];
	struct cli c;
	long n;
	int rc;

	cli_init(&c);
	rc = parse_options(&c, argc, argv);
	if (rc)
		return rc;
	if (access(c.db_path, F_OK))
		return fail("%s: no such database (run memdesc scan first)", c.db_path);
	db = md_db_open(c.db_path, err, sizeof(err));
	if (!db)
		return fail("%s", err);
	if (!c.scan_id)
		c.scan_id = md_latest_scan(md_db_sqlite(db));
	if (!c.scan_id) {
		md_db_close(db);
		return fail("%s: the database holds no scan yet", c.db_path);
	}
	n = md_print_findings(md_db_sqlite(db), c.scan_id, 0, INT64_MAX, c.format, stdout);
	if (n >= 0 && !c.quiet)
		md_print_summary(md_db_sqlite(db), c.scan_id, stderr);
	md_db_close(db);
	if (n < 0)
		return fail("%s: cannot read scan %lld", c.db_path, (long long)c.scan_id);
	return n ? EXIT_FINDINGS : EXIT_CLEAN;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd || !strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage_text, cmd ? stdout : stderr);
		return cmd ? EXIT_CLEAN : EXIT_ERROR;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("memdesc %s\n", MEMDESC_VERSION);
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "list-rules"))
		return list_rules(argc - 1, argv + 1);
	if (!strcmp(cmd, "scan"))
		return cmd_scan(argc - 1, argv + 1);
	if (!strcmp(cmd, "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(cmd, "report"))
		return cmd_report(argc - 1, argv + 1);
	return fail("'%s' is not a memdesc command (see memdesc --help)", cmd);
}
