/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt_layout_legacy.h - today's layout: a 64-byte struct page, and struct folio,
 * struct slab and struct ptdesc overlaying the head page (and, for a folio, the
 * tail pages after it).
 *
 * Included by rt_mm.h only; do not include directly.  Tail pages store
 * compound_info: a mask with bit 0 set (see rt_compound_info.h), so the head of
 * any page is one AND away and all tail pages of one order are identical.
 */
#ifndef RT_LAYOUT_LEGACY_H
#define RT_LAYOUT_LEGACY_H

#ifndef RT_MM_H
#error "include rt_mm.h, not the layout header"
#endif

#define RT_LAYOUT_NAME "legacy"
#define RT_MEMDESC 0
#define RT_PAGE16 0

struct page {
	unsigned long flags;
	union {
		struct {	/* page cache, anon, bare and free pages */
			union {
				struct list_head lru;
				struct {
					void *__filler;	/* bit 0 clear: not a tail */
					unsigned int mlock_count;
				};
				struct list_head buddy_list;
				struct list_head pcp_list;
			};
			struct address_space *mapping;
			unsigned long index;
			unsigned long private;
		};
		struct {	/* tail pages of a compound page */
			unsigned long compound_info;
		};
	};
	union {
		atomic_t _mapcount;
		unsigned int page_type;
	};
	atomic_t _refcount;
	unsigned long memcg_data;
};

static_assert(sizeof(struct page) == 64, "legacy struct page is eight words");

/* A folio is a head page and the first two tail pages, overlaid. */
struct folio {
	union {
		struct {
			unsigned long flags;
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
			atomic_t _mapcount;
			atomic_t _refcount;
			unsigned long memcg_data;
		};
		struct page page;
	};
	union {
		struct {
			unsigned long _flags_1;	/* low byte: order */
			unsigned long _head_1;
			atomic_t _large_mapcount;
			atomic_t _entire_mapcount;
			atomic_t _nr_pages_mapped;
			atomic_t _pincount;
			unsigned int _folio_nr_pages;
		};
		struct page __page_1;
	};
	union {
		struct {	/* only for order >= 2 */
			unsigned long _flags_2;
			unsigned long _head_2;
			struct list_head _deferred_list;
		};
		struct page __page_2;
	};
};

#define FOLIO_MATCH(pg, fl)							\
	static_assert(offsetof(struct page, pg) == offsetof(struct folio, fl),	\
		      "folio." #fl " overlays page." #pg)
FOLIO_MATCH(flags, flags);
FOLIO_MATCH(lru, lru);
FOLIO_MATCH(compound_info, lru);
FOLIO_MATCH(mapping, mapping);
FOLIO_MATCH(index, index);
FOLIO_MATCH(private, private);
FOLIO_MATCH(_mapcount, _mapcount);
FOLIO_MATCH(_refcount, _refcount);
FOLIO_MATCH(memcg_data, memcg_data);
#undef FOLIO_MATCH
#define FOLIO_MATCH(pg, fl)							\
	static_assert(offsetof(struct folio, fl) ==				\
		      offsetof(struct page, pg) + sizeof(struct page),		\
		      "folio." #fl " overlays the first tail's " #pg)
FOLIO_MATCH(flags, _flags_1);
FOLIO_MATCH(compound_info, _head_1);
#undef FOLIO_MATCH
#define FOLIO_MATCH(pg, fl)							\
	static_assert(offsetof(struct folio, fl) ==				\
		      offsetof(struct page, pg) + 2 * sizeof(struct page),	\
		      "folio." #fl " overlays the second tail's " #pg)
FOLIO_MATCH(flags, _flags_2);
FOLIO_MATCH(compound_info, _head_2);
#undef FOLIO_MATCH
static_assert(offsetof(struct folio, _folio_nr_pages) < 2 * sizeof(struct page),
	      "first-tail folio fields stay inside the first tail page");
static_assert(sizeof(struct folio) == 3 * sizeof(struct page), "folio spans three pages");

/* struct slab overlays the head page of a slab; slab_cache keeps bit 0 clear. */
struct slab {
	unsigned long __page_flags;
	struct kmem_cache *slab_cache;
	struct list_head slab_list;
	void *freelist;
	unsigned long counters;
	unsigned int __page_type;
	atomic_t __page_refcount;
	unsigned long obj_exts;
};

#define SLAB_MATCH(pg, sl)							\
	static_assert(offsetof(struct page, pg) == offsetof(struct slab, sl),	\
		      "slab." #sl " overlays page." #pg)
SLAB_MATCH(flags, __page_flags);
SLAB_MATCH(compound_info, slab_cache);
SLAB_MATCH(page_type, __page_type);
SLAB_MATCH(_refcount, __page_refcount);
SLAB_MATCH(memcg_data, obj_exts);
#undef SLAB_MATCH
static_assert(sizeof(struct slab) <= sizeof(struct page), "slab fits in its page");

/* struct ptdesc overlays the head page of a page table. */
struct ptdesc {
	unsigned long __page_flags;
	union {
		struct list_head pt_list;
		struct {
			unsigned long _pt_pad_1;
			void *pmd_huge_pte;
		};
	};
	unsigned long __page_mapping;
	union {
		unsigned long pt_index;
		struct mm_struct *pt_mm;
		atomic_t pt_frag_refcount;
	};
	unsigned long ptl;
	unsigned int __page_type;
	atomic_t __page_refcount;
	unsigned long pt_memcg_data;
};

#define TABLE_MATCH(pg, pt)							\
	static_assert(offsetof(struct page, pg) == offsetof(struct ptdesc, pt), \
		      "ptdesc." #pt " overlays page." #pg)
TABLE_MATCH(flags, __page_flags);
TABLE_MATCH(compound_info, pt_list);
TABLE_MATCH(mapping, __page_mapping);
TABLE_MATCH(index, pt_index);
TABLE_MATCH(private, ptl);
TABLE_MATCH(page_type, __page_type);
TABLE_MATCH(_refcount, __page_refcount);
TABLE_MATCH(memcg_data, pt_memcg_data);
#undef TABLE_MATCH
static_assert(sizeof(struct ptdesc) == sizeof(struct page), "ptdesc is one page");

/* Page types live in the top byte of page_type, as in the 6.12 tree. */
enum pagetype {
	PGTY_buddy = 0xf0,
	PGTY_table = 0xf2,
	PGTY_slab = 0xf5,
	PGTY_mapcount_underflow = 0xff,
};

#define PAGE_TYPE_NONE		UINT32_MAX	/* _mapcount == -1 */
#define FOLIO_ORDER_MASK	0xffUL		/* order in the low byte of _flags_1 */
#define PG_large_rmappable	PG_workingset	/* in _flags_1: a folio, not just compound */

#include "rt_page_flagword.h"

#define RT_BARE_REFCOUNT 1	/* bare pages have a refcount */

static __always_inline bool page_has_type_of(const struct page *page, enum pagetype t)
{
	return (page->page_type >> 24) == t;
}

/* _compound_head - the head page of @page; @page itself when it is not a tail. */
static __always_inline struct page *_compound_head(const struct page *page)
{
	unsigned long info = __atomic_load_n(&page->compound_info, __ATOMIC_RELAXED);

	if (info & 1)
		return (struct page *)((unsigned long)page & info);
	return (struct page *)page;
}

static __always_inline bool PageTail(const struct page *page)
{
	return page->compound_info & 1;
}

/* page_folio - the folio @page belongs to; never NULL in this layout. */
#define page_folio(p)	((struct folio *)_compound_head(p))

/* folio_page - page @n of @folio. */
#define folio_page(f, n)	(&(f)->page + (n))

static __always_inline unsigned long folio_pfn(const struct folio *folio)
{
	return page_to_pfn(&folio->page);
}

static __always_inline bool folio_test_large(const struct folio *folio)
{
	return folio->flags & BIT(PG_head);
}

static __always_inline unsigned int folio_order(const struct folio *folio)
{
	if (!folio_test_large(folio))
		return 0;
	return folio->_flags_1 & FOLIO_ORDER_MASK;
}

/*
 * rt_folio_nr_pages - behind folio_nr_pages(): _folio_nr_pages is a folio-only
 * field, set by page_rmappable_folio(), not by compound page allocation.
 */
static __always_inline long rt_folio_nr_pages(const struct folio *folio, struct rt_site site)
{
	if (!folio_test_large(folio))
		return 1;
	if (unlikely(!(folio->_flags_1 & BIT(PG_large_rmappable)))) {
		rt_check_fail(RT_CHECK_FOLIO_FIELD, &folio->page, "compound page", site,
			      "_folio_nr_pages");
		return 1L << folio_order(folio);
	}
	return folio->_folio_nr_pages;
}

#endif /* RT_LAYOUT_LEGACY_H */
