/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prefilter.h - which files can hold a finding, from their text alone.
 *
 * A finding sits on a textual match of one of its rule's tokens, on an
 * identifier the rule declares as hiding a match, or on a macro whose
 * definition reaches one of those (tests/kernel.t checks this on real
 * files).  The prefilter knows the token patterns the rules declare
 * (list-rules --format json) as token shapes: a member name after "->"
 * or ".", a callee before "(", a record in "(struct R *)".  It learns
 * the macros of the tree's headers and closes over them: a macro is
 * interesting when its body matches a token or names an interesting
 * macro.  A file matches when its text, outside comments and strings,
 * matches a token or names an interesting macro; a .c file it includes
 * ("x.c") counts as its text, and so does a header it includes ("x.h")
 * after #define CREATE_TRACE_POINTS (the trace header's arguments are
 * compiled there alone).
 *
 * Sound in one direction only: a file that does not match has no finding
 * in its own text; one that matches may have none.
 */
#ifndef MEMDESC_ANALYZER_PREFILTER_H
#define MEMDESC_ANALYZER_PREFILTER_H

#include <stddef.h>

#include "../lib/ctoken.h"
#include "../lib/strv.h"
#include "rule.h"

struct md_prefilter;

/*
 * md_prefilter_new - a prefilter for the tokens and hidden identifiers of
 * @rules.  NULL after reporting a pattern it cannot read as a token shape
 * (the caller then parses every file).
 */
struct md_prefilter *md_prefilter_new(const struct md_rule *const *rules, size_t nrules);

/* md_prefilter_add_pattern - one token pattern (the rules' syntax); 0 or -1 (reported). */
int md_prefilter_add_pattern(struct md_prefilter *pf, const char *pattern);

/* md_prefilter_learn_macros - the #defines of @text (a header). */
void md_prefilter_learn_macros(struct md_prefilter *pf, const char *text, size_t len);

/*
 * md_prefilter_learn_tree - the macros of every .h file under @dir except
 * tools/ (which no kernel object includes) and, with @arch ("x86"), the
 * other architectures' arch/<name>/ (which its objects do not include).
 * Returns the number of headers read.
 */
long md_prefilter_learn_tree(struct md_prefilter *pf, const char *dir, const char *arch);

/* md_prefilter_close - compute the interesting macros; call after learning, before matching. */
void md_prefilter_close(struct md_prefilter *pf);

/*
 * md_prefilter_headers_key - what the learnt macros depend on, cheaply:
 * a hash of @salt and of the path, size, mtime and inode of every header
 * md_prefilter_learn_tree() would read under @dirs, so a cache of the
 * closure (md_prefilter_macro_names()) is valid while the key is the same.
 */
unsigned long long md_prefilter_headers_key(const char *const *dirs, size_t ndirs,
					    const char *arch, const char *salt);

/* md_prefilter_macro_names - the interesting macros' names, appended to @out (after close). */
void md_prefilter_macro_names(const struct md_prefilter *pf, struct strv *out);

/* md_prefilter_mark_macro - @name is an interesting macro (instead of learning it again). */
void md_prefilter_mark_macro(struct md_prefilter *pf, const char *name);

/* md_prefilter_macros - how many macro names the closure found interesting. */
size_t md_prefilter_macros(const struct md_prefilter *pf);

/*
 * md_prefilter_is_token - the identifier @toks[@i] (of @ntoks tokens of
 * one text, lib/ctoken.h) stands in the shape of a pattern added, or is
 * an interesting macro: 1, else 0.  This is the one place where a token
 * pattern meets the text, for the prefilter and for memdesc coverage.
 */
int md_prefilter_is_token(struct md_prefilter *pf, const struct md_ctok *toks, size_t ntoks,
			  size_t i);

/* md_prefilter_match_text - 1 when @text can hold a finding, else 0. */
int md_prefilter_match_text(struct md_prefilter *pf, const char *text, size_t len);

/*
 * md_prefilter_match_file - 1 when the file at @path (and the .c files it
 * includes with quotes, relative to its directory; the .h ones too after
 * #define CREATE_TRACE_POINTS) can hold a finding, 0
 * when not, -1 when it cannot be read (the caller keeps it).
 */
int md_prefilter_match_file(struct md_prefilter *pf, const char *path);

void md_prefilter_free(struct md_prefilter *pf);

#endif
