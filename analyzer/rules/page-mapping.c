// SPDX-License-Identifier: GPL-2.0
/*
 * page-mapping.c - page->mapping, and the helpers that read it directly.
 * The mapping moves to struct folio.
 */
#include "../rule.h"

static const struct md_match page_mapping_matches[] = {
	MD_FIELD("page", "mapping"),
	/* page-level helpers that read page->mapping itself, not the folio's */
	MD_CALL("page_mapping"),
	MD_CALL("__PageMovable"),
	MD_CALL("PageMappingFlags"),
	MD_CALL("__SetPageMovable"),
	MD_CALL("__ClearPageMovable"),
	MD_MATCHES_END,
};

static void page_mapping_member(struct md_visit *v, const struct md_rule *self,
				const struct md_member *m)
{
	if (!md_rule_match(self, MD_MATCH_FIELD, m->record, m->field))
		return;
	md_report(v, self, m->cursor, m->field,
		  "page->mapping: mapping moves to struct folio; use folio->mapping");
}

static void page_mapping_call(struct md_visit *v, const struct md_rule *self,
			      const struct md_call *c)
{
	if (!md_rule_match(self, MD_MATCH_CALL, NULL, c->callee))
		return;
	md_report(v, self, c->cursor, c->callee, "%s() uses page->mapping directly", c->callee);
}

const struct md_rule rule_page_mapping = {
	.id = "page-mapping",
	.summary = "page->mapping on struct page, and page_mapping()/__PageMovable()/PageMappingFlags()",
	.description = "The mapping word moves to struct folio; the page-level helpers that read or set page->mapping themselves (movable and mapping flags) need their folio forms.",
	.certainty = MD_CERTAINTY_EXACT,
	.matches = page_mapping_matches,
	.member = page_mapping_member,
	.call = page_mapping_call,
};
