// SPDX-License-Identifier: GPL-2.0
/*
 * page-mapping.c - page->mapping, and the helpers that read it directly.
 * The mapping moves to struct folio.
 */
#include "../rule.h"

const struct md_rule rule_page_mapping;

static void page_mapping_member(struct md_visit *v, const struct md_member *m)
{
	if (!md_streq(m->record, "page") || !md_streq(m->field, "mapping"))
		return;
	md_report(v, &rule_page_mapping, m->cursor, m->field,
		  "page->mapping: mapping moves to struct folio; use folio->mapping");
}

/* Page-level helpers that read page->mapping itself, not the folio's. */
static const char *const mapping_readers[] = {
	"page_mapping", "__PageMovable", "PageMappingFlags",
	"__SetPageMovable", "__ClearPageMovable",
};

static void page_mapping_call(struct md_visit *v, const struct md_call *c)
{
	unsigned int i;

	for (i = 0; i < sizeof(mapping_readers) / sizeof(mapping_readers[0]); i++) {
		if (md_streq(c->callee, mapping_readers[i])) {
			md_report(v, &rule_page_mapping, c->cursor, c->callee,
				  "%s() uses page->mapping directly", c->callee);
			return;
		}
	}
}

const struct md_rule rule_page_mapping = {
	.id = "page-mapping",
	.summary = "page->mapping on struct page, and page_mapping()/__PageMovable()/PageMappingFlags()",
	.member = page_mapping_member,
	.call = page_mapping_call,
};
