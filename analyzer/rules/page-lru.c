// SPDX-License-Identifier: GPL-2.0
/*
 * page-lru.c - page->lru and its union siblings.  The lru words move to
 * struct folio; buddy_list and pcp_list, which stay in the 32-byte page,
 * are not findings.
 */
#include "../rule.h"

const struct md_rule rule_page_lru;

static int is_lru_word(const char *field)
{
	return md_streq(field, "lru") || md_streq(field, "__filler") ||
	       md_streq(field, "mlock_count");
}

static void page_lru_member(struct md_visit *v, const struct md_member *m)
{
	if (!md_streq(m->record, "page") || !is_lru_word(m->field))
		return;
	md_report(v, &rule_page_lru, m->cursor, m->field,
		  "page->%s: the lru words leave struct page; use folio->%s, or buddy_list/pcp_list for free pages",
		  m->field, m->field);
}

/* Helpers that read or write page->lru.next (the pfmemalloc bit). */
static const char *const lru_helpers[] = {
	"page_is_pfmemalloc", "set_page_pfmemalloc", "clear_page_pfmemalloc",
};

static void page_lru_call(struct md_visit *v, const struct md_call *c)
{
	unsigned int i;

	for (i = 0; i < sizeof(lru_helpers) / sizeof(lru_helpers[0]); i++) {
		if (md_streq(c->callee, lru_helpers[i])) {
			md_report(v, &rule_page_lru, c->cursor, c->callee,
				  "%s() keeps its flag in page->lru.next; use the folio form",
				  c->callee);
			return;
		}
	}
}

const struct md_rule rule_page_lru = {
	.id = "page-lru",
	.summary = "page->lru (and __filler, mlock_count) on struct page, including list iterators and container_of()",
	.member = page_lru_member,
	.call = page_lru_call,
};
