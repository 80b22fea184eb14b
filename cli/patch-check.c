// SPDX-License-Identifier: GPL-2.0
/*
 * patch-check.c - the checks of one rewritten file, in a worker process
 * of its own (a compiler or libclang going wrong costs that file only):
 * the change applies, compiles with nothing new, passes checkpatch, and a
 * rescan of the new text shows the findings it resolves gone and nothing
 * new.  The worker writes its verdict as JSON into a file of the scratch
 * directory; the parent reads it back.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../analyzer/engine.h"
#include "../convert/series.h"
#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "patch.h"

/* The rescan looks at a header through at most this many of the TUs that include it. */
#define MAX_HEADER_USERS 2

static const struct md_tu *find_tu(const struct patch_check_ctx *c, const char *path)
{
	char *abs = md_path_join(c->srcdir, path);
	const struct md_tu *found = NULL;

	for (size_t i = 0; i < c->tus->n && !found; i++)
		if (!strcmp(c->tus->v[i].file, abs))
			found = &c->tus->v[i];
	free(abs);
	return found;
}

static int strv_has(const struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return 1;
	return 0;
}

/*
 * findings_in - the fingerprints of @path's findings when @tu is parsed
 * with @path holding @text (NULL: as on disk), and for each its rule and
 * function as "rule TAB function" in @keys; a fingerprint already there
 * (from another TU of a header) is not added again.
 */
static int findings_in(const struct patch_check_ctx *c, const struct md_tu *tu, const char *path,
		       const char *text, struct strv *fps, struct strv *keys)
{
	char *abs = md_path_join(c->srcdir, path);
	struct md_unsaved_file overlay = { .path = abs, .text = text, .len = text ? strlen(text) : 0 };
	struct md_engine_cfg cfg = {
		.srcdir = c->srcdir, .include_headers = 1, .rules = c->rules, .nrules = c->nrules,
		.unsaved = text ? &overlay : NULL, .nunsaved = text ? 1 : 0,
	};
	struct md_tu_result res = { 0 };
	int rc = -1;

	if (chdir(tu->directory))
		md_error_errno("%s: cannot enter", tu->directory);
	else if (md_engine_run(tu, &cfg, &res) == 0 && !res.failed)
		rc = 0;
	else
		md_error("%s: the rescan produced nothing", path);
	for (size_t i = 0; !rc && i < res.nfindings; i++) {
		const struct md_finding *f = &res.findings[i];

		if (strcmp(f->path, path) || strv_has(fps, f->fingerprint))
			continue;
		strv_push(fps, f->fingerprint);
		strv_pushf(keys, "%s\t%s", f->rule, f->function ? f->function : "");
	}
	md_tu_result_release(&res);
	free(abs);
	return rc;
}


/*
 * enclosing_function - the name of the function whose body holds line
 * @line (0-based) of @lines, in kernel style: the definition starts in
 * column 0 and its body's '{' is alone in column 0.  NULL outside one.
 */
static char *enclosing_function(char **lines, size_t line)
{
	for (size_t i = line + 1; i-- > 0;) {
		const char *paren;

		if (lines[i][0] == '}')
			return NULL;
		if (lines[i][0] != '{' || i == 0)
			continue;
		for (size_t j = i; j-- > 0 && i - j <= 4;) {
			if (!(paren = strchr(lines[j], '(')) || lines[j][0] == '\t' || lines[j][0] == ' ')
				continue;
			const char *end = paren, *start;

			while (end > lines[j] && end[-1] == ' ')
				end--;
			start = end;
			while (start > lines[j] && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
				start--;
			return end > start ? xstrndup(start, (size_t)(end - start)) : NULL;
		}
		return NULL;
	}
	return NULL;
}

static int calls(const char *text, const char *fn)
{
	size_t len = strlen(fn);

	for (const char *p = strstr(text, fn); p; p = strstr(p + 1, fn))
		if ((p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
		    p[len] == '(')
			return 1;
	return 0;
}

/*
 * self_call - a line the rewrite changed now calls the function it is in:
 * the rewrite turned the folio API's own implementation (folio_nid()
 * returning page_to_nid(&folio->page)) into endless recursion.  Returns
 * that function's name, or NULL.
 */
static char *self_call(const char *before, const char *after)
{
	struct strv old = STRV_INIT, new = STRV_INIT;
	char *found = NULL, *copy;

	copy = xstrdup(before);
	for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n"))
		strv_push(&old, l);
	free(copy);
	copy = xstrdup(after);
	/* split keeping empty lines, so line numbers hold */
	for (char *l = copy, *nl; l; l = nl) {
		nl = strchr(l, '\n');
		if (nl)
			*nl++ = 0;
		strv_push(&new, l);
	}
	free(copy);
	for (size_t i = 0; i < new.n && !found; i++) {
		char *fn;
		int known = 0;

		for (size_t j = 0; j < old.n && !known; j++)
			known = !strcmp(old.v[j], new.v[i]);
		if (known || !(fn = enclosing_function(new.v, i)))
			continue;
		if (calls(new.v[i], fn))
			found = fn;
		else
			free(fn);
	}
	strv_release(&old);
	strv_release(&new);
	return found;
}

static void fail(struct patch_result *r, const char *step, char *reason)
{
	r->ok = 0;
	r->failed_step = xstrdup(step);
	r->reason = reason;
}

/* rule_of - the rule of a "rule TAB function" key, as a new string. */
static char *rule_of(const char *key)
{
	return xstrndup(key, strcspn(key, "\t"));
}

/*
 * compare_findings - what a rewrite did to the findings of a file.  A
 * finding gone is resolved; one that appears is new and fails the check,
 * unless a finding of the same rule in the same function is gone: then
 * the rewrite only changed its text (__PageMovable(&folio->page) becoming
 * __PageMovable(folio_page(folio, 0)) changes the page-mapping finding's
 * fingerprint), and neither counts.
 */
static void compare_findings(const char *path, const struct strv *before,
			     const struct strv *before_keys, const struct strv *after,
			     const struct strv *after_keys, struct patch_result *r)
{
	char *renamed = xcalloc(before->n + 1, 1);

	for (size_t j = 0; j < after->n && r->ok; j++) {
		size_t i;

		if (strv_has(before, after->v[j]))
			continue;
		for (i = 0; i < before->n; i++)
			if (!renamed[i] && !strv_has(after, before->v[i]) &&
			    !strcmp(before_keys->v[i], after_keys->v[j]))
				break;
		if (i < before->n) {
			renamed[i] = 1;
			continue;
		}
		char *rule = rule_of(after_keys->v[j]);

		fail(r, "rescan", xasprintf("%s: the rewrite adds a %s finding", path, rule));
		free(rule);
	}
	for (size_t i = 0; i < before->n && r->ok; i++) {
		if (renamed[i] || strv_has(after, before->v[i]))
			continue;
		strv_push(&r->resolved, before->v[i]);
		strv_push_owned(&r->resolved_rules, rule_of(before_keys->v[i]));
	}
	free(renamed);
}

/*
 * rescan - parse the file (through itself, or a header through its users)
 * before and after; what disappeared is resolved, what appeared fails it.
 */
static void rescan(const struct patch_check_ctx *c, const struct md_file_rewrite *rw,
		   const struct patch_target *t, struct patch_result *r)
{
	struct strv before = STRV_INIT, before_rules = STRV_INIT;
	struct strv after = STRV_INIT, after_rules = STRV_INIT;
	const struct md_tu *tus[MAX_HEADER_USERS];
	size_t ntus = 0;

	if (md_path_has_suffix(rw->path, ".c")) {
		if ((tus[0] = find_tu(c, rw->path)))
			ntus = 1;
	} else {
		for (size_t i = 0; i < t->users.n && ntus < MAX_HEADER_USERS; i++)
			if ((tus[ntus] = find_tu(c, t->users.v[i])))
				ntus++;
	}
	if (!ntus) {
		fail(r, "rescan", xasprintf("%s: no translation unit to rescan it through", rw->path));
		return;
	}
	char *fn = self_call(rw->before, rw->after);

	if (fn) {
		fail(r, "rescan", xasprintf("%s: the rewrite makes %s() call itself: it is the folio "
					    "API's own implementation", rw->path, fn));
		free(fn);
		return;
	}
	for (size_t i = 0; i < ntus; i++) {
		if (findings_in(c, tus[i], rw->path, NULL, &before, &before_rules) ||
		    findings_in(c, tus[i], rw->path, rw->after, &after, &after_rules)) {
			fail(r, "rescan", xasprintf("%s: cannot parse it with libclang", rw->path));
			goto out;
		}
	}
	compare_findings(rw->path, &before, &before_rules, &after, &after_rules, r);
	if (r->ok && !r->resolved.n)
		fail(r, "rescan", xasprintf("%s: the rewrite resolves no finding", rw->path));
out:
	strv_release(&before);
	strv_release(&before_rules);
	strv_release(&after);
	strv_release(&after_rules);
}

/* checkpatch_mail - the change of one file as a mail, the form checkpatch.pl reads. */
static char *checkpatch_mail(const struct patch_check_ctx *c, const char *path, const char *diff)
{
	const char *who = c->author ? c->author : "memdesc <memdesc@localhost>";

	return xasprintf("From: %s\nSubject: [PATCH] Convert %s to the folio API\n\n"
		       "Convert %s to the folio API.\n\n%s%s%s---\n%s",
		       who, path, path, c->signoff ? "Signed-off-by: " : "",
		       c->signoff ? who : "", c->signoff ? "\n" : "", diff);
}

static void take_verdict(struct patch_result *r, struct md_verdict *v)
{
	if (!v->ok) {
		r->ok = 0;
		r->unvalidated = v->unvalidated;
		r->failed_step = xstrdup(md_step_name(v->failed_step));
		r->reason = v->reason ? xstrdup(v->reason) : xstrdup("no reason given");
	}
	md_verdict_release(v);
}

/* check_one - every check of one rewrite, in order; the first failure ends it. */
static void check_one(const struct patch_check_ctx *c, const struct md_file_rewrite *rw,
		      const struct patch_target *t, struct patch_result *r)
{
	char *diff = rw->error ? xstrdup("") : md_unified_diff(rw->path, rw->before, rw->after);
	struct md_verdict v = { 0 };
	char *mail = NULL;

	r->ok = 1;
	if (rw->error)
		fail(r, "spatch", xasprintf("%s: %s", rw->path, rw->error));
	else if (md_validate_apply(&c->validate, diff, &v))
		fail(r, "apply", xasprintf("%s: cannot run the apply check", rw->path));
	else
		take_verdict(r, &v);
	if (r->ok && md_validate_compile(&c->validate, rw->path, rw->after, &t->users, &v))
		fail(r, "compile", xasprintf("%s: cannot run the compiler", rw->path));
	else if (r->ok)
		take_verdict(r, &v);
	if (r->ok) {
		mail = checkpatch_mail(c, rw->path, diff);
		if (md_validate_checkpatch(&c->validate, mail, &v))
			fail(r, "checkpatch", xasprintf("%s: cannot run checkpatch.pl", rw->path));
		else
			take_verdict(r, &v);
	}
	if (r->ok)
		rescan(c, rw, t, r);
	free(mail);
	free(diff);
}

static json_t *strv_to_json(const struct strv *sv)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

static void strv_from_json(struct strv *sv, json_t *a)
{
	size_t i;
	json_t *s;

	json_array_foreach(a, i, s)
		if (json_is_string(s))
			strv_push(sv, json_string_value(s));
}

static int write_result(const char *file, const struct patch_result *r)
{
	json_t *o = json_pack("{s:b, s:b, s:o, s:o}", "ok", r->ok, "unvalidated", r->unvalidated,
			      "resolved", strv_to_json(&r->resolved),
			      "resolved_rules", strv_to_json(&r->resolved_rules));
	int rc;

	if (!o)
		return -1;
	/* absent rather than null, so the reader's optional fields stay simple */
	if (r->failed_step)
		json_object_set_new(o, "failed_step", json_string(r->failed_step));
	if (r->reason)
		json_object_set_new(o, "reason", json_string(r->reason));
	rc = json_dump_file(o, file, JSON_COMPACT);
	json_decref(o);
	return rc;
}

static void read_result(const char *file, const char *path, int status, struct patch_result *r)
{
	json_t *o = json_load_file(file, 0, NULL);
	const char *step = NULL, *reason = NULL;
	int ok = 0, unvalidated = 0;
	json_t *resolved = NULL, *rules = NULL;

	if (!o || json_unpack(o, "{s:b, s?:s, s?:s, s:b, s:o, s:o}", "ok", &ok, "failed_step", &step,
			      "reason", &reason, "unvalidated", &unvalidated, "resolved", &resolved,
			      "resolved_rules", &rules)) {
		r->ok = 0;
		r->failed_step = xstrdup("compile");
		r->reason = WIFSIGNALED(status)
			? xasprintf("%s: the checking worker died of signal %d", path, WTERMSIG(status))
			: xasprintf("%s: the checking worker left no verdict", path);
		json_decref(o);
		return;
	}
	r->ok = ok;
	r->unvalidated = unvalidated;
	r->failed_step = xstrdup_or_null(step);
	r->reason = xstrdup_or_null(reason);
	strv_from_json(&r->resolved, resolved);
	strv_from_json(&r->resolved_rules, rules);
	json_decref(o);
}

/* run_worker - in the child: check rewrite @i, write the verdict, exit. */
static void __attribute__((noreturn))
run_worker(const struct patch_check_ctx *c, const struct md_file_rewrite *rw,
	   const struct patch_target *t, const char *result_file)
{
	struct patch_result r = { 0 };

	check_one(c, rw, t, &r);
	_exit(write_result(result_file, &r) ? 1 : 0);
}

static char *result_file(const struct patch_check_ctx *c, size_t i)
{
	return xasprintf("%s/verdict-%zu.json", c->validate.scratch, i);
}

int check_rewrites(const struct patch_check_ctx *c, const struct md_rewrite_set *set,
		   struct patch_target *const *targets, struct patch_result *results)
{
	pid_t *pids = xcalloc(set->n ? set->n : 1, sizeof(*pids));
	size_t next = 0, running = 0, done = 0;
	int rc = 0;

	fflush(NULL);
	while (next < set->n || running) {
		int status;
		pid_t pid;

		while (next < set->n && running < (size_t)c->jobs) {
			char *file = result_file(c, next);

			pid = fork();
			if (pid < 0) {
				free(file);
				rc = md_error_errno("cannot start a checking worker");
				goto out;
			}
			if (pid == 0)
				run_worker(c, &set->v[next], targets[next], file);
			free(file);
			pids[next++] = pid;
			running++;
		}
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			rc = md_error_errno("waitpid");
			goto out;
		}
		for (size_t i = 0; i < next; i++) {
			if (pids[i] != pid)
				continue;
			char *file = result_file(c, i);

			read_result(file, set->v[i].path, status, &results[i]);
			unlink(file);
			free(file);
			pids[i] = 0;
			running--;
			md_progress_update(c->progress, (long)++done, set->v[i].path);
		}
	}
out:
	for (size_t i = 0; i < next; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
	free(pids);
	return rc;
}

void patch_result_release(struct patch_result *r)
{
	free(r->failed_step);
	free(r->reason);
	strv_release(&r->resolved);
	strv_release(&r->resolved_rules);
	memset(r, 0, sizeof(*r));
}
