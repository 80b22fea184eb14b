// SPDX-License-Identifier: GPL-2.0
/*
 * Input of cocci/folio_page.cocci: &folio->page given to page functions
 * that have no exact folio equivalent keeps the call, only the spelling of
 * the first page changes (per-page flags, per-page counts, callees without
 * a folio variant, put_page() whose ZONE_DEVICE path folio_put() lacks).
 */

int per_page(struct folio *folio)
{
	return PageHWPoison(&folio->page) + PageAnonExclusive(&folio->page) +
	       page_mapcount(&folio->page);
}

void put(struct folio *folio)
{
	put_page(&folio->page);
}

bool head(struct folio *folio, struct page *page)
{
	return page == &folio->page;
}
