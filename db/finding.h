/* SPDX-License-Identifier: GPL-2.0 */
/*
 * finding.h - the finding record: one place in a tree where code treats a
 * page as a folio (or a folio as a page), as every engine produces it, the
 * ingest path reads it and the database stores it.
 *
 * A finding's identity across scans is its fingerprint, computed by the
 * recipe below; MD_FINGERPRINT_VERSION names the recipe and is stored with
 * every scan, so a later recipe can tell old fingerprints from its own.
 */
#ifndef MEMDESC_FINDING_H
#define MEMDESC_FINDING_H

#include <stddef.h>
#include <jansson.h>

#define MD_FINGERPRINT_LEN 16
#define MD_FINGERPRINT_VERSION 1

/* The engines that produce findings and how sure each finding is. */
#define MD_ENGINES "libclang", "coccinelle", "text"
#define MD_CERTAINTIES "exact", "typed", "textual"

struct md_finding {
	char *rule;		 /* rule id, e.g. "page-lru" */
	char *path;		 /* relative to the tree root */
	unsigned int line;	 /* 1-based */
	unsigned int col;	 /* 1-based, in bytes */
	char *function;		 /* enclosing function, "" at file scope */
	char *macro;		 /* macro the match came through, or NULL */
	char *matched;		 /* normalized text of the matched expression */
	char *message;
	char *source_line;	 /* the text of @line, without its newline */
	size_t source_line_len;	 /* its length in bytes (it may hold NULs); 0: strlen */
	char *class;		 /* "core-wrapper" or NULL */
	char *engine;		 /* "libclang", "coccinelle", "text" */
	char *certainty;	 /* "exact", "typed", "textual" */
	unsigned int occurrence; /* index among same (rule, path, function, matched) */
	/* the secondary location: where the macro spelled the token, or NULL */
	char *spelling_path;
	unsigned int spelling_line, spelling_col;
	char *origin;		 /* the TU (or imported file) that reported it, or NULL */
	long long carried_from;	 /* not rescanned: carried from this scan; 0: found now */
	char fingerprint[MD_FINGERPRINT_LEN + 1];
};

/*
 * md_fingerprint - the identity of a finding across scans (recipe
 * MD_FINGERPRINT_VERSION): a hash of the rule, the path, the enclosing
 * function, the normalized matched text and the occurrence index within
 * the function.  Line and column are left out on purpose, so adding or
 * removing lines above a finding keeps it.  Writes MD_FINGERPRINT_LEN hex
 * digits and a NUL to @out.
 */
void md_fingerprint(const char *rule, const char *path, const char *function,
		    const char *matched, unsigned int occurrence, char *out);

/* md_finding_fingerprint - md_fingerprint() of @f's own fields into @f. */
void md_finding_fingerprint(struct md_finding *f);

/*
 * md_normalize - copy @len bytes of source text without whitespace, so
 * re-indenting or re-wrapping an expression keeps its fingerprint.
 * Returns a malloc'd string of at most @max bytes (plus NUL).
 */
char *md_normalize(const char *text, size_t len, size_t max);

/* md_is_engine, md_is_certainty - @s is one of MD_ENGINES, MD_CERTAINTIES. */
int md_is_engine(const char *s);
int md_is_certainty(const char *s);

/*
 * md_finding_to_json - @f as a "finding" record of the ingest format
 * (db/README.md): a new object.  Text that is not valid UTF-8 has each
 * bad byte replaced by U+FFFD, so no key is ever dropped.
 */
json_t *md_finding_to_json(const struct md_finding *f);

/*
 * md_finding_from_json - fill @f (zeroed first, owning its strings) from a
 * "finding" record.  Every field is checked; on a bad record returns -1
 * with the reason in @why and @f released.  A record without a
 * fingerprint gets one by the recipe above.
 */
int md_finding_from_json(json_t *obj, struct md_finding *f, char *why, size_t whylen);

/*
 * md_json_text, md_json_textn - a JSON string for @s (@len bytes, NULs
 * included), each byte that is not valid UTF-8 as U+FFFD.
 */
json_t *md_json_text(const char *s);
json_t *md_json_textn(const char *s, size_t len);

/* md_source_line_len - the length of @f's source line, NULs included. */
size_t md_source_line_len(const struct md_finding *f);

/* md_finding_copy - a deep copy of @src into @dst. */
void md_finding_copy(struct md_finding *dst, const struct md_finding *src);

void md_finding_release(struct md_finding *f);

#endif
