// SPDX-License-Identifier: GPL-2.0
/*
 * t-compound.c - a compound page is not a folio: allocation leaves the folio-only
 * fields alone, page_rmappable_folio() sets them up, and using them on a plain
 * compound page is caught.
 */
#include "rt_mm.h"
#include "../../tests/tap.h"

#define NR_PAGES	(16UL << 10)

static bool fired_only(enum rt_check check)
{
	bool ok = rt_check_count(check) > 0 && rt_check_count(check) == rt_check_total();

	if (!ok)
		diag("wanted %s; last report: %s", rt_check_name(check),
		     rt_check_last_report());
	rt_check_reset();
	return ok;
}

/* quiet_after_reset - no check fired since the last reset; resets. */
static bool quiet_after_reset(void)
{
	bool ok = rt_check_total() == 0;

	rt_check_reset();
	return ok;
}

static void t_compound_is_not_folio(unsigned int order)
{
	struct page *page = alloc_pages(__GFP_COMP, order);

	if (!check(page))
		return;
	check_uint(compound_order(page), ==, order);	/* compound geometry is there */
	check_ptr(compound_head(page + (1UL << order) - 1), ==, page);
	check(PageHead(page));
	check(quiet_after_reset());
#ifdef RT_LAYOUT_LEGACY
	{	/* today's code casts; the folio-only fields are garbage */
		struct folio *folio = (struct folio *)page;

		check_uint(folio->_folio_nr_pages, !=, 1U << order);
		folio_nr_pages(folio);
		check(fired_only(RT_CHECK_FOLIO_FIELD));
		folio_mapcount(folio);
		check(fired_only(RT_CHECK_FOLIO_FIELD));
		folio_entire_mapcount(folio);
		check(fired_only(RT_CHECK_FOLIO_FIELD));
		folio_maybe_dma_pinned(folio);
		check(fired_only(RT_CHECK_FOLIO_FIELD));
		folio_nr_pages_mapped(folio);
		check(fired_only(RT_CHECK_FOLIO_FIELD));
		if (order >= 2) {
			folio_deferred_list_empty(folio);
			check(fired_only(RT_CHECK_FOLIO_FIELD));
		}
	}
#else
	/* there is no folio to misuse: the pages say "bare", page_folio() says NULL */
	for (unsigned long i = 0; i < 1UL << order; i++)
		check_ptr(page_folio(page + i), ==, NULL);
	check_int(memdesc_type(page->memdesc), ==, MEMDESC_TYPE_MISC);
	lock_page(page + 1);
	check(fired_only(RT_CHECK_NO_FOLIO));
#endif
	__free_pages(page, order);
}

static void t_rmappable_sets_fields(unsigned int order)
{
	unsigned long free_before = nr_free_pages();
	struct folio *folio = page_rmappable_folio(alloc_pages(__GFP_COMP, order));

	if (!check(folio))
		return;
	check_int(folio_nr_pages(folio), ==, 1L << order);
	check_int(folio_mapcount(folio), ==, 0);
	check_int(folio_entire_mapcount(folio), ==, 0);
	check_int(folio_nr_pages_mapped(folio), ==, 0);
	check(!folio_maybe_dma_pinned(folio));
	check(folio_deferred_list_empty(folio));
	for (unsigned long i = 0; i < 1UL << order; i++)
		check_ptr(page_folio(folio_page(folio, i)), ==, folio);
	check(quiet_after_reset());
	folio_put(folio);
	check_uint(nr_free_pages(), ==, free_before);
}

int main(void)
{
	if (memmap_init(NR_PAGES, 1))
		return 1;
	rt_check_set_mode(RT_CHECK_COUNT);
	note("layout %s", RT_LAYOUT_NAME);
	for (unsigned int order = 1; order <= 4; order++)
		TEST(t_compound_is_not_folio(order),
		     "order-%u compound page: no folio fields, misuse caught", order);
	for (unsigned int order = 0; order <= 4; order++)
		TEST(t_rmappable_sets_fields(order),
		     "order-%u page_rmappable_folio() sets the folio fields", order);
	memmap_release();
	return done_testing();
}
