// SPDX-License-Identifier: GPL-2.0
/* cmd-scan.c - memdesc scan: a kernel tree, or part of it, into the database. */
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "../analyzer/pch.h"
#include "../analyzer/prefilter.h"
#include "../db/query.h"
#include "../kbuild/kbuild.h"
#include "../lib/file.h"
#include "../kbuild/saved.h"
#include "../lib/error.h"
#include "../lib/parse.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "cli.h"
#include "scan-fallback.h"
#include "scan-prefilter.h"
#include "scan-since.h"

static const struct md_usage usage = {
	.command = "scan",
	.synopsis = "[options] TREE [SCOPE...]",
	.about =
		"SCOPE: directories or .c files relative to TREE (Kbuild's M=dir spelling too);\n"
		"none: the whole tree.  An unconfigured tree is configured out of tree in a\n"
		"build directory of memdesc's (make O=<build> defconfig prepare); the tree\n"
		"itself is never written to.\n"
		"Exit status: 0 no findings, 1 findings, 2 error or interrupted scan, 3 partial\n"
		"(files crashed, timed out or failed: their earlier findings are carried).\n",
};

static struct scan_options so;
static const char *engine = "libclang";
static const char *cocci_file;
static struct md_tree_opts tree_opts = { .config = "defconfig" };
static const char **scope;
static size_t nscope;

static void add_scope(const char *path)
{
	scope = xrealloc(scope, (nscope + 1) * sizeof(*scope));
	/* accept Kbuild's M=dir spelling too */
	scope[nscope++] = strncmp(path, "M=", 2) ? path : path + 2;
}

static int scope_option(const struct md_option *opt, const char *arg)
{
	(void)opt;
	add_scope(arg);
	return 0;
}

static int config_option(const struct md_option *opt, const char *arg)
{
	(void)opt;
	tree_opts.config = config_name(&usage, arg);
	return 0;
}

static int shard_k, shard_n;
static const char *since_rev;
static int no_prefilter, no_fallback, no_pch;
static char *fallback_cocci;	/* memdesc's blockers.cocci */

static int shard_option(const struct md_option *opt, const char *arg)
{
	long k, n;
	const char *slash = strchr(arg, '/');
	char *ks;

	(void)opt;
	if (!slash)
		md_usage_error(&usage, "--shard: '%s' is not K/N", arg);
	ks = xstrndup(arg, (size_t)(slash - arg));
	if (md_parse_long(ks, 1, 100000, &k) || md_parse_long(slash + 1, 1, 100000, &n) || k > n)
		md_usage_error(&usage, "--shard: '%s' is not K/N with 1 <= K <= N", arg);
	free(ks);
	shard_k = (int)k;
	shard_n = (int)n;
	return 0;
}

static const struct md_option options[] = {
	MD_OPT_GROUP("what to scan"),
	MD_OPT_CALLBACK(0, "scope", NULL, "DIR", "limit the scan (repeatable; same as SCOPE)",
			scope_option),
	MD_OPT_STRING(0, "compdb", &tree_opts.compdb, "PATH",
		      "flags from this compile_commands.json (file or directory)"),
	MD_OPT_STRING(0, "build", &tree_opts.builddir, "DIR", "build directory for an unconfigured tree"),
	MD_OPT_CALLBACK(0, "config", NULL, "NAME", "defconfig (default) or allmodconfig",
			config_option),
	MD_OPT_STRING(0, "cache", &tree_opts.cachedir, "DIR", "where memdesc keeps build directories"),
	MD_OPT_CALLBACK(0, "shard", NULL, "K/N",
			"only part K of N of the files, split by size the same way on\n"
			"                             every machine (memdesc merge folds the parts)",
			shard_option),
	MD_OPT_FLAG(0, "no-prefilter", &no_prefilter,
		    "parse every file of the scope, also those whose text (and the macros\n"
		    "                             of the tree's headers it uses) has no token of a rule"),
	MD_OPT_FLAG(0, "no-pch", &no_pch,
		    "parse every file from its headers, without the shared precompiled headers"),
	MD_OPT_FLAG(0, "no-fallback", &no_fallback,
		    "leave out the files no parsed file read (not built by the configuration,\n"
		    "                             other architectures), which otherwise go through spatch"),
	MD_OPT_FLAG(0, "include-headers", &so.include_headers,
		    "also report findings in tree headers outside the scope"),
	MD_OPT_STRING(0, "enable", &so.enable, "IDS", "only these rules (comma-separated)"),
	MD_OPT_STRING(0, "disable", &so.disable, "IDS", "not these rules"),
	MD_OPT_GROUP("how"),
	MD_OPT_STRING(0, "engine", &engine, "NAME",
		      "libclang (default) or coccinelle (spatch: sees #if 0 and unbuilt files too)"),
	MD_OPT_STRING(0, "cocci", &cocci_file, "FILE",
		      "the semantic patch of --engine coccinelle (default: memdesc's blockers.cocci)"),
	MD_OPT_FLAG(0, "incremental", &so.incremental,
		    "reuse the findings of files whose flags and every input (the file and\n"
		    "                             each header it reads) are unchanged since the last scan"),
	MD_OPT_STRING(0, "since", &since_rev, "REV",
		      "--incremental by git's word: parse again only the files that read\n"
		      "                             a file changed since REV (git diff REV, untracked files);\n"
		      "                             reuse the others without reading them.  REV: the commit\n"
		      "                             the last scan saw, or an older one"),
	MD_OPT_STRING(0, "db", &so.db_path, "PATH", "database (default memdesc.db)"),
	MD_OPT_INT('j', "jobs", &so.jobs, 1, 1024, "N", "parallel workers (default: online CPUs)"),
	MD_OPT_INT(0, "timeout", &so.timeout, 1, 86400, "SEC",
		   "give up on a file after SEC seconds (default 600)"),
	MD_OPT_SIZE(0, "max-memory", &so.max_memory, "SIZE",
		    "give up on a file whose worker holds more (default 4G)"),
	MD_OPT_GROUP("output"),
	MD_OPT_STRING(0, "format", &so.format, "FMT", "text (default) or json finding lines"),
	MD_OPT_FLAG('q', "quiet", &so.quiet, "no finding lines, only the summary"),
	MD_OPT_FLAG(0, "exit-zero", &so.exit_zero, "findings do not make the exit status 1"),
	MD_OPT_FLAG(0, "census", &so.census,
		    "also list every access of the rules' fields with its record, and the\n"
		    "                             lines the preprocessor skipped; stored in the scan\n"
		    "                             for memdesc coverage"),
	MD_OPT_END(),
};

static int c_files_seen;

static int count_c_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_F && md_path_has_suffix(path, ".c"))
		c_files_seen++;
	return 0;
}

/* scope_c_files - how many .c files the scope holds in the tree, built or not. */
static int scope_c_files(const char *srcdir)
{
	size_t i;

	c_files_seen = 0;
	if (!nscope)
		nftw(srcdir, count_c_file, 64, FTW_PHYS);
	for (i = 0; i < nscope; i++) {
		char *path = md_path_join(srcdir, scope[i]);

		nftw(path, count_c_file, 64, FTW_PHYS);
		free(path);
	}
	return c_files_seen;
}

/* Finding the scan to reuse from: the newest complete one made the same way. */
struct reuse_pick {
	const struct md_scan_row *row;
	int64_t id;
};

static int same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static int pick_reusable(void *data, const struct md_scan_info *s)
{
	struct reuse_pick *p = data;
	const struct md_scan_row *r = p->row;

	if (!strcmp(s->status, "complete") && same_text(s->tree, r->tree) &&
	    same_text(s->config, r->config) && same_text(s->build_dir, r->build_dir) &&
	    same_text(s->scope, r->scope) && same_text(s->rules, r->rules) &&
	    same_text(s->engine, r->engine) && same_text(s->tool_version, r->tool_version) &&
	    same_text(s->shard, r->shard) && s->fingerprint_version == MD_FINGERPRINT_VERSION &&
	    !s->fallback == !r->fallback &&
	    s->id > p->id)
		p->id = s->id;
	return 0;
}

/* reusable_scan - for --incremental: the scan to reuse from, 0 for none, -1 on error. */
static int64_t reusable_scan(struct md_db *db, const struct md_scan_row *row)
{
	struct reuse_pick pick = { .row = row };

	if (md_query_scans(db, pick_reusable, &pick) < 0)
		return -1;
	return pick.id;
}

/*
 * scan_cocci - the coccinelle engine over every .c and .h file of the scope:
 * the tree is not configured, nothing is built.
 */
static int scan_cocci(const char *path)
{
	char *srcdir = realpath(path, NULL), *scope_text = NULL, *rule_text = NULL;
	char *cocci = cocci_file ? xstrdup(cocci_file) : md_path_join(cocci_dir_default(), "blockers.cocci");
	char *makefile = srcdir ? md_path_join(srcdir, "Makefile") : NULL;
	/* the version is recorded when the Makefile says it; nothing here needs it */
	char *version = srcdir ? md_tree_version(srcdir) : NULL;
	const char *ids[64];
	struct md_scan_row row;
	struct md_db *db = NULL;
	int rc = EXIT_ERROR;

	if (!srcdir || access(makefile, R_OK)) {
		md_error("%s: not a kernel tree", path);
		goto out;
	}
	if (access(cocci, R_OK)) {
		md_error_errno("%s: cannot read the semantic patch", cocci);
		goto out;
	}
	db = open_scan_db(so.db_path);
	if (!db)
		goto out;
	for (size_t i = 0; i < so.nrules; i++)
		ids[i] = so.rules[i]->id;
	scope_text = join_words(scope, nscope);
	rule_text = join_words(ids, so.nrules);
	row = (struct md_scan_row){
		.tree = srcdir, .kernel_version = version, .config = "none", .scope = scope_text,
		.engine = "coccinelle",
		.tool_version = MEMDESC_VERSION, .rules = rule_text,
	};
	rc = run_cocci_scan(&so, db, &row, scope, nscope, cocci);
out:
	md_db_close(db);
	free(scope_text);
	free(rule_text);
	free(version);
	free(makefile);
	free(cocci);
	free(srcdir);
	return rc;
}

/* seen_cache - the file of the fallback walk's answers for this tree and these rules. */
static char *seen_cache(const struct md_tree *tree)
{
	char *cache = md_cache_dir(&tree_opts), *salt = rules_salt(so.rules, so.nrules), *key, *path;

	key = xasprintf("%s\n%s", tree->srcdir, salt);
	path = xasprintf("%s/prefilter/%016llx.files", cache,
			 (unsigned long long)XXH3_64bits(key, strlen(key)));
	free(key);
	free(salt);
	free(cache);
	return path;
}

/* setup_fallback - the spatch pass over what no TU reads (scan-fallback.c), for run_scan. */
static void setup_fallback(struct scan_fallback *fb, const struct md_tree *tree,
			   const struct md_tu_list *tus)
{
	/*
	 * Tokens only, no macros: spatch runs without includes and sees no
	 * macro's body, so a file that only uses one gives it nothing to find.
	 */
	struct md_prefilter *pf = md_prefilter_new(so.rules, so.nrules);

	if (!pf) {
		md_warning("no fallback: the rules' patterns cannot be read");
		return;
	}
	md_prefilter_close(pf);
	*fb = (struct scan_fallback){
		.so = &so, .pf = pf, .srcdir = tree->srcdir, .scope = scope, .nscope = nscope,
		.built = STRV_INIT, .spatch = getenv("SPATCH") && *getenv("SPATCH") ? getenv("SPATCH") : "spatch",
	};
	if (!cocci_file && !fallback_cocci)
		fallback_cocci = md_path_join(cocci_dir_default(), "blockers.cocci");
	fb->cocci = cocci_file ? cocci_file : fallback_cocci;
	fb->seen_cache = seen_cache(tree);
	scan_fallback_built(fb, tus);
	so.want_skipped = 1;	/* the fallback reads the lines the TUs' preprocessor skipped */
	so.after_parse = scan_fallback_run;
	so.after_parse_data = fb;
}

/*
 * setup_since - for --since: the files git says changed decide what the
 * reused scan @from gives; with no scan to reuse from, a full scan.
 */
static int setup_since(struct md_db *db, struct scan_since *since, int64_t from)
{
	struct md_scan_info info;

	if (!from) {
		md_warning("--since %s: no earlier complete scan made the same way in %s; "
			   "parsing every file", since_rev, md_db_path(db));
		return 0;
	}
	switch (md_query_scan(db, from, &info)) {
	case 0:
		scan_since_then(since, info.started_at);
		md_scan_info_release(&info);
		break;
	case 1:
		scan_since_then(since, NULL);
		break;
	default:
		return -1;
	}
	so.changed = scan_since_changed;
	so.changed_data = since;
	return 0;
}

/* scan_tree - open the tree, list its TUs in scope, scan them; the exit status. */
/*
 * share_headers - build the precompiled headers the TUs share (a cold
 * scan: an incremental one parses too few files to pay for them) into a
 * scratch directory, returned for removal after the scan; NULL (reported).
 */
static char *share_headers(struct md_tu_list *tus, const struct md_engine_cfg *cfg)
{
	struct md_pch_stats st;
	char *dir = md_scratch_dir("memdesc-pch");

	if (!dir)
		return NULL;
	if (md_pch_prepare(tus, cfg, dir, so.jobs, so.timeout, stderr, &st)) {
		md_remove_tree(dir);
		free(dir);
		return NULL;
	}
	fprintf(stderr, "pch: %d precompiled headers shared by %zu of %zu files, %.1f s\n",
		st.built, st.users, tus->n, st.seconds);
	return dir;
}

static int scan_tree(const char *path)
{
	struct md_tu_list tus = { 0 };
	struct md_tree tree = { 0 };
	struct scan_fallback fallback = { .pf = NULL, .built = STRV_INIT };
	struct scan_since since = { 0 };
	char *scope_text = NULL, *rule_text = NULL, *shard_text = NULL, *pch_dir = NULL;
	const char *ids[64];
	struct md_engine_cfg cfg;
	struct md_scan_row row;
	struct md_db *db = NULL;
	int rc = EXIT_ERROR;

	tree_opts.jobs = so.jobs;
	if (md_tree_open(path, &tree_opts, &tree))
		goto out;
	/* git lists the changes while the TUs are listed and filtered */
	if (since_rev && scan_since_start(&since, tree.srcdir, since_rev))
		goto out;
	if (md_tree_commands(&tree, &tree_opts, scope, nscope, &tus))
		goto out;
	if (!tus.n) {
		md_error("%s: nothing to scan: no file of the scope is built by this config",
			 tree.srcdir);
		goto out;
	}
	if (!no_fallback)
		setup_fallback(&fallback, &tree, &tus);
	if (!no_prefilter)
		keep_candidates(&tree, &tree_opts, so.rules, so.nrules, &tus);
	if (shard_n) {
		md_tu_list_shard(&tus, shard_k, shard_n);
		shard_text = xasprintf("%d/%d", shard_k, shard_n);
	} else {
		md_tu_list_by_cost(&tus);
	}
	if (since_rev) {
		if (scan_since_finish(&since))
			goto out;
		fprintf(stderr, "since %s (%.12s): %zu files changed or untracked in %s\n",
			since_rev, since.commit, since.changed.n, tree.srcdir);
	}
	db = open_scan_db(so.db_path);
	if (!db)
		goto out;
	cfg = (struct md_engine_cfg){
		.srcdir = tree.srcdir, .scope = scope, .nscope = nscope,
		.include_headers = so.include_headers, .rules = so.rules, .nrules = so.nrules,
		.census = so.census, .skipped = so.want_skipped,
		/* only the lines the fallback will read: those that can hold a finding */
		.skipped_filter = so.want_skipped ? fallback.pf : NULL,
	};
	for (size_t i = 0; i < so.nrules; i++)
		ids[i] = so.rules[i]->id;
	scope_text = join_words(scope, nscope);
	rule_text = join_words(ids, so.nrules);
	row = (struct md_scan_row){
		.tree = tree.srcdir, .kernel_version = tree.version, .config = tree.config,
		.build_dir = tree.builddir, .scope = scope_text, .engine = "libclang",
		.tool_version = MEMDESC_VERSION, .rules = rule_text, .tus_total = (int)tus.n,
		.scope_c_files = scope_c_files(tree.srcdir), .shard = shard_text,
		.census = so.census,
		/* without spatch the fallback only warns: it did not look */
		.fallback = so.after_parse && md_program_found(fallback.spatch),
	};
	so.store_census = so.census;
	if (so.incremental && (so.reuse_from = reusable_scan(db, &row)) < 0)
		goto out;
	if (since_rev && setup_since(db, &since, so.reuse_from))
		goto out;
	/* --census checks the engine itself: every file from its own headers */
	if (!no_pch && !so.reuse_from && !so.census && !(pch_dir = share_headers(&tus, &cfg)))
		goto out;
	rc = run_scan(&so, db, &tus, &cfg, &row, 1);
out:
	if (pch_dir)
		md_remove_tree(pch_dir);
	free(pch_dir);
	free(scope_text);
	free(rule_text);
	free(shard_text);
	md_db_close(db);
	md_tu_list_release(&tus);
	md_tree_release(&tree);
	scan_fallback_release(&fallback);
	scan_since_release(&since);
	free(fallback_cocci);
	return rc;
}

int cmd_scan(int argc, char **argv)
{
	int n, rc;

	scan_options_init(&so);
	n = md_parse_options(argc, argv, options, &usage, 0);
	scan_options_check(&so, &usage);
	if (n < 1)
		md_usage_error(&usage, "which kernel tree? (memdesc scan TREE [SCOPE...])");
	for (int i = 1; i < n; i++)
		add_scope(argv[i]);
	if (since_rev && !*since_rev)
		md_usage_error(&usage, "--since: an empty revision");
	so.incremental |= since_rev != NULL;
	/* a reused file's census is not noted again: every file is parsed */
	if (so.census && so.incremental)
		md_usage_error(&usage, "--census parses every file: no --incremental");
	if (!strcmp(engine, "coccinelle")) {
		if (so.incremental || shard_n || so.census)
			md_usage_error(&usage,
				       "--engine coccinelle: no --incremental, --since, --shard or --census");
		rc = scan_cocci(argv[0]);
	} else if (!strcmp(engine, "libclang")) {
		rc = scan_tree(argv[0]);
	} else {
		md_usage_error(&usage, "--engine: '%s' is neither libclang nor coccinelle", engine);
	}
	free(scope);
	return rc;
}
