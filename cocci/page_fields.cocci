// SPDX-License-Identifier: GPL-2.0-only
///
/// Report page->mapping and page->index reads that are the folio's field on
/// a head page: page_folio(page)->mapping is the intended value on page-cache
/// pages.  The fields move to the folio in the memdesc plan.
///
//# Report only (no patch mode; MODE=chain falls back to report): on a tail
//# page ->index differs, and movable_ops or driver pages keep their own
//# ->mapping.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
//
// Written by cocci/generate.c from runtime/include/rt_rewrites.def,
// whose runtime model checks every pair: change the table, not this file.

virtual patch
virtual context
virtual org
virtual report

// head_page_mapping [page-mapping, report]: P->mapping -> page_folio(P)->mapping
@head_page_mapping_context depends on context@
struct page *P;
@@

* P->mapping

@head_page_mapping_match depends on org || report@
struct page *P;
position p;
@@

  P->mapping@p

@script:python depends on report@
p << head_page_mapping_match.p;
P << head_page_mapping_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: {P}->mapping is page_folio({P})->mapping when {P} is the first page of a folio [page-mapping]".format(P=P))

@script:python depends on org@
p << head_page_mapping_match.p;
P << head_page_mapping_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: {P}->mapping is page_folio({P})->mapping when {P} is the first page of a folio [page-mapping]".format(P=P))

// head_page_index [page-index, report]: P->index -> page_folio(P)->index
@head_page_index_context depends on context@
struct page *P;
@@

* P->index

@head_page_index_match depends on org || report@
struct page *P;
position p;
@@

  P->index@p

@script:python depends on report@
p << head_page_index_match.p;
P << head_page_index_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: {P}->index is page_folio({P})->index when {P} is the first page of a folio [page-index]".format(P=P))

@script:python depends on org@
p << head_page_index_match.p;
P << head_page_index_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: {P}->index is page_folio({P})->index when {P} is the first page of a folio [page-index]".format(P=P))
