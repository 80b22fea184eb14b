// SPDX-License-Identifier: GPL-2.0
/*
 * page-index.c - page->index (and the later spelling __folio_index) on
 * struct page.  The 16-byte page has no index word: the page cache offset
 * is folio->index, other users (zsmalloc, fsdax share) need their own
 * memdesc.  folio->index and ptdesc->pt_index are not findings.
 */
#include "../rule.h"

static const struct md_match page_index_matches[] = {
	MD_FIELD("page", "index"),
	MD_FIELD("page", "__folio_index"),
	MD_MATCHES_END,
};

static void page_index_member(struct md_visit *v, const struct md_rule *self,
			      const struct md_member *m)
{
	if (!md_rule_match(self, MD_MATCH_FIELD, m->record, m->field))
		return;
	md_report(v, self, m->cursor, m->field,
		  "page->%s: the 16-byte page drops the index word; use folio->index (or folio_pgoff()/page_pgoff()) for page-cache and anon folios",
		  m->field);
}

const struct md_rule rule_page_index = {
	.id = "page-index",
	.summary = "page->index (and __folio_index) on struct page",
	.description = "The 16-byte struct page drops the index word; page-cache and anon users have folio->index, the others (zsmalloc links, fsdax share) need their own memdesc. folio->index and ptdesc->pt_index are not findings.",
	.certainty = MD_CERTAINTY_EXACT,
	.advisory = 1,
	.matches = page_index_matches,
	.member = page_index_member,
};
