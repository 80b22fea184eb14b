// SPDX-License-Identifier: GPL-2.0-only
///
/// Report page-flag accessors that go through compound_head() (PF_HEAD and
/// PF_NO_TAIL flags): PageDirty(page) is folio_test_dirty(page_folio(page)),
/// exact for any page of a folio.  The flags are folio flags in the memdesc
/// plan; the page accessors go away.
///
//# Report only: a page that belongs to a slab or a page table has no folio
//# in the memdesc layout, which the source does not show.
//# Per-page flags (HWPoison, AnonExclusive, Reserved, Head, Private) are
//# not in the table: their folio accessor reads another bit on a tail.
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

// PageDirty_to_folio [compound-head, report]: PageDirty(P) -> folio_test_dirty(page_folio(P))
@PageDirty_to_folio_context depends on context@
struct page *P;
@@

* PageDirty(P)

@PageDirty_to_folio_match depends on org || report@
struct page *P;
position p;
@@

  PageDirty(P)@p

@script:python depends on report@
p << PageDirty_to_folio_match.p;
P << PageDirty_to_folio_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: PageDirty({P}) is folio_test_dirty(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

@script:python depends on org@
p << PageDirty_to_folio_match.p;
P << PageDirty_to_folio_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: PageDirty({P}) is folio_test_dirty(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

// PageLRU_to_folio [compound-head, report]: PageLRU(P) -> folio_test_lru(page_folio(P))
@PageLRU_to_folio_context depends on context@
struct page *P;
@@

* PageLRU(P)

@PageLRU_to_folio_match depends on org || report@
struct page *P;
position p;
@@

  PageLRU(P)@p

@script:python depends on report@
p << PageLRU_to_folio_match.p;
P << PageLRU_to_folio_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: PageLRU({P}) is folio_test_lru(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

@script:python depends on org@
p << PageLRU_to_folio_match.p;
P << PageLRU_to_folio_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: PageLRU({P}) is folio_test_lru(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

// PageLocked_to_folio [compound-head, report]: PageLocked(P) -> folio_test_locked(page_folio(P))
@PageLocked_to_folio_context depends on context@
struct page *P;
@@

* PageLocked(P)

@PageLocked_to_folio_match depends on org || report@
struct page *P;
position p;
@@

  PageLocked(P)@p

@script:python depends on report@
p << PageLocked_to_folio_match.p;
P << PageLocked_to_folio_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: PageLocked({P}) is folio_test_locked(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

@script:python depends on org@
p << PageLocked_to_folio_match.p;
P << PageLocked_to_folio_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: PageLocked({P}) is folio_test_locked(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

// PageWriteback_to_folio [compound-head, report]: PageWriteback(P) -> folio_test_writeback(page_folio(P))
@PageWriteback_to_folio_context depends on context@
struct page *P;
@@

* PageWriteback(P)

@PageWriteback_to_folio_match depends on org || report@
struct page *P;
position p;
@@

  PageWriteback(P)@p

@script:python depends on report@
p << PageWriteback_to_folio_match.p;
P << PageWriteback_to_folio_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: PageWriteback({P}) is folio_test_writeback(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

@script:python depends on org@
p << PageWriteback_to_folio_match.p;
P << PageWriteback_to_folio_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: PageWriteback({P}) is folio_test_writeback(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

// PageUptodate_to_folio [compound-head, report]: PageUptodate(P) -> folio_test_uptodate(page_folio(P))
@PageUptodate_to_folio_context depends on context@
struct page *P;
@@

* PageUptodate(P)

@PageUptodate_to_folio_match depends on org || report@
struct page *P;
position p;
@@

  PageUptodate(P)@p

@script:python depends on report@
p << PageUptodate_to_folio_match.p;
P << PageUptodate_to_folio_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: PageUptodate({P}) is folio_test_uptodate(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

@script:python depends on org@
p << PageUptodate_to_folio_match.p;
P << PageUptodate_to_folio_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: PageUptodate({P}) is folio_test_uptodate(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

// PageReferenced_to_folio [compound-head, report]: PageReferenced(P) -> folio_test_referenced(page_folio(P))
@PageReferenced_to_folio_context depends on context@
struct page *P;
@@

* PageReferenced(P)

@PageReferenced_to_folio_match depends on org || report@
struct page *P;
position p;
@@

  PageReferenced(P)@p

@script:python depends on report@
p << PageReferenced_to_folio_match.p;
P << PageReferenced_to_folio_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: PageReferenced({P}) is folio_test_referenced(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

@script:python depends on org@
p << PageReferenced_to_folio_match.p;
P << PageReferenced_to_folio_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: PageReferenced({P}) is folio_test_referenced(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

// SetPageDirty_to_folio [compound-head, report]: SetPageDirty(P) -> folio_set_dirty(page_folio(P))
@SetPageDirty_to_folio_context depends on context@
struct page *P;
@@

* SetPageDirty(P)

@SetPageDirty_to_folio_match depends on org || report@
struct page *P;
position p;
@@

  SetPageDirty(P)@p

@script:python depends on report@
p << SetPageDirty_to_folio_match.p;
P << SetPageDirty_to_folio_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: SetPageDirty({P}) is folio_set_dirty(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

@script:python depends on org@
p << SetPageDirty_to_folio_match.p;
P << SetPageDirty_to_folio_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: SetPageDirty({P}) is folio_set_dirty(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

// ClearPageActive_to_folio [compound-head, report]: ClearPageActive(P) -> folio_clear_active(page_folio(P))
@ClearPageActive_to_folio_context depends on context@
struct page *P;
@@

* ClearPageActive(P)

@ClearPageActive_to_folio_match depends on org || report@
struct page *P;
position p;
@@

  ClearPageActive(P)@p

@script:python depends on report@
p << ClearPageActive_to_folio_match.p;
P << ClearPageActive_to_folio_match.P;
@@

coccilib.report.print_report(p[0], "WARNING: ClearPageActive({P}) is folio_clear_active(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))

@script:python depends on org@
p << ClearPageActive_to_folio_match.p;
P << ClearPageActive_to_folio_match.P;
@@

coccilib.org.print_todo(p[0], "WARNING: ClearPageActive({P}) is folio_clear_active(page_folio({P})) when {P} is a page of a folio [compound-head]".format(P=P))
