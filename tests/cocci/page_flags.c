// SPDX-License-Identifier: GPL-2.0
/*
 * Input of cocci/page_flags.cocci: page-flag accessors on a page a
 * page-cache lookup returned are rewritten; on any other page, or once the
 * variable holds another page, they are not.
 * Report mode: 12 warnings, one per before form.
 */

int lookup(struct address_space *mapping, pgoff_t index, struct page *other)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return PageDirty(other);
	if (PageLocked(page) || PageWriteback(page))
		return -EBUSY;
	if (!PageUptodate(page) && PageLRU(page))
		SetPageDirty(page);
	page = other;
	return PageReferenced(page);
}

int locked(struct address_space *mapping, pgoff_t index)
{
	struct page *page;

	page = find_lock_page(mapping, index);
	if (!page)
		return 0;
	ClearPageActive(page);
	return PageDirty(page) + PageReferenced(page);
}

/* A page from elsewhere: reported only. */
int other(struct page *page)
{
	return PageDirty(page);
}

/* A page from a lookup on one path only: not rewritten. */
int mixed(struct address_space *mapping, pgoff_t index, struct page *other)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		page = other;
	return PageDirty(page);
}
