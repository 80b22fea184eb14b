/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctoken.h - C source text as tokens, without running the preprocessor:
 * identifiers and punctuators with their line, comments skipped, string
 * and character literals and numbers as opaque tokens, and where each
 * logical line (a directive, with its backslash continuations) begins.
 *
 *   struct md_ctok t;
 *   struct md_clexer lx;
 *   md_clexer_init(&lx, text, len);
 *   while (md_clex(&lx, &t))
 *           ... t.kind, t.text[0 .. t.len - 1], t.line, t.bol ...
 *
 * Good enough to find identifiers and their neighbours; it never fails:
 * malformed text (an unterminated comment or literal) ends at the end.
 */
#ifndef MEMDESC_LIB_CTOKEN_H
#define MEMDESC_LIB_CTOKEN_H

#include <stddef.h>

enum md_ctok_kind {
	MD_CTOK_IDENT,
	MD_CTOK_PUNCT,	 /* one punctuator; "->" and "##" are one, the rest one character */
	MD_CTOK_LITERAL, /* a string or character literal, or a number */
};

struct md_ctok {
	enum md_ctok_kind kind;
	const char *text;
	size_t len;
	unsigned int line; /* 1-based */
	int bol;	   /* first token of a logical line */
};

struct md_clexer {
	const char *p, *end;
	unsigned int line;
	int at_bol;
};

void md_clexer_init(struct md_clexer *lx, const char *text, size_t len);

/* md_clex - the next token into @t: 1, or 0 at the end of the text. */
int md_clex(struct md_clexer *lx, struct md_ctok *t);

/* md_ctok_is - @t is the identifier or punctuator @s. */
int md_ctok_is(const struct md_ctok *t, const char *s);

#endif
