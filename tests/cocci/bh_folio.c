// SPDX-License-Identifier: GPL-2.0
/*
 * Input of cocci/bh_folio.cocci: bh->b_page where bh->b_folio is meant.
 * Report mode: 15 warnings, one per before form.
 */

struct address_space *bh_mapping(struct buffer_head *bh)
{
	return bh->b_page->mapping;
}

int bh_state(struct buffer_head *bh)
{
	return PageUptodate(bh->b_page) && !PageDirty(bh->b_page) &&
	       bh->b_page->index == 0;
}

struct folio *bh_folio_of(struct buffer_head *bh)
{
	return page_folio(bh->b_page);
}

void bh_lock(struct buffer_head *bh)
{
	get_page(bh->b_page);
	lock_page(bh->b_page);
	unlock_page(bh->b_page);
	put_page(bh->b_page);
}

void bh_attach(struct buffer_head *bh, struct folio *folio)
{
	bh->b_page = &folio->page;
}

void *bh_data(struct buffer_head *bh)
{
	if (!bh->b_page || !trylock_page(bh->b_page))
		return NULL;
	set_page_dirty(bh->b_page);
	return page_address(bh->b_page);
}

void bh_detach(struct buffer_head *bh)
{
	bh->b_page = NULL;
}
