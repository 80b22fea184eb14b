// SPDX-License-Identifier: GPL-2.0
/*
 * page-memcg.c - page->memcg_data and the page-level memcg helpers.
 * memcg_data must be accounted per memdesc type, so each finding is
 * classed by the owner of the page the code handles (the class field and
 * the message say which), decided in this order:
 *
 *   owner-slab   in the slab allocator (mm/slub.c, mm/slab.h,
 *                mm/slab_common.c), or the page is spelled slab_page();
 *   owner-folio  the page expression is derived from a struct folio
 *                (folio_page(folio, i), &folio->page, ...);
 *   owner-page   a plain __GFP_ACCOUNT page: the kmem charge helpers
 *                (__memcg_kmem_charge_page(), PageMemcgKmem(), ...) or a
 *                function whose name says kmem;
 *   owner-any    code that sees pages of every owner (free-page checks,
 *                page_owner's dump, page_memcg_check(), split_page_memcg()).
 */
#include <string.h>

#include "../rule.h"

static const struct md_match page_memcg_matches[] = {
	MD_FIELD("page", "memcg_data"),
	MD_CALL("page_memcg"),
	MD_CALL("page_memcg_rcu"),
	MD_CALL("page_memcg_check"),
	MD_CALL("page_objcg"),
	MD_CALL("split_page_memcg"),
	/* the kmem charge of a plain page (MEMCG_DATA_KMEM) */
	MD_CALL_HINT("PageMemcgKmem", "kmem"),
	MD_CALL_HINT("__memcg_kmem_charge_page", "kmem"),
	MD_CALL_HINT("__memcg_kmem_uncharge_page", "kmem"),
	MD_CALL_HINT("memcg_kmem_charge_page", "kmem"),
	MD_CALL_HINT("memcg_kmem_uncharge_page", "kmem"),
	MD_MATCHES_END,
};

static int is_slab_file(const char *path)
{
	return path && (!strcmp(path, "mm/slub.c") || !strcmp(path, "mm/slab.h") ||
			!strcmp(path, "mm/slab_common.c"));
}

static enum CXChildVisitResult find_folio(CXCursor c, CXCursor parent, CXClientData found)
{
	(void)parent;
	if (clang_isExpression(clang_getCursorKind(c)) &&
	    md_is_record_pointer(clang_getCursorType(c), "folio")) {
		*(int *)found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* from_folio - the page expression @e is computed from a struct folio *. */
static int from_folio(CXCursor e)
{
	int found = 0;

	if (clang_Cursor_isNull(e))
		return 0;
	clang_visitChildren(e, find_folio, &found);
	return found;
}

static enum CXChildVisitResult first_expr(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_isExpression(clang_getCursorKind(c))) {
		*(CXCursor *)data = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* owner - the class of a finding at @cursor on page expression @page. */
static const char *owner(struct md_visit *v, CXCursor cursor, CXCursor page, int kmem,
			 const char *function)
{
	if (is_slab_file(md_file_of(v, cursor)) ||
	    (!clang_Cursor_isNull(page) && md_streq(md_ident_at(v, page), "slab_page")))
		return "owner-slab";
	if (from_folio(page))
		return "owner-folio";
	if (kmem || (function && strstr(function, "kmem")))
		return "owner-page";
	return "owner-any";
}

static const char *advice(const char *class)
{
	if (md_streq(class, "owner-folio"))
		return "use folio->memcg_data / folio_memcg()";
	if (md_streq(class, "owner-slab"))
		return "slab accounts through slab->obj_exts";
	if (md_streq(class, "owner-page"))
		return "a kmem page needs the memcg pointer in its own memdesc";
	return "decide per memdesc type";
}

static CXString enclosing_function(CXCursor c)
{
	CXCursor p = clang_getCursorSemanticParent(c);

	while (!clang_Cursor_isNull(p) && clang_getCursorKind(p) != CXCursor_FunctionDecl &&
	       !clang_isTranslationUnit(clang_getCursorKind(p)))
		p = clang_getCursorSemanticParent(p);
	if (clang_getCursorKind(p) != CXCursor_FunctionDecl)
		return clang_getCursorSpelling(clang_getNullCursor());
	return clang_getCursorSpelling(p);
}

static void page_memcg_member(struct md_visit *v, const struct md_rule *self,
			      const struct md_member *m)
{
	CXCursor base = clang_getNullCursor();
	const char *class;
	CXString fn;

	if (!md_rule_match(self, MD_MATCH_FIELD, m->record, m->field))
		return;
	if (!m->is_offsetof)
		clang_visitChildren(m->cursor, first_expr, &base);
	fn = enclosing_function(m->cursor);
	class = owner(v, m->cursor, base, 0, clang_getCString(fn));
	md_report_class(v, self, m->cursor, m->field, class,
			"page->memcg_data [%s]: memcg_data must be accounted per memdesc type; %s",
			class, advice(class));
	clang_disposeString(fn);
}

static void page_memcg_call(struct md_visit *v, const struct md_rule *self,
			    const struct md_call *c)
{
	const struct md_match *match = md_rule_match(self, MD_MATCH_CALL, NULL, c->callee);
	CXCursor page = clang_getNullCursor();
	const char *class;
	CXString fn;

	if (!match)
		return;
	if (clang_Cursor_getNumArguments(c->cursor) > 0)
		page = clang_Cursor_getArgument(c->cursor, 0);
	fn = enclosing_function(c->cursor);
	class = owner(v, c->cursor, page, match->hint != NULL, clang_getCString(fn));
	md_report_class(v, self, c->cursor, c->callee, class,
			"%s() [%s]: reads or sets page->memcg_data; memcg_data must be accounted per memdesc type; %s",
			c->callee, class, advice(class));
	clang_disposeString(fn);
}

const struct md_rule rule_page_memcg = {
	.id = "page-memcg",
	.summary = "page->memcg_data and page_memcg*()/__memcg_kmem_charge_page()-style calls, classed by owner (folio, slab, page, any)",
	.description = "memcg_data leaves struct page and must be accounted per memdesc type. Each finding is classed by the owner of the page the code handles: owner-slab (the slab allocator, slab_page()), owner-folio (a page derived from a struct folio), owner-page (the kmem charge of a plain __GFP_ACCOUNT page), owner-any (code that sees pages of every owner).",
	.certainty = MD_CERTAINTY_EXACT,
	.advisory = 1,
	.matches = page_memcg_matches,
	.member = page_memcg_member,
	.call = page_memcg_call,
};
