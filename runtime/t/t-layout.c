// SPDX-License-Identifier: GPL-2.0
/*
 * t-layout.c - the layout facts that static_assert cannot show: sizes per layout,
 * the memdesc tag space, and the overlays seen on live pages.
 */
#include "rt_mm.h"
#include "../../tests/tap.h"

#define NR_PAGES	(16UL << 10)

static void t_sizes(void)
{
	check_uint(sizeof(struct page), ==, RT_PAGE16 ? 16 : RT_MEMDESC ? 32 : 64);
	check_uint(memmap_alignment(), ==, sizeof(struct page) << RT_MAX_ORDER);
	check_uint(sizeof(struct page) & (sizeof(struct page) - 1), ==, 0);	/* power of two */
#if !RT_MEMDESC
	check_uint(sizeof(struct folio), ==, 3 * sizeof(struct page));
#else
	check_uint(sizeof(struct folio) % MEMDESC_ALIGN, ==, 0);
#endif
}

static void t_overlays_on_live_pages(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 3);
	struct page *head = folio_page(folio, 0);

#ifdef RT_LAYOUT_LEGACY
	/* one memory, two names: what every &folio->page cast relies on */
	check_ptr(&folio->lru, ==, &head->lru);
	check_ptr(&folio->flags, ==, &head->flags);
	check_ptr(&folio->_flags_1, ==, &head[1].flags);
	check_uint(head[5].compound_info, ==, ~((sizeof(struct page) << 3) - 1) | 1);
	check_uint(head[5].compound_info, ==, head[1].compound_info);	/* tails alike */
#else
	/* every page of the folio holds the same word: the folio, tagged */
	for (int i = 0; i < 8; i++)
		check_uint(head[i].memdesc, ==, (unsigned long)folio | MEMDESC_TYPE_FOLIO);
	check_ptr(folio_page(folio, 5), ==, head + 5);
#endif
	folio_put(folio);
}

static void t_tag_space(void)
{
#if RT_MEMDESC
	unsigned int tags = 0;
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	for (unsigned long t = 0; t <= MEMDESC_TYPE_MASK; t++) {
		tags += MEMDESC_TAG_OK(t);
		/* a 4-byte-aligned pointer's low bits are 0, 4, 8 or 12: never a tag */
		if (t % 4 == 0)
			check_int(memdesc_type(0x1000 | t), ==, MEMDESC_TYPE_FREE);
	}
	check_uint(tags, ==, 12);
	check_int(memdesc_type(page->memdesc), ==, MEMDESC_TYPE_MISC);
	__free_pages(page, 0);
	check_int(memdesc_type(page->memdesc), ==, MEMDESC_TYPE_FREE);
#else
	check_uint(offsetof(struct page, compound_info) % sizeof(long), ==, 0);
	skip("no memdesc tags in the legacy layout");
#endif
}

int main(void)
{
	if (memmap_init(NR_PAGES, 1))
		return 1;
	rt_check_set_mode(RT_CHECK_COUNT);
	note("layout %s", RT_LAYOUT_NAME);
	TEST(t_sizes(), "struct page is %zu bytes, a power of two", sizeof(struct page));
	TEST(t_overlays_on_live_pages(), "overlays seen on a live folio");
	TEST(t_tag_space(), "12 type tags, none a list pointer's low bits");
	memmap_release();
	return done_testing();
}
