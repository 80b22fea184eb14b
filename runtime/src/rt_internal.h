/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt_internal.h - what the common allocator (mm.c) asks of a layout, and the
 * layout-independent shadow that tests use as their oracle.
 *
 * Each layout file (layout_legacy.c, layout_memdesc.c) implements the layout_*()
 * hooks.  A "reset" page is free and knows only its zone and node.
 */
#ifndef RT_INTERNAL_H
#define RT_INTERNAL_H

#include "rt_mm.h"

#define RT_BUDDY_MAGIC	0xb0dd0000UL	/* page->private of a buddy block's first page */
#define RT_PCP_MAGIC	0x9c900000UL	/* page->private of a page on a pcp list */

/*
 * The shadow: per pfn, who owns it and the order of the block, kept by mm.c
 * apart from struct page, as page_owner is.  Blocks are naturally aligned,
 * so the first pfn is the pfn rounded down to the order.
 */
struct rt_shadow {
	uint8_t owner;		/* enum rt_owner */
	uint8_t order;		/* of the owning block */
	uint8_t compound;	/* one owner for the block (else every page is its own) */
};

extern struct rt_shadow *rt_shadow;

/* layout_memmap_init / release - per-memmap state of the layout (page16 tables). */
int layout_memmap_init(unsigned long nr_pages);
void layout_memmap_release(void);

/* layout_bare_put - drop a reference to bare pages at @page; true if it was the last. */
bool layout_bare_put(struct page *page);

/* layout_page_reset - make @page a reset free page of @nid/@zid. */
void layout_page_reset(struct page *page, int nid, enum zone_type zid);

/* Buddy state of a block's first page: the order is in page->private. */
void layout_set_buddy(struct page *page, unsigned int order);
void layout_clear_buddy(struct page *page);
bool layout_page_is_buddy(const struct page *page, unsigned int order);

/* layout_prep_bare - reset pages of a new block become bare pages, refcount 1. */
void layout_prep_bare(struct page *page, unsigned int order, bool compound);

/* layout_unprep - every page of the block back to reset (placement kept). */
void layout_unprep(struct page *page, unsigned int order);

/* layout_make_folio - bare pages (compound if order > 0) become a folio. */
struct folio *layout_make_folio(struct page *page, unsigned int order);

/* layout_free_folio_desc - forget the folio; returns its first page, still prepped. */
struct page *layout_free_folio_desc(struct folio *folio);

struct slab *layout_make_slab(struct page *page, unsigned int order, struct kmem_cache *s);
struct page *layout_free_slab_desc(struct slab *slab);
struct ptdesc *layout_make_ptdesc(struct page *page, unsigned int order);
struct page *layout_free_ptdesc_desc(struct ptdesc *ptdesc);

/* layout_uncharge - drop the memcg charge of the owner of first page @page, if any. */
void layout_uncharge(struct page *page, enum rt_owner owner, unsigned int order);

/* Common helpers of mm.c. */
void rt_free_block(struct page *page, unsigned int order);
void rt_shadow_set(unsigned long pfn, unsigned int order, enum rt_owner owner, bool compound);
void rt_memcg_account(struct mem_cgroup *memcg, enum memcg_stat stat, long nr);
void rt_folio_release(struct folio *folio);

#endif /* RT_INTERNAL_H */
