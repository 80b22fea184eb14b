/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coverage.h - every textual candidate of every rule, accounted for.
 *
 * A candidate is an identifier of a file's text, outside comments and
 * strings, in the shape of a token its rule declares (list-rules --format
 * json: a field name after "->" or ".", a callee before "(", a record in
 * "(struct R *)"); the prefilter's token shapes find them.  Each candidate
 * gets one class, from what the scan stored of the file (its findings of
 * every engine, its census, whether the fallback read it) and from the
 * text around it:
 *
 *   struct md_coverage *cov = md_coverage_new(rules, nrules);
 *   md_coverage_file(cov, &file, fn, data);   (once per file)
 *   md_coverage_free(cov);
 *
 * The classes are explanations, tried in this order; a candidate none of
 * them explains is unexplained.
 */
#ifndef MEMDESC_ANALYZER_COVERAGE_H
#define MEMDESC_ANALYZER_COVERAGE_H

#include <stddef.h>

#include "../db/db.h"
#include "rule.h"

enum md_cov_class {
	MD_COV_FINDING,		 /* a finding of the rule sits on it, of any engine */
	MD_COV_OTHER_RECORD,	 /* the census: a member of another record (named) */
	MD_COV_MACRO_DEFINITION, /* in a #define: its findings sit where the macro is used */
	MD_COV_SKIPPED_FALLBACK, /* lines the preprocessor skipped, which the fallback read */
	MD_COV_FALLBACK_FILE,	 /* in a file only the fallback read, which found nothing there */
	MD_COV_DEBUG_ARGUMENT,	 /* no census: in VM_BUG_ON()/VM_WARN_ON(), no code without DEBUG_VM */
	MD_COV_DECLARATOR,	 /* the name of a function being defined or declared, not a call */
	MD_COV_CAST_OTHER,	 /* the census: a cast of a value of another type (named) */
	MD_COV_TYPE_NAME,	 /* "(struct R *)" in a parsed file where no cast is: sizeof, a prototype */
	MD_COV_VARIABLE,	 /* the census: a variable, parameter or enumerator, not a member name */
	MD_COV_DROPPED,		 /* the census: in an argument the macro (named) does not use */
	MD_COV_UNEXPLAINED,
	MD_COV_CLASSES
};

/* md_cov_class_name - the class as printed ("finding", "other record", ...). */
const char *md_cov_class_name(enum md_cov_class c);

/* A finding's place: which rule, where (findings of any engine). */
struct md_cov_finding {
	const char *rule;
	unsigned int line, col;
};

/* What the scan stored of one file, and its text. */
struct md_cov_file {
	const char *path; /* relative to the tree root */
	const char *text;
	size_t len;
	const struct md_cov_finding *findings; /* sorted by line, column */
	size_t nfindings;
	const struct md_census *census; /* the file's census entries, sorted by line, column */
	size_t ncensus;
	int fallback; /* the fallback (coccinelle) read the file: no parsed TU did */
	int parsed;   /* some parsed TU read the file: the census covers what it compiled */
};

struct md_cov_candidate {
	const char *rule, *path;
	const char *token; /* NUL-terminated */
	unsigned int line, col;
	enum md_cov_class class;
	/* OTHER_RECORD: the member's record; CAST_OTHER: the operand's type; DROPPED: the macro */
	const char *record;
	const char *why;    /* MD_COV_UNEXPLAINED: what is known of it, or NULL */
};

typedef void (*md_cov_fn)(void *data, const struct md_cov_candidate *c);

/* md_coverage_new - the candidates of @rules; NULL after reporting an unreadable pattern. */
struct md_coverage *md_coverage_new(const struct md_rule *const *rules, size_t nrules);

/* md_coverage_file - call @fn for every candidate of @f, in file order, rule by rule. */
void md_coverage_file(struct md_coverage *cov, const struct md_cov_file *f, md_cov_fn fn,
		      void *data);

void md_coverage_free(struct md_coverage *cov);

#endif
