// SPDX-License-Identifier: GPL-2.0-only
///
/// Find the code that blocks shrinking struct page to a memdesc pointer,
/// the five gate rules of memdesc: page->lru, also as the member of the
/// list_for_each_entry() iterators and list_first_entry() and the like, and
/// the pfmemalloc helpers (page-lru), page->mapping and the helpers that read it (page-mapping),
/// folio->page and casts between struct folio * and struct page *
/// (folio-page), bh->b_page (bh-page), and compound_head(),
/// virt_to_head_page(), try_get_page(), page_to_pgoff() and
/// page->compound_head (compound-head).  Each report ends in the memdesc
/// rule id.  Unlike memdesc's libclang engine this also sees the branches
/// the configuration disables and the files it does not build.
///
//# The page-flag accessors that hide a compound_head() (PageDirty() and
//# the like) are not reported: which ones do depends on the bodies of the
//# tree's page-flags.h, which the libclang engine reads and this does not.
//# A field or cast is only seen where spatch knows the type of the
//# expression (--no-includes: declared in the file).
//
// Confidence: High
// Options: --no-includes --include-headers --noif0-passing

virtual context
virtual org
virtual report

@initialize:python@
@@

import json, os

HINTS = {
	"virt_to_head_page": "use virt_to_folio() (or virt_to_slab() for slab objects)",
	"try_get_page": "use folio_try_get(page_folio())",
	"page_to_pgoff": "use folio->index + folio_page_idx()",
}

def memdesc_emit(mode, at, begin, end, message, rule, paren=False):
	"""Report at @at the expression from @begin to @end; paren: it starts
	at the '(' just before @begin (a cast)."""
	text = "%s [%s]" % (message, rule)
	col = int(at.column) - 1 if paren else int(at.column)
	if os.environ.get("MEMDESC_COCCI_FORMAT") == "json":
		bcol = int(begin.column) - 1 if paren else int(begin.column)
		print(json.dumps({"file": at.file, "line": int(at.line), "col": col,
				  "begin_line": int(begin.line), "begin_col": bcol,
				  "line_end": int(end.line_end), "col_end": int(end.column_end),
				  "function": at.current_element, "message": text}))
	elif mode == "org":
		coccilib.org.print_todo(at, text)
	else:
		coccilib.report.print_report(at, text)

// lru_field [page-lru]
@lru_field_context depends on context@
struct page *P;
identifier fld =~ "^(lru|__filler|mlock_count)$";
@@

*P->fld

@lru_field depends on org || report@
struct page *P;
identifier fld =~ "^(lru|__filler|mlock_count)$";
position b, p;
@@

 P@b->fld@p

@script:python depends on report@
b << lru_field.b;
p << lru_field.p;
fld << lru_field.fld;
@@

memdesc_emit("report", p[0], b[0], p[0], "page->%s: the lru words leave struct page; use folio->%s, or buddy_list/pcp_list for free pages" % (fld, fld), "page-lru")

@script:python depends on org@
b << lru_field.b;
p << lru_field.p;
fld << lru_field.fld;
@@

memdesc_emit("org", p[0], b[0], p[0], "page->%s: the lru words leave struct page; use folio->%s, or buddy_list/pcp_list for free pages" % (fld, fld), "page-lru")

// lru_iterator [page-lru]
@lru_iterator_context depends on context@
struct page *P;
expression N, H;
statement S;
iterator name list_for_each_entry, list_for_each_entry_reverse, list_for_each_entry_continue, list_for_each_entry_from, list_for_each_entry_safe, list_for_each_entry_safe_reverse, list_for_each_entry_safe_continue, list_for_each_entry_safe_from;
@@

(
*list_for_each_entry(P, H, lru) S
|
*list_for_each_entry_reverse(P, H, lru) S
|
*list_for_each_entry_continue(P, H, lru) S
|
*list_for_each_entry_from(P, H, lru) S
|
*list_for_each_entry_safe(P, N, H, lru) S
|
*list_for_each_entry_safe_reverse(P, N, H, lru) S
|
*list_for_each_entry_safe_continue(P, N, H, lru) S
|
*list_for_each_entry_safe_from(P, N, H, lru) S
)

@lru_iterator depends on org || report@
struct page *P;
expression N, H;
statement S;
iterator name list_for_each_entry, list_for_each_entry_reverse, list_for_each_entry_continue, list_for_each_entry_from, list_for_each_entry_safe, list_for_each_entry_safe_reverse, list_for_each_entry_safe_continue, list_for_each_entry_safe_from;
position b, p;
@@

(
 list_for_each_entry@b(P, H, lru@p) S
|
 list_for_each_entry_reverse@b(P, H, lru@p) S
|
 list_for_each_entry_continue@b(P, H, lru@p) S
|
 list_for_each_entry_from@b(P, H, lru@p) S
|
 list_for_each_entry_safe@b(P, N, H, lru@p) S
|
 list_for_each_entry_safe_reverse@b(P, N, H, lru@p) S
|
 list_for_each_entry_safe_continue@b(P, N, H, lru@p) S
|
 list_for_each_entry_safe_from@b(P, N, H, lru@p) S
)

@script:python depends on report@
b << lru_iterator.b;
p << lru_iterator.p;
@@

memdesc_emit("report", p[0], b[0], p[0], "page->lru: the lru words leave struct page; use folio->lru, or buddy_list/pcp_list for free pages", "page-lru")

@script:python depends on org@
b << lru_iterator.b;
p << lru_iterator.p;
@@

memdesc_emit("org", p[0], b[0], p[0], "page->lru: the lru words leave struct page; use folio->lru, or buddy_list/pcp_list for free pages", "page-lru")

// lru_entry [page-lru]
@lru_entry_context depends on context@
expression H;
@@

(
*list_first_entry(H, struct page, lru)
|
*list_last_entry(H, struct page, lru)
|
*list_first_entry_or_null(H, struct page, lru)
|
*list_entry(H, struct page, lru)
)

@lru_entry depends on org || report@
expression H;
position b, p;
@@

(
 list_first_entry@b(H, struct page, lru@p)
|
 list_last_entry@b(H, struct page, lru@p)
|
 list_first_entry_or_null@b(H, struct page, lru@p)
|
 list_entry@b(H, struct page, lru@p)
)

@script:python depends on report@
b << lru_entry.b;
p << lru_entry.p;
@@

memdesc_emit("report", p[0], b[0], p[0], "page->lru: the lru words leave struct page; use folio->lru, or buddy_list/pcp_list for free pages", "page-lru")

@script:python depends on org@
b << lru_entry.b;
p << lru_entry.p;
@@

memdesc_emit("org", p[0], b[0], p[0], "page->lru: the lru words leave struct page; use folio->lru, or buddy_list/pcp_list for free pages", "page-lru")

// lru_call [page-lru]
@lru_call_context depends on context@
identifier fn =~ "^(page_is_pfmemalloc|set_page_pfmemalloc|clear_page_pfmemalloc)$";
@@

*fn(...)

@lru_call depends on org || report@
identifier fn =~ "^(page_is_pfmemalloc|set_page_pfmemalloc|clear_page_pfmemalloc)$";
position e, p;
@@

 fn@p(...)@e

@script:python depends on report@
p << lru_call.p;
e << lru_call.e;
fn << lru_call.fn;
@@

memdesc_emit("report", p[0], p[0], e[0], "%s() keeps its flag in page->lru.next; use the folio form" % fn, "page-lru")

@script:python depends on org@
p << lru_call.p;
e << lru_call.e;
fn << lru_call.fn;
@@

memdesc_emit("org", p[0], p[0], e[0], "%s() keeps its flag in page->lru.next; use the folio form" % fn, "page-lru")

// mapping_field [page-mapping]
@mapping_field_context depends on context@
struct page *P;
@@

*P->mapping

@mapping_field depends on org || report@
struct page *P;
position b, p;
@@

 P@b->mapping@p

@script:python depends on report@
b << mapping_field.b;
p << mapping_field.p;
@@

memdesc_emit("report", p[0], b[0], p[0], "page->mapping: mapping moves to struct folio; use folio->mapping", "page-mapping")

@script:python depends on org@
b << mapping_field.b;
p << mapping_field.p;
@@

memdesc_emit("org", p[0], b[0], p[0], "page->mapping: mapping moves to struct folio; use folio->mapping", "page-mapping")

// mapping_call [page-mapping]
@mapping_call_context depends on context@
identifier fn =~ "^(page_mapping|__PageMovable|PageMappingFlags|__SetPageMovable|__ClearPageMovable)$";
@@

*fn(...)

@mapping_call depends on org || report@
identifier fn =~ "^(page_mapping|__PageMovable|PageMappingFlags|__SetPageMovable|__ClearPageMovable)$";
position e, p;
@@

 fn@p(...)@e

@script:python depends on report@
p << mapping_call.p;
e << mapping_call.e;
fn << mapping_call.fn;
@@

memdesc_emit("report", p[0], p[0], e[0], "%s() uses page->mapping directly" % fn, "page-mapping")

@script:python depends on org@
p << mapping_call.p;
e << mapping_call.e;
fn << mapping_call.fn;
@@

memdesc_emit("org", p[0], p[0], e[0], "%s() uses page->mapping directly" % fn, "page-mapping")

// folio_page_field [folio-page]
@folio_page_field_context depends on context@
struct folio *F;
identifier fld =~ "^(page|__page_1|__page_2|__page_3)$";
@@

*F->fld

@folio_page_field depends on org || report@
struct folio *F;
identifier fld =~ "^(page|__page_1|__page_2|__page_3)$";
position b, p;
@@

 F@b->fld@p

@script:python depends on report@
b << folio_page_field.b;
p << folio_page_field.p;
fld << folio_page_field.fld;
@@

memdesc_emit("report", p[0], b[0], p[0], "folio->%s: a separately allocated folio does not contain its page; use a folio API or folio_page()" % fld, "folio-page")

@script:python depends on org@
b << folio_page_field.b;
p << folio_page_field.p;
fld << folio_page_field.fld;
@@

memdesc_emit("org", p[0], b[0], p[0], "folio->%s: a separately allocated folio does not contain its page; use a folio API or folio_page()" % fld, "folio-page")

// folio_to_page_cast [folio-page]
@folio_to_page_cast_context depends on context@
struct folio *F;
@@

*(struct page *)F

@folio_to_page_cast depends on org || report@
struct folio *F;
position e, p;
@@

 (struct@p page *)F@e

@script:python depends on report@
p << folio_to_page_cast.p;
e << folio_to_page_cast.e;
@@

memdesc_emit("report", p[0], p[0], e[0], "cast from struct folio * to struct page *: use folio_page()", "folio-page", paren=True)

@script:python depends on org@
p << folio_to_page_cast.p;
e << folio_to_page_cast.e;
@@

memdesc_emit("org", p[0], p[0], e[0], "cast from struct folio * to struct page *: use folio_page()", "folio-page", paren=True)

// page_to_folio_cast [folio-page]
@page_to_folio_cast_context depends on context@
struct page *P;
@@

*(struct folio *)P

@page_to_folio_cast depends on org || report@
struct page *P;
position e, p;
@@

 (struct@p folio *)P@e

@script:python depends on report@
p << page_to_folio_cast.p;
e << page_to_folio_cast.e;
@@

memdesc_emit("report", p[0], p[0], e[0], "cast from struct page * to struct folio *: use page_folio()", "folio-page", paren=True)

@script:python depends on org@
p << page_to_folio_cast.p;
e << page_to_folio_cast.e;
@@

memdesc_emit("org", p[0], p[0], e[0], "cast from struct page * to struct folio *: use page_folio()", "folio-page", paren=True)

// bh_page_field [bh-page]
@bh_page_field_context depends on context@
struct buffer_head *BH;
@@

*BH->b_page

@bh_page_field depends on org || report@
struct buffer_head *BH;
position b, p;
@@

 BH@b->b_page@p

@script:python depends on report@
b << bh_page_field.b;
p << bh_page_field.p;
@@

memdesc_emit("report", p[0], b[0], p[0], "bh->b_page: use bh->b_folio and the folio API", "bh-page")

@script:python depends on org@
b << bh_page_field.b;
p << bh_page_field.p;
@@

memdesc_emit("org", p[0], b[0], p[0], "bh->b_page: use bh->b_folio and the folio API", "bh-page")

@folio_cast depends on context || org || report@
expression E;
position p;
@@

 (struct folio *)compound_head@p(E)

// compound_head_call [compound-head]
@compound_head_call_context depends on context@
expression E;
position p != folio_cast.p;
@@

*compound_head(E)

@compound_head_call depends on org || report@
expression E;
position p != folio_cast.p;
position e;
@@

 compound_head@p(E)@e

@script:python depends on report@
p << compound_head_call.p;
e << compound_head_call.e;
@@

memdesc_emit("report", p[0], p[0], e[0], "compound_head() of a page that belongs to a folio or slab will BUG; use page_folio()", "compound-head")

@script:python depends on org@
p << compound_head_call.p;
e << compound_head_call.e;
@@

memdesc_emit("org", p[0], p[0], e[0], "compound_head() of a page that belongs to a folio or slab will BUG; use page_folio()", "compound-head")

// head_helper_call [compound-head]
@head_helper_call_context depends on context@
identifier fn =~ "^(virt_to_head_page|try_get_page|page_to_pgoff)$";
@@

*fn(...)

@head_helper_call depends on org || report@
identifier fn =~ "^(virt_to_head_page|try_get_page|page_to_pgoff)$";
position e, p;
@@

 fn@p(...)@e

@script:python depends on report@
p << head_helper_call.p;
e << head_helper_call.e;
fn << head_helper_call.fn;
@@

memdesc_emit("report", p[0], p[0], e[0], "%s() calls compound_head(); %s" % (fn, HINTS[str(fn)]), "compound-head")

@script:python depends on org@
p << head_helper_call.p;
e << head_helper_call.e;
fn << head_helper_call.fn;
@@

memdesc_emit("org", p[0], p[0], e[0], "%s() calls compound_head(); %s" % (fn, HINTS[str(fn)]), "compound-head")

// compound_head_field [compound-head]
@compound_head_field_context depends on context@
struct page *P;
identifier fld =~ "^(compound_head|compound_info)$";
@@

*P->fld

@compound_head_field depends on org || report@
struct page *P;
identifier fld =~ "^(compound_head|compound_info)$";
position b, p;
@@

 P@b->fld@p

@script:python depends on report@
b << compound_head_field.b;
p << compound_head_field.p;
fld << compound_head_field.fld;
@@

memdesc_emit("report", p[0], b[0], p[0], "page->%s: the word becomes the memdesc pointer; use page_folio()" % fld, "compound-head")

@script:python depends on org@
b << compound_head_field.b;
p << compound_head_field.p;
fld << compound_head_field.fld;
@@

memdesc_emit("org", p[0], b[0], p[0], "page->%s: the word becomes the memdesc pointer; use page_folio()" % fld, "compound-head")
