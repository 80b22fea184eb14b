/* SPDX-License-Identifier: GPL-2.0 */
/*
 * finding.h - one place in a tree where code treats a page as a folio (or a
 * folio as a page), as the analyzer reports it and the database stores it.
 */
#ifndef MEMDESC_FINDING_H
#define MEMDESC_FINDING_H

#include <stddef.h>

#define MD_FINGERPRINT_LEN 16

struct md_finding {
	const char *rule;     /* rule id, e.g. "page-lru" */
	char *path;	      /* relative to the tree root */
	unsigned int line;
	unsigned int col;
	char *function;	      /* enclosing function, "" at file scope */
	char *macro;	      /* macro the match came through, or NULL */
	char *matched;	      /* normalized text of the matched expression */
	char *message;
	char *source_line;    /* the text of @line, without its newline */
	char *class;	      /* "core-wrapper" or NULL */
	unsigned int occurrence; /* index among same (rule, path, function, matched) */
	char fingerprint[MD_FINGERPRINT_LEN + 1];
};

/*
 * md_fingerprint - the identity of a finding across scans: a hash of the
 * rule, the path, the enclosing function, the normalized matched text and
 * the occurrence index within the function.  Line and column are left out
 * on purpose, so adding or removing lines above a finding keeps it.
 * Writes MD_FINGERPRINT_LEN hex digits and a NUL to @out.
 */
void md_fingerprint(const char *rule, const char *path, const char *function,
		    const char *matched, unsigned int occurrence, char *out);

/*
 * md_normalize - copy @len bytes of source text without whitespace, so
 * re-indenting or re-wrapping an expression keeps its fingerprint.
 * Returns a malloc'd string of at most @max bytes (plus NUL).
 */
char *md_normalize(const char *text, size_t len, size_t max);

void md_finding_release(struct md_finding *f);

#endif
