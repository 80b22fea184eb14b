// SPDX-License-Identifier: GPL-2.0
/*
 * page-pool.c - the page_pool words of struct page: pp_magic, pp, dma_addr,
 * pp_ref_count (6.1: pp_frag_count, dma_addr_upper).  The page_pool bump
 * allocator must move out of struct page, as slab and ptdesc did.  The
 * page_pool/netmem core (net/core/page_pool*.c, include/net/page_pool/,
 * include/net/netmem.h) is where the new descriptor will live: its uses
 * are reported with the class "core-wrapper", as the page/folio bridging
 * layer is.  struct net_iov mirrors the same names and is not a finding.
 */
#include <string.h>

#include "../rule.h"

static const struct md_match page_pool_matches[] = {
	MD_FIELD("page", "pp_magic"),
	MD_FIELD("page", "pp"),
	MD_FIELD("page", "dma_addr"),
	MD_FIELD("page", "pp_ref_count"),
	MD_FIELD("page", "pp_frag_count"),
	MD_FIELD("page", "dma_addr_upper"),
	MD_MATCHES_END,
};

/* is_pool_core - @path is the page_pool/netmem core itself. */
static int is_pool_core(const char *path)
{
	return path && (!strncmp(path, "net/core/page_pool", 18) ||
			!strncmp(path, "include/net/page_pool/", 22) ||
			!strcmp(path, "include/net/netmem.h"));
}

static void page_pool_member(struct md_visit *v, const struct md_rule *self,
			     const struct md_member *m)
{
	if (!md_rule_match(self, MD_MATCH_FIELD, m->record, m->field))
		return;
	md_report_class(v, self, m->cursor, m->field,
			is_pool_core(md_file_of(v, m->cursor)) ? "core-wrapper" : NULL,
			"page->%s: the page_pool words leave struct page; use the page_pool/netmem API (netmem_ref, page_pool_get_dma_addr(), ...)",
			m->field);
}

const struct md_rule rule_page_pool = {
	.id = "page-pool",
	.summary = "page->pp, pp_magic, dma_addr, pp_ref_count (6.1: pp_frag_count, dma_addr_upper) on struct page",
	.description = "The page_pool bump allocator keeps its state in struct page's lru/mapping/index/private words; it must move to its own memdesc, as slab and ptdesc did. Uses inside the page_pool/netmem core (net/core/page_pool*.c, include/net/page_pool/, include/net/netmem.h) are class core-wrapper; struct net_iov's fields of the same names are not findings.",
	.certainty = MD_CERTAINTY_EXACT,
	.advisory = 1,
	.matches = page_pool_matches,
	.member = page_pool_member,
};
