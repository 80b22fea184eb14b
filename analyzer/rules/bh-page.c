// SPDX-License-Identifier: GPL-2.0
/* bh-page.c - buffer_head->b_page: every use has an exact b_folio form. */
#include "../rule.h"

static const struct md_match bh_page_matches[] = {
	MD_FIELD("buffer_head", "b_page"),
	MD_MATCHES_END,
};

static void bh_page_member(struct md_visit *v, const struct md_rule *self,
			   const struct md_member *m)
{
	if (!md_rule_match(self, MD_MATCH_FIELD, m->record, m->field))
		return;
	md_report(v, self, m->cursor, m->field, "bh->b_page: use bh->b_folio and the folio API");
}

const struct md_rule rule_bh_page = {
	.id = "bh-page",
	.summary = "bh->b_page on struct buffer_head",
	.description = "struct buffer_head's b_page is the page overlay of b_folio; every use has an exact b_folio form.",
	.certainty = MD_CERTAINTY_EXACT,
	.matches = bh_page_matches,
	.member = bh_page_member,
};
