// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-coverage.c - memdesc coverage: every textual candidate of every rule
 * in the .c and .h files of a scan's scope, classified against what the
 * scan stored (analyzer/coverage.h), counted per rule and per top-level
 * directory, and the unexplained ones listed.  Opens the database
 * read-only: reading never writes.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "../analyzer/coverage.h"
#include "../analyzer/rules.h"
#include "../db/query.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/strv.h"
#include "../lib/xalloc.h"
#include "cli.h"

static const struct md_usage usage = {
	.command = "coverage",
	.synopsis = "[options] [SCOPE...]",
	.about = "Every textual candidate of every rule (a field name after -> or ., a callee\n"
		 "before (, a record in a cast), outside comments and strings, in the .c and .h\n"
		 "files of the scan's scope (or of SCOPE, paths relative to the tree), is a\n"
		 "finding or explained by what the scan stored; the rest is unexplained.\n"
		 "The scan must have been made with scan --census.\n"
		 "Exit status: 0 every candidate explained, 1 unexplained candidates, 2 error\n"
		 "(no such database or scan, a scan without census), 3 the scan is partial.\n",
};

static const char *db_path = "memdesc.db", *format = "text";
static int scan_id, list_only;

static const struct md_option options[] = {
	MD_OPT_STRING(0, "db", &db_path, "PATH", "database (default memdesc.db)"),
	MD_OPT_INT(0, "scan", &scan_id, 1, 2147483647, "ID", "which scan (default: the newest)"),
	MD_OPT_STRING(0, "format", &format, "FMT", "text (default) or json"),
	MD_OPT_FLAG(0, "list-unexplained", &list_only,
		    "only the unexplained candidates, one line each"),
	MD_OPT_END(),
};

/* Top-level directories of host programs and user space: the fallback leaves them too. */
static const char *const not_kernel[] = { "tools", "scripts", "Documentation", "usr", NULL };

/* What the scan stored, every file at once, sorted by path. */
struct stored {
	struct md_cov_finding *findings;
	char **finding_paths;
	size_t nfindings, findings_cap;
	struct md_census *census;
	size_t ncensus, census_cap;
	struct strv read;     /* every file some parsed TU read */
	struct strv fallback; /* files with a record no parsed TU read: the fallback's */
};

static int keep_finding(void *data, const struct md_finding *f)
{
	struct stored *s = data;

	ALLOC_GROW(s->findings, s->nfindings + 1, s->findings_cap);
	s->finding_paths = xrealloc(s->finding_paths, s->findings_cap * sizeof(*s->finding_paths));
	s->finding_paths[s->nfindings] = xstrdup(f->path);
	s->findings[s->nfindings++] = (struct md_cov_finding){
		.rule = xstrdup(f->rule), .line = f->line, .col = f->col,
	};
	return 0;
}

static int keep_census(void *data, const struct md_census *c)
{
	struct stored *s = data;

	ALLOC_GROW(s->census, s->ncensus + 1, s->census_cap);
	s->census[s->ncensus] = *c;
	s->census[s->ncensus].path = xstrdup(c->path);
	s->census[s->ncensus].name = xstrdup_or_null(c->name);
	s->census[s->ncensus++].record = xstrdup_or_null(c->record);
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int sorted_has(const struct strv *sorted, const char *s)
{
	return sorted->n && bsearch(&s, sorted->v, sorted->n, sizeof(*sorted->v), str_cmp);
}

static int keep_fallback(void *data, const struct md_file_record *rec)
{
	struct stored *s = data;

	if (!strcmp(rec->status, "ok") && !sorted_has(&s->read, rec->path))
		strv_push(&s->fallback, rec->path);
	return 0;
}

static int load(struct md_db *db, int64_t scan, struct stored *s)
{
	if (md_query_findings(db, scan, NULL, keep_finding, s) < 0 ||
	    md_query_census(db, scan, keep_census, s) || md_query_scan_inputs(db, scan, &s->read) ||
	    md_query_files(db, scan, keep_fallback, s))
		return -1;
	if (s->fallback.n)
		qsort(s->fallback.v, s->fallback.n, sizeof(*s->fallback.v), str_cmp);
	return 0;
}

static void stored_release(struct stored *s)
{
	for (size_t i = 0; i < s->nfindings; i++) {
		free(s->finding_paths[i]);
		free((char *)s->findings[i].rule);
	}
	free(s->findings);
	free(s->finding_paths);
	for (size_t i = 0; i < s->ncensus; i++) {
		free((char *)s->census[i].path);
		free((char *)s->census[i].name);
		free((char *)s->census[i].record);
	}
	free(s->census);
	strv_release(&s->read);
	strv_release(&s->fallback);
}

/* --- the files of the scope --- */

static struct strv sources;
static const char *walk_root;

static int add_source(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *rel = md_path_under(walk_root, path);

	(void)st;
	if (type == FTW_D && ftw->level == 1 && rel) {
		for (const char *const *n = not_kernel; *n; n++)
			if (!strcmp(rel, *n))
				return FTW_SKIP_SUBTREE;
	}
	if (type == FTW_F && rel && *rel &&
	    (md_path_has_suffix(path, ".c") || md_path_has_suffix(path, ".h")))
		strv_push(&sources, rel);
	return 0;
}

/* scope_sources - the .c and .h files under each of @scope (none: the tree), sorted, once. */
static void scope_sources(const char *tree, const struct strv *scope)
{
	walk_root = tree;
	if (!scope->n)
		nftw(tree, add_source, 64, FTW_PHYS | FTW_ACTIONRETVAL);
	for (size_t i = 0; i < scope->n; i++) {
		char *path = md_path_join(tree, scope->v[i]);

		nftw(path, add_source, 64, FTW_PHYS | FTW_ACTIONRETVAL);
		free(path);
	}
	if (sources.n)
		qsort(sources.v, sources.n, sizeof(*sources.v), str_cmp);
	/* overlapping scopes: each file once */
	for (size_t i = 1; i < sources.n;) {
		if (strcmp(sources.v[i - 1], sources.v[i])) {
			i++;
			continue;
		}
		free(sources.v[i]);
		memmove(&sources.v[i], &sources.v[i + 1], (sources.n - i - 1) * sizeof(*sources.v));
		sources.n--;
	}
}

/* split_words - the space-separated words of @s into @out. */
static void split_words(struct strv *out, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, " ");

		if (n)
			strv_push_owned(out, xstrndup(s, n));
		s += n + (s[n] != 0);
	}
}

/* --- counting --- */

struct count_row {
	char *key;
	long n[MD_COV_CLASSES];
	long total;
};

struct tally {
	struct count_row *rules, *dirs;
	size_t nrules, rules_cap, ndirs, dirs_cap;
	struct strv unexplained; /* the lines of the list */
	long candidates, files;
	json_t *json_list;
};

static struct count_row *row_of(struct count_row **rows, size_t *n, size_t *cap, const char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*rows)[i].key, key))
			return &(*rows)[i];
	ALLOC_GROW(*rows, *n + 1, *cap);
	memset(&(*rows)[*n], 0, sizeof(**rows));
	(*rows)[*n].key = xstrdup(key);
	return &(*rows)[(*n)++];
}

static void count(void *data, const struct md_cov_candidate *c)
{
	struct tally *t = data;
	size_t slash = strcspn(c->path, "/");
	char dir[256];
	struct count_row *r;

	snprintf(dir, sizeof(dir), "%.*s", (int)slash, c->path);
	if (!c->path[slash])
		snprintf(dir, sizeof(dir), ".");
	r = row_of(&t->rules, &t->nrules, &t->rules_cap, c->rule);
	r->n[c->class]++;
	r->total++;
	r = row_of(&t->dirs, &t->ndirs, &t->dirs_cap, dir);
	r->n[c->class]++;
	r->total++;
	t->candidates++;
	if (c->class != MD_COV_UNEXPLAINED)
		return;
	strv_push_owned(&t->unexplained,
			xasprintf("%s:%u:%u: note: %s candidate '%s' unexplained%s%s%s [coverage]",
				  c->path, c->line, c->col, c->rule, c->token, c->why ? " (" : "",
				  c->why ? c->why : "", c->why ? ")" : ""));
	if (t->json_list) {
		json_t *o = json_object();

		json_object_set_new(o, "path", json_string(c->path));
		json_object_set_new(o, "line", json_integer(c->line));
		json_object_set_new(o, "column", json_integer(c->col));
		json_object_set_new(o, "rule", json_string(c->rule));
		json_object_set_new(o, "token", json_string(c->token));
		if (c->why)
			json_object_set_new(o, "why", json_string(c->why));
		json_array_append_new(t->json_list, o);
	}
}

/*
 * A walk over the findings and the census, both sorted by path as the
 * read API returns them, in step with the files, which are visited in path
 * order too: each file's entries are the next run of its path.
 */
struct cursor {
	size_t finding, census;
};

/* slice - the entries of @path, from @cur on, into @f; @cur moves past them. */
static void slice(const struct stored *s, struct cursor *cur, const char *path,
		  struct md_cov_file *f)
{
	size_t i = cur->finding;

	while (i < s->nfindings && strcmp(s->finding_paths[i], path) < 0)
		i++;
	f->findings = s->findings + i;
	for (f->nfindings = 0; i < s->nfindings && !strcmp(s->finding_paths[i], path); i++)
		f->nfindings++;
	cur->finding = i;
	for (i = cur->census; i < s->ncensus && strcmp(s->census[i].path, path) < 0;)
		i++;
	f->census = s->census + i;
	for (f->ncensus = 0; i < s->ncensus && !strcmp(s->census[i].path, path); i++)
		f->ncensus++;
	cur->census = i;
}

/* --- output --- */

static const char *const short_names[MD_COV_CLASSES] = {
	[MD_COV_FINDING] = "finding",
	[MD_COV_OTHER_RECORD] = "record",
	[MD_COV_MACRO_DEFINITION] = "macro",
	[MD_COV_SKIPPED_FALLBACK] = "skipped",
	[MD_COV_FALLBACK_FILE] = "fallback",
	[MD_COV_DEBUG_ARGUMENT] = "debug",
	[MD_COV_DECLARATOR] = "decl",
	[MD_COV_CAST_OTHER] = "cast",
	[MD_COV_TYPE_NAME] = "type",
	[MD_COV_VARIABLE] = "var",
	[MD_COV_DROPPED] = "dropped",
	[MD_COV_UNEXPLAINED] = "unexpl",
};

static void print_rows(const char *what, const struct count_row *rows, size_t n, FILE *out)
{
	long sum[MD_COV_CLASSES] = { 0 }, total = 0;

	fprintf(out, "%-16s", what);
	for (int k = 0; k < MD_COV_CLASSES; k++)
		fprintf(out, " %8s", short_names[k]);
	fprintf(out, " %8s\n", "total");
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%-16s", rows[i].key);
		for (int k = 0; k < MD_COV_CLASSES; k++) {
			fprintf(out, " %8ld", rows[i].n[k]);
			sum[k] += rows[i].n[k];
		}
		fprintf(out, " %8ld\n", rows[i].total);
		total += rows[i].total;
	}
	fprintf(out, "%-16s", "total");
	for (int k = 0; k < MD_COV_CLASSES; k++)
		fprintf(out, " %8ld", sum[k]);
	fprintf(out, " %8ld\n", total);
}

static json_t *rows_json(const struct count_row *rows, size_t n)
{
	json_t *obj = json_object();

	for (size_t i = 0; i < n; i++) {
		json_t *r = json_object();

		for (int k = 0; k < MD_COV_CLASSES; k++)
			json_object_set_new(r, md_cov_class_name(k), json_integer(rows[i].n[k]));
		json_object_set_new(r, "total", json_integer(rows[i].total));
		json_object_set_new(obj, rows[i].key, r);
	}
	return obj;
}

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct count_row *)a)->key, ((const struct count_row *)b)->key);
}

static void print_text(const struct md_scan_info *info, struct tally *t, FILE *out)
{
	long unexplained = (long)t->unexplained.n;

	if (!list_only) {
		fprintf(out, "coverage of scan %lld (%s, scope %s): %ld candidates in %ld files, "
			"%ld unexplained\n\n", (long long)info->id, info->tree,
			*info->scope ? info->scope : "whole tree", t->candidates, t->files,
			unexplained);
		print_rows("rule", t->rules, t->nrules, out);
		fputc('\n', out);
		print_rows("directory", t->dirs, t->ndirs, out);
		fputs("\n", out);
		for (int k = 0; k < MD_COV_CLASSES; k++)
			fprintf(out, "%-9s %s\n", short_names[k], md_cov_class_name(k));
		if (unexplained)
			fputc('\n', out);
	}
	for (size_t i = 0; i < t->unexplained.n; i++)
		fprintf(out, "%s\n", t->unexplained.v[i]);
}

static void print_json(const struct md_scan_info *info, struct tally *t, FILE *out)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "scan", json_integer(info->id));
	json_object_set_new(obj, "tree", json_string(info->tree));
	json_object_set_new(obj, "candidates", json_integer(t->candidates));
	json_object_set_new(obj, "files", json_integer(t->files));
	json_object_set_new(obj, "unexplained", json_integer((json_int_t)t->unexplained.n));
	json_object_set_new(obj, "rules", rows_json(t->rules, t->nrules));
	json_object_set_new(obj, "directories", rows_json(t->dirs, t->ndirs));
	json_object_set_new(obj, "unexplained_candidates", json_incref(t->json_list));
	json_dumpf(obj, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(obj);
}

/* --- the command --- */

static int classify_all(const struct md_scan_info *info, const struct stored *s,
			const struct md_rule *const *rules, size_t nrules, struct tally *t)
{
	struct md_coverage *cov = md_coverage_new(rules, nrules);
	struct cursor cur = { 0 };

	if (!cov)
		return -1;
	/* the rule table's order, also for rules without a candidate */
	for (size_t i = 0; i < nrules; i++)
		row_of(&t->rules, &t->nrules, &t->rules_cap, rules[i]->id);
	for (size_t i = 0; i < sources.n; i++) {
		char *abs = md_path_join(info->tree, sources.v[i]);
		struct md_cov_file f = { .path = sources.v[i] };
		char *text = md_read_text(abs, &f.len);

		if (!text) {
			md_warning("%s: cannot read it: its candidates are not counted", abs);
			free(abs);
			continue;
		}
		f.text = text;
		f.fallback = sorted_has(&s->fallback, sources.v[i]);
		f.parsed = sorted_has(&s->read, sources.v[i]);
		slice(s, &cur, sources.v[i], &f);
		md_coverage_file(cov, &f, count, t);
		t->files++;
		free(text);
		free(abs);
	}
	md_coverage_free(cov);
	if (t->ndirs)
		qsort(t->dirs, t->ndirs, sizeof(*t->dirs), row_cmp);
	return 0;
}

/* scan_rules - the rules the scan ran, from its record. */
static size_t scan_rules(const struct md_scan_info *info, const struct md_rule **out)
{
	struct strv words = STRV_INIT;
	size_t n = 0;

	split_words(&words, info->rules);
	for (size_t i = 0; i < words.n; i++) {
		const struct md_rule *r = md_rule_find(words.v[i]);

		if (r)
			out[n++] = r;
		else
			md_warning("scan %lld ran rule '%s', which this memdesc does not know",
				   (long long)info->id, words.v[i]);
	}
	strv_release(&words);
	return n;
}

int cmd_coverage(int argc, char **argv)
{
	const struct md_rule *rules[64];
	struct strv scope = STRV_INIT;
	struct md_scan_info info;
	struct stored s = { 0 };
	struct tally t = { 0 };
	struct md_db *db;
	int64_t scan;
	size_t nrules;
	int n, rc;

	n = md_parse_options(argc, argv, options, &usage, 0);
	if (strcmp(format, "text") && strcmp(format, "json"))
		md_usage_error(&usage, "--format: '%s' is not text or json", format);
	for (int i = 0; i < n; i++) {
		if (argv[i][0] == '/' || strstr(argv[i], ".."))
			md_usage_error(&usage, "'%s': a scope is a path relative to the tree", argv[i]);
		strv_push(&scope, argv[i]);
	}
	db = open_scan_to_read(db_path, scan_id, &info);
	if (!db) {
		strv_release(&scope);
		return EXIT_ERROR;
	}
	scan = info.id;
	rc = EXIT_ERROR;
	if (!info.census) {
		md_error("scan %lld has no census: rescan with --census", (long long)scan);
		goto out;
	}
	if (!scope.n)
		split_words(&scope, info.scope);
	nrules = scan_rules(&info, rules);
	if (!strcmp(format, "json"))
		t.json_list = json_array();
	if (load(db, scan, &s))
		goto out;
	scope_sources(info.tree, &scope);
	if (classify_all(&info, &s, rules, nrules, &t))
		goto out;
	if (!strcmp(format, "json"))
		print_json(&info, &t, stdout);
	else
		print_text(&info, &t, stdout);
	rc = t.unexplained.n ? EXIT_FINDINGS : EXIT_CLEAN;
	if (strcmp(info.status, "complete") || info.tus_failed) {
		md_warning("scan %lld is %s: what it did not scan is unexplained", (long long)scan,
			   strcmp(info.status, "complete") ? info.status : "partial");
		rc = EXIT_PARTIAL;
	}
out:
	for (size_t i = 0; i < t.nrules; i++)
		free(t.rules[i].key);
	for (size_t i = 0; i < t.ndirs; i++)
		free(t.dirs[i].key);
	free(t.rules);
	free(t.dirs);
	strv_release(&t.unexplained);
	json_decref(t.json_list);
	stored_release(&s);
	strv_release(&sources);
	strv_release(&scope);
	md_scan_info_release(&info);
	md_db_close(db);
	return rc;
}
