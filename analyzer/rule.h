/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rule.h - the interface between the engine and the rules.
 *
 * The engine walks every expression of the files it reports on once and
 * hands each rule only the events it asked for, already resolved by type:
 * a member access with the record that declares the member (after
 * anonymous structs and unions), a call with the callee's name, a cast
 * between two record pointer types.  A rule declares what it matches
 * (struct md_match), decides and calls md_report().  Adding a rule is one
 * file under rules/ plus one line in rules/rule_list.h.
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

/*
 * What a rule matches, as data.  The rule's callbacks look their events up
 * in this table (md_rule_match()), the census lists the declared fields and
 * list-rules --format json prints it, together with the textual search
 * patterns derived from it: a field gives "(->|.)\s*(name)\b", a callee
 * "\b(name)\s*\(", a cast "\(\s*struct\s+(to)\s*\*\s*\)".
 */
enum md_match_kind {
	MD_MATCH_END,	 /* terminates a rule's table */
	MD_MATCH_FIELD,	 /* member @name of struct @record */
	MD_MATCH_CALL,	 /* a call of function @name */
	MD_MATCH_CAST,	 /* a cast from struct @record * to struct @name * */
};

/* md_match.flags */
#define MD_MATCH_CENSUS_MACRO 0x1 /* CALL: the census notes each call with the
				     macro it was written through */
#define MD_MATCH_NO_TOKEN 0x2	  /* consulted, never a finding by itself: no
				     textual search pattern is derived */

struct md_match {
	enum md_match_kind kind;
	const char *record; /* FIELD: declaring record; CAST: source record */
	const char *name;   /* FIELD: member; CALL: callee; CAST: target record */
	const char *hint;   /* the rule's own text for this match (advice), or NULL */
	unsigned int flags;
};

/* Table entries: MD_FIELD("page", "lru"), MD_CALL("page_mapping"), ... */
#define MD_FIELD(rec, field) { .kind = MD_MATCH_FIELD, .record = (rec), .name = (field) }
#define MD_CALL(fn) { .kind = MD_MATCH_CALL, .name = (fn) }
#define MD_CALL_HINT(fn, text) { .kind = MD_MATCH_CALL, .name = (fn), .hint = (text) }
#define MD_CALL_SOURCE(fn) { .kind = MD_MATCH_CALL, .name = (fn), .flags = MD_MATCH_NO_TOKEN }
#define MD_CAST(from, to, text) { .kind = MD_MATCH_CAST, .record = (from), .name = (to), .hint = (text) }
#define MD_MATCHES_END { .kind = MD_MATCH_END }

/* How far a rule's findings can be trusted; the database's certainty column. */
enum md_certainty {
	MD_CERTAINTY_EXACT,   /* resolved by type by libclang */
	MD_CERTAINTY_TYPED,
	MD_CERTAINTY_TEXTUAL,
};

struct md_rule {
	const char *id;		 /* stable id used in output, database, options */
	const char *summary;	 /* one line for list-rules */
	const char *description; /* what and why, a few sentences; may be NULL */
	enum md_certainty certainty;
	int advisory;		 /* 1: findings do not gate CI by default */

	/* what the rule matches, terminated by MD_MATCH_END */
	const struct md_match *matches;
	/*
	 * Extra textual search patterns (Perl/ripgrep syntax, the token in
	 * the first capture group) for spellings the derived ones miss, e.g.
	 * the member argument of list_for_each_entry(); NULL-terminated.
	 */
	const char *const *tokens;
	/*
	 * Identifiers that reach a match without spelling any token, as such
	 * patterns: a finding may sit on them (e.g. PageDirty(), which calls
	 * compound_head() in its body), but a textual match need not be one.
	 */
	const char *const *hidden;

	/*
	 * Per translation unit state: tu_begin (optional) runs before the
	 * first event of a TU and returns what md_rule_state() gives back
	 * (allocated with lib/xalloc.h, which cannot fail); tu_end runs after
	 * the last event and frees it.
	 */
	void *(*tu_begin)(struct md_visit *v, const struct md_rule *self);
	void (*tu_end)(struct md_visit *v, const struct md_rule *self, void *state);

	/*
	 * function (optional) runs on each function definition of the
	 * reported files before the events of its body, for rules that walk
	 * the body themselves (data flow within one function).
	 */
	void (*function)(struct md_visit *v, const struct md_rule *self, CXCursor fn);
	void (*member)(struct md_visit *v, const struct md_rule *self, const struct md_member *m);
	void (*call)(struct md_visit *v, const struct md_rule *self, const struct md_call *c);
	void (*cast)(struct md_visit *v, const struct md_rule *self, const struct md_cast *c);
};

/*
 * md_rule_match - the entry of @rule's table of @kind for @record (NULL:
 * any, as for calls) and @name, or NULL when the rule does not declare it.
 */
const struct md_match *md_rule_match(const struct md_rule *rule, enum md_match_kind kind,
				     const char *record, const char *name);

/* md_rule_state - the state @rule's tu_begin stored for this TU, or NULL. */
void *md_rule_state(struct md_visit *v, const struct md_rule *rule);


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
 * md_report_class - md_report() with the finding's class set by the rule
 * (e.g. "owner-folio"), which takes the place of the engine's own
 * ("core-wrapper" for the bridging layer).  @class may be NULL.
 */
void md_report_class(struct md_visit *v, const struct md_rule *rule, CXCursor cursor,
		     const char *token, const char *class, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * md_file_of - the path of the file holding @cursor (its expansion site),
 * relative to the tree root; NULL outside the tree.  Lives as long as the TU.
 */
const char *md_file_of(struct md_visit *v, CXCursor cursor);

/*
 * md_ident_at - the identifier the file shows where @cursor's extent
 * begins: the macro name for pfn_to_page(pfn) (also written in another
 * macro's argument), the callee for a call written out.  "" when none; lives until the next call.
 */
const char *md_ident_at(struct md_visit *v, CXCursor cursor);

/* md_visit_tu - the translation unit being walked (for clang_tokenize()). */
CXTranslationUnit md_visit_tu(struct md_visit *v);

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

/*
 * md_folio_flag_accessor - the folio form of a page-flag accessor, in the
 * kernel's naming (PageDirty -> folio_test_dirty, SetPageMappedToDisk ->
 * folio_set_mappedtodisk); empty when @name is not one.
 */
void md_folio_flag_accessor(const char *name, char *out, size_t len);

/* md_is_record_pointer - @t is (canonically) a pointer to struct @name. */
int md_is_record_pointer(CXType t, const char *name);

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
