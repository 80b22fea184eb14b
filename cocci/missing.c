// SPDX-License-Identifier: GPL-2.0
/*
 * missing.c - the version guards of the semantic patches (md_cocci_missing
 * of cocci/run.h).
 *
 * A semantic patch declares "virtual missing_<ident>" for a function,
 * macro or struct field its rewrites need, and makes those rules depend on
 * !missing_<ident>.  <ident> counts as declared when it occurs as a whole
 * identifier in code (not in a comment, a string or a character constant)
 * of a header under the tree's include/: every declaration, definition or
 * field of a kernel header is such an occurrence, and an identifier the
 * headers only mention in comments (a 6.1 tree's comment about a folio
 * helper it lacks) does not count.
 */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "run.h"
#include "../lib/file.h"

#define MISSING_PREFIX "missing_"

/* The identifiers asked about, and which the headers declare. */
struct guard_set {
	struct strv ident;
	char *found;
	size_t nfound;
	int failed;
};

static int is_ident_char(int c)
{
	return isalnum(c) || c == '_';
}

static void add_guard(struct guard_set *g, const char *ident, size_t len)
{
	for (size_t i = 0; i < g->ident.n; i++)
		if (strlen(g->ident.v[i]) == len && !strncmp(g->ident.v[i], ident, len))
			return;
	strv_push_owned(&g->ident, xstrndup(ident, len));
}

/* read_guards - each "virtual missing_<ident>" of @path (a list "virtual a, b" too). */
static int read_guards(const char *path, struct guard_set *g)
{
	char *text = md_read_text(path, NULL);
	char *line, *save = NULL;

	if (!text)
		return md_error_errno("%s: cannot read", path);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p = line;

		if (strncmp(p, "virtual", 7) || !isspace((unsigned char)p[7]))
			continue;
		for (p += 7; *p && strncmp(p, "//", 2); ) {
			size_t len;

			while (*p == ',' || isspace((unsigned char)*p))
				p++;
			for (len = 0; is_ident_char((unsigned char)p[len]); len++)
				;
			if (!len)
				break;
			if (len > strlen(MISSING_PREFIX) &&
			    !strncmp(p, MISSING_PREFIX, strlen(MISSING_PREFIX)))
				add_guard(g, p + strlen(MISSING_PREFIX), len - strlen(MISSING_PREFIX));
			p += len;
		}
	}
	free(text);
	return 0;
}

/* skip_quoted - past the string or character constant at @p. */
static const char *skip_quoted(const char *p)
{
	char quote = *p++;

	while (*p && *p != quote && *p != '\n') {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	return *p == quote ? p + 1 : p;
}

/* note_ident - @g asks about the identifier at @p (@len bytes): mark it found. */
static void note_ident(struct guard_set *g, const char *p, size_t len)
{
	for (size_t i = 0; i < g->ident.n; i++) {
		if (!g->found[i] && strlen(g->ident.v[i]) == len &&
		    !memcmp(g->ident.v[i], p, len)) {
			g->found[i] = 1;
			g->nfound++;
		}
	}
}

/* scan_code - every identifier of @text outside comments and quotes. */
static void scan_code(struct guard_set *g, const char *text)
{
	const char *p = text;

	while (*p && g->nfound < g->ident.n) {
		if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");

			p = end ? end + 2 : p + strlen(p);
		} else if (p[0] == '/' && p[1] == '/') {
			p += strcspn(p, "\n");
		} else if (*p == '"' || *p == '\'') {
			p = skip_quoted(p);
		} else if (is_ident_char((unsigned char)*p)) {
			size_t len = 0;

			while (is_ident_char((unsigned char)p[len]))
				len++;
			if (!isdigit((unsigned char)*p))
				note_ident(g, p, len);
			p += len;
		} else {
			p++;
		}
	}
}

/* The walk of include/ is nftw's, which passes no data: one walk at a time. */
static struct guard_set *walking;

static int scan_header(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char *text;

	(void)st;
	(void)ftw;
	if (type != FTW_F || !md_path_has_suffix(path, ".h"))
		return 0;
	text = md_read_text(path, NULL);
	if (!text) {
		walking->failed = md_error_errno("%s: cannot read", path);
		return 1;
	}
	scan_code(walking, text);
	free(text);
	return walking->nfound == walking->ident.n;
}

int md_cocci_missing(const char *tree, const char *const *cocci, size_t ncocci,
		     struct strv *out)
{
	struct guard_set g = { .ident = STRV_INIT };
	char *include;
	int rc = 0;

	for (size_t i = 0; i < ncocci && !rc; i++)
		rc = read_guards(cocci[i], &g);
	if (rc || !g.ident.n) {
		strv_release(&g.ident);
		return rc;
	}
	g.found = xcalloc(g.ident.n, 1);
	include = md_path_join(tree, "include");
	walking = &g;
	if (nftw(include, scan_header, 32, FTW_PHYS) < 0)
		rc = md_error_errno("%s: cannot read the headers", include);
	walking = NULL;
	if (!rc && g.failed)
		rc = -1;
	for (size_t i = 0; !rc && i < g.ident.n; i++)
		if (!g.found[i])
			strv_pushf(out, MISSING_PREFIX "%s", g.ident.v[i]);
	free(include);
	free(g.found);
	strv_release(&g.ident);
	return rc;
}
