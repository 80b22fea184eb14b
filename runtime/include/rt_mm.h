/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt_mm.h - the memory-management API of the memdesc model, the same in every layout.
 *
 * Build with -DRT_LAYOUT_LEGACY (64-byte struct page, folio overlaid on the
 * pages), -DRT_LAYOUT_MEMDESC (32-byte struct page, folio allocated apart) or
 * -DRT_LAYOUT_PAGE16 (16-byte struct page: no flags and no refcount in it).
 * Code written against this header runs in both; where the memdesc layout cannot
 * do what a page-based call asks, a runtime check fires (see rt_check.h).
 *
 * The model: one memmap of nr_pages struct pages (pfn 0 .. max_pfn - 1), split
 * into nodes and, per node, a DMA32 and a NORMAL zone; a buddy allocator with a
 * per-zone pcp list for order 0; folios, slabs, page tables and bare pages on
 * top.  Single-threaded: "locks" are bits, nothing sleeps.
 *
 * Calls that can fire a check are macros that pass their call site, so a report
 * names the line that made the call.
 */
#ifndef RT_MM_H
#define RT_MM_H

#include "rt_types.h"
#include "rt_check.h"

enum pageflags {
#define RT_PAGEFLAG(uname, lname, policy, plan) PG_##lname,
#include "rt_pageflags.def"
#undef RT_PAGEFLAG
	__NR_PAGEFLAGS
};

enum pf_policy { PF_ANY, PF_HEAD, PF_NO_TAIL, PF_NO_COMPOUND };
enum pf_plan { PF_PLAN_FOLIO, PF_PLAN_PAGE, PF_PLAN_HEAD };

struct rt_pageflag_info {
	const char *name;
	enum pf_policy policy;
	enum pf_plan plan;
};

/* rt_pageflags - the rows of rt_pageflags.def, indexed by enum pageflags. */
extern const struct rt_pageflag_info rt_pageflags[__NR_PAGEFLAGS];

#define RT_MAX_ORDER	10	/* orders 0..RT_MAX_ORDER, as MAX_PAGE_ORDER */
#define RT_MAX_NODES	4
#define RT_NODE_SHIFT	60	/* node and zone: top bits of every flags word */
#define RT_ZONE_SHIFT	58
#define RT_NODE_MASK	0xfUL
#define RT_ZONE_MASK	0x3UL
#define RT_FLAGS_PLACEMENT (~0UL << RT_ZONE_SHIFT)
static_assert(__NR_PAGEFLAGS <= 32, "page flags stay clear of the order and placement bits");

enum zone_type { ZONE_DMA32, ZONE_NORMAL, RT_NR_ZONES };

typedef unsigned int gfp_t;
#define GFP_KERNEL	0u
#define __GFP_COMP	(1u << 0)	/* compound: one head, tails point at it */
#define __GFP_DMA32	(1u << 1)	/* only from ZONE_DMA32 */

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;
};

struct zone {
	int nid;
	enum zone_type zid;
	unsigned long start_pfn;
	unsigned long nr_pages;
	unsigned long nr_free;		/* pages in free_area and on the pcp list */
	struct free_area free_area[RT_MAX_ORDER + 1];
	struct list_head pcp_list;	/* order-0 pages, through page->pcp_list */
	unsigned int pcp_count;
};

struct lruvec {
	struct list_head list;		/* folios, through folio->lru */
	unsigned long nr_pages;
};

struct pglist_data {
	int nid;
	struct zone zones[RT_NR_ZONES];
	struct lruvec lruvec;
};

/* Memory cgroups count charged pages per kind of owner. */
enum memcg_stat { MEMCG_FOLIO, MEMCG_SLAB, MEMCG_PTDESC, MEMCG_KMEM, MEMCG_NR_STAT };

struct mem_cgroup {
	const char *name;
	long nr_pages[MEMCG_NR_STAT];
};

/* What owns a page: the memdesc type, known in both layouts. */
enum rt_owner { RT_OWNER_FREE, RT_OWNER_BARE, RT_OWNER_FOLIO, RT_OWNER_SLAB, RT_OWNER_PTDESC };

extern struct page *mem_map;
extern unsigned long max_pfn;
extern int rt_nr_nodes;
extern struct pglist_data rt_nodes[RT_MAX_NODES];

#define pfn_to_page(pfn)	(mem_map + (pfn))
#define page_to_pfn(page)	((unsigned long)((page) - mem_map))

#if defined(RT_LAYOUT_LEGACY) + defined(RT_LAYOUT_MEMDESC) + defined(RT_LAYOUT_PAGE16) != 1
#error "define exactly one of RT_LAYOUT_LEGACY, RT_LAYOUT_MEMDESC, RT_LAYOUT_PAGE16"
#endif
#ifdef RT_LAYOUT_LEGACY
#include "rt_layout_legacy.h"
#else
#include "rt_layout_memdesc.h"
#endif

/* ---- memmap ---------------------------------------------------------------- */

/*
 * memmap_init - allocate a memmap of @nr_pages pages over @nr_nodes nodes and
 * give every page to the buddy allocator.  @nr_pages must be a multiple of
 * the largest block per node.  Returns 0, or -errno after printing the reason.
 */
int memmap_init(unsigned long nr_pages, int nr_nodes);

/*
 * memmap_init_at - as memmap_init(), on the caller's memory at @map (which must
 * stay mapped until memmap_release()).  Refuses (-EINVAL, with a message) a
 * memmap that is not aligned to the largest folio: compound_info needs it.
 */
int memmap_init_at(struct page *map, unsigned long nr_pages, int nr_nodes);

/* memmap_release - forget the memmap; frees it if memmap_init() allocated it. */
void memmap_release(void);

/* nr_free_pages - pages currently free, in buddy lists and pcp lists. */
unsigned long nr_free_pages(void);

/* memmap_alignment - the alignment compound_info needs: the largest folio's memmap. */
static inline size_t memmap_alignment(void)
{
	return sizeof(struct page) << RT_MAX_ORDER;
}

/* ---- allocation ------------------------------------------------------------ */

/*
 * alloc_pages - @1 << order bare pages (no folio), refcount 1 on the first.
 * With __GFP_COMP the block is a compound page: compound_head() finds its
 * first page, but the folio-only fields are not set up (page_rmappable_folio()
 * does that).  Returns NULL when no block is free.
 */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
#define alloc_pages(gfp, order)	alloc_pages_node(-1, gfp, order)

/* __free_pages - drop a reference to bare pages from alloc_pages(); frees at zero. */
#define __free_pages(page, order)	rt_free_pages(page, order, RT_HERE)
void rt_free_pages(struct page *page, unsigned int order, struct rt_site site);

/*
 * page_rmappable_folio - turn the compound page @page from alloc_pages(__GFP_COMP)
 * (or an order-0 page) into a folio: set up the folio-only fields.  In the
 * memdesc layout this allocates the struct folio.  NULL if @page is NULL or
 * no memory.
 */
struct folio *page_rmappable_folio(struct page *page);

/* folio_alloc - a folio of @order with refcount 1; NULL when out of memory. */
struct folio *folio_alloc_node(int nid, gfp_t gfp, unsigned int order);
#define folio_alloc(gfp, order)	folio_alloc_node(-1, gfp, order)

/* slab_alloc - a slab of @order for @cache; slab_free() gives it back. */
struct slab *slab_alloc(struct kmem_cache *cache, gfp_t gfp, unsigned int order);
void slab_free(struct slab *slab);
struct page *slab_page(const struct slab *slab);
unsigned int slab_order(const struct slab *slab);

/* page_slab - the slab that owns @page, or NULL. */
struct slab *page_slab(const struct page *page);

/* pagetable_alloc - a page table (order 0, or larger for pgd/pmd pages). */
struct ptdesc *pagetable_alloc(gfp_t gfp, unsigned int order);
void pagetable_free(struct ptdesc *ptdesc);
struct page *ptdesc_page(const struct ptdesc *ptdesc);

/* page_ptdesc - the page table that owns @page, or NULL. */
struct ptdesc *page_ptdesc(const struct page *page);

/* ---- identity and geometry ------------------------------------------------- */

/*
 * compound_head - the first page of the compound page that @page belongs to.
 * Legacy: any page.  Memdesc: only bare pages; on a page owned by a folio, slab
 * or page table it is a BUG (check COMPOUND_HEAD), because the head of such a
 * page is a descriptor, not a page.
 */
#define compound_head(page)	rt_compound_head(page, RT_HERE)
struct page *rt_compound_head(const struct page *page, struct rt_site site);

/* pfn_folio - page_folio() of the page at @pfn. */
#define pfn_folio(pfn)		page_folio(pfn_to_page(pfn))

/* PageHead() (see the flags below) - @page is the first page of a block of more than one page. */

/* PageCompound - @page is part of a block of more than one page with one owner. */
bool PageCompound(const struct page *page);

/* compound_order - order of the compound page at head @page; 0 for tails. */
unsigned int compound_order(const struct page *page);

/*
 * folio_nr_pages - pages in @folio.  A large folio built by page_rmappable_folio()
 * only: on a plain compound page cast to a folio (legacy) check FOLIO_FIELD fires.
 */
#define folio_nr_pages(folio)	rt_folio_nr_pages(folio, RT_HERE)

/* page_size - bytes in the compound page at head @page; PAGE_SIZE for a tail. */
static inline unsigned long page_size(const struct page *page)
{
	return PAGE_SIZE << compound_order(page);
}

static inline size_t folio_size(const struct folio *folio)
{
	return PAGE_SIZE << folio_order(folio);
}

/* page_shift / folio_shift - log2 of page_size() / folio_size(). */
static inline unsigned int page_shift(const struct page *page)
{
	return PAGE_SHIFT + compound_order(page);
}

static inline unsigned int folio_shift(const struct folio *folio)
{
	return PAGE_SHIFT + folio_order(folio);
}

/* folio_page_idx - index of @page within @folio. */
static inline unsigned long folio_page_idx(const struct folio *folio, const struct page *page)
{
	return page_to_pfn(page) - folio_pfn(folio);
}

/*
 * page_to_nid / page_zone - valid for every page: from the page's own flags, or
 * in page16 (no flags) from the placement of the pfn's section.
 */
static __always_inline int page_to_nid(const struct page *page)
{
	return (page_placement(page) >> RT_NODE_SHIFT) & RT_NODE_MASK;
}

static __always_inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((page_placement(page) >> RT_ZONE_SHIFT) & RT_ZONE_MASK);
}

static __always_inline struct zone *page_zone(const struct page *page)
{
	return &rt_nodes[page_to_nid(page)].zones[page_zonenum(page)];
}

/* folio_nid / folio_zone - from the folio's flags (the placement is replicated there). */
static __always_inline int folio_nid(const struct folio *folio)
{
	return (folio->flags >> RT_NODE_SHIFT) & RT_NODE_MASK;
}

static __always_inline struct zone *folio_zone(const struct folio *folio)
{
	return &rt_nodes[folio_nid(folio)]
			.zones[(folio->flags >> RT_ZONE_SHIFT) & RT_ZONE_MASK];
}

/* rt_page_owner - who owns @page; the test oracle's view, cheap in both layouts. */
enum rt_owner rt_page_owner(const struct page *page);
const char *rt_owner_name(enum rt_owner owner);

/* rt_page_head_pfn - first pfn of the block that owns @page (the pfn if free or single). */
unsigned long rt_page_head_pfn(const struct page *page);

/* ---- references and locks --------------------------------------------------- */

/*
 * get_page / put_page - take or drop a reference on what owns @page: the folio
 * (every layout), or the first page of bare pages.  put_page() frees at zero.
 * Memdesc layouts: on slab or page-table pages check REF_NOT_FOLIO fires; in
 * page16 also on bare pages, which have no refcount there.
 */
#define get_page(page)		rt_get_page(page, RT_HERE)
#define put_page(page)		rt_put_page(page, RT_HERE)
#define page_count(page)	rt_page_count(page, RT_HERE)
void rt_get_page(struct page *page, struct rt_site site);
void rt_put_page(struct page *page, struct rt_site site);
int rt_page_count(const struct page *page, struct rt_site site);

void folio_get(struct folio *folio);
/* folio_put - drop a reference; at zero the folio is uncharged and freed. */
void folio_put(struct folio *folio);

static inline int folio_ref_count(const struct folio *folio)
{
	return atomic_read(&folio->_refcount);
}

/*
 * lock_page / unlock_page / trylock_page - the folio lock of @page's folio.
 * Memdesc: on a page that has no folio check NO_FOLIO fires.  Locking a locked
 * folio fires DEADLOCK (nothing else could ever unlock it here).
 */
#define lock_page(page)		rt_lock_page(page, RT_HERE)
#define unlock_page(page)	rt_unlock_page(page, RT_HERE)
#define trylock_page(page)	rt_trylock_page(page, RT_HERE)
void rt_lock_page(struct page *page, struct rt_site site);
void rt_unlock_page(struct page *page, struct rt_site site);
bool rt_trylock_page(struct page *page, struct rt_site site);

#define folio_lock(folio)	rt_folio_lock(folio, RT_HERE)
void rt_folio_lock(struct folio *folio, struct rt_site site);
void folio_unlock(struct folio *folio);
bool folio_trylock(struct folio *folio);

/* ---- flags ------------------------------------------------------------------ */

/*
 * rt_page_test_flag / set / clear - the PageX() family.  Legacy: the 6.12
 * policies (PF_HEAD reads the head page, PF_NO_TAIL refuses to modify a tail,
 * ...).  Memdesc layouts: page-level flags are the page's own bits (page16:
 * its byte in rt_page_ext); a folio-only flag through a page fires
 * FOLIO_FLAG_VIA_PAGE and then acts on the folio, if any; PageHead is computed.
 */
bool rt_page_test_flag(const struct page *page, enum pageflags flag, struct rt_site site);
void rt_page_set_flag(struct page *page, enum pageflags flag, struct rt_site site);
void rt_page_clear_flag(struct page *page, enum pageflags flag, struct rt_site site);

/* Folio flags: folio-only flags in the folio's word, page-level ones on its first page. */
#define RT_FOLIO_FLAG_OPS_FOLIO(lname)						\
	static __always_inline bool folio_test_##lname(const struct folio *folio) \
	{									\
		return folio->flags & BIT(PG_##lname);				\
	}									\
	static __always_inline void folio_set_##lname(struct folio *folio)	\
	{									\
		folio->flags |= BIT(PG_##lname);				\
	}									\
	static __always_inline void folio_clear_##lname(struct folio *folio)	\
	{									\
		folio->flags &= ~BIT(PG_##lname);				\
	}
#define RT_FOLIO_FLAG_OPS_PAGE(lname)						\
	static __always_inline bool folio_test_##lname(const struct folio *folio) \
	{									\
		return page_flag_get(folio_page(folio, 0), PG_##lname);		\
	}									\
	static __always_inline void folio_set_##lname(struct folio *folio)	\
	{									\
		page_flag_put(folio_page(folio, 0), PG_##lname, true);		\
	}									\
	static __always_inline void folio_clear_##lname(struct folio *folio)	\
	{									\
		page_flag_put(folio_page(folio, 0), PG_##lname, false);		\
	}
#define RT_FOLIO_FLAG_OPS_HEAD(lname)
#define RT_PAGEFLAG(uname, lname, policy, plan) RT_FOLIO_FLAG_OPS_##plan(lname)
#include "rt_pageflags.def"
#undef RT_PAGEFLAG

/* The PageX() / SetPageX() / ClearPageX() names, with their call site. */
#define PageLocked(p)		rt_page_test_flag(p, PG_locked, RT_HERE)
#define SetPageLocked(p)		rt_page_set_flag(p, PG_locked, RT_HERE)
#define ClearPageLocked(p)	rt_page_clear_flag(p, PG_locked, RT_HERE)
#define PageWriteback(p)		rt_page_test_flag(p, PG_writeback, RT_HERE)
#define SetPageWriteback(p)		rt_page_set_flag(p, PG_writeback, RT_HERE)
#define ClearPageWriteback(p)	rt_page_clear_flag(p, PG_writeback, RT_HERE)
#define PageReferenced(p)		rt_page_test_flag(p, PG_referenced, RT_HERE)
#define SetPageReferenced(p)		rt_page_set_flag(p, PG_referenced, RT_HERE)
#define ClearPageReferenced(p)	rt_page_clear_flag(p, PG_referenced, RT_HERE)
#define PageUptodate(p)		rt_page_test_flag(p, PG_uptodate, RT_HERE)
#define SetPageUptodate(p)		rt_page_set_flag(p, PG_uptodate, RT_HERE)
#define ClearPageUptodate(p)	rt_page_clear_flag(p, PG_uptodate, RT_HERE)
#define PageDirty(p)		rt_page_test_flag(p, PG_dirty, RT_HERE)
#define SetPageDirty(p)		rt_page_set_flag(p, PG_dirty, RT_HERE)
#define ClearPageDirty(p)	rt_page_clear_flag(p, PG_dirty, RT_HERE)
#define PageLRU(p)		rt_page_test_flag(p, PG_lru, RT_HERE)
#define SetPageLRU(p)		rt_page_set_flag(p, PG_lru, RT_HERE)
#define ClearPageLRU(p)	rt_page_clear_flag(p, PG_lru, RT_HERE)
#define PageHead(p)		rt_page_test_flag(p, PG_head, RT_HERE)
#define SetPageHead(p)		rt_page_set_flag(p, PG_head, RT_HERE)
#define ClearPageHead(p)	rt_page_clear_flag(p, PG_head, RT_HERE)
#define PageWaiters(p)		rt_page_test_flag(p, PG_waiters, RT_HERE)
#define SetPageWaiters(p)		rt_page_set_flag(p, PG_waiters, RT_HERE)
#define ClearPageWaiters(p)	rt_page_clear_flag(p, PG_waiters, RT_HERE)
#define PageActive(p)		rt_page_test_flag(p, PG_active, RT_HERE)
#define SetPageActive(p)		rt_page_set_flag(p, PG_active, RT_HERE)
#define ClearPageActive(p)	rt_page_clear_flag(p, PG_active, RT_HERE)
#define PageWorkingset(p)		rt_page_test_flag(p, PG_workingset, RT_HERE)
#define SetPageWorkingset(p)		rt_page_set_flag(p, PG_workingset, RT_HERE)
#define ClearPageWorkingset(p)	rt_page_clear_flag(p, PG_workingset, RT_HERE)
#define PageChecked(p)		rt_page_test_flag(p, PG_checked, RT_HERE)
#define SetPageChecked(p)		rt_page_set_flag(p, PG_checked, RT_HERE)
#define ClearPageChecked(p)	rt_page_clear_flag(p, PG_checked, RT_HERE)
#define PageMappedToDisk(p)		rt_page_test_flag(p, PG_mappedtodisk, RT_HERE)
#define SetPageMappedToDisk(p)		rt_page_set_flag(p, PG_mappedtodisk, RT_HERE)
#define ClearPageMappedToDisk(p)	rt_page_clear_flag(p, PG_mappedtodisk, RT_HERE)
#define PageReserved(p)		rt_page_test_flag(p, PG_reserved, RT_HERE)
#define SetPageReserved(p)		rt_page_set_flag(p, PG_reserved, RT_HERE)
#define ClearPageReserved(p)	rt_page_clear_flag(p, PG_reserved, RT_HERE)
#define PagePrivate(p)		rt_page_test_flag(p, PG_private, RT_HERE)
#define SetPagePrivate(p)		rt_page_set_flag(p, PG_private, RT_HERE)
#define ClearPagePrivate(p)	rt_page_clear_flag(p, PG_private, RT_HERE)
#define PagePrivate2(p)		rt_page_test_flag(p, PG_private_2, RT_HERE)
#define SetPagePrivate2(p)		rt_page_set_flag(p, PG_private_2, RT_HERE)
#define ClearPagePrivate2(p)	rt_page_clear_flag(p, PG_private_2, RT_HERE)
#define PageReclaim(p)		rt_page_test_flag(p, PG_reclaim, RT_HERE)
#define SetPageReclaim(p)		rt_page_set_flag(p, PG_reclaim, RT_HERE)
#define ClearPageReclaim(p)	rt_page_clear_flag(p, PG_reclaim, RT_HERE)
#define PageSwapBacked(p)		rt_page_test_flag(p, PG_swapbacked, RT_HERE)
#define SetPageSwapBacked(p)		rt_page_set_flag(p, PG_swapbacked, RT_HERE)
#define ClearPageSwapBacked(p)	rt_page_clear_flag(p, PG_swapbacked, RT_HERE)
#define PageUnevictable(p)		rt_page_test_flag(p, PG_unevictable, RT_HERE)
#define SetPageUnevictable(p)		rt_page_set_flag(p, PG_unevictable, RT_HERE)
#define ClearPageUnevictable(p)	rt_page_clear_flag(p, PG_unevictable, RT_HERE)
#define PageMlocked(p)		rt_page_test_flag(p, PG_mlocked, RT_HERE)
#define SetPageMlocked(p)		rt_page_set_flag(p, PG_mlocked, RT_HERE)
#define ClearPageMlocked(p)	rt_page_clear_flag(p, PG_mlocked, RT_HERE)
#define PageHWPoison(p)		rt_page_test_flag(p, PG_hwpoison, RT_HERE)
#define SetPageHWPoison(p)		rt_page_set_flag(p, PG_hwpoison, RT_HERE)
#define ClearPageHWPoison(p)	rt_page_clear_flag(p, PG_hwpoison, RT_HERE)
#define PageYoung(p)		rt_page_test_flag(p, PG_young, RT_HERE)
#define SetPageYoung(p)		rt_page_set_flag(p, PG_young, RT_HERE)
#define ClearPageYoung(p)	rt_page_clear_flag(p, PG_young, RT_HERE)
#define PageIdle(p)		rt_page_test_flag(p, PG_idle, RT_HERE)
#define SetPageIdle(p)		rt_page_set_flag(p, PG_idle, RT_HERE)
#define ClearPageIdle(p)	rt_page_clear_flag(p, PG_idle, RT_HERE)
#define PageAnonExclusive(p)		rt_page_test_flag(p, PG_anon_exclusive, RT_HERE)
#define SetPageAnonExclusive(p)		rt_page_set_flag(p, PG_anon_exclusive, RT_HERE)
#define ClearPageAnonExclusive(p)	rt_page_clear_flag(p, PG_anon_exclusive, RT_HERE)

/* ---- LRU, mapping, private, mapcounts ----------------------------------------- */

/* folio_add_lru - put @folio on its node's LRU list (folio->lru) and set PG_lru. */
void folio_add_lru(struct folio *folio);

/* folio_isolate_lru - take @folio off the LRU; true if it was on it. */
bool folio_isolate_lru(struct folio *folio);

struct lruvec *folio_lruvec(const struct folio *folio);

/* folio_attach_private / folio_detach_private - folio->private and PG_private. */
void folio_attach_private(struct folio *folio, void *data);
void *folio_detach_private(struct folio *folio);

/* page_private / set_page_private - the page's own private word (bare pages). */
static inline unsigned long page_private(const struct page *page)
{
	return page->private;
}

static inline void set_page_private(struct page *page, unsigned long private)
{
	page->private = private;
}

/*
 * Mapcounts and pins of a folio.  The large-folio fields exist only after
 * page_rmappable_folio(); on a plain compound page check FOLIO_FIELD fires.
 */
#define folio_mapcount(folio)		rt_folio_mapcount(folio, RT_HERE)
#define folio_entire_mapcount(folio)	rt_folio_entire_mapcount(folio, RT_HERE)
#define folio_nr_pages_mapped(folio)	rt_folio_nr_pages_mapped(folio, RT_HERE)
#define folio_maybe_dma_pinned(folio)	rt_folio_maybe_dma_pinned(folio, RT_HERE)
#define folio_deferred_list_empty(folio) rt_folio_deferred_list_empty(folio, RT_HERE)
int rt_folio_mapcount(const struct folio *folio, struct rt_site site);
int rt_folio_entire_mapcount(const struct folio *folio, struct rt_site site);
int rt_folio_nr_pages_mapped(const struct folio *folio, struct rt_site site);
bool rt_folio_maybe_dma_pinned(const struct folio *folio, struct rt_site site);
bool rt_folio_deferred_list_empty(const struct folio *folio, struct rt_site site);

/* folio_add_mapping / folio_remove_mapping - map or unmap the whole folio once. */
void folio_add_mapping(struct folio *folio);
void folio_remove_mapping(struct folio *folio);

/*
 * struct buffer_head - the part of it that names its memory: in the 6.12 tree
 * b_page and b_folio share a word; the memdesc layout has only b_folio.
 */
struct buffer_head {
	union {
#if !RT_MEMDESC
		struct page *b_page;
#endif
		struct folio *b_folio;
	};
	size_t b_size;
	char *b_data;
};

/* ---- page cache, dirtying, data access ---------------------------------------- */

/* folio_mapping - the folio's address_space (the model keeps no anon or swap mappings). */
static inline struct address_space *folio_mapping(const struct folio *folio)
{
	return folio->mapping;
}

/* page_mapping (6.1) - folio_mapping() of @page's folio; a page of a folio only. */
#define page_mapping(page)	folio_mapping(page_folio(page))

/* folio_mark_dirty - set the folio's dirty flag; true if it was clean (no accounting here). */
static inline bool folio_mark_dirty(struct folio *folio)
{
	bool was_dirty = folio_test_dirty(folio);

	folio_set_dirty(folio);
	return !was_dirty;
}

/* set_page_dirty - folio_mark_dirty() of @page's folio; a page of a folio only. */
#define set_page_dirty(page)	folio_mark_dirty(page_folio(page))

/*
 * page_address / folio_address - the direct-map address of @page or of @folio's
 * first page.  The model maps no memory and has no highmem: the address is
 * compared, never dereferenced.
 */
#define RT_DIRECT_MAP		0x100000000000UL

static inline void *page_address(const struct page *page)
{
	return (void *)(RT_DIRECT_MAP + page_to_pfn(page) * PAGE_SIZE);
}

static inline void *folio_address(const struct folio *folio)
{
	return (void *)(RT_DIRECT_MAP + folio_pfn(folio) * PAGE_SIZE);
}

/* kmap_local_page / kmap_local_folio - without highmem, the direct map (@offset in the folio). */
static inline void *kmap_local_page(const struct page *page)
{
	return page_address(page);
}

static inline void *kmap_local_folio(const struct folio *folio, size_t offset)
{
	return (char *)folio_address(folio) + offset;
}

static inline void kunmap_local(const void *addr)
{
	(void)addr;
}

/* ---- memcg ------------------------------------------------------------------ */

/*
 * Charging per owner type: a folio (folio->memcg / memcg_data), a slab
 * (obj_exts), a page table (pt_memcg) and, in the legacy layout only, bare
 * kernel pages (memcg_data with the KMEM bit).  A memdesc bare page has no
 * memcg word: memcg_kmem_charge_page() returns -EOPNOTSUPP there.
 * Each returns 0 or -errno; uncharging happens when the memory is freed.
 */
int folio_charge_memcg(struct folio *folio, struct mem_cgroup *memcg);
int slab_charge_memcg(struct slab *slab, struct mem_cgroup *memcg);
int ptdesc_charge_memcg(struct ptdesc *ptdesc, struct mem_cgroup *memcg);
int memcg_kmem_charge_page(struct page *page, unsigned int order, struct mem_cgroup *memcg);

struct mem_cgroup *folio_memcg(const struct folio *folio);

/* page_memcg - the memcg charged for whatever owns @page, or NULL. */
struct mem_cgroup *page_memcg(const struct page *page);

#endif /* RT_MM_H */
