// SPDX-License-Identifier: GPL-2.0
/*
 * series.c - group the changes of a conversion by MAINTAINERS section and
 * write, for each group, the subject, the commit message and the diff of
 * its patch.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "../lib/xalloc.h"
#include "git.h"
#include "internal.h"
#include "series.h"

#define REST_NAME "THE REST"
#define BODY_WIDTH 72
#define SUBJECT_MAX 75

/* The changes of one section, by index into the caller's array. */
struct group {
	const struct md_maint_section *section; /* NULL: matched nothing */
	const char *name;
	size_t *idx;
	size_t n, alloc;
};

/*
 * The families of changes the subjects and messages name, matched against
 * the rules of a change (then, when no rule is known, against the names of
 * its semantic patches), in the order they are listed.
 */
static const struct family {
	const char *key;  /* a rule id */
	const char *part; /* a part of a semantic patch name ('_' read as '-') */
	const char *what; /* "Convert <what> to the folio API" */
	const char *why;  /* what the code does and what it does instead */
} families[] = {
	{ "folio-page", "folio-page", "&folio->page uses",
	  "The code holds a folio but passes its first page, &folio->page, to page "
	  "functions that have an exact folio equivalent; call the folio function, "
	  "or use folio_page(folio, 0) where a struct page is really wanted." },
	{ "bh-page", "bh-", "bh->b_page uses",
	  "The code reaches the folio of a buffer_head through bh->b_page, which "
	  "aliases bh->b_folio; use bh->b_folio and the folio API instead." },
	{ "compound-head", "compound", "compound_head() uses",
	  "compound_head() is called where only the folio is wanted; page_folio() "
	  "gives the same head, typed as the folio it is." },
	{ "page-flag", "flag", "page flag tests",
	  "Page flag accessors called on a page known to belong to a folio hide a "
	  "compound_head() call; test the flag on the folio instead." },
	{ "page-lru", "lru", "page->lru uses",
	  "The folio's list head is reached through its first page; folio->lru "
	  "is the same field." },
	{ "page-mapping", "mapping", "page->mapping uses",
	  "The folio's mapping is read through its first page; folio->mapping is "
	  "the same field." },
	{ "page-index", "index", "page->index uses",
	  "The folio's index is read through its first page; folio->index is the "
	  "same field." },
	{ "page-private", "private", "page->private uses",
	  "The folio's private data is read through its first page; "
	  "folio->private is the same field." },
};

static const char generic_exact[] =
	"Each rewrite replaces a page function called on the head page of a folio "
	"with the folio function the page function itself calls, or a page field "
	"with the folio field it aliases, so there is no functional change.";

static const char motivation[] =
	"This is part of the memdesc work: struct page is to shrink to 32 and "
	"then 16 bytes, and the folio state is to move out of it into separately "
	"allocated memory descriptors.  Code that reaches a folio through its "
	"struct page, or folio fields through page fields, will not work then; "
	"the folio API will.";

/* --- grouping --- */

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static struct group *group_of(struct group **v, size_t *n, size_t *alloc,
			      const struct md_maint_section *s)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].section == s)
			return &(*v)[i];
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n] = (struct group){ .section = s, .name = s ? s->name : REST_NAME };
	return &(*v)[(*n)++];
}

static const struct md_file_change *sort_base;

static int cmp_change_idx(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return strcmp(sort_base[*x].path, sort_base[*y].path);
}

static size_t group_changes(const struct md_file_change *changes, size_t n,
			    const struct md_maintainers *m, struct group **out)
{
	struct group *v = NULL;
	size_t nv = 0, alloc = 0;

	for (size_t i = 0; i < n; i++) {
		const struct md_maint_section *s = m ? md_maintainers_match(m, changes[i].path) : NULL;
		struct group *g = group_of(&v, &nv, &alloc, s);

		ALLOC_GROW(g->idx, g->n + 1, g->alloc);
		g->idx[g->n++] = i;
	}
	qsort(v, nv, sizeof(*v), cmp_group);
	sort_base = changes;
	for (size_t i = 0; i < nv; i++)
		qsort(v[i].idx, v[i].n, sizeof(*v[i].idx), cmp_change_idx);
	*out = v;
	return nv;
}

/* --- the subject prefix --- */

/* "ext4: fix" -> "ext4"; NULL when the subject has no prefix we would copy. */
static char *subject_prefix(const char *subject, size_t len)
{
	const char *colon = memmem(subject, len, ": ", 2);
	size_t n;

	if (!colon)
		return NULL;
	n = colon - subject;
	if (!n || n > 40 || !strncmp(subject, "Revert", 6))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.,+",
			    subject[i]))
			return NULL;
	return xstrndup(subject, n);
}

/* The most common prefix of @log (one subject a line); ties: the newest. */
static char *most_common_prefix(const char *log)
{
	struct strv seen = STRV_INIT;
	int *count = NULL;
	size_t alloc = 0, best = 0;
	char *result = NULL;

	for (const char *p = log; *p;) {
		const char *eol = strchrnul(p, '\n');
		char *prefix = subject_prefix(p, eol - p);
		size_t i;

		p = *eol ? eol + 1 : eol;
		if (!prefix)
			continue;
		for (i = 0; i < seen.n && strcmp(seen.v[i], prefix); i++)
			;
		if (i == seen.n) {
			strv_push_owned(&seen, prefix);
			ALLOC_GROW(count, seen.n, alloc);
			count[i] = 0;
		} else {
			free(prefix);
		}
		count[i]++;
	}
	for (size_t i = 1; i < seen.n; i++)
		if (count[i] > count[best])
			best = i;
	if (seen.n)
		result = xstrdup(seen.v[best]);
	strv_release(&seen);
	free(count);
	return result;
}

/* @tree is the top of a git work tree (not a directory inside another one). */
static int is_git_top(const char *tree)
{
	const char *argv[] = { "rev-parse", "--show-toplevel", NULL };
	char *out = NULL, *real = realpath(tree, NULL), *top = NULL;
	int yes = 0;

	if (real && md_git_capture(tree, argv, 1, &out) == 0) {
		out[strcspn(out, "\n")] = '\0';
		top = realpath(out, NULL);
		yes = top && !strcmp(top, real);
	}
	free(out);
	free(real);
	free(top);
	return yes;
}

/* The prefix the history of the files of @g spells, or NULL. */
static char *learned_prefix(const char *tree, const struct md_file_change *c, const struct group *g)
{
	struct strv argv = STRV_INIT;
	char *log, *prefix = NULL;

	if (!tree || !is_git_top(tree))
		return NULL;
	strv_push(&argv, "log");
	strv_push(&argv, "--no-merges");
	strv_push(&argv, "--format=%s");
	strv_push(&argv, "-n");
	strv_push(&argv, "200");
	strv_push(&argv, "--");
	for (size_t i = 0; i < g->n; i++)
		strv_push(&argv, c[g->idx[i]].path);
	if (md_git_capture(tree, (const char *const *)argv.v, 1, &log) == 0)
		prefix = most_common_prefix(log);
	free(log);
	strv_release(&argv);
	return prefix;
}

/* The directory all of @paths are in ("" for none). */
static char *common_dir(const char *const *paths, size_t n)
{
	const char *first = paths[0];
	const char *slash = strrchr(first, '/');
	size_t len = slash ? (size_t)(slash - first) : 0;

	for (size_t i = 1; i < n; i++) {
		const char *p = paths[i];

		while (len && (strncmp(p, first, len) || p[len] != '/')) {
			while (len && first[len - 1] != '/')
				len--;
			len -= !!len; /* the '/' itself */
		}
	}
	return xstrndup(first, len);
}

/* "EXT4 FILE SYSTEM" -> "ext4", "MEMORY MANAGEMENT - CORE" -> "mm". */
static char *prefix_of_section(const char *name)
{
	size_t n = 0;
	char *s;

	if (!strncmp(name, "MEMORY MANAGEMENT", 17))
		return xstrdup("mm");
	while (name[n] && (strchr("-_/", name[n]) || (name[n] >= 'A' && name[n] <= 'Z') ||
			   (name[n] >= 'a' && name[n] <= 'z') || (name[n] >= '0' && name[n] <= '9')))
		n++;
	if (!n)
		return NULL;
	s = xstrndup(name, n);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return s;
}

static char *file_stem(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	return xstrndup(base, strcspn(base, "."));
}

/* A prefix for the files in @dir, @n of them, the first @file. */
static char *prefix_of_dir(const char *dir, size_t n, const char *file)
{
	const char *last = strrchr(dir, '/');

	if (!last && n == 1) {
		char *stem = file_stem(file), *prefix = xasprintf("%s/%s", dir, stem);

		free(stem);
		return prefix;
	}
	if (!last)
		return xstrdup(dir);
	if (!strncmp(dir, "drivers/gpu/drm/", 16))
		return xasprintf("drm/%s", dir + 16);
	if (!strncmp(dir, "arch/", 5)) {
		const char *arch = dir + 5, *slash = strchr(arch, '/');

		return slash ? xasprintf("%.*s/%s", (int)(slash - arch), arch, last + 1)
			     : xstrdup(arch);
	}
	return xstrdup(last + 1);
}

/*
 * Without history: from the paths ("fs/ext4" -> "ext4", one file
 * "mm/filemap.c" -> "mm/filemap", "mm" -> "mm", arch/x86/mm -> "x86/mm",
 * drivers/gpu/drm/i915 -> "drm/i915"), headers under include/ left out
 * when there are other files; for include/ alone and for files spread
 * over the tree from the section name.
 */
static char *derived_prefix(const struct md_file_change *c, const struct group *g)
{
	const char **paths = xcalloc(g->n, sizeof(*paths));
	size_t n = 0;
	char *dir, *prefix = NULL;

	for (size_t i = 0; i < g->n; i++)
		if (strncmp(c[g->idx[i]].path, "include/", 8))
			paths[n++] = c[g->idx[i]].path;
	if (!n)
		for (size_t i = 0; i < g->n; i++)
			paths[n++] = c[g->idx[i]].path;
	dir = common_dir(paths, n);
	if (*dir && strcmp(dir, "include") && strncmp(dir, "include/", 8))
		prefix = prefix_of_dir(dir, n, paths[0]);
	if (!prefix && g->section && strcmp(g->section->name, REST_NAME))
		prefix = prefix_of_section(g->section->name);
	if (!prefix && n == 1)
		prefix = file_stem(paths[0]);
	if (!prefix)
		prefix = xstrdup("treewide");
	free(dir);
	free(paths);
	return prefix;
}

/* --- subject and message --- */

static int change_in_family(const struct md_file_change *c, const struct family *f, int by_cocci)
{
	const struct strv *names = by_cocci ? &c->cocci : &c->rules;

	for (size_t i = 0; i < names->n; i++) {
		const char *base = strrchr(names->v[i], '/') ? strrchr(names->v[i], '/') + 1
							     : names->v[i];
		char *norm = xstrdup(base);
		int hit;

		for (char *p = norm; *p; p++)
			if (*p == '_')
				*p = '-';
		hit = by_cocci ? strstr(norm, f->part) != NULL : !strcmp(norm, f->key);
		free(norm);
		if (hit)
			return 1;
	}
	return 0;
}

/* The families of @g's changes, as a mask over families[]. */
static unsigned families_of(const struct md_file_change *c, const struct group *g)
{
	unsigned mask = 0;

	for (int by_cocci = 0; by_cocci < 2 && !mask; by_cocci++)
		for (size_t i = 0; i < g->n; i++)
			for (size_t f = 0; f < sizeof(families) / sizeof(*families); f++)
				if (change_in_family(&c[g->idx[i]], &families[f], by_cocci))
					mask |= 1u << f;
	return mask;
}

/* "a", "a and b", "a, b and c"; "page uses" for none. */
static char *what_of(unsigned mask)
{
	struct mdbuf sb = MDBUF_INIT;
	size_t total = __builtin_popcount(mask), done = 0;

	if (!total)
		return xstrdup("page uses");
	for (size_t f = 0; f < sizeof(families) / sizeof(*families); f++) {
		if (!(mask & (1u << f)))
			continue;
		if (done)
			mdbuf_adds(&sb, done + 1 == total ? " and " : ", ");
		mdbuf_adds(&sb, families[f].what);
		done++;
	}
	return mdbuf_detach(&sb);
}

static char *subject_of(const char *prefix, unsigned mask)
{
	char *what = what_of(mask);
	char *subject = xasprintf("%s: Convert %s to the folio API", prefix, what);

	free(what);
	if (strlen(subject) > SUBJECT_MAX) {
		free(subject);
		subject = xasprintf("%s: Convert page uses to the folio API", prefix);
	}
	return subject;
}

/* The "///" description of the semantic patch at @path, or NULL. */
static char *cocci_description(const char *path)
{
	struct mdbuf sb = MDBUF_INIT;
	char line[4096];
	FILE *f;

	if (!strchr(path, '/') || !(f = fopen(path, "r")))
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		const char *text = line;

		if (strncmp(line, "///", 3))
			continue;
		text += 3;
		text += *text == ' ';
		if (!strcmp(text, "\n"))
			mdbuf_adds(&sb, "\n\n");
		else
			mdbuf_adds(&sb, text);
	}
	fclose(f);
	if (!sb.len) {
		mdbuf_release(&sb);
		return NULL;
	}
	return mdbuf_detach(&sb);
}

/* @text, paragraphs separated by blank lines, each wrapped at @width. */
static void add_paragraphs(struct mdbuf *sb, const char *text)
{
	char *copy = xstrdup(text);

	for (char *p = copy, *end; *p; p = end) {
		end = strstr(p, "\n\n");
		if (end)
			*end = '\0', end += 2;
		else
			end = p + strlen(p);
		if (!p[strspn(p, " \t\n")])
			continue;
		if (sb->len)
			mdbuf_addch(sb, '\n');
		mdbuf_add_wrapped(sb, p, BODY_WIDTH, 0, 0);
	}
	free(copy);
}

static void add_unique(struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return;
	strv_push(sv, s);
}

static char *body_of(const struct md_patch *p, unsigned mask)
{
	struct strv cocci = STRV_INIT, rules = STRV_INIT;
	struct mdbuf sb = MDBUF_INIT, exact = MDBUF_INIT, text = MDBUF_INIT;

	for (size_t i = 0; i < p->nchanges; i++) {
		for (size_t k = 0; k < p->changes[i].cocci.n; k++)
			add_unique(&cocci, p->changes[i].cocci.v[k]);
		for (size_t k = 0; k < p->changes[i].rules.n; k++)
			add_unique(&rules, p->changes[i].rules.v[k]);
	}
	/* The semantic patches' descriptions say what changes and why it is exact ... */
	for (size_t i = 0; i < cocci.n; i++) {
		char *d = cocci_description(cocci.v[i]);

		if (d)
			mdbuf_addf(&exact, "%s\n\n", d);
		free(d);
	}
	/* ... else the families' own words and a generic reason. */
	for (size_t f = 0; !exact.len && f < sizeof(families) / sizeof(*families); f++)
		if (mask & (1u << f))
			mdbuf_addf(&text, "%s\n\n", families[f].why);
	if (!exact.len && !mask)
		mdbuf_adds(&text, "Page-based code is converted to the folio API.\n\n");
	mdbuf_adds(&text, exact.len ? exact.buf : generic_exact);
	mdbuf_addf(&text, "\n\n%s\n\n", motivation);
	if (cocci.n) {
		mdbuf_adds(&text, "The change was made with Coccinelle (");
		for (size_t i = 0; i < cocci.n; i++) {
			const char *base = strrchr(cocci.v[i], '/');

			mdbuf_addf(&text, "%s%s", i ? ", " : "", base ? base + 1 : cocci.v[i]);
		}
		mdbuf_adds(&text, ").");
	}
	if (p->resolved) {
		mdbuf_addf(&text, "%sIt resolves %ld finding%s", cocci.n ? "  " : "", p->resolved,
			   p->resolved == 1 ? "" : "s");
		for (size_t i = 0; i < rules.n; i++)
			mdbuf_addf(&text, "%s%s", i ? ", " : " of memdesc (", rules.v[i]);
		mdbuf_adds(&text, rules.n ? ")." : ".");
	}
	add_paragraphs(&sb, text.buf);
	mdbuf_release(&text);
	mdbuf_release(&exact);
	strv_release(&cocci);
	strv_release(&rules);
	return mdbuf_detach(&sb);
}

/* "list@host (moderated for non-subscribers)" -> "list@host". */
static void push_list(struct strv *sv, const char *list)
{
	char *addr = xstrndup(list, strcspn(list, " \t"));

	add_unique(sv, addr);
	free(addr);
}

static void recipients_of(struct md_patch *p, const struct md_maint_section *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->maintainers.n; i++)
		add_unique(&p->to, s->maintainers.v[i]);
	for (size_t i = 0; i < s->reviewers.n; i++)
		add_unique(&p->cc, s->reviewers.v[i]);
	for (size_t i = 0; i < s->lists.n; i++)
		push_list(&p->cc, s->lists.v[i]);
}

static char *diff_of(const struct md_patch *p)
{
	struct mdbuf sb = MDBUF_INIT;

	for (size_t i = 0; i < p->nchanges; i++) {
		const struct md_file_change *c = &p->changes[i];
		char *d = md_unified_diff(c->path, c->before, c->after);

		if (!d) {
			mdbuf_release(&sb);
			return NULL;
		}
		mdbuf_adds(&sb, d);
		free(d);
	}
	return mdbuf_detach(&sb);
}

static int build_patch(struct md_patch *p, const struct group *g, struct md_file_change *changes,
		       const struct md_series_opts *o)
{
	unsigned mask = families_of(changes, g);

	p->section = xstrdup(g->name);
	p->prefix = learned_prefix(o->tree, changes, g);
	if (!p->prefix)
		p->prefix = derived_prefix(changes, g);
	p->subject = subject_of(p->prefix, mask);
	p->changes = xcalloc(g->n, sizeof(*p->changes));
	for (size_t i = 0; i < g->n; i++) {
		p->changes[i] = changes[g->idx[i]];
		memset(&changes[g->idx[i]], 0, sizeof(*changes));
		p->resolved += p->changes[i].resolved;
	}
	p->nchanges = g->n;
	p->body = body_of(p, mask);
	recipients_of(p, g->section);
	p->diff = diff_of(p);
	return p->diff ? 0 : -1;
}

int md_series_build(struct md_file_change *changes, size_t nchanges,
		    const struct md_series_opts *o, struct md_series *out)
{
	struct group *g;
	size_t ng = group_changes(changes, nchanges, o->maintainers, &g);
	int ret = 0;

	out->v = xcalloc(ng ? ng : 1, sizeof(*out->v));
	out->n = 0;
	for (size_t i = 0; i < ng; i++) {
		if (!ret && build_patch(&out->v[out->n++], &g[i], changes, o))
			ret = -1;
		free(g[i].idx);
	}
	free(g);
	if (ret)
		md_series_release(out);
	return ret;
}

static void change_release(struct md_file_change *c)
{
	free(c->path);
	free(c->before);
	free(c->after);
	strv_release(&c->cocci);
	strv_release(&c->rules);
}

void md_series_release(struct md_series *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct md_patch *p = &s->v[i];

		for (size_t k = 0; k < p->nchanges; k++)
			change_release(&p->changes[k]);
		free(p->changes);
		free(p->section);
		free(p->prefix);
		free(p->subject);
		free(p->body);
		free(p->diff);
		strv_release(&p->to);
		strv_release(&p->cc);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
