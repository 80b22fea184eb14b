// SPDX-License-Identifier: GPL-2.0
/*
 * Input of cocci/compound_head.cocci: compound_head() used for a folio.
 * Report mode: 6 warnings, one per before form.
 */

size_t size(struct page *page)
{
	return page_size(compound_head(page)) + compound_order(compound_head(page)) +
	       page_shift(compound_head(page));
}

struct folio *folio_of(struct page *page)
{
	struct folio *a = page_folio(compound_head(page));
	struct folio *b = (struct folio *)compound_head(page);

	return a == b ? a : NULL;
}

/* A head page kept as a page: reported, not rewritten (the type changes). */
struct page *head(struct page *page)
{
	return compound_head(page);
}
