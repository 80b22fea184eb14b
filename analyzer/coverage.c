// SPDX-License-Identifier: GPL-2.0
/* coverage.c - every textual candidate of every rule, accounted for. */
#include <stdlib.h>
#include <string.h>

#include "../lib/ctoken.h"
#include "../lib/error.h"
#include "../lib/xalloc.h"
#include "coverage.h"
#include "prefilter.h"
#include "rules.h"

/* A field a rule declares, with the record declaring it. */
struct field {
	char *name, *record;
};

struct cov_rule {
	const char *id;
	struct md_prefilter *pf; /* the rule's token patterns only */
	struct field *fields;
	size_t nfields;
	struct field *casts; /* name: from, record: to */
	size_t ncasts;
};

struct md_coverage {
	struct cov_rule *rules;
	size_t nrules;
	struct md_ctok *toks;
	size_t ntoks, toks_cap;
};

static const char *const class_names[MD_COV_CLASSES] = {
	[MD_COV_FINDING] = "finding",
	[MD_COV_OTHER_RECORD] = "member of another record",
	[MD_COV_MACRO_DEFINITION] = "macro definition",
	[MD_COV_SKIPPED_FALLBACK] = "preprocessor-disabled, read by the fallback, no typed finding",
	[MD_COV_FALLBACK_FILE] = "read by the fallback only, no typed finding",
	[MD_COV_DEBUG_ARGUMENT] = "argument of VM_BUG_ON/VM_WARN_ON (CONFIG_DEBUG_VM off)",
	[MD_COV_DECLARATOR] = "function definition or declaration",
	[MD_COV_CAST_OTHER] = "cast of a value of another type",
	[MD_COV_TYPE_NAME] = "type name, not a cast (sizeof, a prototype)",
	[MD_COV_VARIABLE] = "variable, not a member name",
	[MD_COV_DROPPED] = "argument the macro drops in this configuration",
	[MD_COV_UNEXPLAINED] = "unexplained",
};

const char *md_cov_class_name(enum md_cov_class c)
{
	return c < MD_COV_CLASSES ? class_names[c] : "?";
}

/* add_rule - the token patterns and fields of one rule's declaration. */
static int add_rule(struct cov_rule *r, json_t *decl)
{
	json_t *v;
	size_t i;

	r->pf = md_prefilter_new(NULL, 0);
	if (!r->pf)
		return -1;
	json_array_foreach(json_object_get(decl, "tokens"), i, v)
		if (md_prefilter_add_pattern(r->pf, json_string_value(v)))
			return -1;
	r->nfields = json_array_size(json_object_get(decl, "fields"));
	r->fields = xcalloc(r->nfields + 1, sizeof(*r->fields));
	json_array_foreach(json_object_get(decl, "fields"), i, v) {
		r->fields[i].name = xstrdup(json_string_value(json_object_get(v, "name")));
		r->fields[i].record = xstrdup(json_string_value(json_object_get(v, "record")));
	}
	r->ncasts = json_array_size(json_object_get(decl, "casts"));
	r->casts = xcalloc(r->ncasts + 1, sizeof(*r->casts));
	json_array_foreach(json_object_get(decl, "casts"), i, v) {
		r->casts[i].name = xstrdup(json_string_value(json_object_get(v, "from")));
		r->casts[i].record = xstrdup(json_string_value(json_object_get(v, "to")));
	}
	return 0;
}

struct md_coverage *md_coverage_new(const struct md_rule *const *rules, size_t nrules)
{
	struct md_coverage *cov = xcalloc(1, sizeof(*cov));
	json_t *all = md_rules_to_json(), *decl;
	size_t i, k;
	int rc = all ? 0 : md_error("coverage: out of memory");

	cov->rules = xcalloc(nrules + 1, sizeof(*cov->rules));
	for (k = 0; !rc && k < nrules; k++) {
		json_array_foreach(all, i, decl) {
			if (!strcmp(rules[k]->id, json_string_value(json_object_get(decl, "id")))) {
				cov->rules[cov->nrules].id = rules[k]->id;
				rc = add_rule(&cov->rules[cov->nrules++], decl);
				break;
			}
		}
	}
	json_decref(all);
	if (rc) {
		md_coverage_free(cov);
		return NULL;
	}
	return cov;
}

void md_coverage_free(struct md_coverage *cov)
{
	if (!cov)
		return;
	for (size_t i = 0; i < cov->nrules; i++) {
		md_prefilter_free(cov->rules[i].pf);
		for (size_t k = 0; k < cov->rules[i].nfields; k++) {
			free(cov->rules[i].fields[k].name);
			free(cov->rules[i].fields[k].record);
		}
		free(cov->rules[i].fields);
		for (size_t k = 0; k < cov->rules[i].ncasts; k++) {
			free(cov->rules[i].casts[k].name);
			free(cov->rules[i].casts[k].record);
		}
		free(cov->rules[i].casts);
	}
	free(cov->rules);
	free(cov->toks);
	free(cov);
}

/* --- the text around a candidate --- */

/*
 * What the walk over a file's tokens knows at each one: the #define it is
 * in, the open parentheses (with the identifier before each) and braces.
 */
struct context {
	int in_define;	  /* the logical line began with "#define" */
	size_t *parens;	  /* token index of each open '(' */
	size_t nparens, parens_cap;
	int braces;
};

static int is(const struct md_coverage *cov, size_t i, const char *s)
{
	return i < cov->ntoks && md_ctok_is(&cov->toks[i], s);
}

static void step(struct md_coverage *cov, struct context *cx, size_t i)
{
	const struct md_ctok *t = &cov->toks[i];

	if (t->bol)
		cx->in_define = is(cov, i, "#") && is(cov, i + 1, "define") &&
				cov->toks[i + 1].line == t->line;
	if (md_ctok_is(t, "(")) {
		ALLOC_GROW(cx->parens, cx->nparens + 1, cx->parens_cap);
		cx->parens[cx->nparens++] = i;
	} else if (md_ctok_is(t, ")") && cx->nparens) {
		cx->nparens--;
	} else if (md_ctok_is(t, "{")) {
		cx->braces++;
	} else if (md_ctok_is(t, "}") && cx->braces) {
		cx->braces--;
	}
}

/* in_debug_macro - inside the arguments of a VM_BUG_ON*() or VM_WARN_ON*() call. */
static int in_debug_macro(const struct md_coverage *cov, const struct context *cx)
{
	for (size_t k = 0; k < cx->nparens; k++) {
		size_t open = cx->parens[k];
		const struct md_ctok *name = open ? &cov->toks[open - 1] : NULL;

		if (name && name->kind == MD_CTOK_IDENT &&
		    ((name->len >= 9 && !memcmp(name->text, "VM_BUG_ON", 9)) ||
		     (name->len >= 10 && !memcmp(name->text, "VM_WARN_ON", 10))))
			return 1;
	}
	return 0;
}

/*
 * declarator - the callee at @i names a function being defined or
 * declared: at file scope (no brace or parenthesis open), before its "(".
 */
static int declarator(const struct md_coverage *cov, const struct context *cx, size_t i)
{
	return !cx->braces && !cx->nparens && is(cov, i + 1, "(");
}

/* --- what the scan stored --- */

static int at_cmp(unsigned int l1, unsigned int c1, unsigned int l2, unsigned int c2)
{
	return l1 != l2 ? (l1 < l2 ? -1 : 1) : c1 != c2 ? (c1 < c2 ? -1 : 1) : 0;
}

/* has_finding - a finding of @rule at @line:@col. */
static int has_finding(const struct md_cov_file *f, const char *rule, unsigned int line,
		       unsigned int col)
{
	size_t lo = 0, hi = f->nfindings;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (at_cmp(f->findings[mid].line, f->findings[mid].col, line, col) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < f->nfindings && !at_cmp(f->findings[lo].line, f->findings[lo].col, line, col);
	     lo++)
		if (!strcmp(f->findings[lo].rule, rule))
			return 1;
	return 0;
}

/* census_at - the census entry of @kind at @line:@col, or NULL. */
static const struct md_census *census_at(const struct md_cov_file *f, enum md_census_kind kind,
					 unsigned int line, unsigned int col)
{
	size_t lo = 0, hi = f->ncensus;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (at_cmp(f->census[mid].line, f->census[mid].col, line, col) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < f->ncensus && !at_cmp(f->census[lo].line, f->census[lo].col, line, col); lo++)
		if (f->census[lo].kind == kind)
			return &f->census[lo];
	return NULL;
}

/* in_range - @line is in a range of lines of @kind (skipped, or read by the fallback). */
static int in_range(const struct md_cov_file *f, enum md_census_kind kind, unsigned int line)
{
	for (size_t i = 0; i < f->ncensus && f->census[i].line <= line; i++)
		if (f->census[i].kind == kind && line <= f->census[i].end_line)
			return 1;
	return 0;
}

/* declared_record - the record @rule declares field @name in, or NULL. */
static const char *declared_record(const struct cov_rule *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, name))
			return r->fields[i].record;
	return NULL;
}

/* is_cast - @i is the record of a "(struct R *)": the '(' is two tokens before. */
static int is_cast(const struct md_coverage *cov, size_t i)
{
	return i >= 2 && is(cov, i - 1, "struct") && is(cov, i - 2, "(");
}

/* cast_wanted - a cast from @type (the operand's, as the census spells it) is one @r reports. */
static int cast_wanted(const struct cov_rule *r, const char *to, const char *type)
{
	char want[300];

	for (size_t k = 0; k < r->ncasts; k++) {
		snprintf(want, sizeof(want), "struct %s *", r->casts[k].name);
		if (!strcmp(r->casts[k].record, to) && !strcmp(type, want))
			return 1;
	}
	return 0;
}

/* classify - the class of rule @r's candidate at token @i. */
static enum md_cov_class classify(const struct md_coverage *cov, const struct cov_rule *r,
				  const struct md_cov_file *f, const struct context *cx, size_t i,
				  struct md_cov_candidate *c)
{
	/* a cast is reported, and noted, at its parenthesis */
	unsigned int paren = is_cast(cov, i) ?
		c->col - (unsigned int)(cov->toks[i].text - cov->toks[i - 2].text) : 0;
	const struct md_census *n;

	if (has_finding(f, r->id, c->line, c->col) ||
	    (paren && has_finding(f, r->id, cov->toks[i - 2].line, paren)))
		return MD_COV_FINDING;
	if (cx->in_define)
		return MD_COV_MACRO_DEFINITION;
	n = census_at(f, MD_CENSUS_MEMBER, c->line, c->col);
	if (n) {
		const char *want = declared_record(r, c->token);

		c->record = n->record;
		c->why = "a member of the record the rule looks for, but no finding";
		return want && !strcmp(want, n->record) ? MD_COV_UNEXPLAINED : MD_COV_OTHER_RECORD;
	}
	if (census_at(f, MD_CENSUS_VARIABLE, c->line, c->col))
		return MD_COV_VARIABLE;
	n = paren ? census_at(f, MD_CENSUS_CAST, cov->toks[i - 2].line, paren) : NULL;
	if (n) {
		c->record = n->record;
		c->why = "a cast the rule looks for, but no finding";
		return cast_wanted(r, c->token, n->record) ? MD_COV_UNEXPLAINED : MD_COV_CAST_OTHER;
	}
	n = census_at(f, MD_CENSUS_DROPPED, c->line, c->col);
	if (n) {
		c->record = n->name;
		return MD_COV_DROPPED;
	}
	/* after the census: a header's lines one TU skipped another may have compiled */
	if (in_range(f, MD_CENSUS_SKIPPED, c->line)) {
		c->why = "skipped by the preprocessor, and the fallback did not read the lines";
		return f->fallback || in_range(f, MD_CENSUS_FALLBACK, c->line) ?
			       MD_COV_SKIPPED_FALLBACK : MD_COV_UNEXPLAINED;
	}
	/*
	 * Without a census only: the condition of VM_BUG_ON() is compiled,
	 * inside sizeof(), and where libclang parsed the file the census says
	 * which arguments the macro dropped.
	 */
	if (!f->parsed && in_debug_macro(cov, cx))
		return MD_COV_DEBUG_ARGUMENT;
	if (declarator(cov, cx, i))
		return MD_COV_DECLARATOR;
	if (paren && f->parsed)
		return MD_COV_TYPE_NAME;
	if (f->fallback)
		return MD_COV_FALLBACK_FILE;
	c->why = f->parsed ? "the census has nothing here" : "no engine read the file";
	return MD_COV_UNEXPLAINED;
}

static void tokenize(struct md_coverage *cov, const char *text, size_t len)
{
	struct md_clexer lx;

	md_clexer_init(&lx, text, len);
	cov->ntoks = 0;
	for (;;) {
		ALLOC_GROW(cov->toks, cov->ntoks + 1, cov->toks_cap);
		if (!md_clex(&lx, &cov->toks[cov->ntoks]))
			break;
		cov->ntoks++;
	}
}

void md_coverage_file(struct md_coverage *cov, const struct md_cov_file *f, md_cov_fn fn,
		      void *data)
{
	struct context cx = { 0 };
	const char *line_start = f->text;
	unsigned int line = 1;
	char name[256];

	tokenize(cov, f->text, f->len);
	for (size_t i = 0; i < cov->ntoks; i++) {
		const struct md_ctok *t = &cov->toks[i];

		step(cov, &cx, i);
		if (t->kind != MD_CTOK_IDENT)
			continue;
		if (t->line != line) {
			line = t->line;
			for (line_start = t->text; line_start > f->text && line_start[-1] != '\n';)
				line_start--;
		}
		for (size_t k = 0; k < cov->nrules; k++) {
			struct md_cov_candidate c = { .rule = cov->rules[k].id, .path = f->path };

			if (!md_prefilter_is_token(cov->rules[k].pf, cov->toks, cov->ntoks, i))
				continue;
			snprintf(name, sizeof(name), "%.*s", (int)t->len, t->text);
			c.token = name;
			c.line = t->line;
			c.col = (unsigned int)(t->text - line_start) + 1;
			c.class = classify(cov, &cov->rules[k], f, &cx, i, &c);
			fn(data, &c);
		}
	}
	free(cx.parens);
}
