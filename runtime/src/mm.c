// SPDX-License-Identifier: GPL-2.0
/*
 * mm.c - the layout-independent part of the model: memmap and zones, the buddy
 * allocator with its pcp lists, the owner shadow, folio/slab/ptdesc lifetimes,
 * LRU lists, folio locks and memcg counters.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

#define RT_PCP_BATCH	8
#define RT_PCP_HIGH	32

struct page *mem_map;
unsigned long max_pfn;
int rt_nr_nodes;
struct pglist_data rt_nodes[RT_MAX_NODES];
struct rt_shadow *rt_shadow;
static bool memmap_allocated;

const struct rt_pageflag_info rt_pageflags[__NR_PAGEFLAGS] = {
#define RT_PAGEFLAG(uname, lname, policy, plan) [PG_##lname] = { #lname, policy, PF_PLAN_##plan },
#include "rt_pageflags.def"
#undef RT_PAGEFLAG
};

static const char *const owner_names[] = {
	[RT_OWNER_FREE] = "free page",
	[RT_OWNER_BARE] = "bare page",
	[RT_OWNER_FOLIO] = "folio",
	[RT_OWNER_SLAB] = "slab",
	[RT_OWNER_PTDESC] = "ptdesc",
};

const char *rt_owner_name(enum rt_owner owner)
{
	return owner < ARRAY_SIZE(owner_names) ? owner_names[owner] : "unknown";
}

/* ---- buddy allocator --------------------------------------------------------- */

static void free_area_add(struct zone *zone, struct page *page, unsigned int order)
{
	layout_set_buddy(page, order);
	list_add(&page->buddy_list, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
}

static void free_area_del(struct zone *zone, struct page *page, unsigned int order)
{
	list_del(&page->buddy_list);
	layout_clear_buddy(page);
	zone->free_area[order].nr_free--;
}

static bool zone_has_pfn(const struct zone *zone, unsigned long pfn)
{
	return pfn >= zone->start_pfn && pfn < zone->start_pfn + zone->nr_pages;
}

/* Give a block back to the buddy lists, merging with free buddies. */
static void free_one_block(struct zone *zone, struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	zone->nr_free += 1UL << order;
	while (order < RT_MAX_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = pfn_to_page(buddy_pfn);

		if (!zone_has_pfn(zone, buddy_pfn) || !layout_page_is_buddy(buddy, order))
			break;
		free_area_del(zone, buddy, order);
		pfn &= buddy_pfn;
		order++;
	}
	free_area_add(zone, pfn_to_page(pfn), order);
}

static struct page *rmqueue_smallest(struct zone *zone, unsigned int order)
{
	for (unsigned int k = order; k <= RT_MAX_ORDER; k++) {
		struct free_area *area = &zone->free_area[k];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, buddy_list);
		free_area_del(zone, page, k);
		while (k > order) {
			k--;
			free_area_add(zone, page + (1UL << k), k);
		}
		zone->nr_free -= 1UL << order;
		return page;
	}
	return NULL;
}

static void pcp_add(struct zone *zone, struct page *page)
{
	page->private = RT_PCP_MAGIC;
	list_add(&page->pcp_list, &zone->pcp_list);
	zone->pcp_count++;
	zone->nr_free++;
}

static struct page *pcp_take(struct zone *zone, bool from_tail)
{
	struct list_head *entry = from_tail ? zone->pcp_list.prev : zone->pcp_list.next;
	struct page *page = list_entry(entry, struct page, pcp_list);

	list_del(&page->pcp_list);
	page->private = 0;
	zone->pcp_count--;
	zone->nr_free--;
	return page;
}

static struct page *rmqueue_pcp(struct zone *zone)
{
	if (list_empty(&zone->pcp_list)) {
		for (int i = 0; i < RT_PCP_BATCH; i++) {
			struct page *page = rmqueue_smallest(zone, 0);

			if (!page)
				break;
			pcp_add(zone, page);
		}
	}
	if (list_empty(&zone->pcp_list))
		return NULL;
	return pcp_take(zone, false);
}

static void free_pcp(struct zone *zone, struct page *page)
{
	pcp_add(zone, page);
	if (zone->pcp_count <= RT_PCP_HIGH)
		return;
	for (int i = 0; i < RT_PCP_BATCH; i++) {
		page = pcp_take(zone, true);
		free_one_block(zone, page, 0);
	}
}

/* rt_free_block - give the reset block at @page back to its zone. */
void rt_free_block(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);

	if (order == 0)
		free_pcp(zone, page);
	else
		free_one_block(zone, page, order);
}

static struct page *alloc_block(int nid, gfp_t gfp, unsigned int order)
{
	int first = nid < 0 ? 0 : nid, last = nid < 0 ? rt_nr_nodes - 1 : nid;

	if (order > RT_MAX_ORDER || nid >= rt_nr_nodes)
		return NULL;
	for (int n = first; n <= last; n++) {
		for (int z = ZONE_NORMAL; z >= ZONE_DMA32; z--) {
			struct zone *zone = &rt_nodes[n].zones[z];
			struct page *page;

			if ((gfp & __GFP_DMA32) && z != ZONE_DMA32)
				continue;
			page = order ? rmqueue_smallest(zone, order) : rmqueue_pcp(zone);
			if (page)
				return page;
		}
	}
	return NULL;
}

unsigned long nr_free_pages(void)
{
	unsigned long nr = 0;

	for (int n = 0; n < rt_nr_nodes; n++)
		for (int z = 0; z < RT_NR_ZONES; z++)
			nr += rt_nodes[n].zones[z].nr_free;
	return nr;
}

/* ---- memmap -------------------------------------------------------------------- */

static int zones_init(unsigned long nr_pages, int nr_nodes)
{
	unsigned long block = 1UL << RT_MAX_ORDER, per_node;

	if (nr_nodes < 1 || nr_nodes > RT_MAX_NODES) {
		fprintf(stderr, "error: %d nodes requested, the model has 1 to %d\n", nr_nodes,
			RT_MAX_NODES);
		return -EINVAL;
	}
	per_node = nr_pages / nr_nodes;
	if (!nr_pages || per_node * nr_nodes != nr_pages || per_node % (4 * block)) {
		fprintf(stderr, "error: %lu pages do not split into %d nodes of whole %lu-page blocks\n",
			nr_pages, nr_nodes, 4 * block);
		return -EINVAL;
	}
	rt_nr_nodes = nr_nodes;
	max_pfn = nr_pages;
	for (int nid = 0; nid < nr_nodes; nid++) {
		struct pglist_data *pgdat = &rt_nodes[nid];
		unsigned long start = nid * per_node;

		memset(pgdat, 0, sizeof(*pgdat));
		pgdat->nid = nid;
		INIT_LIST_HEAD(&pgdat->lruvec.list);
		for (int z = 0; z < RT_NR_ZONES; z++) {
			struct zone *zone = &pgdat->zones[z];

			zone->nid = nid;
			zone->zid = z;
			zone->start_pfn = z == ZONE_DMA32 ? start : start + per_node / 4;
			zone->nr_pages = z == ZONE_DMA32 ? per_node / 4 : per_node - per_node / 4;
			INIT_LIST_HEAD(&zone->pcp_list);
			for (int o = 0; o <= RT_MAX_ORDER; o++)
				INIT_LIST_HEAD(&zone->free_area[o].free_list);
			for (unsigned long pfn = zone->start_pfn;
			     pfn < zone->start_pfn + zone->nr_pages; pfn++)
				layout_page_reset(pfn_to_page(pfn), nid, z);
			for (unsigned long pfn = zone->start_pfn;
			     pfn < zone->start_pfn + zone->nr_pages; pfn += block)
				free_one_block(zone, pfn_to_page(pfn), RT_MAX_ORDER);
		}
	}
	return 0;
}

int memmap_init_at(struct page *map, unsigned long nr_pages, int nr_nodes)
{
	int ret;

	if (!IS_ALIGNED((unsigned long)map, memmap_alignment())) {
		fprintf(stderr,
			"error: memmap at %p is not aligned to %zu bytes: compound_info needs "
			"the memmap aligned to the largest folio (order %d, %zu-byte struct page)\n",
			(void *)map, memmap_alignment(), RT_MAX_ORDER, sizeof(struct page));
		return -EINVAL;
	}
	rt_shadow = calloc(nr_pages, sizeof(*rt_shadow));
	if (!rt_shadow || layout_memmap_init(nr_pages)) {
		free(rt_shadow);
		rt_shadow = NULL;
		return -ENOMEM;
	}
	mem_map = map;
	ret = zones_init(nr_pages, nr_nodes);
	if (ret) {
		layout_memmap_release();
		free(rt_shadow);
		rt_shadow = NULL;
		mem_map = NULL;
	}
	return ret;
}

int memmap_init(unsigned long nr_pages, int nr_nodes)
{
	size_t bytes = nr_pages * sizeof(struct page);
	struct page *map;
	int ret;

	bytes = (bytes + memmap_alignment() - 1) & ~(memmap_alignment() - 1);
	map = aligned_alloc(memmap_alignment(), bytes ? bytes : memmap_alignment());
	if (!map) {
		fprintf(stderr, "error: no memory for a memmap of %lu pages\n", nr_pages);
		return -ENOMEM;
	}
	ret = memmap_init_at(map, nr_pages, nr_nodes);
	if (ret) {
		free(map);
		return ret;
	}
	memmap_allocated = true;
	return 0;
}

void memmap_release(void)
{
	if (memmap_allocated)
		free(mem_map);
	layout_memmap_release();
	free(rt_shadow);
	memmap_allocated = false;
	mem_map = NULL;
	rt_shadow = NULL;
	max_pfn = 0;
	rt_nr_nodes = 0;
}

/* ---- shadow ---------------------------------------------------------------------- */

void rt_shadow_set(unsigned long pfn, unsigned int order, enum rt_owner owner, bool compound)
{
	for (unsigned long i = 0; i < 1UL << order; i++) {
		rt_shadow[pfn + i].owner = owner;
		rt_shadow[pfn + i].order = order;
		rt_shadow[pfn + i].compound = compound;
	}
}

enum rt_owner rt_page_owner(const struct page *page)
{
	return (enum rt_owner)rt_shadow[page_to_pfn(page)].owner;
}

unsigned long rt_page_head_pfn(const struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	const struct rt_shadow *sh = &rt_shadow[pfn];

	if (!sh->compound)
		return pfn;
	return ALIGN_DOWN(pfn, 1UL << sh->order);
}

/* ---- bare pages, folios, slabs, page tables ------------------------------------ */

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	bool compound = (gfp & __GFP_COMP) && order;
	struct page *page = alloc_block(nid, gfp, order);

	if (!page)
		return NULL;
	layout_prep_bare(page, order, compound);
	rt_shadow_set(page_to_pfn(page), order, RT_OWNER_BARE, compound);
	return page;
}

/* free_bare - the last reference to bare pages is gone: back to the allocator. */
static void free_bare(struct page *page, unsigned int order, enum rt_owner owner)
{
	layout_uncharge(page, owner, order);
	layout_unprep(page, order);
	rt_shadow_set(page_to_pfn(page), order, RT_OWNER_FREE, false);
	rt_free_block(page, order);
}

void rt_free_pages(struct page *page, unsigned int order, struct rt_site site)
{
	unsigned long pfn = page_to_pfn(page);
	const struct rt_shadow *sh = &rt_shadow[pfn];

	if (sh->owner != RT_OWNER_BARE || sh->order != order || !IS_ALIGNED(pfn, 1UL << order)) {
		rt_check_fail(RT_CHECK_BAD_FREE, page, rt_owner_name(sh->owner), site,
			      "__free_pages() of what alloc_pages() did not return");
		return;
	}
	if (layout_bare_put(page))
		free_bare(page, order, RT_OWNER_BARE);
}

struct folio *page_rmappable_folio(struct page *page)
{
	const struct rt_shadow *sh;
	struct folio *folio;
	unsigned long pfn;

	if (!page)
		return NULL;
	pfn = page_to_pfn(page);
	sh = &rt_shadow[pfn];
	RT_BUG_ON(sh->owner != RT_OWNER_BARE || (sh->order && !sh->compound));
	RT_BUG_ON(!IS_ALIGNED(pfn, 1UL << sh->order));
	folio = layout_make_folio(page, sh->order);
	if (folio)
		rt_shadow_set(pfn, sh->order, RT_OWNER_FOLIO, true);
	return folio;
}

struct folio *folio_alloc_node(int nid, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages_node(nid, gfp | __GFP_COMP, order);
	struct folio *folio = page_rmappable_folio(page);

	if (page && !folio)
		free_bare(page, order, RT_OWNER_BARE);
	return folio;
}

void folio_get(struct folio *folio)
{
	RT_BUG_ON(atomic_read(&folio->_refcount) <= 0);
	atomic_inc(&folio->_refcount);
}

void folio_put(struct folio *folio)
{
	RT_BUG_ON(atomic_read(&folio->_refcount) <= 0);
	if (atomic_dec_and_test(&folio->_refcount))
		rt_folio_release(folio);
}

/* rt_folio_release - the last reference is gone: off the LRU, uncharged, freed. */
void rt_folio_release(struct folio *folio)
{
	unsigned int order = folio_order(folio);
	struct page *page;

	if (folio_test_lru(folio))
		folio_isolate_lru(folio);
	layout_uncharge(folio_page(folio, 0), RT_OWNER_FOLIO, order);
	page = layout_free_folio_desc(folio);
	free_bare(page, order, RT_OWNER_BARE);
}

struct slab *slab_alloc(struct kmem_cache *cache, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages_node(-1, gfp | __GFP_COMP, order);
	struct slab *slab;

	if (!page)
		return NULL;
	slab = layout_make_slab(page, order, cache);
	if (!slab) {
		free_bare(page, order, RT_OWNER_BARE);
		return NULL;
	}
	rt_shadow_set(page_to_pfn(page), order, RT_OWNER_SLAB, true);
	return slab;
}

void slab_free(struct slab *slab)
{
	struct page *page = slab_page(slab);
	unsigned int order = slab_order(slab);

	layout_uncharge(page, RT_OWNER_SLAB, order);
	page = layout_free_slab_desc(slab);
	free_bare(page, order, RT_OWNER_BARE);
}

struct ptdesc *pagetable_alloc(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages_node(-1, gfp | __GFP_COMP, order);
	struct ptdesc *ptdesc;

	if (!page)
		return NULL;
	ptdesc = layout_make_ptdesc(page, order);
	if (!ptdesc) {
		free_bare(page, order, RT_OWNER_BARE);
		return NULL;
	}
	rt_shadow_set(page_to_pfn(page), order, RT_OWNER_PTDESC, true);
	return ptdesc;
}

void pagetable_free(struct ptdesc *ptdesc)
{
	struct page *page = ptdesc_page(ptdesc);
	unsigned int order = rt_shadow[page_to_pfn(page)].order;

	layout_uncharge(page, RT_OWNER_PTDESC, order);
	page = layout_free_ptdesc_desc(ptdesc);
	free_bare(page, order, RT_OWNER_BARE);
}

/* ---- locks, LRU, private --------------------------------------------------------- */

void rt_folio_lock(struct folio *folio, struct rt_site site)
{
	if (folio_test_locked(folio)) {
		rt_check_fail(RT_CHECK_DEADLOCK, folio_page(folio, 0), "folio", site,
			      "lock already held");
		return;
	}
	folio_set_locked(folio);
}

void folio_unlock(struct folio *folio)
{
	RT_BUG_ON(!folio_test_locked(folio));
	folio_clear_locked(folio);
}

bool folio_trylock(struct folio *folio)
{
	if (folio_test_locked(folio))
		return false;
	folio_set_locked(folio);
	return true;
}

static struct folio *folio_of_page(struct page *page, struct rt_site site, const char *what)
{
	struct folio *folio = page_folio(page);

	if (!folio)
		rt_check_fail(RT_CHECK_NO_FOLIO, page, rt_owner_name(rt_page_owner(page)), site,
			      what);
	return folio;
}

void rt_lock_page(struct page *page, struct rt_site site)
{
	struct folio *folio = folio_of_page(page, site, "lock_page");

	if (folio)
		rt_folio_lock(folio, site);
}

void rt_unlock_page(struct page *page, struct rt_site site)
{
	struct folio *folio = folio_of_page(page, site, "unlock_page");

	if (folio)
		folio_unlock(folio);
}

bool rt_trylock_page(struct page *page, struct rt_site site)
{
	struct folio *folio = folio_of_page(page, site, "trylock_page");

	return folio && folio_trylock(folio);
}

struct lruvec *folio_lruvec(const struct folio *folio)
{
	return &rt_nodes[folio_nid(folio)].lruvec;
}

void folio_add_lru(struct folio *folio)
{
	struct lruvec *lruvec = folio_lruvec(folio);

	RT_BUG_ON(folio_test_lru(folio));
	list_add_tail(&folio->lru, &lruvec->list);
	lruvec->nr_pages += folio_nr_pages(folio);
	folio_set_lru(folio);
}

bool folio_isolate_lru(struct folio *folio)
{
	if (!folio_test_lru(folio))
		return false;
	list_del(&folio->lru);
	folio_lruvec(folio)->nr_pages -= folio_nr_pages(folio);
	folio_clear_lru(folio);
	return true;
}

void folio_attach_private(struct folio *folio, void *data)
{
	folio_get(folio);
	folio->private = data;
	folio_set_private(folio);
}

void *folio_detach_private(struct folio *folio)
{
	void *data = folio->private;

	if (!folio_test_private(folio))
		return NULL;
	folio_clear_private(folio);
	folio->private = NULL;
	folio_put(folio);
	return data;
}

void rt_memcg_account(struct mem_cgroup *memcg, enum memcg_stat stat, long nr)
{
	if (memcg)
		memcg->nr_pages[stat] += nr;
}
