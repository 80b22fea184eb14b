// SPDX-License-Identifier: GPL-2.0
/*
 * Input of cocci/folio_page.cocci: &folio->page passed to the page API.
 * Report mode: 31 warnings, one per before form.
 */

void unlock(struct folio *folio)
{
	unlock_page(&folio->page);
	get_page(&folio->page);
}

int dirty(struct folio *folio)
{
	return PageDirty(&folio->page) && page_to_nid(&folio->page) == 0;
}

unsigned long pfn(struct folio *folio)
{
	return page_to_pfn(&folio->page);
}

struct address_space *mapping(struct folio *folio)
{
	return (&folio->page)->mapping;
}

void lru(struct folio *folio, struct list_head *list)
{
	list_add(&(&folio->page)->lru, list);
}

int flags(struct folio *folio)
{
	lock_page(&folio->page);
	if (!trylock_page(&folio->page))
		return PageLocked(&folio->page) + PageUptodate(&folio->page) +
		       PageWriteback(&folio->page) + PageLRU(&folio->page) +
		       PageReferenced(&folio->page);
	SetPageDirty(&folio->page);
	ClearPageActive(&folio->page);
	put_page(&folio->page);
	return page_folio(&folio->page) == folio;
}

pgoff_t fields(struct folio *folio, struct list_head *list)
{
	struct address_space *m = folio_page(folio, 0)->mapping;

	list_move(&folio_page(folio, 0)->lru, list);
	return (&folio->page)->index + folio_page(folio, 0)->index + !m;
}

void *data(struct folio *folio, struct address_space **m)
{
	*m = page_mapping(&folio->page);
	if (set_page_dirty(&folio->page))
		return page_address(&folio->page);
	return kmap_local_page(&folio->page) + page_size(&folio->page) +
	       compound_order(&folio->page) + page_shift(&folio->page);
}

/* No exact folio API: the spelling changes, the call stays. */
void flush(struct folio *folio)
{
	flush_dcache_page(&folio->page);
	block_commit_write(&folio->page, 0, PAGE_SIZE);
}
