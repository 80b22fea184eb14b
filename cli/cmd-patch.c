// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-patch.c - memdesc patch: the findings of a scan, converted by the
 * semantic patches of cocci/, checked file by file (cli/patch-check.c),
 * written as a git format-patch series with one patch per MAINTAINERS
 * section, and recorded in the database with the findings each resolves.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analyzer/rules.h"
#include "../convert/git.h"
#include "../convert/series.h"
#include "../db/query.h"
#include "../kbuild/kbuild.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/maintainers.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "cli.h"
#include "patch.h"

static const struct md_usage usage = {
	.command = "patch",
	.synopsis = "[options] TREE [SCOPE...]",
	.about =
		"Converts the findings of the newest complete scan of TREE with the semantic\n"
		"patches of cocci/.  Each rewritten file must apply, compile in the build\n"
		"directory with no new error or warning, pass the tree's scripts/checkpatch.pl,\n"
		"and rescan with its findings gone and nothing new; what passes is written to\n"
		"--output as a git format-patch series, one patch per MAINTAINERS section, with\n"
		"a cover letter.  A rewrite needs the folio functions the tree declares: on an\n"
		"older tree, the rewrites it cannot take are left out.  The tree is written to\n"
		"only with --apply.\n"
		"Exit status: 0 every change passed, 2 error, 3 some changes were rejected (each\n"
		"is reported with the check it failed and why; the series holds the others).\n",
};

struct patch_options {
	const char *db_path, *enable, *output, *author, *cocci_dir, *spatch;
	int apply, dry_run, signoff, jobs, timeout;
};

static struct patch_options po = { .db_path = "memdesc.db", .output = "patches", .timeout = 600 };
static struct md_tree_opts tree_opts = { .config = "defconfig" };
static struct strv scope = STRV_INIT;

static int scope_option(const struct md_option *opt, const char *arg)
{
	(void)opt;
	strv_push(&scope, strncmp(arg, "M=", 2) ? arg : arg + 2);
	return 0;
}

static const struct md_option options[] = {
	MD_OPT_GROUP("what to convert"),
	MD_OPT_CALLBACK(0, "scope", NULL, "DIR", "only findings under DIR (repeatable; same as SCOPE)",
			scope_option),
	MD_OPT_STRING(0, "enable", &po.enable, "IDS", "only findings of these rules (comma-separated)"),
	MD_OPT_STRING(0, "db", &po.db_path, "PATH", "database with the scan (default memdesc.db)"),
	MD_OPT_STRING(0, "cocci", &po.cocci_dir, "DIR", "semantic patches (default: memdesc's cocci/)"),
	MD_OPT_STRING(0, "spatch", &po.spatch, "PROG", "the Coccinelle program (default: spatch)"),
	MD_OPT_STRING(0, "compdb", &tree_opts.compdb, "PATH",
		      "flags from this compile_commands.json (file or directory)"),
	MD_OPT_STRING(0, "build", &tree_opts.builddir, "DIR", "build directory the files compile in"),
	MD_OPT_STRING(0, "cache", &tree_opts.cachedir, "DIR", "where memdesc keeps build directories"),
	MD_OPT_GROUP("output"),
	MD_OPT_STRING('o', "output", &po.output, "DIR", "where the series goes (default patches)"),
	MD_OPT_STRING(0, "author", &po.author, "IDENT",
		      "\"Name <mail>\" for From: (default: git config user.name, user.email)"),
	MD_OPT_FLAG('s', "signoff", &po.signoff, "add Signed-off-by: of the author"),
	MD_OPT_FLAG(0, "apply", &po.apply, "also apply the series to TREE"),
	MD_OPT_FLAG('n', "dry-run", &po.dry_run,
		    "check and report, write nothing (no series, no database record)"),
	MD_OPT_GROUP("how"),
	MD_OPT_INT('j', "jobs", &po.jobs, 1, 1024, "N", "files in parallel (default: online CPUs)"),
	MD_OPT_INT(0, "timeout", &po.timeout, 1, 86400, "SEC",
		   "give up on a file after SEC seconds per step (default 600)"),
	MD_OPT_END(),
};

/* The findings to convert, a target per file, in the order the scan lists them. */
struct target_list {
	struct patch_target *v;
	size_t n, alloc;
	const struct md_rule *rules[64];
	size_t nrules;
};

static struct patch_target *target_for(struct target_list *tl, const char *path)
{
	for (size_t i = 0; i < tl->n; i++)
		if (!strcmp(tl->v[i].path, path))
			return &tl->v[i];
	ALLOC_GROW(tl->v, tl->n + 1, tl->alloc);
	tl->v[tl->n] = (struct patch_target){ .path = xstrdup(path), .fingerprints = STRV_INIT,
					     .rules = STRV_INIT, .users = STRV_INIT };
	return &tl->v[tl->n++];
}

static int rule_selected(const struct target_list *tl, const char *id)
{
	for (size_t i = 0; i < tl->nrules; i++)
		if (!strcmp(tl->rules[i]->id, id))
			return 1;
	return 0;
}

static int in_scope(const char *path)
{
	for (size_t i = 0; i < scope.n; i++)
		if (md_path_under(scope.v[i], path))
			return 1;
	return !scope.n;
}

static int add_finding(void *data, const struct md_finding *f)
{
	struct target_list *tl = data;
	struct patch_target *t;

	if (!rule_selected(tl, f->rule) || !in_scope(f->path))
		return 0;
	t = target_for(tl, f->path);
	strv_push(&t->fingerprints, f->fingerprint);
	strv_push(&t->rules, f->rule);
	if (f->origin && strcmp(f->origin, f->path)) {
		int known = 0;

		for (size_t i = 0; i < t->users.n; i++)
			known |= !strcmp(t->users.v[i], f->origin);
		if (!known)
			strv_push(&t->users, f->origin);
	}
	return 0;
}

static void target_list_release(struct target_list *tl)
{
	for (size_t i = 0; i < tl->n; i++) {
		free(tl->v[i].path);
		strv_release(&tl->v[i].fingerprints);
		strv_release(&tl->v[i].rules);
		strv_release(&tl->v[i].users);
	}
	free(tl->v);
}

/* The newest complete scan of @srcdir, or 0. */
struct scan_pick {
	const char *srcdir;
	int64_t id;
};

static int pick_scan(void *data, const struct md_scan_info *s)
{
	struct scan_pick *p = data;

	if (!strcmp(s->status, "complete") && !strcmp(s->tree, p->srcdir) && s->id > p->id)
		p->id = s->id;
	return 0;
}

static int64_t newest_scan_of(struct md_db *db, const char *srcdir)
{
	struct scan_pick pick = { .srcdir = srcdir };

	if (md_query_scans(db, pick_scan, &pick) < 0)
		return -1;
	return pick.id;
}

static int cocci_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* has_patch_mode - the semantic patch rewrites (report-only ones are left out). */
static int has_patch_mode(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "virtual patch", 13);
	if (f)
		fclose(f);
	return found;
}

/* semantic_patches - the rewriting .cocci files of @dir, by name. */
static int semantic_patches(const char *dir, struct strv *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return md_error_errno("%s: cannot open the semantic patches", dir);
	while ((e = readdir(d))) {
		char *path;

		if (!md_path_has_suffix(e->d_name, ".cocci"))
			continue;
		path = md_path_join(dir, e->d_name);
		if (has_patch_mode(path))
			strv_push_owned(out, path);
		else
			free(path);
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cocci_cmp);
	return out->n ? 0 : md_error("%s: no semantic patch with a patch mode", dir);
}

/* git_config - the value of git config @key for @srcdir (its own, else the user's), or NULL. */
static char *git_config(const char *srcdir, const char *key)
{
	const char *argv[] = { "config", key, NULL };
	char *out = NULL;

	if (md_git_capture(srcdir, argv, 1, &out) != 0 || !out || !*out) {
		free(out);
		return NULL;
	}
	out[strcspn(out, "\n")] = 0;
	return out;
}

/* git_identity - "Name <mail>" from git config, or NULL. */
static char *git_identity(const char *srcdir)
{
	char *name = git_config(srcdir, "user.name"), *mail = git_config(srcdir, "user.email");
	char *who = name && mail ? xasprintf("%s <%s>", name, mail) : NULL;

	free(name);
	free(mail);
	return who;
}

/* A run of the command: everything its steps share. */
struct patch_run {
	struct md_tree tree;
	struct md_db *db;
	int64_t scan, run;
	struct target_list targets;
	struct strv cocci;
	struct md_rewrite_set rewrites;
	struct patch_target **rewrite_targets; /* the target of each rewrite */
	struct patch_result *results;
	struct md_maintainers *maintainers;
	char *author, *scratch;
	long rejected;
};

/* load_targets - the files with findings in scope, from the newest complete scan. */
static int load_targets(struct patch_run *r)
{
	char bad[64];
	int n;

	r->scan = newest_scan_of(r->db, r->tree.srcdir);
	if (r->scan <= 0)
		return r->scan < 0 ? -1 : md_error("%s: no complete scan of %s", md_db_path(r->db),
						     r->tree.srcdir);
	n = md_rules_select(po.enable, NULL, r->targets.rules, bad, sizeof(bad));
	if (n < 0)
		return md_error("--enable: no rule '%s' (memdesc list-rules)", bad);
	r->targets.nrules = (size_t)n;
	return md_query_findings(r->db, r->scan, NULL, add_finding, &r->targets) < 0 ? -1 : 0;
}

/* A progress bar and its count, advanced from a callback. */
struct progress_count {
	struct md_progress *bar;
	long done;
};

static void rewrite_done(void *data, const char *path)
{
	struct progress_count *pc = data;

	md_progress_update(pc->bar, ++pc->done, path);
}

/* rewrite - run the semantic patches over the target files. */
static int rewrite(struct patch_run *r)
{
	struct progress_count pc = { 0 };
	struct md_spatch_opts o = { .spatch = po.spatch, .jobs = po.jobs, .timeout = po.timeout,
				    .defines = STRV_INIT, .done = rewrite_done, .done_data = &pc };
	const char **files = xcalloc(r->targets.n + 1, sizeof(*files));
	int rc;

	for (size_t i = 0; i < r->targets.n; i++)
		files[i] = r->targets.v[i].path;
	o.cocci = (const char *const *)r->cocci.v;
	o.ncocci = r->cocci.n;
	rc = md_cocci_missing(r->tree.srcdir, o.cocci, o.ncocci, &o.defines);
	for (size_t i = 0; !rc && i < o.defines.n; i++)
		fprintf(stderr, "memdesc patch: %s: %s is not declared: its rewrites are left out\n",
			r->tree.srcdir, o.defines.v[i] + strlen("missing_"));
	if (!rc) {
		pc.bar = md_progress_start("spatch", (long)r->targets.n);
		rc = md_spatch_rewrite(r->tree.srcdir, files, r->targets.n, &o, &r->rewrites);
		md_progress_finish(pc.bar);
	}
	strv_release(&o.defines);
	free(files);
	if (rc)
		return -1;
	r->rewrite_targets = xcalloc(r->rewrites.n + 1, sizeof(*r->rewrite_targets));
	r->results = xcalloc(r->rewrites.n + 1, sizeof(*r->results));
	for (size_t i = 0; i < r->rewrites.n; i++)
		r->rewrite_targets[i] = target_for(&r->targets, r->rewrites.v[i].path);
	return 0;
}

/* tu_paths - every .c file a check may parse: the targets, and the users of headers. */
static void tu_paths(const struct patch_run *r, struct strv *out)
{
	for (size_t i = 0; i < r->rewrites.n; i++) {
		const struct patch_target *t = r->rewrite_targets[i];

		if (md_path_has_suffix(t->path, ".c"))
			strv_push(out, t->path);
		for (size_t j = 0; j < t->users.n && j < 2; j++)
			strv_push(out, t->users.v[j]);
	}
}

/* check - every check of every rewrite that spatch produced. */
static int check(struct patch_run *r)
{
	const struct md_rule *all[64];
	struct md_tu_list tus = { 0 };
	struct strv paths = STRV_INIT;
	char bad[64];
	int nall = md_rules_select(NULL, NULL, all, bad, sizeof(bad));
	struct patch_check_ctx c;
	int rc;

	if (nall < 0)
		BUG("the rule table does not select itself: %s", bad);
	tu_paths(r, &paths);
	if (paths.n && md_tree_commands(&r->tree, &tree_opts, (const char *const *)paths.v, paths.n,
					&tus)) {
		strv_release(&paths);
		return -1;
	}
	c = (struct patch_check_ctx){
		.validate = { .tree = r->tree.srcdir, .build = r->tree.builddir,
			      .scratch = r->scratch, .timeout = po.timeout },
		.srcdir = r->tree.srcdir, .tus = &tus, .rules = all, .nrules = (size_t)nall,
		.author = r->author, .signoff = po.signoff, .jobs = po.jobs,
		.progress = md_progress_start("check", (long)r->rewrites.n),
	};
	rc = check_rewrites(&c, &r->rewrites, r->rewrite_targets, r->results);
	md_progress_finish(c.progress);
	md_tu_list_release(&tus);
	strv_release(&paths);
	return rc;
}

static void push_unique(struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return;
	strv_push(sv, s);
}

/* cocci_names - the basenames of @cocci, space-separated: a new string. */
static char *cocci_names(const struct strv *cocci)
{
	struct strv names = STRV_INIT;
	char *out;

	for (size_t i = 0; i < cocci->n; i++) {
		const char *slash = strrchr(cocci->v[i], '/');

		strv_push(&names, slash ? slash + 1 : cocci->v[i]);
	}
	out = join_words((const char *const *)names.v, names.n);
	strv_release(&names);
	return out;
}

/* passed_changes - the rewrites that passed every check, as changes for the series. */
static struct md_file_change *passed_changes(struct patch_run *r, size_t *n)
{
	struct md_file_change *v = xcalloc(r->rewrites.n + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < r->rewrites.n; i++) {
		const struct md_file_rewrite *rw = &r->rewrites.v[i];
		const struct patch_result *res = &r->results[i];
		struct md_file_change *c;

		if (!res->ok)
			continue;
		c = &v[(*n)++];
		*c = (struct md_file_change){ .path = xstrdup(rw->path), .before = xstrdup(rw->before),
					 .after = xstrdup(rw->after), .cocci = STRV_INIT,
					 .rules = STRV_INIT, .resolved = (long)res->resolved.n };
		/* the series reads each semantic patch's description from its path */
		for (size_t j = 0; j < rw->cocci.n; j++)
			for (size_t k = 0; k < r->cocci.n; k++)
				if (md_path_has_suffix(r->cocci.v[k], rw->cocci.v[j]))
					push_unique(&c->cocci, r->cocci.v[k]);
		for (size_t j = 0; j < res->resolved_rules.n; j++)
			push_unique(&c->rules, res->resolved_rules.v[j]);
	}
	return v;
}

static const struct patch_result *result_of(const struct patch_run *r, const char *path)
{
	for (size_t i = 0; i < r->rewrites.n; i++)
		if (!strcmp(r->rewrites.v[i].path, path))
			return &r->results[i];
	return NULL;
}

static int record_patch(struct patch_run *r, const struct md_patch *p, int seq)
{
	struct strv files = STRV_INIT, fps = STRV_INIT, cocci = STRV_INIT;
	struct md_patch_row row;
	char *file_text, *cocci_text;
	int64_t id;

	for (size_t i = 0; i < p->nchanges; i++) {
		const struct patch_result *res = result_of(r, p->changes[i].path);

		strv_push(&files, p->changes[i].path);
		for (size_t j = 0; res && j < res->resolved.n; j++)
			strv_push(&fps, res->resolved.v[j]);
		for (size_t j = 0; j < p->changes[i].cocci.n; j++)
			push_unique(&cocci, p->changes[i].cocci.v[j]);
	}
	file_text = join_words((const char *const *)files.v, files.n);
	for (char *c = file_text; *c; c++)
		if (*c == ' ')
			*c = '\n';
	cocci_text = cocci_names(&cocci);
	row = (struct md_patch_row){
		.run = r->run, .series = p->section, .seq = seq, .subject = p->subject,
		.cocci = cocci_text, .files = file_text, .diff = p->diff, .status = "clean",
		.fingerprints = (const char *const *)fps.v, .nfingerprints = fps.n,
	};
	id = md_db_add_patch(r->db, &row);
	free(file_text);
	free(cocci_text);
	strv_release(&files);
	strv_release(&fps);
	strv_release(&cocci);
	return id < 0 ? -1 : 0;
}

static const char *section_of(const struct patch_run *r, const char *path)
{
	const struct md_maint_section *s =
		r->maintainers ? md_maintainers_match(r->maintainers, path) : NULL;

	return s ? s->name : "THE REST";
}

/* report_rejections - each rejected change on stderr, and in the database. */
static int report_rejections(struct patch_run *r)
{
	int rc = 0;

	for (size_t i = 0; i < r->rewrites.n; i++) {
		const struct md_file_rewrite *rw = &r->rewrites.v[i];
		const struct patch_result *res = &r->results[i];
		char *diff, *subject;
		struct md_patch_row row;

		if (res->ok)
			continue;
		r->rejected++;
		fprintf(stderr, "%s: warning: not converted: %s check: %s [memdesc-patch-rejected]\n",
			rw->path, res->failed_step ? res->failed_step : "?",
			res->reason ? res->reason : "no reason given");
		if (po.dry_run)
			continue;
		diff = rw->error ? xstrdup("") : md_unified_diff(rw->path, rw->before, rw->after);
		subject = xasprintf("%s: not converted", rw->path);
		row = (struct md_patch_row){
			.run = r->run, .series = section_of(r, rw->path), .seq = 0,
			.subject = subject, .files = rw->path, .diff = diff,
			.status = res->unvalidated ? "unvalidated" : "failed",
			.failed_step = res->failed_step, .reason = res->reason,
		};
		if (md_db_add_patch(r->db, &row) < 0)
			rc = -1;
		free(diff);
		free(subject);
	}
	return rc;
}

/* patch_files - the NNNN-*.patch files of @dir but the cover letter, by name. */
static int patch_files(const char *dir, struct strv *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return md_error_errno("%s: cannot read the series", dir);
	while ((e = readdir(d)))
		if (md_path_has_suffix(e->d_name, ".patch") && strncmp(e->d_name, "0000-", 5))
			strv_push_owned(out, md_path_join(dir, e->d_name));
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cocci_cmp);
	return 0;
}

static void remove_series_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (md_path_has_suffix(e->d_name, ".patch")) {
			char *path = md_path_join(dir, e->d_name);

			unlink(path);
			free(path);
		}
	}
	if (d)
		closedir(d);
}

/* reject_patch - every change of @p failed the checkpatch of its whole mail. */
static void reject_patch(struct patch_run *r, const struct md_patch *p, const char *reason)
{
	for (size_t i = 0; i < p->nchanges; i++) {
		struct patch_result *res = (struct patch_result *)result_of(r, p->changes[i].path);

		if (!res)
			continue;
		res->ok = 0;
		free(res->failed_step);
		free(res->reason);
		res->failed_step = xstrdup("checkpatch");
		res->reason = xasprintf("the patch for %s: %s", p->section, reason);
	}
}

/*
 * check_mails - checkpatch.pl on each written mail of @s; a failing patch
 * takes its changes out.  Returns 1 when one failed (build again), 0 when
 * all passed, -1 on error.
 */
static int check_mails(struct patch_run *r, const struct md_series *s, const char *dir)
{
	struct md_validate_ctx vc = { .tree = r->tree.srcdir, .build = r->tree.builddir,
				      .scratch = r->scratch, .timeout = po.timeout };
	struct strv files = STRV_INIT;
	int failed = 0;

	if (patch_files(dir, &files))
		return -1;
	if (files.n != s->n) {
		strv_release(&files);
		return md_error("%s: %zu patch files for a series of %zu", dir, files.n, s->n);
	}
	for (size_t i = 0; i < files.n && failed >= 0; i++) {
		struct md_verdict v = { 0 };
		char *mail = md_read_text(files.v[i], NULL);

		if (!mail || md_validate_checkpatch(&vc, mail, &v))
			failed = md_error("%s: cannot run checkpatch.pl on it", files.v[i]);
		else if (!v.ok) {
			reject_patch(r, &s->v[i], v.reason ? v.reason : "checkpatch.pl failed");
			failed = 1;
		}
		md_verdict_release(&v);
		free(mail);
	}
	strv_release(&files);
	return failed;
}

/*
 * write_series - build the series from the changes that passed, write it
 * into @dir and check each mail; again without a patch checkpatch
 * rejects, until every mail passes.
 */
static int write_series(struct patch_run *r, const char *dir, struct md_series *s)
{
	struct md_series_opts so = { .tree = r->tree.srcdir, .maintainers = r->maintainers,
				     .author = r->author, .signoff = po.signoff };
	int rc;

	do {
		size_t n;
		struct md_file_change *changes = passed_changes(r, &n);

		md_series_release(s);
		remove_series_files(dir);
		rc = md_series_build(changes, n, &so, s);
		free(changes);
		if (rc || !s->n)
			return rc;
		if (md_series_write(s, &so, dir))
			return -1;
		rc = check_mails(r, s, dir);
	} while (rc == 1);
	return rc;
}

/* apply_series - --apply: the written patches, in order, to the tree. */
static int apply_series(const struct patch_run *r, const char *dir)
{
	struct md_validate_ctx vc = { .tree = r->tree.srcdir, .build = r->tree.builddir,
				      .scratch = r->scratch, .timeout = po.timeout };
	struct strv files = STRV_INIT;
	int rc = 0;

	if (patch_files(dir, &files))
		return -1;
	for (size_t i = 0; i < files.n && !rc; i++) {
		struct md_verdict v = { 0 };
		char *mail = md_read_text(files.v[i], NULL);

		if (!mail)
			rc = md_error_errno("%s: cannot read", files.v[i]);
		else if (md_apply(&vc, mail, &v))
			rc = -1;
		else if (!v.ok)
			rc = md_error("%s: does not apply to %s: %s", files.v[i], r->tree.srcdir,
				      v.reason ? v.reason : "?");
		md_verdict_release(&v);
		free(mail);
	}
	strv_release(&files);
	return rc;
}

struct rule_totals {
	const char *rule;
	long findings, resolved, patches;
};

static struct rule_totals *totals_of(struct rule_totals *t, size_t *n, const char *rule)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(t[i].rule, rule))
			return &t[i];
	t[*n] = (struct rule_totals){ .rule = rule };
	return &t[(*n)++];
}

/* print_summary - per rule: findings in scope, resolved, patches; then the totals. */
static void print_summary(const struct patch_run *r, const struct md_series *s, const char *dir,
			  double seconds)
{
	struct rule_totals t[64];
	size_t n = 0;
	long files = 0, resolved = 0;

	for (size_t i = 0; i < r->targets.nrules; i++)
		totals_of(t, &n, r->targets.rules[i]->id);
	for (size_t i = 0; i < r->targets.n; i++)
		for (size_t j = 0; j < r->targets.v[i].rules.n; j++)
			totals_of(t, &n, r->targets.v[i].rules.v[j])->findings++;
	for (size_t i = 0; i < s->n; i++) {
		for (size_t k = 0; k < n; k++) {
			int in_patch = 0;

			for (size_t j = 0; j < s->v[i].nchanges; j++) {
				const struct patch_result *res = result_of(r, s->v[i].changes[j].path);

				for (size_t m = 0; res && m < res->resolved_rules.n; m++) {
					if (strcmp(res->resolved_rules.v[m], t[k].rule))
						continue;
					t[k].resolved++;
					in_patch = 1;
				}
			}
			t[k].patches += in_patch;
		}
		files += (long)s->v[i].nchanges;
	}
	fprintf(stderr, "%-16s %8s %8s %8s\n", "rule", "findings", "resolved", "patches");
	for (size_t k = 0; k < n; k++) {
		fprintf(stderr, "%-16s %8ld %8ld %8ld\n", t[k].rule, t[k].findings, t[k].resolved,
			t[k].patches);
		resolved += t[k].resolved;
	}
	fprintf(stderr, "%zu patches, %ld files, %ld findings resolved; %ld changes rejected; "
		"%zu files rewritten of %zu with findings; %.1f s\n", s->n, files, resolved,
		r->rejected, r->rewrites.n, r->targets.n, seconds);
	if (dir)
		fprintf(stderr, "series in %s/ (0000-cover-letter.patch first)\n", dir);
	for (size_t i = 0; i < s->n; i++)
		printf("%04zu %s (%zu files, %ld findings)\n", i + 1, s->v[i].subject,
		       s->v[i].nchanges, s->v[i].resolved);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *command_line(int argc, char **argv)
{
	char *line = join_words((const char *const *)argv, (size_t)argc);
	char *out = xasprintf("memdesc %s", line);

	free(line);
	return out;
}

/* prepare - tree, database, scan, targets, semantic patches, identity, scratch. */
static int prepare(struct patch_run *r, const char *tree_path)
{
	char *maint;

	tree_opts.jobs = po.jobs;
	if (md_tree_open(tree_path, &tree_opts, &r->tree))
		return -1;
	r->db = md_db_open(po.db_path, po.dry_run ? MD_DB_READ : MD_DB_WRITE);
	if (!r->db || load_targets(r))
		return -1;
	if (semantic_patches(po.cocci_dir, &r->cocci))
		return -1;
	maint = md_path_join(r->tree.srcdir, "MAINTAINERS");
	if (access(maint, R_OK) == 0 && !(r->maintainers = md_maintainers_load(maint))) {
		free(maint);
		return -1;
	}
	free(maint);
	r->author = po.author ? xstrdup(po.author) : git_identity(r->tree.srcdir);
	if (!r->author && po.signoff)
		return md_error("--signoff: who signs off? set git config user.name and "
				"user.email, or give --author");
	if (!r->author)
		r->author = xstrdup("memdesc <memdesc@localhost>");
	r->scratch = md_scratch_dir("memdesc-patch");
	return r->scratch ? 0 : -1;
}

static void patch_run_release(struct patch_run *r)
{
	if (r->scratch)
		md_remove_tree(r->scratch);
	for (size_t i = 0; r->results && i < r->rewrites.n; i++)
		patch_result_release(&r->results[i]);
	free(r->results);
	free(r->rewrite_targets);
	md_rewrite_set_release(&r->rewrites);
	target_list_release(&r->targets);
	strv_release(&r->cocci);
	md_maintainers_free(r->maintainers);
	md_db_close(r->db);
	md_tree_release(&r->tree);
	free(r->author);
	free(r->scratch);
}

/* convert - rewrite, check, write the series (unless --dry-run), record, apply. */
static int convert(struct patch_run *r, const char *command)
{
	const char *dir = po.dry_run ? r->scratch : po.output;
	struct md_series series = { 0 };
	double start = now_seconds();
	int rc;

	if (!po.dry_run) {
		if (mkdir(po.output, 0777) && errno != EEXIST)
			return md_error_errno("%s: cannot create", po.output);
		r->run = md_db_patch_run_begin(r->db, r->scan, r->tree.srcdir, command, po.output);
		if (r->run < 0)
			return -1;
	}
	rc = rewrite(r);
	if (!rc)
		rc = check(r);
	if (!rc)
		rc = write_series(r, dir, &series);
	for (size_t i = 0; !rc && !po.dry_run && i < series.n; i++)
		rc = record_patch(r, &series.v[i], (int)i + 1);
	if (report_rejections(r))
		rc = -1;
	if (!rc && po.apply && series.n)
		rc = apply_series(r, dir);
	if (!po.dry_run && md_db_patch_run_finish(r->db, r->run, rc ? "incomplete" : "complete"))
		rc = -1;
	if (!rc)
		print_summary(r, &series, po.dry_run ? NULL : po.output, now_seconds() - start);
	md_series_release(&series);
	return rc;
}

int cmd_patch(int argc, char **argv)
{
	struct patch_run run = { .targets = { 0 }, .cocci = STRV_INIT };
	char *command = command_line(argc, argv);
	int n, rc;

	po.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (po.jobs < 1)
		po.jobs = 1;
	po.cocci_dir = cocci_dir_default();
	n = md_parse_options(argc, argv, options, &usage, 0);
	if (n < 1)
		md_usage_error(&usage, "which kernel tree? (memdesc patch TREE [SCOPE...])");
	if (po.dry_run && po.apply)
		md_usage_error(&usage, "--dry-run and --apply contradict each other");
	for (int i = 1; i < n; i++)
		scope_option(NULL, argv[i]);
	rc = prepare(&run, argv[0]) || convert(&run, command) ? EXIT_ERROR
	     : run.rejected ? EXIT_PARTIAL : EXIT_CLEAN;
	patch_run_release(&run);
	strv_release(&scope);
	free(command);
	return rc;
}
