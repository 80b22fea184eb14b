// SPDX-License-Identifier: GPL-2.0-only
///
/// Test and change the flags of a page-cache page through its folio:
/// PageDirty(page) becomes folio_test_dirty(page_folio(page)) where page holds
/// what find_get_page(), find_lock_page(), pagecache_get_page() or another
/// page-cache lookup returned.  These accessors (PF_HEAD and PF_NO_TAIL
/// flags) already act on compound_head(page), which page_folio() is, so the
/// value is the same; the page is a page of a folio, so the folio form stays
/// right once struct page shrinks and the flags live in the folio only
/// (memdescs).  Elsewhere the accessors are reported.
///
//# Patch mode needs the lookup in the same function, with no other
//# assignment to the variable on the way.
//# A page of a slab or a page table has no folio in the memdesc layout, which
//# the source does not show: outside a lookup, report only.
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

@initialize:python@
@@

import re
lookup_call = re.compile(r"\s*(find_get_page|find_get_page_flags|find_lock_page|find_or_create_page|grab_cache_page|grab_cache_page_nowait|grab_cache_page_write_begin|pagecache_get_page|read_mapping_page|read_cache_page)\s*\(")

// PageDirty_to_folio [compound-head, lookup]: PageDirty(P) -> folio_test_dirty(page_folio(P))
@PageDirty_to_folio_other depends on patch exists@
identifier P;
expression E : script:python () { not lookup_call.match(E) };
position p;
@@

P = E;
... when any
PageDirty(P)@p

@PageDirty_to_folio_lookup depends on patch exists@
identifier P;
expression E;
position p != PageDirty_to_folio_other.p;
@@

(
struct page *P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
|
P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
)
... when != P = E
    when any
PageDirty(P)@p

@PageDirty_to_folio depends on patch@
struct page *P;
position PageDirty_to_folio_lookup.p;
@@

- PageDirty(P)@p
+ folio_test_dirty(page_folio(P))

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

// PageLRU_to_folio [compound-head, lookup]: PageLRU(P) -> folio_test_lru(page_folio(P))
@PageLRU_to_folio_other depends on patch exists@
identifier P;
expression E : script:python () { not lookup_call.match(E) };
position p;
@@

P = E;
... when any
PageLRU(P)@p

@PageLRU_to_folio_lookup depends on patch exists@
identifier P;
expression E;
position p != PageLRU_to_folio_other.p;
@@

(
struct page *P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
|
P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
)
... when != P = E
    when any
PageLRU(P)@p

@PageLRU_to_folio depends on patch@
struct page *P;
position PageLRU_to_folio_lookup.p;
@@

- PageLRU(P)@p
+ folio_test_lru(page_folio(P))

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

// PageLocked_to_folio [compound-head, lookup]: PageLocked(P) -> folio_test_locked(page_folio(P))
@PageLocked_to_folio_other depends on patch exists@
identifier P;
expression E : script:python () { not lookup_call.match(E) };
position p;
@@

P = E;
... when any
PageLocked(P)@p

@PageLocked_to_folio_lookup depends on patch exists@
identifier P;
expression E;
position p != PageLocked_to_folio_other.p;
@@

(
struct page *P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
|
P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
)
... when != P = E
    when any
PageLocked(P)@p

@PageLocked_to_folio depends on patch@
struct page *P;
position PageLocked_to_folio_lookup.p;
@@

- PageLocked(P)@p
+ folio_test_locked(page_folio(P))

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

// PageWriteback_to_folio [compound-head, lookup]: PageWriteback(P) -> folio_test_writeback(page_folio(P))
@PageWriteback_to_folio_other depends on patch exists@
identifier P;
expression E : script:python () { not lookup_call.match(E) };
position p;
@@

P = E;
... when any
PageWriteback(P)@p

@PageWriteback_to_folio_lookup depends on patch exists@
identifier P;
expression E;
position p != PageWriteback_to_folio_other.p;
@@

(
struct page *P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
|
P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
)
... when != P = E
    when any
PageWriteback(P)@p

@PageWriteback_to_folio depends on patch@
struct page *P;
position PageWriteback_to_folio_lookup.p;
@@

- PageWriteback(P)@p
+ folio_test_writeback(page_folio(P))

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

// PageUptodate_to_folio [compound-head, lookup]: PageUptodate(P) -> folio_test_uptodate(page_folio(P))
@PageUptodate_to_folio_other depends on patch exists@
identifier P;
expression E : script:python () { not lookup_call.match(E) };
position p;
@@

P = E;
... when any
PageUptodate(P)@p

@PageUptodate_to_folio_lookup depends on patch exists@
identifier P;
expression E;
position p != PageUptodate_to_folio_other.p;
@@

(
struct page *P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
|
P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
)
... when != P = E
    when any
PageUptodate(P)@p

@PageUptodate_to_folio depends on patch@
struct page *P;
position PageUptodate_to_folio_lookup.p;
@@

- PageUptodate(P)@p
+ folio_test_uptodate(page_folio(P))

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

// PageReferenced_to_folio [compound-head, lookup]: PageReferenced(P) -> folio_test_referenced(page_folio(P))
@PageReferenced_to_folio_other depends on patch exists@
identifier P;
expression E : script:python () { not lookup_call.match(E) };
position p;
@@

P = E;
... when any
PageReferenced(P)@p

@PageReferenced_to_folio_lookup depends on patch exists@
identifier P;
expression E;
position p != PageReferenced_to_folio_other.p;
@@

(
struct page *P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
|
P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
)
... when != P = E
    when any
PageReferenced(P)@p

@PageReferenced_to_folio depends on patch@
struct page *P;
position PageReferenced_to_folio_lookup.p;
@@

- PageReferenced(P)@p
+ folio_test_referenced(page_folio(P))

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

// SetPageDirty_to_folio [compound-head, lookup]: SetPageDirty(P) -> folio_set_dirty(page_folio(P))
@SetPageDirty_to_folio_other depends on patch exists@
identifier P;
expression E : script:python () { not lookup_call.match(E) };
position p;
@@

P = E;
... when any
SetPageDirty(P)@p

@SetPageDirty_to_folio_lookup depends on patch exists@
identifier P;
expression E;
position p != SetPageDirty_to_folio_other.p;
@@

(
struct page *P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
|
P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
)
... when != P = E
    when any
SetPageDirty(P)@p

@SetPageDirty_to_folio depends on patch@
struct page *P;
position SetPageDirty_to_folio_lookup.p;
@@

- SetPageDirty(P)@p
+ folio_set_dirty(page_folio(P))

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

// ClearPageActive_to_folio [compound-head, lookup]: ClearPageActive(P) -> folio_clear_active(page_folio(P))
@ClearPageActive_to_folio_other depends on patch exists@
identifier P;
expression E : script:python () { not lookup_call.match(E) };
position p;
@@

P = E;
... when any
ClearPageActive(P)@p

@ClearPageActive_to_folio_lookup depends on patch exists@
identifier P;
expression E;
position p != ClearPageActive_to_folio_other.p;
@@

(
struct page *P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
|
P = \(find_get_page\|find_get_page_flags\|find_lock_page\|find_or_create_page\|
  grab_cache_page\|grab_cache_page_nowait\|grab_cache_page_write_begin\|pagecache_get_page\|
  read_mapping_page\|read_cache_page\)(...);
)
... when != P = E
    when any
ClearPageActive(P)@p

@ClearPageActive_to_folio depends on patch@
struct page *P;
position ClearPageActive_to_folio_lookup.p;
@@

- ClearPageActive(P)@p
+ folio_clear_active(page_folio(P))

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
