// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - spatch in report mode, its output as findings
 * (md_spatch_report of cocci/run.h).
 *
 * Two output forms are read.  The semantic patches of memdesc print, when
 * MEMDESC_COCCI_FORMAT=json is in the environment (which this file sets),
 * one JSON object per finding from their python report rules:
 *
 *   {"file": F, "line": L, "col": C, "begin_line": L1, "begin_col": C1,
 *    "line_end": L2, "col_end": C2, "function": NAME, "message": "... [rule-id]"}
 *
 * with Coccinelle's positions (1-based lines, 0-based columns): (L, C)
 * where the finding is reported, the token the libclang engine reports at
 * (the member of a member access, the callee of a call); L1:C1 to L2:C2
 * (exclusive; begin_* optional, default L:C) the matched expression; and
 * p.current_element as the function.  Any other semantic
 * patch prints coccilib.report's "F:L:C-C2: message [rule-id]", which has
 * no function: its findings get "" (file scope), so their fingerprints
 * match the libclang engine's only for findings outside functions.
 *
 * The matched text is the source text of the reported range with the
 * whitespace removed (md_normalize()), as the libclang engine takes the
 * extent of its cursor, so both engines fingerprint the same code alike.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"
#include "run.h"
#include "../lib/file.h"

#define MATCHED_MAX 256
#define FORMAT_ENV "MEMDESC_COCCI_FORMAT"

/* One reported position, before it becomes a finding. */
struct report_hit {
	unsigned int line, col;		/* where: col 0-based */
	unsigned int begin_line, begin_col, line_end, col_end; /* the matched range, end exclusive */
	char *function;
	char *message;
};

struct hit_list {
	struct report_hit *v;
	size_t n, alloc;
};

/* A file's text with its line starts. */
struct source {
	char *text;
	size_t len;
	size_t *line_start; /* offset of line i + 1 */
	size_t nlines;
};

static void source_load(struct source *s, const char *path)
{
	size_t alloc = 0;

	memset(s, 0, sizeof(*s));
	s->text = md_read_text(path, &s->len);
	if (!s->text)
		return;
	ALLOC_GROW(s->line_start, 1, alloc);
	s->line_start[s->nlines++] = 0;
	for (size_t i = 0; i < s->len; i++) {
		if (s->text[i] == '\n') {
			ALLOC_GROW(s->line_start, s->nlines + 1, alloc);
			s->line_start[s->nlines++] = i + 1;
		}
	}
}

static void source_release(struct source *s)
{
	free(s->text);
	free(s->line_start);
}

/* offset_of - the byte offset of (@line, @col 0-based), clamped to its line. */
static size_t offset_of(const struct source *s, unsigned int line, unsigned int col)
{
	size_t start, end;

	if (!line || line > s->nlines)
		return s->len;
	start = s->line_start[line - 1];
	end = line < s->nlines ? s->line_start[line] - 1 : s->len;
	return start + col < end ? start + col : end;
}

static char *line_of(const struct source *s, unsigned int line, size_t *len)
{
	size_t start = offset_of(s, line, 0), end = start;

	while (end < s->len && s->text[end] != '\n')
		end++;
	*len = end - start;
	return xstrndup(s->text + start, *len);
}

/* rule_of - the "[rule-id]" at the end of @message: a new string, NULL if none. */
static char *rule_of(const char *message, size_t *text_len)
{
	size_t len = strlen(message), open;

	while (len && message[len - 1] == ' ')
		len--;
	if (!len || message[len - 1] != ']')
		return NULL;
	for (open = len - 1; open > 0 && message[open - 1] != '['; open--)
		if (message[open - 1] == ' ')
			return NULL;
	if (!open || open == len - 1)
		return NULL;
	*text_len = open - 1;
	while (*text_len && message[*text_len - 1] == ' ')
		(*text_len)--;
	return xstrndup(message + open, len - 1 - open);
}

static int parse_json_hit(const char *line, struct report_hit *h, char **file)
{
	json_t *o = json_loads(line, 0, NULL);
	const char *fn = NULL, *msg = NULL, *path = NULL;
	json_int_t l = 0, c = 0, le = 0, ce = 0, bl = 0, bc = -1;

	if (!o)
		return -1;
	if (json_unpack(o, "{s:s, s:I, s:I, s:I, s:I, s?I, s?I, s?s, s:s}", "file", &path,
			"line", &l, "col", &c,
			"line_end", &le, "col_end", &ce, "begin_line", &bl, "begin_col", &bc,
			"function", &fn, "message", &msg) || l <= 0 || c < 0) {
		json_decref(o);
		return -1;
	}
	h->line = (unsigned int)l;
	h->col = (unsigned int)c;
	h->begin_line = bl > 0 ? (unsigned int)bl : h->line;
	h->begin_col = bl > 0 && bc >= 0 ? (unsigned int)bc : h->col;
	h->line_end = le > 0 ? (unsigned int)le : h->line;
	h->col_end = ce > 0 ? (unsigned int)ce : h->col;
	/* Coccinelle's name for a position outside any function */
	h->function = xstrdup(fn && strcmp(fn, "something_else") ? fn : "");
	h->message = xstrdup(msg);
	*file = xstrdup(path);
	json_decref(o);
	return 0;
}

/* parse_text_hit - "F:L:C-C2: message", as coccilib.report prints it. */
static int parse_text_hit(const char *line, const char *target, struct report_hit *h)
{
	size_t tlen = strlen(target);
	unsigned int l, c, ce;
	int used = 0;

	if (strncmp(line, target, tlen) || line[tlen] != ':')
		return -1;
	if (sscanf(line + tlen, ":%u:%u-%u: %n", &l, &c, &ce, &used) != 3 || !used || !l)
		return -1;
	h->line = h->line_end = h->begin_line = l;
	h->col = h->begin_col = c;
	h->col_end = ce;
	h->function = xstrdup("");
	h->message = xstrdup(line + tlen + used);
	return 0;
}

/* target_of - the index in @targets of @path, or -1. */
static long target_of(const struct strv *targets, size_t from, size_t n, const char *path)
{
	for (size_t i = from; i < from + n; i++)
		if (!strcmp(targets->v[i], path))
			return (long)i;
	return -1;
}

/*
 * read_hits - the findings spatch printed in @log for the targets
 * @from .. @from + @n - 1, each onto its file's list in @hits.
 */
static void read_hits(const char *log, const struct strv *targets, size_t from, size_t n,
		      struct hit_list *hits)
{
	char *text = md_read_text(log, NULL), *line, *save = NULL;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct report_hit h = { 0 };
		char *file = NULL;
		long t = -1;

		if (*line == '{') {
			if (!parse_json_hit(line, &h, &file))
				t = target_of(targets, from, n, file);
			free(file);
		} else {
			for (size_t i = from; i < from + n && t < 0; i++)
				if (!parse_text_hit(line, targets->v[i], &h))
					t = (long)i;
		}
		if (t < 0) {
			free(h.function);
			free(h.message);
			continue;
		}
		ALLOC_GROW(hits[t].v, hits[t].n + 1, hits[t].alloc);
		hits[t].v[hits[t].n++] = h;
	}
	free(text);
}

static int hit_cmp(const void *a, const void *b)
{
	const struct report_hit *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->message, y->message);
}

/* to_finding - @h of @path as a finding; 0, or -1 when its message names no rule. */
static int to_finding(const struct report_hit *h, const char *path, const struct source *src,
		      struct md_finding *f)
{
	size_t text_len, begin, end;
	char *rule = rule_of(h->message, &text_len);
	const char *msg = h->message;

	if (!rule)
		return -1;
	if (!strncmp(msg, "WARNING: ", 9) && text_len >= 9) {
		msg += 9;
		text_len -= 9;
	}
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->path = xstrdup(path);
	f->line = h->line;
	f->col = h->col + 1;
	f->function = xstrdup(h->function);
	begin = offset_of(src, h->begin_line, h->begin_col);
	end = offset_of(src, h->line_end, h->col_end);
	f->matched = md_normalize(src->text + begin, end > begin ? end - begin : 0, MATCHED_MAX);
	f->message = xstrndup(msg, text_len);
	f->source_line = line_of(src, h->line, &f->source_line_len);
	f->engine = xstrdup("coccinelle");
	f->certainty = xstrdup("typed");
	return 0;
}

/* emit_file - the findings of one file, in source order, occurrences counted. */
static int emit_file(const char *tree, const char *path, struct hit_list *hits,
		     md_cocci_finding_fn fn, void *data)
{
	struct md_finding *found = xcalloc(hits->n + 1, sizeof(*found));
	char *full = md_path_join(tree, path);
	struct source src;
	size_t n = 0;
	int rc = 0;

	source_load(&src, full);
	free(full);
	if (!src.text) {
		free(found);
		return md_error_errno("%s: cannot read", path);
	}
	qsort(hits->v, hits->n, sizeof(*hits->v), hit_cmp);
	for (size_t i = 0; i < hits->n; i++) {
		/* the same position reported twice (two rules' script) is one finding */
		if (i && !hit_cmp(&hits->v[i - 1], &hits->v[i]))
			continue;
		if (to_finding(&hits->v[i], path, &src, &found[n]))
			continue;
		for (size_t k = 0; k < n; k++)
			if (!strcmp(found[k].rule, found[n].rule) &&
			    !strcmp(found[k].function, found[n].function) &&
			    !strcmp(found[k].matched, found[n].matched))
				found[n].occurrence++;
		md_finding_fingerprint(&found[n]);
		n++;
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = fn(data, &found[i]);
	for (size_t i = 0; i < n; i++)
		md_finding_release(&found[i]);
	free(found);
	source_release(&src);
	return rc;
}

static void hits_release(struct hit_list *hits)
{
	for (size_t i = 0; i < hits->n; i++) {
		free(hits->v[i].function);
		free(hits->v[i].message);
	}
	free(hits->v);
	memset(hits, 0, sizeof(*hits));
}

/*
 * The runs of one report: a run per batch of files and semantic patch.
 * spatch reads and compiles a semantic patch (and starts python) once per
 * run, which costs more than reading most files: on five files of mm/ and
 * fs/ one run took 4.0 s, a run each 6.9 s, for the same findings.  A
 * batch that fails or times out is run again file by file, so each
 * failure is the failing file's own.
 */
#define BATCH_MAX 16

struct report_run {
	size_t from, n;	/* the files */
	size_t cocci;
};

struct report_runs {
	struct report_run *run;
	struct strv *argv;
	char ***argvs;
	struct strv logs, errs;
	int *status, *timed_out;
	size_t n, alloc;
};

/* add_run - a run of semantic patch @c over files @from .. @from + @n - 1. */
static void add_run(struct report_runs *r, size_t from, size_t n, size_t c, const char *scratch,
		    size_t *serial)
{
	ALLOC_GROW(r->run, r->n + 1, r->alloc);
	r->run[r->n++] = (struct report_run){ .from = from, .n = n, .cocci = c };
	strv_pushf(&r->logs, "%s/%zu.out", scratch, *serial);
	strv_pushf(&r->errs, "%s/%zu.err", scratch, (*serial)++);
}

/* seal_runs - the command lines of the runs, once every run is added. */
static void seal_runs(struct report_runs *r, const struct strv *targets, const char *const *files,
		      const char *tree, const struct md_spatch_opts *o)
{
	r->argv = xcalloc(r->n + 1, sizeof(*r->argv));
	r->argvs = xcalloc(r->n + 1, sizeof(*r->argvs));
	r->status = xcalloc(r->n + 1, sizeof(*r->status));
	r->timed_out = xcalloc(r->n + 1, sizeof(*r->timed_out));
	for (size_t k = 0; k < r->n; k++) {
		const struct report_run *run = &r->run[k];

		md_spatch_argv(&r->argv[k], o, "report", o->cocci[run->cocci], tree,
			       files[run->from], targets->v[run->from]);
		for (size_t i = run->from + 1; i < run->from + run->n; i++)
			strv_push(&r->argv[k], targets->v[i]);
		r->argvs[k] = r->argv[k].v;
	}
}

static void runs_release(struct report_runs *r)
{
	for (size_t k = 0; r->argv && k < r->n; k++)
		strv_release(&r->argv[k]);
	free(r->run);
	free(r->argv);
	free(r->argvs);
	free(r->status);
	free(r->timed_out);
	strv_release(&r->logs);
	strv_release(&r->errs);
	memset(r, 0, sizeof(*r));
}

/* run_with_format - the runs, with the semantic patches told to print JSON. */
static int run_with_format(struct report_runs *r, const char *scratch,
			   const struct md_spatch_opts *o)
{
	char *saved = getenv(FORMAT_ENV) ? xstrdup(getenv(FORMAT_ENV)) : NULL;
	int rc;

	setenv(FORMAT_ENV, "json", 1);
	rc = md_spatch_run_all(r->argvs, (const char *const *)r->logs.v,
			       (const char *const *)r->errs.v, r->n, scratch, o, r->status,
			       r->timed_out);
	if (saved)
		setenv(FORMAT_ENV, saved, 1);
	else
		unsetenv(FORMAT_ENV);
	free(saved);
	return rc;
}

static void report_failure(const struct md_spatch_opts *o, const char *file, size_t c,
			   const char *why)
{
	char *full = xasprintf("%s: %s", md_base_name(o->cocci[c]), why);

	if (o->failed)
		o->failed(o->failed_data, file, full);
	else
		md_warning("%s: %s", file, full);
	free(full);
}

/*
 * collect_runs - the hits of every run that succeeded; a failed batch's
 * files go to @retry one by one, a failed single file is reported.
 */
static void collect_runs(struct report_runs *r, const struct strv *targets,
			 const char *const *files, const struct md_spatch_opts *o,
			 struct hit_list *hits, struct report_runs *retry, const char *scratch,
			 size_t *serial)
{
	for (size_t k = 0; k < r->n; k++) {
		const struct report_run *run = &r->run[k];
		char *why = md_spatch_failed(r->status[k], r->timed_out[k], o->timeout,
					     r->errs.v[k]);

		if (!why) {
			read_hits(r->logs.v[k], targets, run->from, run->n, hits);
			continue;
		}
		if (run->n == 1 || !retry)
			for (size_t i = run->from; i < run->from + run->n; i++)
				report_failure(o, files[i], run->cocci, why);
		else
			for (size_t i = run->from; i < run->from + run->n; i++)
				add_run(retry, i, 1, run->cocci, scratch, serial);
		free(why);
	}
}

static size_t batch_size(size_t nfiles, const struct md_spatch_opts *o)
{
	size_t jobs = o->jobs > 0 ? (size_t)o->jobs : 1;
	/* four batches a job at least, so the jobs stay busy to the end */
	size_t b = (nfiles + jobs * 4 - 1) / (jobs * 4);

	return b < 1 ? 1 : b > BATCH_MAX ? BATCH_MAX : b;
}

int md_spatch_report(const char *tree, const char *const *files, size_t nfiles,
		     const struct md_spatch_opts *o, md_cocci_finding_fn fn, void *data)
{
	struct report_runs r = { .logs = STRV_INIT, .errs = STRV_INIT };
	struct report_runs retry = { .logs = STRV_INIT, .errs = STRV_INIT };
	struct strv targets = STRV_INIT;
	struct hit_list *hits = xcalloc(nfiles + 1, sizeof(*hits));
	char *scratch = md_scratch_dir("memdesc-spatch");
	size_t batch = batch_size(nfiles, o), serial = 0;
	int rc = 0;

	if (!scratch) {
		free(hits);
		return -1;
	}
	for (size_t i = 0; i < nfiles; i++)
		strv_push_owned(&targets, md_path_join(tree, files[i]));
	for (size_t from = 0; from < nfiles; from += batch)
		for (size_t c = 0; c < o->ncocci; c++)
			add_run(&r, from, nfiles - from < batch ? nfiles - from : batch, c, scratch,
				&serial);
	seal_runs(&r, &targets, files, tree, o);
	if (r.n)
		rc = run_with_format(&r, scratch, o);
	if (!rc)
		collect_runs(&r, &targets, files, o, hits, &retry, scratch, &serial);
	if (!rc && retry.n) {
		seal_runs(&retry, &targets, files, tree, o);
		rc = run_with_format(&retry, scratch, o);
		if (!rc)
			collect_runs(&retry, &targets, files, o, hits, NULL, scratch, &serial);
	}
	for (size_t i = 0; !rc && i < nfiles; i++)
		if (hits[i].n)
			rc = emit_file(tree, files[i], &hits[i], fn, data);
	for (size_t i = 0; i < nfiles; i++)
		hits_release(&hits[i]);
	free(hits);
	runs_release(&r);
	runs_release(&retry);
	strv_release(&targets);
	md_remove_tree(scratch);
	free(scratch);
	return rc;
}
