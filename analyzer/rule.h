/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rule.h - the interface between the engine and the rules.
 *
 * The engine walks every expression of the files it reports on once and
 * hands each rule only the events it asked for, already resolved by type:
 * a member access with the record that declares the member (after
 * anonymous structs and unions), a call with the callee's name, a cast
 * between two record pointer types.  A rule decides and calls md_report().
 * Adding a rule is one file under rules/ plus one line in rules/rule_list.h.
 */
#ifndef MEMDESC_RULE_H
#define MEMDESC_RULE_H

#include <clang-c/Index.h>

struct md_visit; /* the engine's state for one translation unit */

/* A member access: p->field, s.field, or offsetof(type, field). */
struct md_member {
	CXCursor cursor;
	const char *field;  /* member name */
	const char *record; /* named record that declares it, e.g. "page" */
	int is_offsetof;    /* offsetof()/designator, not an access */
};

/* A call of a named function (directly or through a macro). */
struct md_call {
	CXCursor cursor;
	CXCursor parent;    /* the expression the call's value goes to */
	const char *callee;
};

/* A cast from one record pointer type to another, e.g. (struct folio *)page. */
struct md_cast {
	CXCursor cursor;
	const char *to_record;
	const char *from_record;
};

struct md_rule {
	const char *id;	     /* stable id used in output, database, options */
	const char *summary; /* one line for list-rules */
	void (*member)(struct md_visit *v, const struct md_member *m);
	void (*call)(struct md_visit *v, const struct md_call *c);
	void (*cast)(struct md_visit *v, const struct md_cast *c);
};

/*
 * md_report - report @cursor as a finding of @rule.  @token is the
 * identifier the rule matched (member or callee name): when the source
 * shows another identifier there, the match came from that macro's body.
 * Returns the macro name the match came through (or NULL) so rules can
 * exempt sanctioned wrappers before reporting: see md_macro_at().
 */
void md_report(struct md_visit *v, const struct md_rule *rule, CXCursor cursor,
	       const char *token, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * md_macro_at - the macro the @token of @cursor came through, as written in
 * the file: the macro whose body produced the token (the outermost one
 * when macros nest), or for a token written in a macro's argument, the
 * macro invoked there (READ_ONCE in READ_ONCE(page->mapping)); NULL for
 * code written out in the file.  The string lives until the next call.
 */
const char *md_macro_at(struct md_visit *v, CXCursor cursor, const char *token);

/*
 * md_macro_wraps - @cursor's @token comes from the body of a macro written
 * in the file (see md_macro_at) whose definition calls @wrapper and does
 * not spell "->@token" itself: e.g. slab_page() built on folio_page().
 * One level deep.
 */
int md_macro_wraps(struct md_visit *v, CXCursor cursor, const char *token, const char *wrapper);

/* md_in_scanned_file - @cursor is in a file whose findings are reported. */
int md_in_scanned_file(struct md_visit *v, CXCursor cursor);

/* md_streq - a == b for C strings. */
static inline int md_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

#endif
