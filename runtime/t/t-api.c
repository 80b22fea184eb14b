// SPDX-License-Identifier: GPL-2.0
/*
 * t-api.c - the model's API behaves the same in every layout: allocation, identity,
 * references, locks, flags, lists and memcg.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rt_mm.h"
#include "../../tests/tap.h"

#define NR_PAGES	(32UL << 10)	/* 128 MiB worth of pages, two nodes */
#define NR_NODES	2

static void t_init(void)
{
	check_uint(max_pfn, ==, NR_PAGES);
	check_uint(nr_free_pages(), ==, NR_PAGES);
	for (unsigned long pfn = 0; pfn < NR_PAGES; pfn += 997) {
		struct page *page = pfn_to_page(pfn);
		struct zone *zone = page_zone(page);

		if (!check_int(page_to_nid(page), ==, pfn / (NR_PAGES / NR_NODES)))
			break;
		check(pfn >= zone->start_pfn && pfn < zone->start_pfn + zone->nr_pages);
		check_int(rt_page_owner(page), ==, RT_OWNER_FREE);
	}
	check_uint(rt_nodes[1].zones[ZONE_NORMAL].free_area[RT_MAX_ORDER].nr_free, ==,
		   (NR_PAGES / NR_NODES * 3 / 4) >> RT_MAX_ORDER);
}

static void check_folio_pages(struct folio *folio, unsigned int order)
{
	unsigned long nr = 1UL << order;

	check_int(folio_nr_pages(folio), ==, nr);
	check_uint(folio_order(folio), ==, order);
	check_uint(folio_size(folio), ==, PAGE_SIZE << order);
	check_uint(folio_pfn(folio) % nr, ==, 0);
	check_int(folio_test_large(folio), ==, order > 0);
	check_int(folio_ref_count(folio), ==, 1);
	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = folio_page(folio, i);

		if (!check_ptr(page_folio(page), ==, folio))
			return;
		check_int(PageTail(page), ==, i != 0);
		check_int(PageHead(page), ==, i == 0 && order > 0);
		check_int(PageCompound(page), ==, order > 0);
		check_uint(compound_order(page), ==, i ? 0 : order);
		check_int(folio_nid(folio), ==, page_to_nid(page));
		check_ptr(folio_zone(folio), ==, page_zone(page));
		check_uint(folio_page_idx(folio, page), ==, i);
		check_ptr(pfn_folio(page_to_pfn(page)), ==, folio);
		check_int(rt_page_owner(page), ==, RT_OWNER_FOLIO);
	}
}

static void t_folio_orders(void)
{
	unsigned long free_before = nr_free_pages();

	for (unsigned int order = 0; order <= RT_MAX_ORDER; order++) {
		struct folio *folio = folio_alloc(GFP_KERNEL, order);

		if (!check(folio))
			return;
		check_uint(nr_free_pages(), ==, free_before - (1UL << order));
		check_folio_pages(folio, order);
		folio_put(folio);
		check_uint(nr_free_pages(), ==, free_before);
	}
	check_uint(rt_check_total(), ==, 0);
}

static void t_buddy_merges_back(void)
{
	struct folio *folios[200];
	unsigned long max_blocks = 0;

	for (int n = 0; n < NR_NODES; n++)
		for (int z = 0; z < RT_NR_ZONES; z++)
			max_blocks += rt_nodes[n].zones[z].free_area[RT_MAX_ORDER].nr_free;
	for (int i = 0; i < 200; i++)
		folios[i] = folio_alloc(GFP_KERNEL, i % 5);
	for (int i = 0; i < 200; i += 2)
		folio_put(folios[i]);
	for (int i = 1; i < 200; i += 2)
		folio_put(folios[i]);
	/* pcp lists keep some order-0 pages; drain them through a full cycle */
	check_uint(nr_free_pages(), ==, NR_PAGES);
	for (int n = 0; n < NR_NODES; n++)
		for (int z = 0; z < RT_NR_ZONES; z++) {
			struct zone *zone = &rt_nodes[n].zones[z];

			check_uint(zone->pcp_count, <=, 32);
			max_blocks -= zone->free_area[RT_MAX_ORDER].nr_free;
		}
	check_uint(max_blocks, <=, 1);	/* only the block feeding the pcp list is split */
}

static void t_dma32(void)
{
	struct folio *folio = folio_alloc(__GFP_DMA32, 2);

	if (!check(folio))
		return;
	check_int(folio_zone(folio)->zid, ==, ZONE_DMA32);
	check_int(page_zonenum(folio_page(folio, 3)), ==, ZONE_DMA32);
	folio_put(folio);
	folio = folio_alloc_node(1, GFP_KERNEL, 0);
	check_int(folio_nid(folio), ==, 1);
	folio_put(folio);
}

static void t_slab_and_ptdesc(void)
{
	struct kmem_cache cache = { .name = "model-cache", .object_size = 64 };
	struct slab *slab = slab_alloc(&cache, GFP_KERNEL, 2);
	struct ptdesc *pt = pagetable_alloc(GFP_KERNEL, 1);

	if (!check(slab) || !check(pt))
		return;
	check_uint(slab_order(slab), ==, 2);
	for (int i = 0; i < 4; i++) {
		struct page *page = slab_page(slab) + i;

		check_ptr(page_slab(page), ==, slab);
		check_ptr(page_ptdesc(page), ==, NULL);
		check_int(rt_page_owner(page), ==, RT_OWNER_SLAB);
		check_int(PageTail(page), ==, i != 0);
		/* legacy: the head page cast to a folio; memdesc: not a folio */
		if (RT_MEMDESC)
			check_ptr(page_folio(page), ==, NULL);
		else
			check_ptr(page_folio(page), ==, slab_page(slab));
	}
	check_ptr(slab->slab_cache, ==, &cache);
	for (int i = 0; i < 2; i++) {
		check_ptr(page_ptdesc(ptdesc_page(pt) + i), ==, pt);
		check_ptr(page_slab(ptdesc_page(pt) + i), ==, NULL);
	}
	slab_free(slab);
	pagetable_free(pt);
	check_uint(nr_free_pages(), ==, NR_PAGES);
}

static void t_bare_pages(void)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	struct page *comp = alloc_pages(__GFP_COMP, 3);
	struct page *multi = alloc_pages(GFP_KERNEL, 2);

	if (!check(page && comp && multi))
		return;
	check_int(rt_page_owner(page), ==, RT_OWNER_BARE);
	if (RT_BARE_REFCOUNT) {
		check_int(page_count(page), ==, 1);
		get_page(page);
		check_int(page_count(page), ==, 2);
		put_page(page);
	}
	for (int i = 0; i < 8; i++) {
		check_ptr(compound_head(comp + i), ==, comp);	/* legal for bare pages */
		check_int(PageTail(comp + i), ==, i != 0);
		check_int(PageHead(comp + i), ==, i == 0);
	}
	check_uint(compound_order(comp), ==, 3);
	for (int i = 0; i < 4; i++) {
		check_ptr(compound_head(multi + i), ==, multi + i);	/* not compound */
		check_int(PageCompound(multi + i), ==, false);
	}
	if (RT_MEMDESC) {
		check_ptr(page_folio(page), ==, NULL);
		check_ptr(page_folio(comp + 5), ==, NULL);
	}
	if (RT_BARE_REFCOUNT) {
		get_page(comp + 5);
		check_int(page_count(comp), ==, 2);
		put_page(comp + 7);
	} else {
		get_page(comp + 5);	/* page16: bare pages have no refcount */
		check_uint(rt_check_count(RT_CHECK_REF_NOT_FOLIO), ==, 1);
		rt_check_reset();
	}
	__free_pages(page, 0);
	__free_pages(comp, 3);
	__free_pages(multi, 2);
	check_uint(nr_free_pages(), ==, NR_PAGES);
	check_uint(rt_check_total(), ==, 0);
}

static void t_refcount(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 4);
	struct page *tail = folio_page(folio, 9);
	unsigned long free_before = nr_free_pages();

	get_page(tail);
	check_int(folio_ref_count(folio), ==, 2);
	check_int(page_count(tail), ==, 2);
	folio_get(folio);
	put_page(folio_page(folio, 0));
	put_page(tail);
	check_int(folio_ref_count(folio), ==, 1);
	check_uint(nr_free_pages(), ==, free_before);
	put_page(tail);		/* last reference: the folio is freed */
	check_uint(nr_free_pages(), ==, free_before + 16);
	check_int(rt_page_owner(tail), ==, RT_OWNER_FREE);
}

static void t_locks(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 2);
	struct page *tail = folio_page(folio, 3);

	lock_page(tail);
	check(folio_test_locked(folio));
	check(!trylock_page(folio_page(folio, 1)));
	unlock_page(tail);
	check(!folio_test_locked(folio));
	check(folio_trylock(folio));
	folio_unlock(folio);
	folio_lock(folio);
	check(folio_test_locked(folio));
	folio_unlock(folio);
	check_uint(rt_check_total(), ==, 0);
	folio_put(folio);
}

static void t_flags(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 3);
	struct page *head = folio_page(folio, 0), *tail = folio_page(folio, 5);

	folio_set_dirty(folio);
	folio_set_uptodate(folio);
	check(folio_test_dirty(folio) && folio_test_uptodate(folio));
	folio_clear_dirty(folio);
	check(!folio_test_dirty(folio));
	/* page-level flags are per page in both layouts */
	SetPageHWPoison(tail);
	check(PageHWPoison(tail));
	check(!PageHWPoison(head));
	check(!folio_test_hwpoison(folio));
	ClearPageHWPoison(tail);
	SetPageAnonExclusive(folio_page(folio, 2));
	check(PageAnonExclusive(folio_page(folio, 2)));
	check(!PageAnonExclusive(folio_page(folio, 1)));
	ClearPageAnonExclusive(folio_page(folio, 2));
	/* zone and node are replicated in every page and in the folio */
	for (int i = 0; i < 8; i++)
		check_uint(page_placement(folio_page(folio, i)), ==,
			   folio->flags & RT_FLAGS_PLACEMENT);
	check_uint(rt_check_total(), ==, 0);
	folio_put(folio);
}

static void t_lru_lists(void)
{
	struct folio *folios[5], *pos;
	struct lruvec *lruvec;
	unsigned long seen = 0, pages = 0;

	for (int i = 0; i < 5; i++) {
		folios[i] = folio_alloc_node(0, GFP_KERNEL, i);
		folio_add_lru(folios[i]);
		check(folio_test_lru(folios[i]));
	}
	lruvec = folio_lruvec(folios[0]);
	list_for_each_entry(pos, &lruvec->list, lru) {
		seen++;
		pages += folio_nr_pages(pos);
	}
	check_uint(seen, ==, 5);
	check_uint(pages, ==, 31);
	check_uint(lruvec->nr_pages, ==, 31);
#ifdef RT_LAYOUT_LEGACY
	{	/* today's code walks the same list as pages: the page-lru pattern */
		struct page *page;

		seen = 0;
		list_for_each_entry(page, &lruvec->list, lru)
			seen += page == folio_page(folios[seen], 0);
		check_uint(seen, ==, 5);
	}
#endif
	check(folio_isolate_lru(folios[2]));
	check(!folio_isolate_lru(folios[2]));
	check_uint(lruvec->nr_pages, ==, 27);
	for (int i = 0; i < 5; i++)
		folio_put(folios[i]);	/* freeing takes the rest off the LRU */
	check(list_empty(&lruvec->list));
	check_uint(lruvec->nr_pages, ==, 0);
}

static void t_buddy_and_pcp_lists(void)
{
	struct page *page = alloc_pages_node(0, GFP_KERNEL, 0), *pos;
	struct zone *zone = page_zone(page);
	bool found = false;

	__free_pages(page, 0);
	list_for_each_entry(pos, &zone->pcp_list, pcp_list)
		found |= pos == page;
	check(found);
	found = false;
	list_for_each_entry(pos, &zone->free_area[RT_MAX_ORDER].free_list, buddy_list)
		found |= rt_page_owner(pos) == RT_OWNER_FREE;
	check(found);
#if RT_MEMDESC
	/* a free page's memdesc word is its list pointer, never a tag */
	check_int(memdesc_type(page->memdesc), ==, MEMDESC_TYPE_FREE);
	check_ptr(page->memdesc, ==, page->pcp_list.next);
	check_ptr(page_folio(page), ==, NULL);
#endif
}

static void t_memcg(void)
{
	struct mem_cgroup memcg = { .name = "model" };
	struct kmem_cache cache = { .name = "c", .object_size = 32 };
	struct folio *folio = folio_alloc(GFP_KERNEL, 2);
	struct slab *slab = slab_alloc(&cache, GFP_KERNEL, 1);
	struct ptdesc *pt = pagetable_alloc(GFP_KERNEL, 0);
	struct page *kmem = alloc_pages(__GFP_COMP, 1);
	int ret;

	check_int(folio_charge_memcg(folio, &memcg), ==, 0);
	check_int(folio_charge_memcg(folio, &memcg), ==, -EBUSY);
	check_int(slab_charge_memcg(slab, &memcg), ==, 0);
	check_int(ptdesc_charge_memcg(pt, &memcg), ==, 0);
	ret = memcg_kmem_charge_page(kmem, 1, &memcg);
	check_int(ret, ==, RT_MEMDESC ? -EOPNOTSUPP : 0);
	check_int(memcg.nr_pages[MEMCG_FOLIO], ==, 4);
	check_int(memcg.nr_pages[MEMCG_SLAB], ==, 2);
	check_int(memcg.nr_pages[MEMCG_PTDESC], ==, 1);
	check_int(memcg.nr_pages[MEMCG_KMEM], ==, RT_MEMDESC ? 0 : 2);
	check_ptr(folio_memcg(folio), ==, &memcg);
	check_ptr(page_memcg(folio_page(folio, 3)), ==, &memcg);
	check_ptr(page_memcg(slab_page(slab) + 1), ==, &memcg);
	check_ptr(page_memcg(ptdesc_page(pt)), ==, &memcg);
	check_ptr(page_memcg(kmem + 1), ==, RT_MEMDESC ? NULL : &memcg);
	folio_put(folio);
	slab_free(slab);
	pagetable_free(pt);
	__free_pages(kmem, 1);
	for (int i = 0; i < MEMCG_NR_STAT; i++)
		check_int(memcg.nr_pages[i], ==, 0);
}

static void t_private_and_mapcount(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 2);
	int data;

	folio_attach_private(folio, &data);
	check(folio_test_private(folio));
	check_int(folio_ref_count(folio), ==, 2);
	check_ptr(folio_detach_private(folio), ==, &data);
	check_int(folio_ref_count(folio), ==, 1);
	check_int(folio_mapcount(folio), ==, 0);
	check_int(folio_entire_mapcount(folio), ==, 0);
	check(!folio_maybe_dma_pinned(folio));
	check(folio_deferred_list_empty(folio));
	folio_add_mapping(folio);
	check_int(folio_mapcount(folio), ==, 1);
	check_int(folio_entire_mapcount(folio), ==, 1);
	check_int(folio_nr_pages_mapped(folio), ==, 4);
	folio_remove_mapping(folio);
	check_int(folio_mapcount(folio), ==, 0);
	check_uint(rt_check_total(), ==, 0);
	folio_put(folio);
}

static void t_misaligned_memmap(void)
{
	static struct page pages[4 << RT_MAX_ORDER] __attribute__((aligned(4096)));
	struct page *map = pages, *save = mem_map;
	unsigned long save_max = max_pfn;

	if (IS_ALIGNED((unsigned long)map, memmap_alignment()))
		map++;
	capture_stderr_begin();
	check_int(memmap_init_at(map, 4 << RT_MAX_ORDER, 1), ==, -EINVAL);
	check(strstr(capture_stderr_end(), "is not aligned to") != NULL);
	check_ptr(mem_map, ==, save);	/* nothing changed */
	check_uint(max_pfn, ==, save_max);
}

int main(void)
{
	if (memmap_init(NR_PAGES, NR_NODES))
		return 1;
	rt_check_set_mode(RT_CHECK_COUNT);
	note("layout %s, sizeof(struct page) %zu", RT_LAYOUT_NAME, sizeof(struct page));
	TEST(t_init(), "memmap starts free, split in nodes and zones");
	TEST(t_folio_orders(), "folios of every order: geometry, identity, placement");
	TEST(t_buddy_merges_back(), "freed blocks merge back into the largest blocks");
	TEST(t_dma32(), "zone and node selection");
	TEST(t_slab_and_ptdesc(), "slabs and page tables own their pages");
	TEST(t_bare_pages(), "bare pages: refcount, compound head, free");
	TEST(t_refcount(), "get_page/put_page on a tail act on the folio and free it");
	TEST(t_locks(), "lock_page and folio_lock are one lock");
	TEST(t_flags(), "folio flags, per-page flags, replicated placement");
	TEST(t_lru_lists(), "folios on the LRU through folio->lru");
	TEST(t_buddy_and_pcp_lists(), "free pages on buddy_list and pcp_list");
	TEST(t_memcg(), "memcg charges per owner type");
	TEST(t_private_and_mapcount(), "private data and mapcounts");
	TEST(t_misaligned_memmap(), "a memmap not aligned to the largest folio is refused");
	memmap_release();
	return done_testing();
}
