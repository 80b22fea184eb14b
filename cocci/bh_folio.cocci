// SPDX-License-Identifier: GPL-2.0-only
///
/// Use the buffer_head's folio, bh->b_folio, where the code reads the page
/// bh->b_page only to reach folio state: bh->b_page->mapping becomes
/// bh->b_folio->mapping, PageUptodate(bh->b_page) folio_test_uptodate(bh->b_folio).
/// b_page and b_folio are one union member and every writer stores the folio's
/// first page (folio_set_bh()), so the rewrite is exact.
///
/// struct page is to shrink to a memdesc pointer (memdescs): b_page goes away.
///
//# Trees before 6.4 have no b_folio: the patch rules depend on
//# !missing_b_folio, which the caller sets for such a tree.
//# put_page(bh->b_page) becomes folio_put(bh->b_folio): buffer heads sit on
//# page-cache and buffer folios, never on ZONE_DEVICE memory, where
//# put_page() would differ.
//# kmap_local_page(bh->b_page) with bh_offset() arithmetic, kmap_atomic()
//# and flush_dcache_page(bh->b_page) are left to a human.
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
virtual missing_b_folio

// bh_page_mapping [bh-page, exact]: BH->b_page->mapping -> BH->b_folio->mapping
@bh_page_mapping depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- BH->b_page->mapping
+ BH->b_folio->mapping

@bh_page_mapping_context depends on context@
struct buffer_head *BH;
@@

* BH->b_page->mapping

@bh_page_mapping_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  BH->b_page->mapping@p

@script:python depends on report@
p << bh_page_mapping_match.p;
BH << bh_page_mapping_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use {BH}->b_folio->mapping for {BH}->b_page->mapping [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_page_mapping_match.p;
BH << bh_page_mapping_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use {BH}->b_folio->mapping for {BH}->b_page->mapping [bh-page]".format(BH=BH))

// bh_PageUptodate [bh-page, exact]: PageUptodate(BH->b_page) -> folio_test_uptodate(BH->b_folio)
@bh_PageUptodate depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- PageUptodate(BH->b_page)
+ folio_test_uptodate(BH->b_folio)

@bh_PageUptodate_context depends on context@
struct buffer_head *BH;
@@

* PageUptodate(BH->b_page)

@bh_PageUptodate_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  PageUptodate(BH->b_page)@p

@script:python depends on report@
p << bh_PageUptodate_match.p;
BH << bh_PageUptodate_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_test_uptodate({BH}->b_folio) for PageUptodate({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_PageUptodate_match.p;
BH << bh_PageUptodate_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_test_uptodate({BH}->b_folio) for PageUptodate({BH}->b_page) [bh-page]".format(BH=BH))

// bh_page_folio [bh-page, exact]: page_folio(BH->b_page) -> BH->b_folio
@bh_page_folio depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- page_folio(BH->b_page)
+ BH->b_folio

@bh_page_folio_context depends on context@
struct buffer_head *BH;
@@

* page_folio(BH->b_page)

@bh_page_folio_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  page_folio(BH->b_page)@p

@script:python depends on report@
p << bh_page_folio_match.p;
BH << bh_page_folio_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use {BH}->b_folio for page_folio({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_page_folio_match.p;
BH << bh_page_folio_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use {BH}->b_folio for page_folio({BH}->b_page) [bh-page]".format(BH=BH))

// bh_page_index [bh-page, exact]: BH->b_page->index -> BH->b_folio->index
@bh_page_index depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- BH->b_page->index
+ BH->b_folio->index

@bh_page_index_context depends on context@
struct buffer_head *BH;
@@

* BH->b_page->index

@bh_page_index_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  BH->b_page->index@p

@script:python depends on report@
p << bh_page_index_match.p;
BH << bh_page_index_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use {BH}->b_folio->index for {BH}->b_page->index [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_page_index_match.p;
BH << bh_page_index_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use {BH}->b_folio->index for {BH}->b_page->index [bh-page]".format(BH=BH))

// bh_lock_page [bh-page, exact]: lock_page(BH->b_page) -> folio_lock(BH->b_folio)
@bh_lock_page depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- lock_page(BH->b_page)
+ folio_lock(BH->b_folio)

@bh_lock_page_context depends on context@
struct buffer_head *BH;
@@

* lock_page(BH->b_page)

@bh_lock_page_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  lock_page(BH->b_page)@p

@script:python depends on report@
p << bh_lock_page_match.p;
BH << bh_lock_page_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_lock({BH}->b_folio) for lock_page({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_lock_page_match.p;
BH << bh_lock_page_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_lock({BH}->b_folio) for lock_page({BH}->b_page) [bh-page]".format(BH=BH))

// bh_unlock_page [bh-page, exact]: unlock_page(BH->b_page) -> folio_unlock(BH->b_folio)
@bh_unlock_page depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- unlock_page(BH->b_page)
+ folio_unlock(BH->b_folio)

@bh_unlock_page_context depends on context@
struct buffer_head *BH;
@@

* unlock_page(BH->b_page)

@bh_unlock_page_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  unlock_page(BH->b_page)@p

@script:python depends on report@
p << bh_unlock_page_match.p;
BH << bh_unlock_page_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_unlock({BH}->b_folio) for unlock_page({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_unlock_page_match.p;
BH << bh_unlock_page_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_unlock({BH}->b_folio) for unlock_page({BH}->b_page) [bh-page]".format(BH=BH))

// bh_get_page [bh-page, exact]: get_page(BH->b_page) -> folio_get(BH->b_folio)
@bh_get_page depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- get_page(BH->b_page)
+ folio_get(BH->b_folio)

@bh_get_page_context depends on context@
struct buffer_head *BH;
@@

* get_page(BH->b_page)

@bh_get_page_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  get_page(BH->b_page)@p

@script:python depends on report@
p << bh_get_page_match.p;
BH << bh_get_page_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_get({BH}->b_folio) for get_page({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_get_page_match.p;
BH << bh_get_page_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_get({BH}->b_folio) for get_page({BH}->b_page) [bh-page]".format(BH=BH))

// bh_put_page [bh-page, exact]: put_page(BH->b_page) -> folio_put(BH->b_folio)
@bh_put_page depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- put_page(BH->b_page)
+ folio_put(BH->b_folio)

@bh_put_page_context depends on context@
struct buffer_head *BH;
@@

* put_page(BH->b_page)

@bh_put_page_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  put_page(BH->b_page)@p

@script:python depends on report@
p << bh_put_page_match.p;
BH << bh_put_page_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_put({BH}->b_folio) for put_page({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_put_page_match.p;
BH << bh_put_page_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_put({BH}->b_folio) for put_page({BH}->b_page) [bh-page]".format(BH=BH))

// bh_PageDirty [bh-page, exact]: PageDirty(BH->b_page) -> folio_test_dirty(BH->b_folio)
@bh_PageDirty depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- PageDirty(BH->b_page)
+ folio_test_dirty(BH->b_folio)

@bh_PageDirty_context depends on context@
struct buffer_head *BH;
@@

* PageDirty(BH->b_page)

@bh_PageDirty_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  PageDirty(BH->b_page)@p

@script:python depends on report@
p << bh_PageDirty_match.p;
BH << bh_PageDirty_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_test_dirty({BH}->b_folio) for PageDirty({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_PageDirty_match.p;
BH << bh_PageDirty_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_test_dirty({BH}->b_folio) for PageDirty({BH}->b_page) [bh-page]".format(BH=BH))

// bh_page_set_folio_page [bh-page, exact]: BH->b_page = &F->page -> BH->b_folio = F
@bh_page_set_folio_page depends on patch && !missing_b_folio@
struct folio *F;
struct buffer_head *BH;
@@

- BH->b_page = &F->page
+ BH->b_folio = F

@bh_page_set_folio_page_context depends on context@
struct folio *F;
struct buffer_head *BH;
@@

* BH->b_page = &F->page

@bh_page_set_folio_page_match depends on org || report@
struct folio *F;
struct buffer_head *BH;
position p;
@@

  BH->b_page = &F->page@p

@script:python depends on report@
p << bh_page_set_folio_page_match.p;
F << bh_page_set_folio_page_match.F;
BH << bh_page_set_folio_page_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use {BH}->b_folio = {F} for {BH}->b_page = &{F}->page [bh-page]".format(F=F, BH=BH))

@script:python depends on org@
p << bh_page_set_folio_page_match.p;
F << bh_page_set_folio_page_match.F;
BH << bh_page_set_folio_page_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use {BH}->b_folio = {F} for {BH}->b_page = &{F}->page [bh-page]".format(F=F, BH=BH))

// bh_trylock_page [bh-page, exact]: trylock_page(BH->b_page) -> folio_trylock(BH->b_folio)
@bh_trylock_page depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- trylock_page(BH->b_page)
+ folio_trylock(BH->b_folio)

@bh_trylock_page_context depends on context@
struct buffer_head *BH;
@@

* trylock_page(BH->b_page)

@bh_trylock_page_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  trylock_page(BH->b_page)@p

@script:python depends on report@
p << bh_trylock_page_match.p;
BH << bh_trylock_page_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_trylock({BH}->b_folio) for trylock_page({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_trylock_page_match.p;
BH << bh_trylock_page_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_trylock({BH}->b_folio) for trylock_page({BH}->b_page) [bh-page]".format(BH=BH))

// bh_set_page_dirty [bh-page, exact]: set_page_dirty(BH->b_page) -> folio_mark_dirty(BH->b_folio)
@bh_set_page_dirty depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- set_page_dirty(BH->b_page)
+ folio_mark_dirty(BH->b_folio)

@bh_set_page_dirty_context depends on context@
struct buffer_head *BH;
@@

* set_page_dirty(BH->b_page)

@bh_set_page_dirty_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  set_page_dirty(BH->b_page)@p

@script:python depends on report@
p << bh_set_page_dirty_match.p;
BH << bh_set_page_dirty_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_mark_dirty({BH}->b_folio) for set_page_dirty({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_set_page_dirty_match.p;
BH << bh_set_page_dirty_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_mark_dirty({BH}->b_folio) for set_page_dirty({BH}->b_page) [bh-page]".format(BH=BH))

// bh_page_address [bh-page, exact]: page_address(BH->b_page) -> folio_address(BH->b_folio)
@bh_page_address depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- page_address(BH->b_page)
+ folio_address(BH->b_folio)

@bh_page_address_context depends on context@
struct buffer_head *BH;
@@

* page_address(BH->b_page)

@bh_page_address_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  page_address(BH->b_page)@p

@script:python depends on report@
p << bh_page_address_match.p;
BH << bh_page_address_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_address({BH}->b_folio) for page_address({BH}->b_page) [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_page_address_match.p;
BH << bh_page_address_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_address({BH}->b_folio) for page_address({BH}->b_page) [bh-page]".format(BH=BH))

// bh_page_null_test [bh-page, exact]: !BH->b_page -> !BH->b_folio
@bh_page_null_test depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- !BH->b_page
+ !BH->b_folio

@bh_page_null_test_context depends on context@
struct buffer_head *BH;
@@

* !BH->b_page

@bh_page_null_test_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  !BH->b_page@p

@script:python depends on report@
p << bh_page_null_test_match.p;
BH << bh_page_null_test_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use !{BH}->b_folio for !{BH}->b_page [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_page_null_test_match.p;
BH << bh_page_null_test_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use !{BH}->b_folio for !{BH}->b_page [bh-page]".format(BH=BH))

// bh_page_set_null [bh-page, exact]: BH->b_page = NULL -> BH->b_folio = NULL
@bh_page_set_null depends on patch && !missing_b_folio@
struct buffer_head *BH;
@@

- BH->b_page = NULL
+ BH->b_folio = NULL

@bh_page_set_null_context depends on context@
struct buffer_head *BH;
@@

* BH->b_page = NULL

@bh_page_set_null_match depends on org || report@
struct buffer_head *BH;
position p;
@@

  BH->b_page = NULL@p

@script:python depends on report@
p << bh_page_set_null_match.p;
BH << bh_page_set_null_match.BH;
@@

coccilib.report.print_report(p[0], "WARNING: use {BH}->b_folio = NULL for {BH}->b_page = NULL [bh-page]".format(BH=BH))

@script:python depends on org@
p << bh_page_set_null_match.p;
BH << bh_page_set_null_match.BH;
@@

coccilib.org.print_todo(p[0], "WARNING: use {BH}->b_folio = NULL for {BH}->b_page = NULL [bh-page]".format(BH=BH))
