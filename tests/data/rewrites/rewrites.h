/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rewrites.h - what the forms of runtime/include/rt_rewrites.def call,
 * beyond the stand-in headers of tests/fixtures/include: page-flag
 * accessors through compound_head() (PF_HEAD), as in the kernel, and the
 * folio forms that replace them.
 */
#ifndef _TEST_REWRITES_H
#define _TEST_REWRITES_H

#define MD_TEST_OWN_PAGEFLAGS	/* the PF_HEAD accessors below are the ones */
#include <linux/mm.h>
#include <linux/buffer_head.h>

#define RW_PG_writeback		8
#define RW_PG_referenced	9
#define RW_PG_active		10

#define RW_PAGEFLAG(uname, bit)						\
static inline int Page##uname(const struct page *page)			\
{ return (int)(PF_HEAD(page, 0)->flags >> (bit) & 1); }			\
static inline void SetPage##uname(struct page *page)			\
{ PF_HEAD(page, 1)->flags |= 1UL << (bit); }				\
static inline void ClearPage##uname(struct page *page)			\
{ PF_HEAD(page, 1)->flags &= ~(1UL << (bit)); }

#define RW_FOLIOFLAG(lname, bit)					\
static inline int folio_test_##lname(const struct folio *folio)		\
{ return (int)(folio->flags >> (bit) & 1); }				\
static inline void folio_set_##lname(struct folio *folio)		\
{ folio->flags |= 1UL << (bit); }					\
static inline void folio_clear_##lname(struct folio *folio)		\
{ folio->flags &= ~(1UL << (bit)); }

RW_PAGEFLAG(Locked, PG_locked)
RW_PAGEFLAG(Uptodate, PG_uptodate)
RW_PAGEFLAG(Writeback, RW_PG_writeback)
RW_PAGEFLAG(Referenced, RW_PG_referenced)
RW_PAGEFLAG(Active, RW_PG_active)
static inline int PageLRU(const struct page *page)
{
	return (int)(PF_HEAD(page, 0)->flags >> PG_lru & 1);
}
static inline void SetPageDirty(struct page *page)
{
	PF_HEAD(page, 1)->flags |= 1UL << PG_dirty;
}

RW_FOLIOFLAG(locked, PG_locked)
RW_FOLIOFLAG(uptodate, PG_uptodate)
RW_FOLIOFLAG(writeback, RW_PG_writeback)
RW_FOLIOFLAG(referenced, RW_PG_referenced)
RW_FOLIOFLAG(active, RW_PG_active)
RW_FOLIOFLAG(lru, PG_lru)
static inline void folio_set_dirty(struct folio *folio)
{
	folio->flags |= 1UL << PG_dirty;
}

int page_to_nid(const struct page *page);
int folio_nid(const struct folio *folio);
unsigned long folio_pfn(const struct folio *folio);
long folio_page_idx(const struct folio *folio, const struct page *page);

#endif
