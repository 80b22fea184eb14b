// SPDX-License-Identifier: GPL-2.0
/* suppress.c - parse suppressions files and match findings against them. */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "file.h"
#include "suppress.h"
#include "xalloc.h"

static int is_fingerprint(const char *s, size_t n)
{
	if (n != 16)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

/* parse_line - one non-comment line; -1 after reporting a bad one. */
static int parse_line(struct md_suppressions *s, char *line, const char *name, unsigned long no)
{
	char *sel = line, *reason, *colon;
	size_t n = strcspn(line, " \t");
	struct md_suppression *e;

	reason = line + n;
	while (*reason == ' ' || *reason == '\t')
		reason++;
	sel[n] = '\0';
	if (!*reason)
		return md_error("%s:%lu: '%s' has no reason (every suppression says why)", name, no,
				sel);
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	e = &s->v[s->n];
	memset(e, 0, sizeof(*e));
	e->line = no;
	colon = strchr(sel, ':');
	if (is_fingerprint(sel, n)) {
		e->fingerprint = xstrdup(sel);
	} else if (colon && colon > sel && colon[1]) {
		e->rule = xstrndup(sel, (size_t)(colon - sel));
		e->glob = xstrdup(colon + 1);
	} else {
		return md_error("%s:%lu: '%s' is neither a fingerprint nor RULE:GLOB", name, no, sel);
	}
	e->reason = xstrdup(reason);
	s->n++;
	return 0;
}

int md_suppressions_parse(struct md_suppressions *s, const char *text, const char *name)
{
	unsigned long no = 0;
	int rc = 0;

	if (!s->path)
		s->path = xstrdup(name);
	while (*text) {
		size_t n = strcspn(text, "\n");
		char *line = xstrndup(text, n), *p = line, *end;

		no++;
		text += n + (text[n] == '\n');
		while (isspace((unsigned char)*p))
			p++;
		end = p + strlen(p);
		while (end > p && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*p && *p != '#' && parse_line(s, p, name, no))
			rc = -1;
		free(line);
	}
	return rc;
}

int md_suppressions_read(struct md_suppressions *s, const char *path)
{
	char *text;
	int rc;

	memset(s, 0, sizeof(*s));
	s->path = xstrdup(path);
	text = md_read_text(path, NULL);
	if (!text)
		return md_error_errno("%s", path);
	rc = md_suppressions_parse(s, text, path);
	free(text);
	return rc;
}

struct md_suppression *md_suppressed(struct md_suppressions *s, const char *fingerprint,
				     const char *rule, const char *path)
{
	for (size_t i = 0; s && i < s->n; i++) {
		struct md_suppression *e = &s->v[i];
		int hit = e->fingerprint ? !strcmp(e->fingerprint, fingerprint)
					 : (!strcmp(e->rule, "*") || !strcmp(e->rule, rule)) &&
					   !fnmatch(e->glob, path, FNM_PATHNAME);

		if (hit) {
			e->uses++;
			return e;
		}
	}
	return NULL;
}

void md_suppressions_release(struct md_suppressions *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].fingerprint);
		free(s->v[i].rule);
		free(s->v[i].glob);
		free(s->v[i].reason);
	}
	free(s->v);
	free(s->path);
	memset(s, 0, sizeof(*s));
}
