// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-gate.c - memdesc gate: fail CI on findings that are new against a
 * baseline (a baseline file or a scan of a database), by fingerprint,
 * following renamed files, less what a suppressions file accepts.
 */
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../db/baseline.h"
#include "../db/query.h"
#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/strv.h"
#include "../lib/suppress.h"
#include "../lib/xalloc.h"
#include "cli.h"

static const struct md_usage usage = {
	.command = "gate",
	.synopsis = "--baseline DB-OR-FILE [options]",
	.about =
		"Compares the newest scan of --db with the baseline by fingerprint.  A file that\n"
		"was renamed or moved keeps its findings.  New findings are printed as\n"
		"compiler-style lines (with --format sarif: every finding, with its\n"
		"baselineState).  The suppressions file has one 'SELECTOR REASON' a line, the\n"
		"selector a fingerprint or RULE:GLOB (README.md).\n"
		"Exit status: 0 no new findings, 1 new findings, 2 error, 3 no new findings but\n"
		"the scan is partial.\n",
};

static const char *db_path = "memdesc.db", *baseline_arg, *rules_arg, *since, *format = "text";
static const char *suppressions_path;
static int scan_id, baseline_scan, quiet;

static const struct md_option options[] = {
	MD_OPT_STRING(0, "baseline", &baseline_arg, "DB-OR-FILE",
		      "a baseline file (memdesc baseline) or a database"),
	MD_OPT_INT(0, "baseline-scan", &baseline_scan, 1, 2147483647, "ID",
		   "with a database: this scan (default: its newest complete one before --scan)"),
	MD_OPT_STRING(0, "db", &db_path, "PATH", "the database of the scan gated (default memdesc.db)"),
	MD_OPT_INT(0, "scan", &scan_id, 1, 2147483647, "ID", "the scan gated (default: the newest)"),
	MD_OPT_STRING(0, "rules", &rules_arg, "IDS",
		      "the rules that gate (comma-separated, or 'all'; default: the gating rules)"),
	MD_OPT_STRING(0, "since", &since, "GIT-REV",
		      "gate only the files changed since this revision (git diff, and new files)"),
	MD_OPT_STRING(0, "suppressions", &suppressions_path, "FILE", "accepted findings, with reasons"),
	MD_OPT_STRING(0, "format", &format, "FMT", "text (default), json or sarif"),
	MD_OPT_FLAG('q', "quiet", &quiet, "no summary"),
	MD_OPT_END(),
};

static int is_sqlite_file(const char *path)
{
	char head[16] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, head, sizeof(head)) : -1;

	if (fd >= 0)
		close(fd);
	return n == 16 && !memcmp(head, "SQLite format 3", 16);
}

/* The rules that gate. */
struct gate_rules {
	const char *ids[64];
	size_t n;
};

static void pick_rules(struct gate_rules *g)
{
	const struct md_rule *const *all;
	const struct md_rule *chosen[64];
	char bad[64];
	size_t n;
	int k;

	if (!rules_arg || !strcmp(rules_arg, "all")) {
		all = md_rules(&n);
		for (size_t i = 0; i < n && g->n < 64; i++)
			if (rules_arg || !all[i]->advisory)
				g->ids[g->n++] = all[i]->id;
		return;
	}
	k = md_rules_select(rules_arg, NULL, chosen, bad, sizeof(bad));
	if (k < 0)
		md_usage_error(&usage, "--rules: unknown rule '%s' (see memdesc list-rules)", bad);
	for (int i = 0; i < k; i++)
		g->ids[g->n++] = chosen[i]->id;
}

static int gates(const struct gate_rules *g, const char *rule)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->ids[i], rule))
			return 1;
	return 0;
}

/* git_lines - the NUL-separated output of git -C @tree @args... into @out. */
static int git_lines(const char *tree, const char *const *args, struct strv *out)
{
	int fds[2], status;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return md_error_errno("git");
	pid = fork();
	if (pid == 0) {
		struct strv argv = STRV_INIT;

		dup2(fds[1], 1);
		close(fds[0]);
		strv_push(&argv, "git");
		strv_push(&argv, "-C");
		strv_push(&argv, tree);
		for (; *args; args++)
			strv_push(&argv, *args);
		execvp("git", argv.v);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		ALLOC_GROW(buf, len + 65536, cap);
		n = read(fds[0], buf + len, cap - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	for (size_t i = 0; i < len;) {
		size_t k = strnlen(buf + i, len - i);

		if (k)
			strv_push_owned(out, xstrndup(buf + i, k));
		i += k + 1;
	}
	free(buf);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return md_error("%s: git %s failed (is it a git repository, and is '%s' a revision?)",
				tree, args[0], since);
	return 0;
}

static int in_list(const struct strv *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], s))
			return 1;
	return 0;
}

/* A gate in progress. */
struct gate {
	struct gate_rules rules;
	struct md_baseline base;
	struct md_suppressions sup;
	struct strv changed;	/* with --since */
	char **vanished;	/* baseline paths no longer in the tree */
	size_t nvanished;
	struct md_render render;
	int sarif;
	int spatch_looked;	/* the gated scan ran spatch (its engine or its fallback) */
	long new_findings, unchanged, suppressed;
};

static int gate_finding(void *data, const struct md_finding *f)
{
	struct gate *g = data;
	struct md_suppression *s;
	int known;

	if (!gates(&g->rules, f->rule) || (since && !in_list(&g->changed, f->path)))
		return 0;
	known = md_baseline_contains(&g->base, f, g->vanished, g->nvanished);
	if (!known && (s = md_suppressed(&g->sup, f->fingerprint, f->rule, f->path))) {
		g->suppressed++;
		return 0;
	}
	if (known)
		g->unchanged++;
	else
		g->new_findings++;
	if (known && !g->sarif)
		return 0;
	g->render.baseline_state = known ? "unchanged" : "new";
	return md_render_finding(&g->render, f);
}

static int load_baseline(struct gate *g, int64_t current)
{
	struct md_db *bdb;
	int64_t scan = baseline_scan;
	int rc;

	if (!is_sqlite_file(baseline_arg))
		return md_baseline_read_file(&g->base, baseline_arg);
	bdb = md_db_open(baseline_arg, MD_DB_READ);
	if (!bdb)
		return -1;
	/* the newest complete scan, before the gated one when it is the same file */
	if (!scan)
		scan = md_query_complete_before(bdb, strcmp(baseline_arg, db_path) ? 0 : current);
	rc = scan > 0 ? md_baseline_read_scan(&g->base, bdb, scan)
		      : md_error("%s: no complete scan to use as the baseline", baseline_arg);
	md_db_close(bdb);
	return rc;
}

/* find_vanished - baseline paths that are no longer files of the tree. */
static void find_vanished(struct gate *g, const char *tree)
{
	g->vanished = xcalloc(g->base.npaths + 1, sizeof(*g->vanished));
	for (size_t i = 0; i < g->base.npaths; i++) {
		char *p = md_path_join(tree, g->base.paths[i]);

		if (access(p, F_OK))
			g->vanished[g->nvanished++] = g->base.paths[i];
		free(p);
	}
}

static void report_unused(const struct md_suppressions *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (!s->v[i].uses)
			md_warning("%s:%lu: suppression '%s%s%s%s' matched nothing; remove it", s->path,
				   s->v[i].line, s->v[i].fingerprint ? s->v[i].fingerprint : "",
				   s->v[i].rule ? s->v[i].rule : "", s->v[i].rule ? ":" : "",
				   s->v[i].glob ? s->v[i].glob : "");
}

static long count_fixed(const struct gate *g)
{
	long fixed = 0;

	for (size_t i = 0; i < g->base.n; i++)
		if (!g->base.v[i].matched && gates(&g->rules, g->base.v[i].rule) &&
		    (!since || in_list(&g->changed, g->base.v[i].path)) &&
		    (g->spatch_looked || !g->base.v[i].by_coccinelle))
			fixed++;
	return fixed;
}

static int run_gate(struct gate *g, struct md_db *db, const struct md_scan_info *info,
		    const struct md_renderer *renderer)
{
	static const char *diff_args[] = { "diff", "--name-only", "-z", NULL, "--", NULL };
	static const char *new_args[] = { "ls-files", "-z", "--others", "--exclude-standard", NULL };
	long n;

	if (load_baseline(g, info->id))
		return EXIT_ERROR;
	if (suppressions_path && md_suppressions_read(&g->sup, suppressions_path))
		return EXIT_ERROR;
	diff_args[3] = since;
	if (since && (git_lines(info->tree, diff_args, &g->changed) ||
		      git_lines(info->tree, new_args, &g->changed)))
		return EXIT_ERROR;
	find_vanished(g, info->tree);
	g->spatch_looked = info->fallback || !strcmp(info->engine, "coccinelle");
	g->sarif = !strcmp(renderer->name, "sarif");
	md_render_begin(&g->render, renderer, stdout, db, info->id);
	n = md_query_findings(db, info->id, NULL, gate_finding, g);
	md_render_end(&g->render);
	if (n < 0)
		return EXIT_ERROR;
	report_unused(&g->sup);
	if (!quiet)
		fprintf(stderr, "gate: %ld new, %ld unchanged, %ld fixed, %ld suppressed; scan %lld "
			"against %s\n", g->new_findings, g->unchanged, count_fixed(g), g->suppressed,
			(long long)info->id, g->base.source);
	if (g->new_findings)
		return EXIT_FINDINGS;
	return strcmp(info->status, "complete") || info->tus_failed ? EXIT_PARTIAL : EXIT_CLEAN;
}

int cmd_gate(int argc, char **argv)
{
	const struct md_renderer *renderer;
	struct gate g = { 0 };
	struct md_scan_info info;
	struct md_db *db;
	int64_t scan;
	int rc;

	if (md_parse_options(argc, argv, options, &usage, 0))
		md_usage_error(&usage, "unexpected operand '%s'", argv[0]);
	if (!baseline_arg)
		md_usage_error(&usage, "which baseline? (--baseline FILE or DB)");
	renderer = md_renderer_find(format);
	if (!renderer || !strcmp(format, "codeclimate"))
		md_usage_error(&usage, "--format: '%s' is not text, json or sarif", format);
	pick_rules(&g.rules);
	db = md_db_open(db_path, MD_DB_READ);
	if (!db)
		return EXIT_ERROR;
	scan = scan_id ? scan_id : md_query_latest_scan(db);
	rc = scan > 0 ? md_query_scan(db, scan, &info) : 1;
	if (rc) {
		md_db_close(db);
		md_error("%s: no scan %lld to gate", db_path, (long long)scan);
		return EXIT_ERROR;
	}
	rc = run_gate(&g, db, &info, renderer);
	md_scan_info_release(&info);
	md_baseline_release(&g.base);
	md_suppressions_release(&g.sup);
	strv_release(&g.changed);
	free(g.vanished);
	md_db_close(db);
	return rc;
}
