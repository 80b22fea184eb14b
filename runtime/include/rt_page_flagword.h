/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt_page_flagword.h - page-level flags, zone and node in the page's own
 * flags word: the accessors of every layout whose struct page keeps one
 * (legacy and the 32-byte memdesc page; page16 has no flags word).
 *
 * Included by a layout header after its struct page; do not include directly.
 */
#ifndef RT_PAGE_FLAGWORD_H
#define RT_PAGE_FLAGWORD_H

/* page_placement - zone and node bits of @page, in the RT_NODE/ZONE_SHIFT positions. */
static __always_inline unsigned long page_placement(const struct page *page)
{
	return page->flags & RT_FLAGS_PLACEMENT;
}

/* page_flag_get / page_flag_put - a page-level flag bit of @page itself. */
static __always_inline bool page_flag_get(const struct page *page, enum pageflags flag)
{
	return page->flags & BIT(flag);
}

static __always_inline void page_flag_put(struct page *page, enum pageflags flag, bool on)
{
	if (on)
		page->flags |= BIT(flag);
	else
		page->flags &= ~BIT(flag);
}

#endif /* RT_PAGE_FLAGWORD_H */
