// SPDX-License-Identifier: GPL-2.0-only
///
/// Pass the folio, not its first page, to the page API: unlock_page(&folio->page)
/// becomes folio_unlock(folio), PageDirty(&folio->page) folio_test_dirty(folio),
/// (&folio->page)->mapping folio->mapping, and so on.  Each page function used
/// here is a wrapper of the folio function on page_folio(page), and
/// page_folio(&folio->page) is the folio, so the rewrite is exact; the page
/// fields used here overlay the folio's by FOLIO_MATCH().
///
/// struct page is to shrink to a memdesc pointer (memdescs): &folio->page
/// stops compiling once the folio is no longer laid over its first page.
///
//# Only &F->page where F is known to be a struct folio * is matched: run
//# with the headers (--include-headers) or where the variable is declared
//# in the function.
//# put_page(&F->page) is reported, not rewritten: put_page() also drops the
//# reference of a ZONE_DEVICE (fsdax) folio through
//# put_devmap_managed_folio_refs(), folio_put() does not.
//# Calls without an exact folio function (flush_dcache_page,
//# block_commit_write, PageHWPoison, PageAnonExclusive, page_mapcount, ...)
//# only get the folio_page(F, 0) spelling.
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

// unlock_page_folio_page [folio-page, exact]: unlock_page(&F->page) -> folio_unlock(F)
@unlock_page_folio_page depends on patch@
struct folio *F;
@@

- unlock_page(&F->page)
+ folio_unlock(F)

@unlock_page_folio_page_context depends on context@
struct folio *F;
@@

* unlock_page(&F->page)

@unlock_page_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  unlock_page(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << unlock_page_folio_page_match.p;
F << unlock_page_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_unlock({F}) for unlock_page(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << unlock_page_folio_page_match.p;
F << unlock_page_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_unlock({F}) for unlock_page(&{F}->page) [folio-page]".format(F=F))

// get_page_folio_page [folio-page, exact]: get_page(&F->page) -> folio_get(F)
@get_page_folio_page depends on patch@
struct folio *F;
@@

- get_page(&F->page)
+ folio_get(F)

@get_page_folio_page_context depends on context@
struct folio *F;
@@

* get_page(&F->page)

@get_page_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  get_page(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << get_page_folio_page_match.p;
F << get_page_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_get({F}) for get_page(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << get_page_folio_page_match.p;
F << get_page_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_get({F}) for get_page(&{F}->page) [folio-page]".format(F=F))

// PageDirty_folio_page [folio-page, exact]: PageDirty(&F->page) -> folio_test_dirty(F)
@PageDirty_folio_page depends on patch@
struct folio *F;
@@

- PageDirty(&F->page)
+ folio_test_dirty(F)

@PageDirty_folio_page_context depends on context@
struct folio *F;
@@

* PageDirty(&F->page)

@PageDirty_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  PageDirty(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << PageDirty_folio_page_match.p;
F << PageDirty_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_test_dirty({F}) for PageDirty(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << PageDirty_folio_page_match.p;
F << PageDirty_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_test_dirty({F}) for PageDirty(&{F}->page) [folio-page]".format(F=F))

// page_to_nid_folio_page [folio-page, exact]: page_to_nid(&F->page) -> folio_nid(F)
@page_to_nid_folio_page depends on patch@
struct folio *F;
@@

- page_to_nid(&F->page)
+ folio_nid(F)

@page_to_nid_folio_page_context depends on context@
struct folio *F;
@@

* page_to_nid(&F->page)

@page_to_nid_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  page_to_nid(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << page_to_nid_folio_page_match.p;
F << page_to_nid_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_nid({F}) for page_to_nid(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << page_to_nid_folio_page_match.p;
F << page_to_nid_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_nid({F}) for page_to_nid(&{F}->page) [folio-page]".format(F=F))

// page_to_pfn_folio_page [folio-page, exact]: page_to_pfn(&F->page) -> folio_pfn(F)
@page_to_pfn_folio_page depends on patch@
struct folio *F;
@@

- page_to_pfn(&F->page)
+ folio_pfn(F)

@page_to_pfn_folio_page_context depends on context@
struct folio *F;
@@

* page_to_pfn(&F->page)

@page_to_pfn_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  page_to_pfn(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << page_to_pfn_folio_page_match.p;
F << page_to_pfn_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_pfn({F}) for page_to_pfn(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << page_to_pfn_folio_page_match.p;
F << page_to_pfn_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_pfn({F}) for page_to_pfn(&{F}->page) [folio-page]".format(F=F))

// lock_page_folio_page [folio-page, exact]: lock_page(&F->page) -> folio_lock(F)
@lock_page_folio_page depends on patch@
struct folio *F;
@@

- lock_page(&F->page)
+ folio_lock(F)

@lock_page_folio_page_context depends on context@
struct folio *F;
@@

* lock_page(&F->page)

@lock_page_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  lock_page(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << lock_page_folio_page_match.p;
F << lock_page_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_lock({F}) for lock_page(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << lock_page_folio_page_match.p;
F << lock_page_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_lock({F}) for lock_page(&{F}->page) [folio-page]".format(F=F))

// trylock_page_folio_page [folio-page, exact]: trylock_page(&F->page) -> folio_trylock(F)
@trylock_page_folio_page depends on patch@
struct folio *F;
@@

- trylock_page(&F->page)
+ folio_trylock(F)

@trylock_page_folio_page_context depends on context@
struct folio *F;
@@

* trylock_page(&F->page)

@trylock_page_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  trylock_page(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << trylock_page_folio_page_match.p;
F << trylock_page_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_trylock({F}) for trylock_page(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << trylock_page_folio_page_match.p;
F << trylock_page_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_trylock({F}) for trylock_page(&{F}->page) [folio-page]".format(F=F))

// put_page_folio_page [folio-page, report]: put_page(&F->page) -> folio_put(F)
@put_page_folio_page_context depends on context@
struct folio *F;
@@

* put_page(&F->page)

@put_page_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  put_page(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << put_page_folio_page_match.p;
F << put_page_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: put_page(&{F}->page) is folio_put({F}) but for the caveats of this rule [folio-page]".format(F=F))

@script:python depends on org@
p << put_page_folio_page_match.p;
F << put_page_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: put_page(&{F}->page) is folio_put({F}) but for the caveats of this rule [folio-page]".format(F=F))

// page_folio_folio_page [folio-page, exact]: page_folio(&F->page) -> F
@page_folio_folio_page depends on patch@
struct folio *F;
@@

- page_folio(&F->page)
+ F

@page_folio_folio_page_context depends on context@
struct folio *F;
@@

* page_folio(&F->page)

@page_folio_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  page_folio(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << page_folio_folio_page_match.p;
F << page_folio_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use {F} for page_folio(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << page_folio_folio_page_match.p;
F << page_folio_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use {F} for page_folio(&{F}->page) [folio-page]".format(F=F))

// PageLocked_folio_page [folio-page, exact]: PageLocked(&F->page) -> folio_test_locked(F)
@PageLocked_folio_page depends on patch@
struct folio *F;
@@

- PageLocked(&F->page)
+ folio_test_locked(F)

@PageLocked_folio_page_context depends on context@
struct folio *F;
@@

* PageLocked(&F->page)

@PageLocked_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  PageLocked(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << PageLocked_folio_page_match.p;
F << PageLocked_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_test_locked({F}) for PageLocked(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << PageLocked_folio_page_match.p;
F << PageLocked_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_test_locked({F}) for PageLocked(&{F}->page) [folio-page]".format(F=F))

// PageUptodate_folio_page [folio-page, exact]: PageUptodate(&F->page) -> folio_test_uptodate(F)
@PageUptodate_folio_page depends on patch@
struct folio *F;
@@

- PageUptodate(&F->page)
+ folio_test_uptodate(F)

@PageUptodate_folio_page_context depends on context@
struct folio *F;
@@

* PageUptodate(&F->page)

@PageUptodate_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  PageUptodate(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << PageUptodate_folio_page_match.p;
F << PageUptodate_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_test_uptodate({F}) for PageUptodate(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << PageUptodate_folio_page_match.p;
F << PageUptodate_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_test_uptodate({F}) for PageUptodate(&{F}->page) [folio-page]".format(F=F))

// PageWriteback_folio_page [folio-page, exact]: PageWriteback(&F->page) -> folio_test_writeback(F)
@PageWriteback_folio_page depends on patch@
struct folio *F;
@@

- PageWriteback(&F->page)
+ folio_test_writeback(F)

@PageWriteback_folio_page_context depends on context@
struct folio *F;
@@

* PageWriteback(&F->page)

@PageWriteback_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  PageWriteback(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << PageWriteback_folio_page_match.p;
F << PageWriteback_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_test_writeback({F}) for PageWriteback(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << PageWriteback_folio_page_match.p;
F << PageWriteback_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_test_writeback({F}) for PageWriteback(&{F}->page) [folio-page]".format(F=F))

// PageLRU_folio_page [folio-page, exact]: PageLRU(&F->page) -> folio_test_lru(F)
@PageLRU_folio_page depends on patch@
struct folio *F;
@@

- PageLRU(&F->page)
+ folio_test_lru(F)

@PageLRU_folio_page_context depends on context@
struct folio *F;
@@

* PageLRU(&F->page)

@PageLRU_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  PageLRU(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << PageLRU_folio_page_match.p;
F << PageLRU_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_test_lru({F}) for PageLRU(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << PageLRU_folio_page_match.p;
F << PageLRU_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_test_lru({F}) for PageLRU(&{F}->page) [folio-page]".format(F=F))

// PageReferenced_folio_page [folio-page, exact]: PageReferenced(&F->page) -> folio_test_referenced(F)
@PageReferenced_folio_page depends on patch@
struct folio *F;
@@

- PageReferenced(&F->page)
+ folio_test_referenced(F)

@PageReferenced_folio_page_context depends on context@
struct folio *F;
@@

* PageReferenced(&F->page)

@PageReferenced_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  PageReferenced(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << PageReferenced_folio_page_match.p;
F << PageReferenced_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_test_referenced({F}) for PageReferenced(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << PageReferenced_folio_page_match.p;
F << PageReferenced_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_test_referenced({F}) for PageReferenced(&{F}->page) [folio-page]".format(F=F))

// SetPageDirty_folio_page [folio-page, exact]: SetPageDirty(&F->page) -> folio_set_dirty(F)
@SetPageDirty_folio_page depends on patch@
struct folio *F;
@@

- SetPageDirty(&F->page)
+ folio_set_dirty(F)

@SetPageDirty_folio_page_context depends on context@
struct folio *F;
@@

* SetPageDirty(&F->page)

@SetPageDirty_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  SetPageDirty(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << SetPageDirty_folio_page_match.p;
F << SetPageDirty_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_set_dirty({F}) for SetPageDirty(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << SetPageDirty_folio_page_match.p;
F << SetPageDirty_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_set_dirty({F}) for SetPageDirty(&{F}->page) [folio-page]".format(F=F))

// ClearPageActive_folio_page [folio-page, exact]: ClearPageActive(&F->page) -> folio_clear_active(F)
@ClearPageActive_folio_page depends on patch@
struct folio *F;
@@

- ClearPageActive(&F->page)
+ folio_clear_active(F)

@ClearPageActive_folio_page_context depends on context@
struct folio *F;
@@

* ClearPageActive(&F->page)

@ClearPageActive_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  ClearPageActive(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << ClearPageActive_folio_page_match.p;
F << ClearPageActive_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_clear_active({F}) for ClearPageActive(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << ClearPageActive_folio_page_match.p;
F << ClearPageActive_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_clear_active({F}) for ClearPageActive(&{F}->page) [folio-page]".format(F=F))

// set_page_dirty_folio_page [folio-page, exact]: set_page_dirty(&F->page) -> folio_mark_dirty(F)
@set_page_dirty_folio_page depends on patch@
struct folio *F;
@@

- set_page_dirty(&F->page)
+ folio_mark_dirty(F)

@set_page_dirty_folio_page_context depends on context@
struct folio *F;
@@

* set_page_dirty(&F->page)

@set_page_dirty_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  set_page_dirty(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << set_page_dirty_folio_page_match.p;
F << set_page_dirty_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_mark_dirty({F}) for set_page_dirty(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << set_page_dirty_folio_page_match.p;
F << set_page_dirty_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_mark_dirty({F}) for set_page_dirty(&{F}->page) [folio-page]".format(F=F))

// page_mapping_folio_page [folio-page, exact]: page_mapping(&F->page) -> folio_mapping(F)
@page_mapping_folio_page depends on patch@
struct folio *F;
@@

- page_mapping(&F->page)
+ folio_mapping(F)

@page_mapping_folio_page_context depends on context@
struct folio *F;
@@

* page_mapping(&F->page)

@page_mapping_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  page_mapping(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << page_mapping_folio_page_match.p;
F << page_mapping_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_mapping({F}) for page_mapping(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << page_mapping_folio_page_match.p;
F << page_mapping_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_mapping({F}) for page_mapping(&{F}->page) [folio-page]".format(F=F))

// page_address_folio_page [folio-page, exact]: page_address(&F->page) -> folio_address(F)
@page_address_folio_page depends on patch@
struct folio *F;
@@

- page_address(&F->page)
+ folio_address(F)

@page_address_folio_page_context depends on context@
struct folio *F;
@@

* page_address(&F->page)

@page_address_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  page_address(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << page_address_folio_page_match.p;
F << page_address_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_address({F}) for page_address(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << page_address_folio_page_match.p;
F << page_address_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_address({F}) for page_address(&{F}->page) [folio-page]".format(F=F))

// kmap_local_page_folio_page [folio-page, exact]: kmap_local_page(&F->page) -> kmap_local_folio(F, 0)
@kmap_local_page_folio_page depends on patch@
struct folio *F;
@@

- kmap_local_page(&F->page)
+ kmap_local_folio(F, 0)

@kmap_local_page_folio_page_context depends on context@
struct folio *F;
@@

* kmap_local_page(&F->page)

@kmap_local_page_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  kmap_local_page(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << kmap_local_page_folio_page_match.p;
F << kmap_local_page_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use kmap_local_folio({F}, 0) for kmap_local_page(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << kmap_local_page_folio_page_match.p;
F << kmap_local_page_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use kmap_local_folio({F}, 0) for kmap_local_page(&{F}->page) [folio-page]".format(F=F))

// page_size_folio_page [folio-page, exact]: page_size(&F->page) -> folio_size(F)
@page_size_folio_page depends on patch@
struct folio *F;
@@

- page_size(&F->page)
+ folio_size(F)

@page_size_folio_page_context depends on context@
struct folio *F;
@@

* page_size(&F->page)

@page_size_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  page_size(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << page_size_folio_page_match.p;
F << page_size_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_size({F}) for page_size(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << page_size_folio_page_match.p;
F << page_size_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_size({F}) for page_size(&{F}->page) [folio-page]".format(F=F))

// compound_order_folio_page [folio-page, exact]: compound_order(&F->page) -> folio_order(F)
@compound_order_folio_page depends on patch@
struct folio *F;
@@

- compound_order(&F->page)
+ folio_order(F)

@compound_order_folio_page_context depends on context@
struct folio *F;
@@

* compound_order(&F->page)

@compound_order_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  compound_order(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << compound_order_folio_page_match.p;
F << compound_order_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_order({F}) for compound_order(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << compound_order_folio_page_match.p;
F << compound_order_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_order({F}) for compound_order(&{F}->page) [folio-page]".format(F=F))

// page_shift_folio_page [folio-page, exact]: page_shift(&F->page) -> folio_shift(F)
@page_shift_folio_page depends on patch@
struct folio *F;
@@

- page_shift(&F->page)
+ folio_shift(F)

@page_shift_folio_page_context depends on context@
struct folio *F;
@@

* page_shift(&F->page)

@page_shift_folio_page_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  page_shift(&F->page@q_folio_page_to_folio_page0)@p

@script:python depends on report@
p << page_shift_folio_page_match.p;
F << page_shift_folio_page_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_shift({F}) for page_shift(&{F}->page) [folio-page]".format(F=F))

@script:python depends on org@
p << page_shift_folio_page_match.p;
F << page_shift_folio_page_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_shift({F}) for page_shift(&{F}->page) [folio-page]".format(F=F))

// folio_page_mapping [page-mapping, exact]: (&F->page)->mapping -> F->mapping
@folio_page_mapping depends on patch@
struct folio *F;
@@

- (&F->page)->mapping
+ F->mapping

@folio_page_mapping_context depends on context@
struct folio *F;
@@

* (&F->page)->mapping

@folio_page_mapping_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  (&F->page@q_folio_page_to_folio_page0)->mapping@p

@script:python depends on report@
p << folio_page_mapping_match.p;
F << folio_page_mapping_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use {F}->mapping for (&{F}->page)->mapping [page-mapping]".format(F=F))

@script:python depends on org@
p << folio_page_mapping_match.p;
F << folio_page_mapping_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use {F}->mapping for (&{F}->page)->mapping [page-mapping]".format(F=F))

// folio_page0_mapping [page-mapping, exact]: folio_page(F, 0)->mapping -> F->mapping
@folio_page0_mapping depends on patch@
struct folio *F;
@@

- folio_page(F, 0)->mapping
+ F->mapping

@folio_page0_mapping_context depends on context@
struct folio *F;
@@

* folio_page(F, 0)->mapping

@folio_page0_mapping_match depends on org || report@
struct folio *F;
position p;
@@

  folio_page(F, 0)->mapping@p

@script:python depends on report@
p << folio_page0_mapping_match.p;
F << folio_page0_mapping_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use {F}->mapping for folio_page({F}, 0)->mapping [page-mapping]".format(F=F))

@script:python depends on org@
p << folio_page0_mapping_match.p;
F << folio_page0_mapping_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use {F}->mapping for folio_page({F}, 0)->mapping [page-mapping]".format(F=F))

// folio_page_index [page-index, exact]: (&F->page)->index -> F->index
@folio_page_index depends on patch@
struct folio *F;
@@

- (&F->page)->index
+ F->index

@folio_page_index_context depends on context@
struct folio *F;
@@

* (&F->page)->index

@folio_page_index_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  (&F->page@q_folio_page_to_folio_page0)->index@p

@script:python depends on report@
p << folio_page_index_match.p;
F << folio_page_index_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use {F}->index for (&{F}->page)->index [page-index]".format(F=F))

@script:python depends on org@
p << folio_page_index_match.p;
F << folio_page_index_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use {F}->index for (&{F}->page)->index [page-index]".format(F=F))

// folio_page0_index [page-index, exact]: folio_page(F, 0)->index -> F->index
@folio_page0_index depends on patch@
struct folio *F;
@@

- folio_page(F, 0)->index
+ F->index

@folio_page0_index_context depends on context@
struct folio *F;
@@

* folio_page(F, 0)->index

@folio_page0_index_match depends on org || report@
struct folio *F;
position p;
@@

  folio_page(F, 0)->index@p

@script:python depends on report@
p << folio_page0_index_match.p;
F << folio_page0_index_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use {F}->index for folio_page({F}, 0)->index [page-index]".format(F=F))

@script:python depends on org@
p << folio_page0_index_match.p;
F << folio_page0_index_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use {F}->index for folio_page({F}, 0)->index [page-index]".format(F=F))

// folio_page0_lru [page-lru, exact]: &folio_page(F, 0)->lru -> &F->lru
@folio_page0_lru depends on patch@
struct folio *F;
@@

- &folio_page(F, 0)->lru
+ &F->lru

@folio_page0_lru_context depends on context@
struct folio *F;
@@

* &folio_page(F, 0)->lru

@folio_page0_lru_match depends on org || report@
struct folio *F;
position p;
@@

  &folio_page(F, 0)->lru@p

@script:python depends on report@
p << folio_page0_lru_match.p;
F << folio_page0_lru_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use &{F}->lru for &folio_page({F}, 0)->lru [page-lru]".format(F=F))

@script:python depends on org@
p << folio_page0_lru_match.p;
F << folio_page0_lru_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use &{F}->lru for &folio_page({F}, 0)->lru [page-lru]".format(F=F))

// folio_page_lru [page-lru, exact]: &(&F->page)->lru -> &F->lru
@folio_page_lru depends on patch@
struct folio *F;
@@

- &(&F->page)->lru
+ &F->lru

@folio_page_lru_context depends on context@
struct folio *F;
@@

* &(&F->page)->lru

@folio_page_lru_match depends on org || report@
struct folio *F;
position q_folio_page_to_folio_page0;
position p;
@@

  &(&F->page@q_folio_page_to_folio_page0)->lru@p

@script:python depends on report@
p << folio_page_lru_match.p;
F << folio_page_lru_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use &{F}->lru for &(&{F}->page)->lru [page-lru]".format(F=F))

@script:python depends on org@
p << folio_page_lru_match.p;
F << folio_page_lru_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use &{F}->lru for &(&{F}->page)->lru [page-lru]".format(F=F))

// folio_page_to_folio_page0 [folio-page, exact]: &F->page -> folio_page(F, 0)
@folio_page_to_folio_page0 depends on patch@
struct folio *F;
@@

- &F->page
+ folio_page(F, 0)

@folio_page_to_folio_page0_context depends on context@
struct folio *F;
@@

* &F->page

@folio_page_to_folio_page0_match depends on org || report@
struct folio *F;
position p != {unlock_page_folio_page_match.q_folio_page_to_folio_page0, get_page_folio_page_match.q_folio_page_to_folio_page0, PageDirty_folio_page_match.q_folio_page_to_folio_page0, page_to_nid_folio_page_match.q_folio_page_to_folio_page0, page_to_pfn_folio_page_match.q_folio_page_to_folio_page0, lock_page_folio_page_match.q_folio_page_to_folio_page0, trylock_page_folio_page_match.q_folio_page_to_folio_page0, put_page_folio_page_match.q_folio_page_to_folio_page0, page_folio_folio_page_match.q_folio_page_to_folio_page0, PageLocked_folio_page_match.q_folio_page_to_folio_page0, PageUptodate_folio_page_match.q_folio_page_to_folio_page0, PageWriteback_folio_page_match.q_folio_page_to_folio_page0, PageLRU_folio_page_match.q_folio_page_to_folio_page0, PageReferenced_folio_page_match.q_folio_page_to_folio_page0, SetPageDirty_folio_page_match.q_folio_page_to_folio_page0, ClearPageActive_folio_page_match.q_folio_page_to_folio_page0, set_page_dirty_folio_page_match.q_folio_page_to_folio_page0, page_mapping_folio_page_match.q_folio_page_to_folio_page0, page_address_folio_page_match.q_folio_page_to_folio_page0, kmap_local_page_folio_page_match.q_folio_page_to_folio_page0, page_size_folio_page_match.q_folio_page_to_folio_page0, compound_order_folio_page_match.q_folio_page_to_folio_page0, page_shift_folio_page_match.q_folio_page_to_folio_page0, folio_page_mapping_match.q_folio_page_to_folio_page0, folio_page_index_match.q_folio_page_to_folio_page0, folio_page_lru_match.q_folio_page_to_folio_page0};
@@

  &F->page@p

@script:python depends on report@
p << folio_page_to_folio_page0_match.p;
F << folio_page_to_folio_page0_match.F;
@@

coccilib.report.print_report(p[0], "WARNING: use folio_page({F}, 0) for &{F}->page [folio-page]".format(F=F))

@script:python depends on org@
p << folio_page_to_folio_page0_match.p;
F << folio_page_to_folio_page0_match.F;
@@

coccilib.org.print_todo(p[0], "WARNING: use folio_page({F}, 0) for &{F}->page [folio-page]".format(F=F))
