// SPDX-License-Identifier: GPL-2.0
/* maintainers.c - parse MAINTAINERS and find the section of a path. */
#include <ctype.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "file.h"
#include "maintainers.h"
#include "xalloc.h"

/* One F: or N: pattern, with what ranks it. */
struct pattern {
	const char *text;
	size_t section;
	int depth;	/* path components; N: ranks as 1 */
	int is_regex;
	regex_t re;
};

/* Patterns by the first path component they can match ("" for any). */
struct bucket {
	char *first;
	size_t *idx;
	size_t n, alloc;
};

struct md_maintainers {
	struct md_maint_section *v;
	size_t n, alloc;
	struct pattern *pat;
	size_t npat, pat_alloc;
	struct bucket *buckets;
	size_t nbuckets, buckets_alloc;
};

size_t md_maintainers_count(const struct md_maintainers *m)
{
	return m->n;
}

const struct md_maint_section *md_maintainers_section(const struct md_maintainers *m, size_t i)
{
	return i < m->n ? &m->v[i] : NULL;
}

/* A section entry: "X:<tab or spaces>value". */
static int entry_line(const char *line, char *tag, const char **value)
{
	if (!isupper((unsigned char)line[0]) || line[1] != ':')
		return 0;
	*tag = line[0];
	line += 2;
	while (*line == ' ' || *line == '\t')
		line++;
	*value = line;
	return 1;
}

static int depth_of(const char *pattern)
{
	int d = 1;
	size_t n = strlen(pattern);

	for (size_t i = 0; i + 1 < n; i++)	/* a trailing '/' adds no component */
		d += pattern[i] == '/';
	return d;
}

static struct bucket *bucket_for(struct md_maintainers *m, const char *first, size_t len)
{
	for (size_t i = 0; i < m->nbuckets; i++)
		if (strlen(m->buckets[i].first) == len && !strncmp(m->buckets[i].first, first, len))
			return &m->buckets[i];
	ALLOC_GROW(m->buckets, m->nbuckets + 1, m->buckets_alloc);
	memset(&m->buckets[m->nbuckets], 0, sizeof(m->buckets[0]));
	m->buckets[m->nbuckets].first = xstrndup(first, len);
	return &m->buckets[m->nbuckets++];
}

static void index_pattern(struct md_maintainers *m, size_t p)
{
	const char *t = m->pat[p].text, *slash = strchr(t, '/');
	size_t len = slash ? (size_t)(slash - t) : strlen(t);
	struct bucket *b;

	if (m->pat[p].is_regex || strcspn(t, "*?[") < len)
		len = 0;	/* could match under any first component */
	b = bucket_for(m, t, len);
	ALLOC_GROW(b->idx, b->n + 1, b->alloc);
	b->idx[b->n++] = p;
}

static void add_pattern(struct md_maintainers *m, size_t section, const char *text, int is_regex,
			const char *name)
{
	struct pattern *p;

	ALLOC_GROW(m->pat, m->npat + 1, m->pat_alloc);
	p = &m->pat[m->npat];
	memset(p, 0, sizeof(*p));
	p->text = text;
	p->section = section;
	p->is_regex = is_regex;
	p->depth = is_regex ? 1 : depth_of(text);
	if (is_regex && regcomp(&p->re, text, REG_EXTENDED | REG_NOSUB)) {
		md_warning("%s: N: '%s' is not a regular expression; ignored", name, text);
		return;
	}
	index_pattern(m, m->npat++);
}

static void add_entry(struct md_maint_section *s, char tag, const char *value)
{
	switch (tag) {
	case 'M': strv_push(&s->maintainers, value); break;
	case 'R': strv_push(&s->reviewers, value); break;
	case 'L': strv_push(&s->lists, value); break;
	case 'F': strv_push(&s->files, value); break;
	case 'X': strv_push(&s->excludes, value); break;
	case 'N': strv_push(&s->regexes, value); break;
	case 'T': strv_push(&s->trees, value); break;
	case 'S':
		free(s->status);
		s->status = xstrdup(value);
		break;
	default: break;	/* W:, Q:, B:, C:, P:, K: are not needed here */
	}
}

static void section_release(struct md_maint_section *s)
{
	free(s->name);
	free(s->status);
	strv_release(&s->maintainers);
	strv_release(&s->reviewers);
	strv_release(&s->lists);
	strv_release(&s->files);
	strv_release(&s->excludes);
	strv_release(&s->regexes);
	strv_release(&s->trees);
}

/* list_start - where the sections begin: after a "Maintainers List" line, if any. */
static const char *list_start(const char *text, const char *end)
{
	for (const char *q = text; q && q < end;) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));

		if ((size_t)(end - q) >= 16 && !strncmp(q, "Maintainers List", 16))
			return nl ? nl + 1 : end;
		q = nl ? nl + 1 : NULL;
	}
	return text;
}

/* drop_prose - titles without a single entry are prose or underlines, not sections. */
static void drop_prose(struct md_maintainers *m)
{
	size_t k = 0;

	for (size_t i = 0; i < m->n; i++) {
		struct md_maint_section *s = &m->v[i];

		if (!s->files.n && !s->regexes.n && !s->maintainers.n && !s->lists.n) {
			section_release(s);
			continue;
		}
		m->v[k++] = *s;
	}
	m->n = k;
}

/*
 * md_maintainers_parse - a title is a line that is neither blank nor an
 * entry ("X:<tab>value"); its entries follow up to the next blank line.
 */
struct md_maintainers *md_maintainers_parse(const char *text, size_t len, const char *name)
{
	struct md_maintainers *m = xcalloc(1, sizeof(*m));
	const char *end = text + len, *p = list_start(text, end);
	struct md_maint_section *cur = NULL;
	const char *value;
	char *line, tag;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line = xstrndup(p, n);
		p = nl ? nl + 1 : end;
		if (!line[0] || isspace((unsigned char)line[0]))
			cur = NULL;	/* a blank line ends a section */
		else if (entry_line(line, &tag, &value))
			cur ? add_entry(cur, tag, value) : (void)0;
		else {
			ALLOC_GROW(m->v, m->n + 1, m->alloc);
			cur = &m->v[m->n++];
			memset(cur, 0, sizeof(*cur));
			cur->name = xstrdup(line);
		}
		free(line);
	}
	drop_prose(m);
	for (size_t i = 0; i < m->n; i++) {
		for (size_t j = 0; j < m->v[i].files.n; j++)
			add_pattern(m, i, m->v[i].files.v[j], 0, name);
		for (size_t j = 0; j < m->v[i].regexes.n; j++)
			add_pattern(m, i, m->v[i].regexes.v[j], 1, name);
	}
	return m;
}

struct md_maintainers *md_maintainers_load(const char *path)
{
	struct md_maintainers *m;
	size_t len = 0;
	char *text = md_read_text(path, &len);

	if (!text) {
		md_error_errno("%s", path);
		return NULL;
	}
	m = md_maintainers_parse(text, len, path);
	free(text);
	return m;
}

/* glob_matches - one F:/X: pattern against @path, as the file documents them. */
static int glob_matches(const char *pattern, const char *path)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '/') {
		if (!strpbrk(pattern, "*?["))
			return !strncmp(path, pattern, n);
		/* a wildcard directory pattern: that directory and everything below */
		for (const char *p = path; (p = strchr(p, '/')); p++) {
			char *prefix = xstrndup(path, (size_t)(p - path) + 1);
			int hit = !fnmatch(pattern, prefix, FNM_PATHNAME);

			free(prefix);
			if (hit)
				return 1;
		}
		return 0;
	}
	if (strpbrk(pattern, "*?["))
		return !fnmatch(pattern, path, FNM_PATHNAME);
	return !strcmp(path, pattern) || (!strncmp(path, pattern, n) && path[n] == '/');
}

static int excluded(const struct md_maint_section *s, const char *path)
{
	for (size_t i = 0; i < s->excludes.n; i++)
		if (glob_matches(s->excludes.v[i], path))
			return 1;
	return 0;
}

static void try_bucket(const struct md_maintainers *m, const struct bucket *b, const char *path,
		       const struct pattern **best)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct pattern *p = &m->pat[b->idx[i]];
		int hit = p->is_regex ? !regexec(&p->re, path, 0, NULL, 0) : glob_matches(p->text, path);

		if (!hit || excluded(&m->v[p->section], path))
			continue;
		if (!*best || p->depth > (*best)->depth ||
		    (p->depth == (*best)->depth && strlen(p->text) > strlen((*best)->text)))
			*best = p;
	}
}

const struct md_maint_section *md_maintainers_match(const struct md_maintainers *m,
						    const char *path)
{
	const char *slash = strchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : strlen(path);
	const struct pattern *best = NULL;

	for (size_t i = 0; i < m->nbuckets; i++) {
		const struct bucket *b = &m->buckets[i];

		if (!b->first[0] || (strlen(b->first) == len && !strncmp(b->first, path, len)))
			try_bucket(m, b, path, &best);
	}
	return best ? &m->v[best->section] : NULL;
}

static int has_address(const struct strv *people, const char *email)
{
	for (size_t i = 0; i < people->n; i++) {
		const char *lt = strchr(people->v[i], '<'), *gt = lt ? strchr(lt, '>') : NULL;

		if (lt && gt && (size_t)(gt - lt - 1) == strlen(email) &&
		    !strncasecmp(lt + 1, email, strlen(email)))
			return 1;
		if (!lt && !strcasecmp(people->v[i], email))
			return 1;
	}
	return 0;
}

int md_maint_has_person(const struct md_maint_section *s, const char *email)
{
	return has_address(&s->maintainers, email) || has_address(&s->reviewers, email);
}

void md_maintainers_free(struct md_maintainers *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->npat; i++)
		if (m->pat[i].is_regex)
			regfree(&m->pat[i].re);
	free(m->pat);
	for (size_t i = 0; i < m->nbuckets; i++) {
		free(m->buckets[i].first);
		free(m->buckets[i].idx);
	}
	free(m->buckets);
	for (size_t i = 0; i < m->n; i++)
		section_release(&m->v[i]);
	free(m->v);
	free(m);
}
