// SPDX-License-Identifier: GPL-2.0
/* ctoken.c - C source text as tokens, without the preprocessor. */
#include <ctype.h>
#include <string.h>

#include "ctoken.h"

void md_clexer_init(struct md_clexer *lx, const char *text, size_t len)
{
	lx->p = text;
	lx->end = text + len;
	lx->line = 1;
	lx->at_bol = 1;
}

static int is_ident_char(int c)
{
	return isalnum(c) || c == '_';
}

/* is_literal_prefix - L, u, U or u8 of L"..", u8'..'. */
static int is_literal_prefix(const char *start, const char *end)
{
	size_t n = (size_t)(end - start);

	return (n == 1 && strchr("LuU", *start)) || (n == 2 && !memcmp(start, "u8", 2));
}

/* skip_space - whitespace, comments and escaped newlines; counts lines. */
static void skip_space(struct md_clexer *lx)
{
	const char *p = lx->p, *end = lx->end;

	while (p < end) {
		if (*p == '\n') {
			lx->line++;
			lx->at_bol = 1;
			p++;
		} else if (*p == '\\' && p + 1 < end && p[1] == '\n') {
			lx->line++;
			p += 2;
		} else if (isspace((unsigned char)*p)) {
			p++;
		} else if (*p == '/' && p + 1 < end && p[1] == '/') {
			while (p < end && *p != '\n')
				p += (*p == '\\' && p + 1 < end && p[1] == '\n') ? (lx->line++, 2) : 1;
		} else if (*p == '/' && p + 1 < end && p[1] == '*') {
			for (p += 2; p < end && !(*p == '*' && p + 1 < end && p[1] == '/'); p++)
				lx->line += *p == '\n';
			p = p < end ? p + 2 : end;
		} else {
			break;
		}
	}
	lx->p = p;
}

/* skip_literal - past the string or character literal opened at @p. */
static const char *skip_literal(struct md_clexer *lx, const char *p)
{
	char quote = *p++;

	while (p < lx->end && *p != quote && *p != '\n') {
		if (*p == '\\' && p + 1 < lx->end) {
			lx->line += p[1] == '\n';
			p++;
		}
		p++;
	}
	return p < lx->end && *p == quote ? p + 1 : p;
}

/* skip_number - a preprocessing number: digits, letters, '.', and e+ e- p+ p-. */
static const char *skip_number(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if ((*p == '+' || *p == '-') && strchr("eEpP", p[-1]))
			continue;
		if (!is_ident_char((unsigned char)*p) && *p != '.')
			break;
	}
	return p;
}

int md_clex(struct md_clexer *lx, struct md_ctok *t)
{
	const char *p;

	skip_space(lx);
	if (lx->p >= lx->end)
		return 0;
	p = lx->p;
	t->text = p;
	t->line = lx->line;
	t->bol = lx->at_bol;
	lx->at_bol = 0;
	if (is_ident_char((unsigned char)*p) && !isdigit((unsigned char)*p)) {
		while (p < lx->end && is_ident_char((unsigned char)*p))
			p++;
		if (p < lx->end && (*p == '"' || *p == '\'') && is_literal_prefix(t->text, p)) {
			p = skip_literal(lx, p);
			t->kind = MD_CTOK_LITERAL;
		} else {
			t->kind = MD_CTOK_IDENT;
		}
	} else if (*p == '"' || *p == '\'') {
		p = skip_literal(lx, p);
		t->kind = MD_CTOK_LITERAL;
	} else if (isdigit((unsigned char)*p) ||
		   (*p == '.' && p + 1 < lx->end && isdigit((unsigned char)p[1]))) {
		p = skip_number(p, lx->end);
		t->kind = MD_CTOK_LITERAL;
	} else {
		t->kind = MD_CTOK_PUNCT;
		p += (p + 1 < lx->end && ((p[0] == '-' && p[1] == '>') ||
					  (p[0] == '#' && p[1] == '#'))) ? 2 : 1;
	}
	t->len = (size_t)(p - t->text);
	lx->p = p;
	return 1;
}

int md_ctok_is(const struct md_ctok *t, const char *s)
{
	return t->kind != MD_CTOK_LITERAL && strlen(s) == t->len && !memcmp(t->text, s, t->len);
}
