// SPDX-License-Identifier: GPL-2.0
/*
 * validate.c - the checks a conversion passes before it is emitted: it
 * applies, it compiles with nothing new (compile.c), checkpatch finds
 * nothing new.  Every check works in a directory of its own under the
 * scratch directory: the checks of several files run at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kbuild/saved.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "check.h"

const char *md_step_name(enum md_step step)
{
	switch (step) {
	case MD_STEP_APPLY:
		return "apply";
	case MD_STEP_COMPILE:
		return "compile";
	case MD_STEP_CHECKPATCH:
		return "checkpatch";
	case MD_STEP_RESCAN:
		return "rescan";
	}
	BUG("unknown step %d", (int)step);
}

void md_verdict_release(struct md_verdict *v)
{
	free(v->reason);
	memset(v, 0, sizeof(*v));
}

void cv_verdict_ok(struct md_verdict *v)
{
	md_verdict_release(v);
	v->ok = 1;
}

void cv_verdict_fail(struct md_verdict *v, enum md_step step, char *reason)
{
	md_verdict_release(v);
	v->failed_step = step;
	v->reason = reason;
}

void cv_verdict_unvalidated(struct md_verdict *v, enum md_step step, char *reason)
{
	cv_verdict_fail(v, step, reason);
	v->unvalidated = 1;
}

/* --- the context, with its directories absolute --- */

void cv_canon_release(struct cv_canon *k)
{
	free(k->tree);
	free(k->build);
	free(k->scratch);
}

int cv_canon_open(const struct md_validate_ctx *in, struct cv_canon *k)
{
	memset(k, 0, sizeof(*k));
	if (!in->tree || !in->build || !in->scratch)
		BUG("md_validate_ctx needs a tree, a build and a scratch directory");
	k->tree = realpath(in->tree, NULL);
	k->build = realpath(in->build, NULL);
	if (!kb_mkdir_p(in->scratch))
		k->scratch = realpath(in->scratch, NULL);
	if (!k->tree || !k->build || !k->scratch) {
		md_error_errno("%s: no such directory", !k->tree ? in->tree :
				  !k->build ? in->build : in->scratch);
		cv_canon_release(k);
		return -1;
	}
	k->c = (struct md_validate_ctx){ .tree = k->tree, .build = k->build,
					 .scratch = k->scratch, .timeout = in->timeout };
	return 0;
}

/* --- apply --- */

/* failed_line - the first line of patch's output that is not "checking file". */
static char *failed_line(const char *s)
{
	while (!strncmp(s, "checking file ", 14) && strchr(s, '\n'))
		s = strchr(s, '\n') + 1;
	return cv_first_line(s);
}

/* is_git_top - @tree is the top of a git work tree (not just somewhere inside one). */
static int is_git_top(const struct md_validate_ctx *c, const char *tmp)
{
	char *argv[] = { "git", "rev-parse", "--show-toplevel", NULL };
	char *out = md_path_join(tmp, "git.out"), *top;
	struct cv_run r = { 0 };
	int yes = 0;

	if (!cv_run(c->tree, argv, out, c->timeout, &r) && !r.status && !r.timed_out) {
		top = cv_first_line(r.out);
		yes = cv_same_path(top, c->tree);
		free(top);
	}
	cv_run_release(&r);
	free(out);
	return yes;
}

/*
 * apply_diff - apply @diff to the tree with git apply at the top of a git
 * work tree, else patch -p1; only check that it would with @check.
 */
static int apply_diff(const struct md_validate_ctx *c, const char *diff, int check,
		      struct md_verdict *v)
{
	char *tmp = cv_scratch_dir(c), *file = NULL, *out = NULL;
	struct strv argv = STRV_INIT;
	struct cv_run r = { 0 };
	int rc = -1;

	md_verdict_release(v);
	if (!tmp)
		return -1;
	file = md_path_join(tmp, "change.diff");
	out = md_path_join(tmp, "apply.out");
	if (md_write_text(file, diff))
		goto out;
	if (is_git_top(c, tmp)) {
		strv_push(&argv, "git");
		strv_push(&argv, "apply");
		if (check)
			strv_push(&argv, "--check");
	} else {
		strv_push(&argv, "patch");
		strv_push(&argv, "-p1");
		strv_push(&argv, "--batch");
		strv_push(&argv, "--fuzz=0");
		if (check)
			strv_push(&argv, "--dry-run");
		strv_push(&argv, "-i");
	}
	strv_push(&argv, file);
	if (cv_run(c->tree, argv.v, out, c->timeout, &r))
		goto out;
	rc = 0;
	if (r.timed_out)
		cv_verdict_fail(v, MD_STEP_APPLY, xasprintf("the apply check took longer than %d s",
							 c->timeout));
	else if (r.status)
		cv_verdict_fail(v, MD_STEP_APPLY, *r.out ? failed_line(r.out)
						      : xasprintf("exit status %d", r.status));
	else
		cv_verdict_ok(v);
out:
	strv_release(&argv);
	cv_run_release(&r);
	free(file);
	free(out);
	cv_scratch_remove(tmp);
	return rc;
}

static int apply_in_tree(const struct md_validate_ctx *c, const char *diff, int check,
			 struct md_verdict *v)
{
	struct cv_canon k;
	int rc;

	md_verdict_release(v);
	if (cv_canon_open(c, &k))
		return -1;
	rc = apply_diff(&k.c, diff, check, v);
	cv_canon_release(&k);
	return rc;
}

int md_validate_apply(const struct md_validate_ctx *c, const char *diff, struct md_verdict *v)
{
	return apply_in_tree(c, diff, 1, v);
}

int md_apply(const struct md_validate_ctx *c, const char *diff, struct md_verdict *v)
{
	return apply_in_tree(c, diff, 0, v);
}

/* --- checkpatch --- */

/* One checkpatch report: "ERROR:TYPE: message" and the place it points at. */
struct cp_issue {
	int error;	/* ERROR, else WARNING */
	char *type;
	char *text;	/* "path:line: ERROR:TYPE: message" */
	int hunk;	/* the hunk of the mail it is in, 0: the message */
};

struct cp_issues {
	struct cp_issue *v;
	size_t n, alloc;
};

static void cp_issues_release(struct cp_issues *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].type);
		free(s->v[i].text);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* hunk_at - the number of hunk headers in @mail up to its line @lineno (1-based). */
static int hunk_at(const char *mail, long lineno)
{
	int hunks = 0;

	for (long n = 1; *mail && n <= lineno; n++) {
		hunks += !strncmp(mail, "@@ ", 3);
		mail = strchrnul(mail, '\n');
		if (*mail)
			mail++;
	}
	return hunks;
}

/*
 * parse_checkpatch - the ERROR and WARNING reports of checkpatch.pl
 * --show-types output @out on @mail: a "TYPE:NAME: message" line, then
 * "#N: FILE: path:line:" (or just "#N:") naming the line of the mail.
 */
static void parse_checkpatch(const char *out, const char *mail, struct cp_issues *s)
{
	struct cp_issue *last = NULL;

	while (*out) {
		size_t len = strcspn(out, "\n");
		char *line = xstrndup(out, len), *colon;
		long n;
		int error = !strncmp(line, "ERROR:", 6);

		if ((error || !strncmp(line, "WARNING:", 8)) &&
		    (colon = strchr(line + (error ? 6 : 8), ':'))) {
			ALLOC_GROW(s->v, s->n + 1, s->alloc);
			last = &s->v[s->n++];
			last->error = error;
			last->type = xstrndup(line + (error ? 6 : 8), colon - line - (error ? 6 : 8));
			last->text = xstrdup(line);
			last->hunk = 0;
		} else if (last && line[0] == '#' && sscanf(line, "#%ld:", &n) == 1) {
			const char *file = strstr(line, ": FILE: ");
			char *text;

			last->hunk = hunk_at(mail, n);
			if (file) {
				text = xasprintf("%.*s: %s", (int)strcspn(file + 8, "\n") -
					 (md_path_has_suffix(file, ":") ? 1 : 0), file + 8, last->text);
				free(last->text);
				last->text = text;
			}
			last = NULL;
		} else {
			last = NULL;
		}
		free(line);
		out += len + (out[len] == '\n');
	}
}

/* parse_range - "-a,b" or "-a" (b = 1) at @s, the sign given; the end, or NULL. */
static const char *parse_range(const char *s, char sign, long *start, long *count)
{
	char *end;

	if (*s != sign)
		return NULL;
	*start = strtol(s + 1, &end, 10);
	*count = 1;
	if (*end == ',')
		*count = strtol(end + 1, &end, 10);
	return end;
}

/* hunk_header - the ranges of "@@ -a,b +c,d @@"; the " @@" after them, or NULL. */
static const char *hunk_header(const char *line, long r[4])
{
	const char *p;

	if (strncmp(line, "@@ ", 3))
		return NULL;
	p = parse_range(line + 3, '-', &r[0], &r[1]);
	if (!p || *p != ' ')
		return NULL;
	p = parse_range(p + 1, '+', &r[2], &r[3]);
	return p && !strncmp(p, " @@", 3) ? p : NULL;
}

/*
 * reverse_mail - @mail with its change turned around: in each hunk, - and
 * + lines swapped and the header's ranges with them.  Every line keeps its
 * place, so a report on the same hunk of both is at the same place.
 */
static char *reverse_mail(const char *mail)
{
	char *r = xmalloc(strlen(mail) * 2 + 64), *d = r;
	long old_left = 0, new_left = 0, h[4];

	while (*mail) {
		size_t n = strcspn(mail, "\n");
		const char *rest;

		n += mail[n] == '\n';
		if (!old_left && !new_left && (rest = hunk_header(mail, h))) {
			d += sprintf(d, "@@ -%ld,%ld +%ld,%ld", h[2], h[3], h[0], h[1]);
			memcpy(d, rest, n - (rest - mail));
			d += n - (rest - mail);
			old_left = h[1];
			new_left = h[3];
			mail += n;
			continue;
		}
		memcpy(d, mail, n);
		if (*mail == '-' && old_left)
			*d = '+', old_left--;
		else if (*mail == '+' && new_left)
			*d = '-', new_left--;
		else if ((*mail == ' ' || *mail == '\n') && old_left && new_left)
			old_left--, new_left--;
		else if (*mail != '\\')
			old_left = new_left = 0;	/* the hunk ended early */
		d += n;
		mail += n;
	}
	*d = '\0';
	return r;
}

/* checkpatch_on - checkpatch.pl on @mail into @s; -1 (reported) when it does not run. */
static int checkpatch_on(const struct md_validate_ctx *c, const char *mail, const char *tmp,
			 const char *name, struct cp_issues *s)
{
	char *file = md_path_join(tmp, name), *out = xasprintf("%s.out", file);
	char *argv[] = { "perl", "scripts/checkpatch.pl", "--show-types", "--no-signoff",
			 file, NULL };
	struct cv_run r = { 0 };
	int rc = -1;

	if (md_write_text(file, mail) || cv_run(c->tree, argv, out, c->timeout, &r))
		goto out;
	if (r.timed_out) {
		md_error("scripts/checkpatch.pl took longer than %d s", c->timeout);
	} else if (!strstr(r.out, "\ntotal: ") && strncmp(r.out, "total: ", 7)) {
		char *why = cv_first_line(r.out);

		md_error("scripts/checkpatch.pl did not check the patch: %s",
			 *why ? why : "no output");
		free(why);
	} else {
		parse_checkpatch(r.out, mail, s);
		rc = 0;
	}
out:
	cv_run_release(&r);
	free(out);
	free(file);
	return rc;
}

/* drawn_by - a report of @type at @hunk in @s. */
static int drawn_by(const struct cp_issues *s, const char *type, int hunk)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].type, type) && s->v[i].hunk == hunk)
			return 1;
	return 0;
}

/* judge_checkpatch - the first error, or warning the reverse change does not draw. */
static int judge_checkpatch(const struct md_validate_ctx *c, const char *mail, const char *tmp,
			    const struct cp_issues *fwd, struct md_verdict *v)
{
	struct cp_issues rev = { 0 };
	char *reversed = NULL;
	const struct cp_issue *bad = NULL;
	int rc = 0;

	for (size_t i = 0; i < fwd->n && !bad; i++)
		if (fwd->v[i].error)
			bad = &fwd->v[i];
	if (!bad && fwd->n) {
		reversed = reverse_mail(mail);
		rc = checkpatch_on(c, reversed, tmp, "reverse.patch", &rev);
		for (size_t i = 0; !rc && i < fwd->n && !bad; i++)
			if (!drawn_by(&rev, fwd->v[i].type, fwd->v[i].hunk))
				bad = &fwd->v[i];
	}
	if (!rc && bad)
		cv_verdict_fail(v, MD_STEP_CHECKPATCH, xstrdup(bad->text));
	else if (!rc)
		cv_verdict_ok(v);
	cp_issues_release(&rev);
	free(reversed);
	return rc;
}

static int validate_checkpatch(const struct md_validate_ctx *c, const char *mail, struct md_verdict *v)
{
	char *script = md_path_join(c->tree, "scripts/checkpatch.pl"), *tmp = NULL;
	struct cp_issues fwd = { 0 };
	int rc = -1;

	md_verdict_release(v);
	if (!kb_is_file(script)) {
		md_error("%s: no such file", script);
		goto out;
	}
	tmp = cv_scratch_dir(c);
	if (tmp && !checkpatch_on(c, mail, tmp, "change.patch", &fwd))
		rc = judge_checkpatch(c, mail, tmp, &fwd, v);
out:
	cp_issues_release(&fwd);
	cv_scratch_remove(tmp);
	free(script);
	return rc;
}

int md_validate_checkpatch(const struct md_validate_ctx *c, const char *mail, struct md_verdict *v)
{
	struct cv_canon k;
	int rc;

	md_verdict_release(v);
	if (cv_canon_open(c, &k))
		return -1;
	rc = validate_checkpatch(&k.c, mail, v);
	cv_canon_release(&k);
	return rc;
}
