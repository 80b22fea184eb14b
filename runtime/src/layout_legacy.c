// SPDX-License-Identifier: GPL-2.0
/*
 * layout_legacy.c - today's layout: descriptors overlay the head page, tails carry
 * compound_info, every PageX() follows the 6.12 page-flags.h policies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

#define MEMCG_DATA_OBJEXTS	1UL
#define MEMCG_DATA_KMEM		2UL
#define MEMCG_DATA_FLAGS	3UL
#define RT_POISON_WORD		0x5a5a5a5aU	/* "never initialised" */

/* compound_info_encode - the word every tail of an @order block stores. */
static unsigned long compound_info_encode(unsigned int order)
{
	return ~((sizeof(struct page) << order) - 1) | 1;
}

int layout_memmap_init(unsigned long nr_pages)
{
	(void)nr_pages;
	return 0;
}

void layout_memmap_release(void)
{
}

bool layout_bare_put(struct page *page)
{
	return atomic_dec_and_test(&page->_refcount);
}

void layout_page_reset(struct page *page, int nid, enum zone_type zid)
{
	memset(page, 0, sizeof(*page));
	page->flags = ((unsigned long)nid << RT_NODE_SHIFT) | ((unsigned long)zid << RT_ZONE_SHIFT);
	page->page_type = PAGE_TYPE_NONE;
}

static void page_reset_keep_placement(struct page *page)
{
	unsigned long placement = page->flags & RT_FLAGS_PLACEMENT;

	memset(page, 0, sizeof(*page));
	page->flags = placement;
	page->page_type = PAGE_TYPE_NONE;
}

void layout_set_buddy(struct page *page, unsigned int order)
{
	page->private = RT_BUDDY_MAGIC | order;
	page->page_type = (unsigned int)PGTY_buddy << 24;
}

void layout_clear_buddy(struct page *page)
{
	page->private = 0;
	page->page_type = PAGE_TYPE_NONE;
}

bool layout_page_is_buddy(const struct page *page, unsigned int order)
{
	return page_has_type_of(page, PGTY_buddy) && page->private == (RT_BUDDY_MAGIC | order);
}

/* prep_compound - head flag and order in the first tail; tails get compound_info. */
static void prep_compound(struct page *head, unsigned int order)
{
	struct folio *folio = (struct folio *)head;

	head->flags |= BIT(PG_head);
	for (unsigned long i = 1; i < 1UL << order; i++)
		head[i].compound_info = compound_info_encode(order);
	folio->_flags_1 = (folio->_flags_1 & ~FOLIO_ORDER_MASK) | order;
	/* The folio-only fields are left as garbage, as the allocator leaves them. */
	atomic_set(&folio->_large_mapcount, RT_POISON_WORD);
	atomic_set(&folio->_entire_mapcount, RT_POISON_WORD);
	atomic_set(&folio->_nr_pages_mapped, RT_POISON_WORD);
	atomic_set(&folio->_pincount, RT_POISON_WORD);
	folio->_folio_nr_pages = RT_POISON_WORD;
	if (order >= 2) {
		folio->_deferred_list.next = (void *)(uintptr_t)RT_POISON_WORD;
		folio->_deferred_list.prev = (void *)(uintptr_t)RT_POISON_WORD;
	}
}

void layout_prep_bare(struct page *page, unsigned int order, bool compound)
{
	if (compound)
		prep_compound(page, order);
	atomic_set(&page->_refcount, 1);
}

void layout_unprep(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < 1UL << order; i++)
		page_reset_keep_placement(&page[i]);
}

struct folio *layout_make_folio(struct page *page, unsigned int order)
{
	struct folio *folio = (struct folio *)page;

	if (!order)
		return folio;
	folio->_flags_1 |= BIT(PG_large_rmappable);
	folio->_folio_nr_pages = 1U << order;
	atomic_set(&folio->_large_mapcount, -1);
	atomic_set(&folio->_entire_mapcount, -1);
	atomic_set(&folio->_nr_pages_mapped, 0);
	atomic_set(&folio->_pincount, 0);
	if (order >= 2)
		INIT_LIST_HEAD(&folio->_deferred_list);
	return folio;
}

struct page *layout_free_folio_desc(struct folio *folio)
{
	return &folio->page;
}

struct slab *layout_make_slab(struct page *page, unsigned int order, struct kmem_cache *s)
{
	struct slab *slab = (struct slab *)page;

	(void)order;
	slab->__page_type = (unsigned int)PGTY_slab << 24;
	slab->slab_cache = s;
	INIT_LIST_HEAD(&slab->slab_list);
	return slab;
}

struct page *layout_free_slab_desc(struct slab *slab)
{
	return (struct page *)slab;
}

struct page *slab_page(const struct slab *slab)
{
	return (struct page *)slab;
}

unsigned int slab_order(const struct slab *slab)
{
	return compound_order(slab_page(slab));
}

struct slab *page_slab(const struct page *page)
{
	struct page *head = _compound_head(page);

	return page_has_type_of(head, PGTY_slab) ? (struct slab *)head : NULL;
}

struct ptdesc *layout_make_ptdesc(struct page *page, unsigned int order)
{
	struct ptdesc *ptdesc = (struct ptdesc *)page;

	(void)order;
	ptdesc->__page_type = (unsigned int)PGTY_table << 24;
	INIT_LIST_HEAD(&ptdesc->pt_list);
	return ptdesc;
}

struct page *layout_free_ptdesc_desc(struct ptdesc *ptdesc)
{
	return (struct page *)ptdesc;
}

struct page *ptdesc_page(const struct ptdesc *ptdesc)
{
	return (struct page *)ptdesc;
}

struct ptdesc *page_ptdesc(const struct page *page)
{
	struct page *head = _compound_head(page);

	return page_has_type_of(head, PGTY_table) ? (struct ptdesc *)head : NULL;
}

/* ---- identity -------------------------------------------------------------------- */

struct page *rt_compound_head(const struct page *page, struct rt_site site)
{
	(void)site;
	return _compound_head(page);
}

bool PageCompound(const struct page *page)
{
	return (page->flags & BIT(PG_head)) || PageTail(page);
}

unsigned int compound_order(const struct page *page)
{
	if (!(page->flags & BIT(PG_head)))
		return 0;
	return page[1].flags & FOLIO_ORDER_MASK;
}

/* ---- references ------------------------------------------------------------------ */

void rt_get_page(struct page *page, struct rt_site site)
{
	(void)site;
	folio_get(page_folio(page));
}

void rt_put_page(struct page *page, struct rt_site site)
{
	struct page *head = _compound_head(page);
	const struct rt_shadow *sh = &rt_shadow[page_to_pfn(head)];

	RT_BUG_ON(atomic_read(&head->_refcount) <= 0);
	if (!atomic_dec_and_test(&head->_refcount))
		return;
	switch ((enum rt_owner)sh->owner) {
	case RT_OWNER_FOLIO:
		rt_folio_release((struct folio *)head);
		return;
	case RT_OWNER_BARE:
		layout_uncharge(head, RT_OWNER_BARE, sh->order);
		layout_unprep(head, sh->order);
		rt_shadow_set(page_to_pfn(head), sh->order, RT_OWNER_FREE, false);
		rt_free_block(head, sh->order);
		return;
	default:
		atomic_set(&head->_refcount, 1);
		rt_check_fail(RT_CHECK_BAD_FREE, page, rt_owner_name(sh->owner), site,
			      "put_page() dropped the last reference");
	}
}

int rt_page_count(const struct page *page, struct rt_site site)
{
	(void)site;
	return atomic_read(&_compound_head(page)->_refcount);
}

/* ---- flags ------------------------------------------------------------------------- */

/* flag_page - the struct page whose bit @flag means for @page, per the 6.12 policy. */
static struct page *flag_page(const struct page *page, enum pageflags flag, bool modify,
			      struct rt_site site)
{
	switch (rt_pageflags[flag].policy) {
	case PF_ANY:
		return (struct page *)page;
	case PF_HEAD:
		return _compound_head(page);
	case PF_NO_TAIL:
		if (modify && PageTail(page))
			rt_check_fail(RT_CHECK_TAIL_FLAG_MODIFY, page, "compound page", site,
				      rt_pageflags[flag].name);
		return _compound_head(page);
	case PF_NO_COMPOUND:
		if (PageCompound(page))
			rt_check_fail(RT_CHECK_COMPOUND_FLAG, page, "compound page", site,
				      rt_pageflags[flag].name);
		return (struct page *)page;
	}
	return (struct page *)page;
}

bool rt_page_test_flag(const struct page *page, enum pageflags flag, struct rt_site site)
{
	return flag_page(page, flag, false, site)->flags & BIT(flag);
}

void rt_page_set_flag(struct page *page, enum pageflags flag, struct rt_site site)
{
	flag_page(page, flag, true, site)->flags |= BIT(flag);
}

void rt_page_clear_flag(struct page *page, enum pageflags flag, struct rt_site site)
{
	flag_page(page, flag, true, site)->flags &= ~BIT(flag);
}

/* ---- mapcounts ---------------------------------------------------------------------- */

/* large_field_ok - a large folio's first-tail fields are valid only in a real folio. */
static bool large_field_ok(const struct folio *folio, struct rt_site site, const char *field)
{
	if (folio->_flags_1 & BIT(PG_large_rmappable))
		return true;
	rt_check_fail(RT_CHECK_FOLIO_FIELD, &folio->page, "compound page", site, field);
	return false;
}

int rt_folio_mapcount(const struct folio *folio, struct rt_site site)
{
	if (!folio_test_large(folio))
		return atomic_read(&folio->_mapcount) + 1;
	if (!large_field_ok(folio, site, "_large_mapcount"))
		return 0;
	return atomic_read(&folio->_large_mapcount) + 1;
}

int rt_folio_entire_mapcount(const struct folio *folio, struct rt_site site)
{
	if (!folio_test_large(folio) || !large_field_ok(folio, site, "_entire_mapcount"))
		return 0;
	return atomic_read(&folio->_entire_mapcount) + 1;
}

int rt_folio_nr_pages_mapped(const struct folio *folio, struct rt_site site)
{
	if (!folio_test_large(folio) || !large_field_ok(folio, site, "_nr_pages_mapped"))
		return 0;
	return atomic_read(&folio->_nr_pages_mapped);
}

bool rt_folio_maybe_dma_pinned(const struct folio *folio, struct rt_site site)
{
	if (!folio_test_large(folio))
		return atomic_read(&folio->_refcount) >= 1024;	/* GUP_PIN_COUNTING_BIAS */
	if (!large_field_ok(folio, site, "_pincount"))
		return false;
	return atomic_read(&folio->_pincount) > 0;
}

bool rt_folio_deferred_list_empty(const struct folio *folio, struct rt_site site)
{
	if (folio_order(folio) < 2 || !large_field_ok(folio, site, "_deferred_list"))
		return true;
	return list_empty(&folio->_deferred_list);
}

void folio_add_mapping(struct folio *folio)
{
	if (!folio_test_large(folio)) {
		atomic_inc(&folio->_mapcount);
		return;
	}
	atomic_inc(&folio->_large_mapcount);
	atomic_inc(&folio->_entire_mapcount);
	atomic_add_return(folio->_folio_nr_pages, &folio->_nr_pages_mapped);
}

void folio_remove_mapping(struct folio *folio)
{
	if (!folio_test_large(folio)) {
		atomic_add_return(-1, &folio->_mapcount);
		return;
	}
	atomic_add_return(-1, &folio->_large_mapcount);
	atomic_add_return(-1, &folio->_entire_mapcount);
	atomic_add_return(-(int)folio->_folio_nr_pages, &folio->_nr_pages_mapped);
}

/* ---- memcg ----------------------------------------------------------------------------- */

int folio_charge_memcg(struct folio *folio, struct mem_cgroup *memcg)
{
	if (folio->memcg_data)
		return -EBUSY;
	folio->memcg_data = (unsigned long)memcg;
	rt_memcg_account(memcg, MEMCG_FOLIO, folio_nr_pages(folio));
	return 0;
}

struct mem_cgroup *folio_memcg(const struct folio *folio)
{
	return (struct mem_cgroup *)(folio->memcg_data & ~MEMCG_DATA_FLAGS);
}

int slab_charge_memcg(struct slab *slab, struct mem_cgroup *memcg)
{
	if (slab->obj_exts)
		return -EBUSY;
	slab->obj_exts = (unsigned long)memcg | MEMCG_DATA_OBJEXTS;
	rt_memcg_account(memcg, MEMCG_SLAB, 1L << slab_order(slab));
	return 0;
}

int ptdesc_charge_memcg(struct ptdesc *ptdesc, struct mem_cgroup *memcg)
{
	if (ptdesc->pt_memcg_data)
		return -EBUSY;
	ptdesc->pt_memcg_data = (unsigned long)memcg;
	rt_memcg_account(memcg, MEMCG_PTDESC, 1L << compound_order(ptdesc_page(ptdesc)));
	return 0;
}

int memcg_kmem_charge_page(struct page *page, unsigned int order, struct mem_cgroup *memcg)
{
	if (rt_page_owner(page) != RT_OWNER_BARE)
		return -EINVAL;
	if (page->memcg_data)
		return -EBUSY;
	page->memcg_data = (unsigned long)memcg | MEMCG_DATA_KMEM;
	rt_memcg_account(memcg, MEMCG_KMEM, 1L << order);
	return 0;
}

struct mem_cgroup *page_memcg(const struct page *page)
{
	return (struct mem_cgroup *)(_compound_head(page)->memcg_data & ~MEMCG_DATA_FLAGS);
}

void layout_uncharge(struct page *page, enum rt_owner owner, unsigned int order)
{
	static const enum memcg_stat stat_of[] = {
		[RT_OWNER_BARE] = MEMCG_KMEM, [RT_OWNER_FOLIO] = MEMCG_FOLIO,
		[RT_OWNER_SLAB] = MEMCG_SLAB, [RT_OWNER_PTDESC] = MEMCG_PTDESC,
	};

	rt_memcg_account(page_memcg(page), stat_of[owner], -(1L << order));
	page->memcg_data = 0;
}
