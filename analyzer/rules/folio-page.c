// SPDX-License-Identifier: GPL-2.0
/*
 * folio-page.c - code that relies on a folio overlaying its first page:
 * &folio->page, folio->page.field, offsetof(struct folio, page) and casts
 * between struct folio * and struct page *.  folio_page(), the sanctioned
 * accessor, is not a finding: neither written out nor inside a macro of
 * the file built on it (slab_page()).
 */
#include "../rule.h"

/* The sanctioned accessor; its uses of folio->page are not findings. */
#define FOLIO_PAGE_WRAPPER "folio_page"

static const struct md_match folio_page_matches[] = {
	MD_FIELD("folio", "page"),
	MD_FIELD("folio", "__page_1"),
	MD_FIELD("folio", "__page_2"),
	MD_FIELD("folio", "__page_3"),
	/* the hint is the replacement */
	MD_CAST("page", "folio", "page_folio()"),
	MD_CAST("folio", "page", "folio_page()"),
	MD_MATCHES_END,
};

static void folio_page_member(struct md_visit *v, const struct md_rule *self,
			      const struct md_member *m)
{
	const char *macro;

	if (!md_rule_match(self, MD_MATCH_FIELD, m->record, m->field))
		return;
	macro = md_macro_at(v, m->cursor, m->field);
	if (macro && (md_streq(macro, FOLIO_PAGE_WRAPPER) ||
		      md_macro_wraps(v, m->cursor, m->field, FOLIO_PAGE_WRAPPER)))
		return;
	md_report(v, self, m->cursor, m->field,
		  "folio->%s: a separately allocated folio does not contain its page; use a folio API or folio_page()",
		  m->field);
}

static void folio_page_cast(struct md_visit *v, const struct md_rule *self,
			    const struct md_cast *c)
{
	const struct md_match *match = md_rule_match(self, MD_MATCH_CAST, c->from_record,
						     c->to_record);

	if (!match)
		return;
	md_report(v, self, c->cursor, "", "cast from struct %s * to struct %s *: use %s",
		  c->from_record, c->to_record, match->hint);
}

const struct md_rule rule_folio_page = {
	.id = "folio-page",
	.summary = "&folio->page, folio->page.field and casts between struct folio * and struct page *",
	.description = "A separately allocated folio no longer overlays its first page: &folio->page, folio->page.field, the __page_N overlays, offsetof(struct folio, page) and casts between the two pointer types break. folio_page(), written out or inside a macro built on it, is the sanctioned accessor and not a finding.",
	.certainty = MD_CERTAINTY_EXACT,
	.matches = folio_page_matches,
	.member = folio_page_member,
	.cast = folio_page_cast,
};
