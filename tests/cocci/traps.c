// SPDX-License-Identifier: GPL-2.0
/*
 * Traps of domain.md section 2 that no semantic patch of cocci/ may rewrite
 * in patch mode: every cocci/*.cocci runs on this file and leaves it as is.
 */

/*
 * Return conventions (NULL vs ERR_PTR, 0 vs true on success) and per-page
 * flags on a page-cache page.
 */
int lookup(struct address_space *mapping, pgoff_t index)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return -ENOENT;
	if (PageHWPoison(page) || PageAnonExclusive(page))
		return -EIO;
	if (isolate_lru_page(page))
		return -EBUSY;
	put_page(page);
	return 0;
}

/* Per-page flags: the folio accessor reads the first page's bit only. */
int per_page(struct page *page)
{
	SetPageHWPoison(page);
	return PageHWPoison(page) + PageAnonExclusive(page) + PageReserved(page) +
	       PageHead(page) + PagePrivate(page);
}

/* Tail pages: a page-flag test, ->index and ->mapping of any page. */
pgoff_t tail(struct page *page)
{
	if (PageDirty(page) && page->mapping)
		return page->index + page_to_pfn(page);
	return (pgoff_t)kmap_local_page(page);
}

/* Large folios: the size of one page is not the size of its folio. */
size_t sizes(struct page *page)
{
	return page_size(page) + compound_order(page) + page_mapcount(page);
}

/* Not folio_set_dirty(): set_page_dirty() also accounts. */
bool dirty(struct page *page)
{
	return set_page_dirty(page);
}

/* Two heads compared, a head kept as a page: human decisions. */
bool same(struct page *a, struct page *b)
{
	struct page *head = compound_head(a);

	return head == compound_head(b);
}

/* bh->b_page forms without an exact b_folio equivalent. */
void *bh_map(struct buffer_head *bh)
{
	flush_dcache_page(bh->b_page);
	return kmap_local_page(bh->b_page) + bh_offset(bh);
}
