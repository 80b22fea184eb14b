// SPDX-License-Identifier: GPL-2.0
/*
 * compound-head.c - compound_head() and its relatives.  Once folios and
 * slabs are separately allocated, compound_head() of one of their pages is
 * a BUG.  page_folio() is the replacement: it also calls _compound_head(),
 * but casts the result to struct folio *, which is how it is told apart
 * (through any macro that wraps it).
 *
 * Hidden calls count too: a function defined outside the scanned files
 * whose body calls compound_head() on its argument - the PF_HEAD and
 * PF_NO_TAIL page-flag accessors (PageDirty(), SetPageLRU(), ...) - is
 * reported at each call.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/xalloc.h"
#include "../rule.h"

/* What compound_head() and page_folio() call; told apart by the cast. */
#define HEAD_CALLEE "_compound_head"

static const struct md_match compound_head_matches[] = {
	{ .kind = MD_MATCH_CALL, .name = HEAD_CALLEE, .flags = MD_MATCH_CENSUS_MACRO },
	/* helpers with a known folio replacement, the hint */
	MD_CALL_HINT("virt_to_head_page",
		     "use virt_to_folio() (or virt_to_slab() for slab objects)"),
	MD_CALL_HINT("try_get_page", "use folio_try_get(page_folio())"),
	MD_CALL_HINT("page_to_pgoff", "use folio->index + folio_page_idx()"),
	MD_FIELD("page", "compound_head"),
	MD_FIELD("page", "compound_info"),
	MD_MATCHES_END,
};

/* compound_head() is the macro around _compound_head() the source spells. */
static const char *const compound_head_tokens[] = {
	"\\b(compound_head)\\s*\\(",
	NULL,
};

/* The page-flag accessors (the forms of md_folio_flag_accessor()) that hide the call. */
static const char *const compound_head_hidden[] = {
	"\\b((?:TestSet|TestClear|__Set|__Clear|Set|Clear)?Page[A-Z]\\w*)\\s*\\(",
	NULL,
};

/* is_folio_cast - @c is a cast to struct folio * (what page_folio() does). */
static int is_folio_cast(CXCursor c)
{
	CXType t;
	CXCursor decl;
	CXString name;
	int folio;

	if (clang_getCursorKind(c) != CXCursor_CStyleCastExpr)
		return 0;
	t = clang_getCanonicalType(clang_getCursorType(c));
	if (t.kind != CXType_Pointer)
		return 0;
	decl = clang_getTypeDeclaration(clang_getCanonicalType(clang_getPointeeType(t)));
	name = clang_getCursorSpelling(decl);
	folio = md_streq(clang_getCString(name), "folio");
	clang_disposeString(name);
	return folio;
}

static int is_head_call(CXCursor call, CXCursor parent)
{
	CXCursor callee = clang_getCursorReferenced(call);
	CXString name;
	int head;

	if (clang_getCursorKind(callee) != CXCursor_FunctionDecl)
		return 0;
	name = clang_getCursorSpelling(callee);
	head = md_streq(clang_getCString(name), HEAD_CALLEE) && !is_folio_cast(parent);
	clang_disposeString(name);
	return head;
}

static enum CXChildVisitResult find_head_call(CXCursor c, CXCursor parent, CXClientData found)
{
	if (clang_getCursorKind(c) == CXCursor_CallExpr && is_head_call(c, parent)) {
		*(int *)found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* A TU calls few distinct functions: remember the answer per callee. */
struct callee_verdict {
	char *usr;
	int calls_head;
};

/* The rule's state for one TU: the verdicts so far. */
struct head_cache {
	struct callee_verdict *v;
	size_t n;
};

static void *compound_head_tu_begin(struct md_visit *v, const struct md_rule *self)
{
	(void)v;
	(void)self;
	return xcalloc(1, sizeof(struct head_cache));
}

static void compound_head_tu_end(struct md_visit *v, const struct md_rule *self, void *state)
{
	struct head_cache *cache = state;
	size_t i;

	(void)v;
	(void)self;
	if (!cache)
		return;
	for (i = 0; i < cache->n; i++)
		free(cache->v[i].usr);
	free(cache->v);
	free(cache);
}

/*
 * body_calls_head - @fn's definition calls compound_head() (not
 * page_folio()); the answer is kept in @cache when there is one.
 */
static int body_calls_head(struct head_cache *cache, CXCursor fn)
{
	CXString usr = clang_getCursorUSR(fn);
	const char *key = clang_getCString(usr);
	struct callee_verdict *grown;
	int found = 0;
	size_t i;

	for (i = 0; cache && i < cache->n; i++) {
		if (!strcmp(cache->v[i].usr, key)) {
			found = cache->v[i].calls_head;
			goto out;
		}
	}
	clang_visitChildren(fn, find_head_call, &found);
	if (!cache)
		goto out;
	grown = realloc(cache->v, (cache->n + 1) * sizeof(*cache->v));
	if (grown) {
		cache->v = grown;
		cache->v[cache->n].usr = strdup(key);
		cache->v[cache->n].calls_head = found;
		if (cache->v[cache->n].usr)
			cache->n++;
	}
out:
	clang_disposeString(usr);
	return found;
}

/* Page-flag accessors whose flag stays per page: there is no folio form. */
static int is_per_page_flag(const char *name)
{
	return strstr(name, "PageAnonExclusive") != NULL;
}

static void report_hidden(struct md_visit *v, const struct md_rule *self,
			  const struct md_call *c)
{
	char folio_form[64];

	md_folio_flag_accessor(c->callee, folio_form, sizeof(folio_form));
	if (is_per_page_flag(c->callee))
		md_report(v, self, c->cursor, c->callee,
			  "%s() calls compound_head() on hugetlb pages; the flag stays per page, so the hugetlb case needs the folio passed in",
			  c->callee);
	else if (folio_form[0])
		md_report(v, self, c->cursor, c->callee,
			  "%s() calls compound_head(); use %s(page_folio())", c->callee,
			  folio_form);
	else
		md_report(v, self, c->cursor, c->callee,
			  "%s() calls compound_head() on its argument; pass a folio", c->callee);
}

static void compound_head_call(struct md_visit *v, const struct md_rule *self,
			       const struct md_call *c)
{
	const struct md_match *match = md_rule_match(self, MD_MATCH_CALL, NULL, c->callee);
	CXCursor def;

	if (match && md_streq(match->name, HEAD_CALLEE)) {
		if (!is_folio_cast(c->parent))
			md_report(v, self, c->cursor, c->callee,
				  "compound_head() of a page that belongs to a folio or slab will BUG; use page_folio()");
		return;
	}
	if (match) {
		md_report(v, self, c->cursor, c->callee, "%s() calls compound_head(); %s",
			  c->callee, match->hint);
		return;
	}
	/* functions of the scanned files carry their own finding */
	def = clang_getCursorDefinition(clang_getCursorReferenced(c->cursor));
	if (!clang_Cursor_isNull(def) && !md_in_scanned_file(v, def) &&
	    body_calls_head(md_rule_state(v, self), def))
		report_hidden(v, self, c);
}

static void compound_head_member(struct md_visit *v, const struct md_rule *self,
				 const struct md_member *m)
{
	if (!md_rule_match(self, MD_MATCH_FIELD, m->record, m->field))
		return;
	md_report(v, self, m->cursor, m->field,
		  "page->%s: the word becomes the memdesc pointer; use page_folio()", m->field);
}

const struct md_rule rule_compound_head = {
	.id = "compound-head",
	.summary = "compound_head() (also hidden in PageX() accessors), virt_to_head_page(), try_get_page(), page_to_pgoff(), page->compound_head",
	.description = "Once folios and slabs are separately allocated, compound_head() of one of their pages is a BUG; page_folio() (a cast of the same call to struct folio *) is the replacement. Functions defined outside the scanned files that call compound_head() on their argument, the PF_HEAD/PF_NO_TAIL page-flag accessors, are reported at each call.",
	.certainty = MD_CERTAINTY_EXACT,
	.matches = compound_head_matches,
	.tokens = compound_head_tokens,
	.hidden = compound_head_hidden,
	.tu_begin = compound_head_tu_begin,
	.tu_end = compound_head_tu_end,
	.call = compound_head_call,
	.member = compound_head_member,
};
