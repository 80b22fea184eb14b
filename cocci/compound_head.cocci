// SPDX-License-Identifier: GPL-2.0-only
///
/// Ask the folio for the size of a compound page instead of its head page:
/// page_size(compound_head(page)) becomes folio_size(page_folio(page)).
/// page_folio() is compound_head() typed as a folio and folio_size() is
/// page_size() of the head, so the value is the same for every page.
///
/// Bare compound_head() calls are reported: the head page is a struct page
/// that stops existing for folios and slabs once struct page shrinks
/// (memdescs); page_folio() is the replacement where the result is used
/// as a folio.
///
//# compound_head(P) -> page_folio(P) changes the type: report only.
//# compound_head(a) == compound_head(b) is left alone (two non-folio pages
//# would compare equal once page_folio() can return NULL).
//
// Confidence: High
// Options: --no-includes --include-headers
//
// Written by cocci/generate.c from runtime/include/rt_rewrites.def,
// whose runtime model checks every pair: change the table, not this file.

virtual patch
virtual context
virtual org
virtual report

// page_size_compound_head [compound-head, exact]: page_size(compound_head(P)) -> folio_size(page_folio(P))
@page_size_compound_head depends on patch@
struct page *P;
@@

- page_size(compound_head(P))
+ folio_size(page_folio(P))

@page_size_compound_head_context depends on context@
struct page *P;
@@

* page_size(compound_head(P))

@page_size_compound_head_match depends on org || report@
struct page *P;
position q_compound_head_to_page_folio;
position p;
@@

  page_size(compound_head(P)@q_compound_head_to_page_folio)@p

@script:python depends on report@
p << page_size_compound_head_match.p;
P << page_size_compound_head_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_size(page_folio({P})) for page_size(compound_head({P})) [compound-head]".format(P=P))

@script:python depends on org@
p << page_size_compound_head_match.p;
P << page_size_compound_head_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_size(page_folio({P})) for page_size(compound_head({P})) [compound-head]".format(P=P))

// compound_order_compound_head [compound-head, exact]: compound_order(compound_head(P)) -> folio_order(page_folio(P))
@compound_order_compound_head depends on patch@
struct page *P;
@@

- compound_order(compound_head(P))
+ folio_order(page_folio(P))

@compound_order_compound_head_context depends on context@
struct page *P;
@@

* compound_order(compound_head(P))

@compound_order_compound_head_match depends on org || report@
struct page *P;
position q_compound_head_to_page_folio;
position p;
@@

  compound_order(compound_head(P)@q_compound_head_to_page_folio)@p

@script:python depends on report@
p << compound_order_compound_head_match.p;
P << compound_order_compound_head_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_order(page_folio({P})) for compound_order(compound_head({P})) [compound-head]".format(P=P))

@script:python depends on org@
p << compound_order_compound_head_match.p;
P << compound_order_compound_head_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_order(page_folio({P})) for compound_order(compound_head({P})) [compound-head]".format(P=P))

// page_shift_compound_head [compound-head, exact]: page_shift(compound_head(P)) -> folio_shift(page_folio(P))
@page_shift_compound_head depends on patch@
struct page *P;
@@

- page_shift(compound_head(P))
+ folio_shift(page_folio(P))

@page_shift_compound_head_context depends on context@
struct page *P;
@@

* page_shift(compound_head(P))

@page_shift_compound_head_match depends on org || report@
struct page *P;
position q_compound_head_to_page_folio;
position p;
@@

  page_shift(compound_head(P)@q_compound_head_to_page_folio)@p

@script:python depends on report@
p << page_shift_compound_head_match.p;
P << page_shift_compound_head_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_shift(page_folio({P})) for page_shift(compound_head({P})) [compound-head]".format(P=P))

@script:python depends on org@
p << page_shift_compound_head_match.p;
P << page_shift_compound_head_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_shift(page_folio({P})) for page_shift(compound_head({P})) [compound-head]".format(P=P))

// page_folio_compound_head [compound-head, exact]: page_folio(compound_head(P)) -> page_folio(P)
@page_folio_compound_head depends on patch@
struct page *P;
@@

- page_folio(compound_head(P))
+ page_folio(P)

@page_folio_compound_head_context depends on context@
struct page *P;
@@

* page_folio(compound_head(P))

@page_folio_compound_head_match depends on org || report@
struct page *P;
position q_compound_head_to_page_folio;
position p;
@@

  page_folio(compound_head(P)@q_compound_head_to_page_folio)@p

@script:python depends on report@
p << page_folio_compound_head_match.p;
P << page_folio_compound_head_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: use page_folio({P}) for page_folio(compound_head({P})) [compound-head]".format(P=P))

@script:python depends on org@
p << page_folio_compound_head_match.p;
P << page_folio_compound_head_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: use page_folio({P}) for page_folio(compound_head({P})) [compound-head]".format(P=P))

// folio_cast_compound_head [compound-head, exact]: (struct folio *)compound_head(P) -> page_folio(P)
@folio_cast_compound_head depends on patch@
struct page *P;
@@

- (struct folio *)compound_head(P)
+ page_folio(P)

@folio_cast_compound_head_context depends on context@
struct page *P;
@@

* (struct folio *)compound_head(P)

@folio_cast_compound_head_match depends on org || report@
struct page *P;
position q_compound_head_to_page_folio;
position p;
@@

  (struct folio *)compound_head(P)@q_compound_head_to_page_folio@p

@script:python depends on report@
p << folio_cast_compound_head_match.p;
P << folio_cast_compound_head_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: use page_folio({P}) for (struct folio *)compound_head({P}) [compound-head]".format(P=P))

@script:python depends on org@
p << folio_cast_compound_head_match.p;
P << folio_cast_compound_head_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: use page_folio({P}) for (struct folio *)compound_head({P}) [compound-head]".format(P=P))

// compound_head_to_page_folio [compound-head, report]: compound_head(P) -> page_folio(P)
@compound_head_to_page_folio_context depends on context@
struct page *P;
@@

* compound_head(P)

@compound_head_to_page_folio_match depends on org || report@
struct page *P;
position p != {page_size_compound_head_match.q_compound_head_to_page_folio, compound_order_compound_head_match.q_compound_head_to_page_folio, page_shift_compound_head_match.q_compound_head_to_page_folio, page_folio_compound_head_match.q_compound_head_to_page_folio, folio_cast_compound_head_match.q_compound_head_to_page_folio};
@@

  compound_head(P)@p

@script:python depends on report@
p << compound_head_to_page_folio_match.p;
P << compound_head_to_page_folio_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: compound_head({P}) is page_folio({P}) when {P} is any page [compound-head]".format(P=P))

@script:python depends on org@
p << compound_head_to_page_folio_match.p;
P << compound_head_to_page_folio_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: compound_head({P}) is page_folio({P}) when {P} is any page [compound-head]".format(P=P))
