// SPDX-License-Identifier: GPL-2.0
/*
 * layout_memdesc.c - the memdesc pages (32 bytes, or 16 for page16): descriptors
 * are allocated apart and found through the tagged memdesc word; page calls that
 * need a folio check for one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

static void *desc_alloc(size_t size)
{
	void *desc = aligned_alloc(MEMDESC_ALIGN, size);

	if (desc)
		memset(desc, 0, size);
	return desc;
}

#if RT_PAGE16
struct rt_page_ext *rt_page_ext;
uint8_t *rt_section_placement;

int layout_memmap_init(unsigned long nr_pages)
{
	rt_page_ext = calloc(nr_pages, sizeof(*rt_page_ext));
	rt_section_placement = calloc((nr_pages >> RT_MAX_ORDER) + 1, 1);
	if (rt_page_ext && rt_section_placement)
		return 0;
	layout_memmap_release();
	return -1;
}

void layout_memmap_release(void)
{
	free(rt_page_ext);
	free(rt_section_placement);
	rt_page_ext = NULL;
	rt_section_placement = NULL;
}

/* page16 keeps no refcount for bare pages: the one owner frees them. */
bool layout_bare_put(struct page *page)
{
	(void)page;
	return true;
}

static void set_memdesc(struct page *page, unsigned int order, unsigned long memdesc)
{
	for (unsigned long i = 0; i < 1UL << order; i++)
		page[i].memdesc = memdesc;
}

void layout_page_reset(struct page *page, int nid, enum zone_type zid)
{
	memset(page, 0, sizeof(*page));
	rt_page_ext[page_to_pfn(page)].bits = 0;
	rt_section_placement[page_to_pfn(page) >> RT_MAX_ORDER] = (uint8_t)(nid << 2 | zid);
}

/* The order of a free block cannot sit in its page: private is the list's prev. */
void layout_set_buddy(struct page *page, unsigned int order)
{
	rt_page_ext[page_to_pfn(page)].bits = RT_EXT_BUDDY | order << RT_EXT_ORDER_SHIFT;
}

void layout_clear_buddy(struct page *page)
{
	rt_page_ext[page_to_pfn(page)].bits = 0;
}

bool layout_page_is_buddy(const struct page *page, unsigned int order)
{
	return memdesc_type(page->memdesc) == MEMDESC_TYPE_FREE && page->memdesc &&
	       rt_page_ext[page_to_pfn(page)].bits == (RT_EXT_BUDDY | order << RT_EXT_ORDER_SHIFT);
}

static void reset_keep_placement(struct page *page)
{
	memset(page, 0, sizeof(*page));
	rt_page_ext[page_to_pfn(page)].bits = 0;
}
#else
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

static void set_memdesc(struct page *page, unsigned int order, unsigned long memdesc)
{
	for (unsigned long i = 0; i < 1UL << order; i++) {
		page[i].memdesc = memdesc;
		atomic_set(&page[i]._refcount, 0);
	}
}

void layout_page_reset(struct page *page, int nid, enum zone_type zid)
{
	memset(page, 0, sizeof(*page));
	page->flags = ((unsigned long)nid << RT_NODE_SHIFT) | ((unsigned long)zid << RT_ZONE_SHIFT);
}

void layout_set_buddy(struct page *page, unsigned int order)
{
	page->private = RT_BUDDY_MAGIC | order;
}

void layout_clear_buddy(struct page *page)
{
	page->private = 0;
}

bool layout_page_is_buddy(const struct page *page, unsigned int order)
{
	return memdesc_type(page->memdesc) == MEMDESC_TYPE_FREE && page->memdesc &&
	       page->private == (RT_BUDDY_MAGIC | order);
}

static void reset_keep_placement(struct page *page)
{
	unsigned long placement = page->flags & RT_FLAGS_PLACEMENT;

	memset(page, 0, sizeof(*page));
	page->flags = placement;
}
#endif /* RT_PAGE16 */

static unsigned long misc_memdesc(unsigned int order, bool compound)
{
	unsigned long md = MEMDESC_TYPE_MISC | ((unsigned long)order << MEMDESC_MISC_ORDER_SHIFT);

	return compound ? md | MEMDESC_MISC_COMPOUND : md;
}

void layout_prep_bare(struct page *page, unsigned int order, bool compound)
{
	if (compound) {
		set_memdesc(page, order, misc_memdesc(order, true));
	} else {
		for (unsigned long i = 0; i < 1UL << order; i++)
			page[i].memdesc = misc_memdesc(0, false);
	}
#if RT_BARE_REFCOUNT
	atomic_set(&page->_refcount, 1);
#endif
}

void layout_unprep(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < 1UL << order; i++)
		reset_keep_placement(&page[i]);
}

struct folio *layout_make_folio(struct page *page, unsigned int order)
{
	struct folio *folio = desc_alloc(sizeof(*folio));

	if (!folio)
		return NULL;
	folio->flags = page_placement(page) | ((unsigned long)order << FOLIO_ORDER_SHIFT);
	folio->pfn = page_to_pfn(page);
#if RT_BARE_REFCOUNT
	atomic_set(&folio->_refcount, atomic_read(&page->_refcount));
#else
	atomic_set(&folio->_refcount, 1);
#endif
	atomic_set(&folio->_mapcount, -1);
	atomic_set(&folio->_large_mapcount, -1);
	atomic_set(&folio->_entire_mapcount, -1);
	if (order >= 2)
		INIT_LIST_HEAD(&folio->_deferred_list);
	set_memdesc(page, order, memdesc_encode(folio, MEMDESC_TYPE_FOLIO));
	return folio;
}

struct page *layout_free_folio_desc(struct folio *folio)
{
	struct page *page = folio_page(folio, 0);

	set_memdesc(page, folio_order(folio), misc_memdesc(folio_order(folio), true));
	free(folio);
	return page;
}

struct slab *layout_make_slab(struct page *page, unsigned int order, struct kmem_cache *s)
{
	struct slab *slab = desc_alloc(sizeof(*slab));

	if (!slab)
		return NULL;
	slab->slab_cache = s;
	slab->pfn = page_to_pfn(page);
	slab->order = order;
	INIT_LIST_HEAD(&slab->slab_list);
	set_memdesc(page, order, memdesc_encode(slab, MEMDESC_TYPE_SLAB));
	return slab;
}

struct page *layout_free_slab_desc(struct slab *slab)
{
	struct page *page = slab_page(slab);

	set_memdesc(page, slab->order, misc_memdesc(slab->order, true));
	free(slab);
	return page;
}

struct page *slab_page(const struct slab *slab)
{
	return pfn_to_page(slab->pfn);
}

unsigned int slab_order(const struct slab *slab)
{
	return slab->order;
}

struct slab *page_slab(const struct page *page)
{
	if (memdesc_type(page->memdesc) != MEMDESC_TYPE_SLAB)
		return NULL;
	return memdesc_ptr(page->memdesc);
}

struct ptdesc *layout_make_ptdesc(struct page *page, unsigned int order)
{
	struct ptdesc *ptdesc = desc_alloc(sizeof(*ptdesc));

	if (!ptdesc)
		return NULL;
	ptdesc->pfn = page_to_pfn(page);
	ptdesc->order = order;
	INIT_LIST_HEAD(&ptdesc->pt_list);
	set_memdesc(page, order, memdesc_encode(ptdesc, MEMDESC_TYPE_PTDESC));
	return ptdesc;
}

struct page *layout_free_ptdesc_desc(struct ptdesc *ptdesc)
{
	struct page *page = ptdesc_page(ptdesc);

	set_memdesc(page, ptdesc->order, misc_memdesc(ptdesc->order, true));
	free(ptdesc);
	return page;
}

struct page *ptdesc_page(const struct ptdesc *ptdesc)
{
	return pfn_to_page(ptdesc->pfn);
}

struct ptdesc *page_ptdesc(const struct page *page)
{
	if (memdesc_type(page->memdesc) != MEMDESC_TYPE_PTDESC)
		return NULL;
	return memdesc_ptr(page->memdesc);
}

/* ---- identity -------------------------------------------------------------------- */

static const char *memdesc_owner_name(const struct page *page)
{
	switch (memdesc_type(page->memdesc)) {
	case MEMDESC_TYPE_FREE:
		return "free page";
	case MEMDESC_TYPE_MISC:
		return "bare page";
	case MEMDESC_TYPE_FOLIO:
		return "folio";
	case MEMDESC_TYPE_SLAB:
		return "slab";
	case MEMDESC_TYPE_PTDESC:
		return "ptdesc";
	}
	return "unknown memdesc";
}

/*
 * owner_first_pfn - first pfn and order of what owns @page; order 0 and the
 * page's own pfn for free and non-compound bare pages.
 */
static unsigned long owner_first_pfn(const struct page *page, unsigned int *order)
{
	unsigned long md = page->memdesc, pfn = page_to_pfn(page);

	switch (memdesc_type(md)) {
	case MEMDESC_TYPE_MISC:
		if (!(md & MEMDESC_MISC_COMPOUND))
			break;
		*order = (md >> MEMDESC_MISC_ORDER_SHIFT) & MEMDESC_MISC_ORDER_MASK;
		return ALIGN_DOWN(pfn, 1UL << *order);
	case MEMDESC_TYPE_FOLIO:
		*order = folio_order(memdesc_ptr(md));
		return ((struct folio *)memdesc_ptr(md))->pfn;
	case MEMDESC_TYPE_SLAB:
		*order = ((struct slab *)memdesc_ptr(md))->order;
		return ((struct slab *)memdesc_ptr(md))->pfn;
	case MEMDESC_TYPE_PTDESC:
		*order = ((struct ptdesc *)memdesc_ptr(md))->order;
		return ((struct ptdesc *)memdesc_ptr(md))->pfn;
	default:
		break;
	}
	*order = 0;
	return pfn;
}

struct page *rt_compound_head(const struct page *page, struct rt_site site)
{
	unsigned int order;
	unsigned long first = owner_first_pfn(page, &order);
	enum memdesc_type type = memdesc_type(page->memdesc);

	if (type == MEMDESC_TYPE_FOLIO || type == MEMDESC_TYPE_SLAB ||
	    type == MEMDESC_TYPE_PTDESC)
		rt_check_fail(RT_CHECK_COMPOUND_HEAD, page, memdesc_owner_name(page), site,
			      "the head of this page is a descriptor, not a page");
	return pfn_to_page(first);
}

bool PageTail(const struct page *page)
{
	unsigned int order;

	return owner_first_pfn(page, &order) != page_to_pfn(page);
}

bool PageCompound(const struct page *page)
{
	unsigned int order;

	owner_first_pfn(page, &order);
	return order > 0;
}

unsigned int compound_order(const struct page *page)
{
	unsigned int order;

	if (owner_first_pfn(page, &order) != page_to_pfn(page))
		return 0;
	return order;
}

/* ---- references -------------------------------------------------------------------- */

/*
 * ref_target - the refcount @page's owner keeps: the folio (*folio set), the first
 * of its bare pages (returned), or none (NULL, after a report).  page16 bare pages
 * have no refcount either.
 */
static struct page *ref_target(struct page *page, struct folio **folio, struct rt_site site)
{
	unsigned int order;

	*folio = page_folio(page);
	if (*folio)
		return NULL;
	if (RT_BARE_REFCOUNT && memdesc_type(page->memdesc) == MEMDESC_TYPE_MISC)
		return pfn_to_page(owner_first_pfn(page, &order));
	rt_check_fail(RT_CHECK_REF_NOT_FOLIO, page, memdesc_owner_name(page), site,
		      "only folios and bare pages have a refcount");
	return NULL;
}

#if RT_BARE_REFCOUNT
static int bare_ref_add(struct page *head, int nr)
{
	return atomic_add_return(nr, &head->_refcount);
}

static int bare_ref_read(const struct page *head)
{
	return atomic_read(&head->_refcount);
}
#else
static int bare_ref_add(struct page *head, int nr)
{
	(void)head;
	(void)nr;
	RT_BUG_ON(1);	/* ref_target() never returns a page here */
}

static int bare_ref_read(const struct page *head)
{
	(void)head;
	return 0;
}
#endif

void rt_get_page(struct page *page, struct rt_site site)
{
	struct folio *folio;
	struct page *head = ref_target(page, &folio, site);

	if (folio)
		folio_get(folio);
	else if (head)
		bare_ref_add(head, 1);
}

void rt_put_page(struct page *page, struct rt_site site)
{
	struct folio *folio;
	struct page *head = ref_target(page, &folio, site);
	unsigned long pfn;
	unsigned int order;

	if (folio) {
		folio_put(folio);
		return;
	}
	if (!head)
		return;
	RT_BUG_ON(bare_ref_read(head) <= 0);
	if (bare_ref_add(head, -1))
		return;
	pfn = page_to_pfn(head);
	order = rt_shadow[pfn].order;
	layout_unprep(head, order);
	rt_shadow_set(pfn, order, RT_OWNER_FREE, false);
	rt_free_block(head, order);
}

int rt_page_count(const struct page *page, struct rt_site site)
{
	struct folio *folio;
	struct page *head = ref_target((struct page *)page, &folio, site);

	if (folio)
		return folio_ref_count(folio);
	return head ? bare_ref_read(head) : 0;
}

/* ---- flags ---------------------------------------------------------------------------- */

static bool page_is_head(const struct page *page)
{
	unsigned int order;

	return owner_first_pfn(page, &order) == page_to_pfn(page) && order > 0;
}

/* folio_flag_word - the folio's flags for a folio-only flag read through @page. */
static unsigned long *folio_flag_word(const struct page *page, enum pageflags flag,
				      struct rt_site site)
{
	struct folio *folio = page_folio(page);

	rt_check_fail(RT_CHECK_FOLIO_FLAG_VIA_PAGE, page, memdesc_owner_name(page), site,
		      rt_pageflags[flag].name);
	return folio ? &folio->flags : NULL;
}

static void check_no_compound(const struct page *page, enum pageflags flag, struct rt_site site)
{
	if (rt_pageflags[flag].policy == PF_NO_COMPOUND && PageCompound(page))
		rt_check_fail(RT_CHECK_COMPOUND_FLAG, page, memdesc_owner_name(page), site,
			      rt_pageflags[flag].name);
}

bool rt_page_test_flag(const struct page *page, enum pageflags flag, struct rt_site site)
{
	unsigned long *word;

	switch (rt_pageflags[flag].plan) {
	case PF_PLAN_HEAD:
		return page_is_head(page);
	case PF_PLAN_PAGE:
		check_no_compound(page, flag, site);
		return page_flag_get(page, flag);
	case PF_PLAN_FOLIO:
		word = folio_flag_word(page, flag, site);
		return word && (*word & BIT(flag));
	}
	return false;
}

static void modify_flag(struct page *page, enum pageflags flag, bool set, struct rt_site site)
{
	unsigned long *word = NULL;

	switch (rt_pageflags[flag].plan) {
	case PF_PLAN_HEAD:
		rt_check_fail(RT_CHECK_FOLIO_FLAG_VIA_PAGE, page, memdesc_owner_name(page), site,
			      "PG_head is not a flag in this layout");
		return;
	case PF_PLAN_PAGE:
		check_no_compound(page, flag, site);
		page_flag_put(page, flag, set);
		return;
	case PF_PLAN_FOLIO:
		word = folio_flag_word(page, flag, site);
		break;
	}
	if (!word)
		return;
	if (set)
		*word |= BIT(flag);
	else
		*word &= ~BIT(flag);
}

void rt_page_set_flag(struct page *page, enum pageflags flag, struct rt_site site)
{
	modify_flag(page, flag, true, site);
}

void rt_page_clear_flag(struct page *page, enum pageflags flag, struct rt_site site)
{
	modify_flag(page, flag, false, site);
}

/* ---- mapcounts: every folio has every field here ------------------------------------------ */

int rt_folio_mapcount(const struct folio *folio, struct rt_site site)
{
	(void)site;
	if (!folio_test_large(folio))
		return atomic_read(&folio->_mapcount) + 1;
	return atomic_read(&folio->_large_mapcount) + 1;
}

int rt_folio_entire_mapcount(const struct folio *folio, struct rt_site site)
{
	(void)site;
	return folio_test_large(folio) ? atomic_read(&folio->_entire_mapcount) + 1 : 0;
}

int rt_folio_nr_pages_mapped(const struct folio *folio, struct rt_site site)
{
	(void)site;
	return folio_test_large(folio) ? atomic_read(&folio->_nr_pages_mapped) : 0;
}

bool rt_folio_maybe_dma_pinned(const struct folio *folio, struct rt_site site)
{
	(void)site;
	return atomic_read(&folio->_pincount) > 0;
}

bool rt_folio_deferred_list_empty(const struct folio *folio, struct rt_site site)
{
	(void)site;
	return folio_order(folio) < 2 || list_empty(&folio->_deferred_list);
}

void folio_add_mapping(struct folio *folio)
{
	if (!folio_test_large(folio)) {
		atomic_inc(&folio->_mapcount);
		return;
	}
	atomic_inc(&folio->_large_mapcount);
	atomic_inc(&folio->_entire_mapcount);
	atomic_add_return(1 << folio_order(folio), &folio->_nr_pages_mapped);
}

void folio_remove_mapping(struct folio *folio)
{
	if (!folio_test_large(folio)) {
		atomic_add_return(-1, &folio->_mapcount);
		return;
	}
	atomic_add_return(-1, &folio->_large_mapcount);
	atomic_add_return(-1, &folio->_entire_mapcount);
	atomic_add_return(-(1 << folio_order(folio)), &folio->_nr_pages_mapped);
}

/* ---- memcg: one pointer per descriptor; bare pages have none ------------------------------ */

int folio_charge_memcg(struct folio *folio, struct mem_cgroup *memcg)
{
	if (folio->memcg)
		return -EBUSY;
	folio->memcg = memcg;
	rt_memcg_account(memcg, MEMCG_FOLIO, folio_nr_pages(folio));
	return 0;
}

struct mem_cgroup *folio_memcg(const struct folio *folio)
{
	return folio->memcg;
}

int slab_charge_memcg(struct slab *slab, struct mem_cgroup *memcg)
{
	if (slab->obj_exts)
		return -EBUSY;
	slab->obj_exts = memcg;
	rt_memcg_account(memcg, MEMCG_SLAB, 1L << slab->order);
	return 0;
}

int ptdesc_charge_memcg(struct ptdesc *ptdesc, struct mem_cgroup *memcg)
{
	if (ptdesc->pt_memcg)
		return -EBUSY;
	ptdesc->pt_memcg = memcg;
	rt_memcg_account(memcg, MEMCG_PTDESC, 1L << ptdesc->order);
	return 0;
}

int memcg_kmem_charge_page(struct page *page, unsigned int order, struct mem_cgroup *memcg)
{
	(void)page;
	(void)order;
	(void)memcg;
	return -EOPNOTSUPP;	/* a bare page has no memcg word: allocate a memdesc */
}

struct mem_cgroup *page_memcg(const struct page *page)
{
	void *desc = memdesc_ptr(page->memdesc);

	switch (memdesc_type(page->memdesc)) {
	case MEMDESC_TYPE_FOLIO:
		return ((struct folio *)desc)->memcg;
	case MEMDESC_TYPE_SLAB:
		return ((struct slab *)desc)->obj_exts;
	case MEMDESC_TYPE_PTDESC:
		return ((struct ptdesc *)desc)->pt_memcg;
	default:
		return NULL;
	}
}

void layout_uncharge(struct page *page, enum rt_owner owner, unsigned int order)
{
	void *desc = memdesc_ptr(page->memdesc);

	switch (memdesc_type(page->memdesc)) {
	case MEMDESC_TYPE_FOLIO:
		rt_memcg_account(((struct folio *)desc)->memcg, MEMCG_FOLIO, -(1L << order));
		((struct folio *)desc)->memcg = NULL;
		break;
	case MEMDESC_TYPE_SLAB:
		rt_memcg_account(((struct slab *)desc)->obj_exts, MEMCG_SLAB, -(1L << order));
		((struct slab *)desc)->obj_exts = NULL;
		break;
	case MEMDESC_TYPE_PTDESC:
		rt_memcg_account(((struct ptdesc *)desc)->pt_memcg, MEMCG_PTDESC, -(1L << order));
		((struct ptdesc *)desc)->pt_memcg = NULL;
		break;
	default:
		break;
	}
	(void)owner;
}
