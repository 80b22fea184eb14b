// SPDX-License-Identifier: GPL-2.0
/*
 * page-lru.c - page->lru and its union siblings.  The lru words move to
 * struct folio; buddy_list and pcp_list, which stay in the 32-byte page,
 * are not findings.
 */
#include "../rule.h"

static const struct md_match page_lru_matches[] = {
	MD_FIELD("page", "lru"),
	MD_FIELD("page", "__filler"),
	MD_FIELD("page", "mlock_count"),
	/* helpers that read or write page->lru.next (the pfmemalloc bit) */
	MD_CALL("page_is_pfmemalloc"),
	MD_CALL("set_page_pfmemalloc"),
	MD_CALL("clear_page_pfmemalloc"),
	MD_MATCHES_END,
};

/*
 * The member argument of list_for_each_entry(page, head, lru) and of
 * container_of(), also alone at the start of a continuation line.
 */
static const char *const page_lru_tokens[] = {
	"(?:,|^)\\s*(lru)\\s*\\)",
	NULL,
};

static void page_lru_member(struct md_visit *v, const struct md_rule *self,
			    const struct md_member *m)
{
	if (!md_rule_match(self, MD_MATCH_FIELD, m->record, m->field))
		return;
	md_report(v, self, m->cursor, m->field,
		  "page->%s: the lru words leave struct page; use folio->%s, or buddy_list/pcp_list for free pages",
		  m->field, m->field);
}

static void page_lru_call(struct md_visit *v, const struct md_rule *self,
			  const struct md_call *c)
{
	if (!md_rule_match(self, MD_MATCH_CALL, NULL, c->callee))
		return;
	md_report(v, self, c->cursor, c->callee,
		  "%s() keeps its flag in page->lru.next; use the folio form", c->callee);
}

const struct md_rule rule_page_lru = {
	.id = "page-lru",
	.summary = "page->lru (and __filler, mlock_count) on struct page, including list iterators and container_of()",
	.description = "The lru list_head (and the __filler/mlock_count words that share it) moves from struct page to struct folio; page_is_pfmemalloc() and its setters keep a flag in page->lru.next. buddy_list and pcp_list stay in the 32-byte page and are not findings.",
	.certainty = MD_CERTAINTY_EXACT,
	.matches = page_lru_matches,
	.tokens = page_lru_tokens,
	.member = page_lru_member,
	.call = page_lru_call,
};
