/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt_layout_memdesc.h - the memdesc plan's struct page, 32 bytes (RT_LAYOUT_MEMDESC)
 * or 16 bytes (RT_LAYOUT_PAGE16), with struct folio, struct slab and struct
 * ptdesc allocated separately and found through a tagged memdesc word.
 *
 * Included by rt_mm.h only; do not include directly.  The memdesc word shares
 * its place with buddy_list.next, so its low four bits hold a type tag that a
 * 4-byte-aligned list pointer can never have: any tag with (tag & 3) != 0.
 * A word whose low two bits are clear is a list pointer or 0: a free page.
 *
 * The 16-byte page keeps only { memdesc; private } or a list_head: zone and node
 * come from a per-section table, and the page-level flags and the buddy order
 * live in a byte per page outside struct page (rt_page_ext), which is what the
 * plan leaves open; bare pages have no refcount.
 */
#ifndef RT_LAYOUT_MEMDESC_H
#define RT_LAYOUT_MEMDESC_H

#ifndef RT_MM_H
#error "include rt_mm.h, not the layout header"
#endif

#define RT_MEMDESC 1

#ifdef RT_LAYOUT_PAGE16
#define RT_LAYOUT_NAME "page16"
#define RT_PAGE16 1
#define RT_BARE_REFCOUNT 0	/* bare pages have no refcount */

struct page {
	union {
		struct list_head buddy_list;
		struct list_head pcp_list;
		struct {
			unsigned long memdesc;
			unsigned long private;
		};
	};
};

static_assert(sizeof(struct page) == 16, "page16 struct page is two words");
static_assert(offsetof(struct page, private) == offsetof(struct page, buddy_list.prev),
	      "a free page's private word is its list's prev pointer");

/*
 * struct rt_page_ext - what a 16-byte page cannot hold, one byte per page:
 * the page-level flags and, for the first page of a free block, its order.
 */
struct rt_page_ext {
	uint8_t bits;		/* RT_EXT_* */
};

#define RT_EXT_RESERVED		BIT(0)
#define RT_EXT_HWPOISON		BIT(1)
#define RT_EXT_ANON_EXCLUSIVE	BIT(2)
#define RT_EXT_BUDDY		BIT(3)	/* first page of a free block; order above */
#define RT_EXT_ORDER_SHIFT	4

extern struct rt_page_ext *rt_page_ext;
extern uint8_t *rt_section_placement;	/* per 1 << RT_MAX_ORDER pages: nid << 2 | zone */

static __always_inline unsigned long page_placement(const struct page *page)
{
	unsigned int p = rt_section_placement[page_to_pfn(page) >> RT_MAX_ORDER];

	return ((unsigned long)(p >> 2) << RT_NODE_SHIFT) |
	       ((unsigned long)(p & 3) << RT_ZONE_SHIFT);
}

static __always_inline unsigned int page_ext_bit(enum pageflags flag)
{
	return flag == PG_reserved ? RT_EXT_RESERVED :
	       flag == PG_hwpoison ? RT_EXT_HWPOISON :
	       flag == PG_anon_exclusive ? RT_EXT_ANON_EXCLUSIVE : 0;
}

static __always_inline bool page_flag_get(const struct page *page, enum pageflags flag)
{
	return rt_page_ext[page_to_pfn(page)].bits & page_ext_bit(flag);
}

static __always_inline void page_flag_put(struct page *page, enum pageflags flag, bool on)
{
	if (on)
		rt_page_ext[page_to_pfn(page)].bits |= page_ext_bit(flag);
	else
		rt_page_ext[page_to_pfn(page)].bits &= ~page_ext_bit(flag);
}

#else /* the 32-byte page */
#define RT_LAYOUT_NAME "memdesc"
#define RT_PAGE16 0
#define RT_BARE_REFCOUNT 1

struct page {
	unsigned long flags;	/* page-level flags, zone, node */
	union {
		struct list_head buddy_list;
		struct list_head pcp_list;
		struct {
			unsigned long memdesc;
			atomic_t _refcount;	/* bare pages only */
		};
	};
	union {
		unsigned long private;
		atomic_t _mapcount;
	};
};

static_assert(sizeof(struct page) == 32, "memdesc struct page is four words");
static_assert(offsetof(struct page, _refcount) == offsetof(struct page, buddy_list.prev),
	      "a free page has no refcount: its place is the list's prev pointer");
static_assert(offsetof(struct page, private) == offsetof(struct page, _mapcount),
	      "private and _mapcount share the last word");

#include "rt_page_flagword.h"
#endif /* RT_LAYOUT_PAGE16 */

static_assert(offsetof(struct page, memdesc) == offsetof(struct page, buddy_list.next),
	      "the memdesc word is the list pointer of a free page");
static_assert(offsetof(struct page, memdesc) == offsetof(struct page, pcp_list.next),
	      "the memdesc word is the list pointer of a pcp page");

/* Type tags: never 0, 4, 8 or 12, the low bits of an aligned list pointer. */
enum memdesc_type {
	MEMDESC_TYPE_FREE = 0,		/* not a tag: a list pointer or 0 */
	MEMDESC_TYPE_MISC = 1,		/* bare pages; order in bits 12-17 */
	MEMDESC_TYPE_FOLIO = 2,
	MEMDESC_TYPE_SLAB = 3,
	MEMDESC_TYPE_PTDESC = 5,
};

#define MEMDESC_TYPE_MASK	0xfUL
#define MEMDESC_TAG_OK(t)	(((t) & 3) != 0 && (t) <= MEMDESC_TYPE_MASK)
static_assert(MEMDESC_TAG_OK(MEMDESC_TYPE_MISC), "misc tag collides with a list pointer");
static_assert(MEMDESC_TAG_OK(MEMDESC_TYPE_FOLIO), "folio tag collides with a list pointer");
static_assert(MEMDESC_TAG_OK(MEMDESC_TYPE_SLAB), "slab tag collides with a list pointer");
static_assert(MEMDESC_TAG_OK(MEMDESC_TYPE_PTDESC), "ptdesc tag collides with a list pointer");

#define MEMDESC_MISC_COMPOUND	BIT(11)	/* bare compound page: head found by mask */
#define MEMDESC_MISC_ORDER_SHIFT 12
#define MEMDESC_MISC_ORDER_MASK	0x3fUL
#define MEMDESC_ALIGN		16	/* descriptors keep the tag bits free */

/* The folio, allocated on its own; every page of it points here. */
struct folio {
	unsigned long flags;	/* folio flags, order, zone, node */
	union {
		struct list_head lru;
		struct {
			void *__filler;
			unsigned int mlock_count;
		};
	};
	struct address_space *mapping;
	unsigned long index;
	void *private;
	atomic_t _refcount;
	atomic_t _mapcount;
	atomic_t _pincount;
	atomic_t _entire_mapcount;	/* large folios */
	unsigned long pfn;
	struct mem_cgroup *memcg;
	atomic_t _large_mapcount;	/* large folios */
	atomic_t _nr_pages_mapped;	/* large folios */
	struct list_head _deferred_list; /* order >= 2 */
} __attribute__((__aligned__(MEMDESC_ALIGN)));

static_assert(sizeof(struct folio) % MEMDESC_ALIGN == 0, "folios keep 16-byte alignment");

struct slab {
	struct kmem_cache *slab_cache;
	struct list_head slab_list;
	void *freelist;
	unsigned long counters;
	struct mem_cgroup *obj_exts;	/* one memcg per slab in the model */
	unsigned long pfn;
	unsigned int order;
} __attribute__((__aligned__(MEMDESC_ALIGN)));

struct ptdesc {
	union {
		struct list_head pt_list;
		struct {
			unsigned long _pt_pad_1;
			void *pmd_huge_pte;
		};
	};
	union {
		unsigned long pt_index;
		struct mm_struct *pt_mm;
		atomic_t pt_frag_refcount;
	};
	unsigned long ptl;
	struct mem_cgroup *pt_memcg;
	unsigned long pfn;
	unsigned int order;
} __attribute__((__aligned__(MEMDESC_ALIGN)));

#define FOLIO_ORDER_SHIFT	48	/* order in folio->flags bits 48-53 */
#define FOLIO_ORDER_MASK	0x3fUL

static __always_inline enum memdesc_type memdesc_type(unsigned long memdesc)
{
	if ((memdesc & 3) == 0)
		return MEMDESC_TYPE_FREE;
	return (enum memdesc_type)(memdesc & MEMDESC_TYPE_MASK);
}

static __always_inline void *memdesc_ptr(unsigned long memdesc)
{
	return (void *)(memdesc & ~MEMDESC_TYPE_MASK);
}

static __always_inline unsigned long memdesc_encode(const void *desc, enum memdesc_type t)
{
	return (unsigned long)desc | t;
}

/* page_folio - the folio @page belongs to, or NULL when it is not in a folio. */
static __always_inline struct folio *page_folio(const struct page *page)
{
	unsigned long md = __atomic_load_n(&page->memdesc, __ATOMIC_RELAXED);

	if (memdesc_type(md) != MEMDESC_TYPE_FOLIO)
		return NULL;
	return (struct folio *)memdesc_ptr(md);
}

/* folio_page - page @n of @folio: computed from the pfn, there is no overlay. */
#define folio_page(f, n)	pfn_to_page((f)->pfn + (n))

static __always_inline unsigned long folio_pfn(const struct folio *folio)
{
	return folio->pfn;
}

static __always_inline unsigned int folio_order(const struct folio *folio)
{
	return (folio->flags >> FOLIO_ORDER_SHIFT) & FOLIO_ORDER_MASK;
}

static __always_inline bool folio_test_large(const struct folio *folio)
{
	return folio_order(folio) != 0;
}

/*
 * PageTail - out of line in this layout: there is no tail marker in the page,
 * so compare the pfn with the owner's first pfn (or the bare order's mask).
 */
bool PageTail(const struct page *page);

/* rt_folio_nr_pages - behind folio_nr_pages(): a folio always knows its order here. */
static __always_inline long rt_folio_nr_pages(const struct folio *folio, struct rt_site site)
{
	(void)site;
	return 1L << folio_order(folio);
}

#endif /* RT_LAYOUT_MEMDESC_H */
