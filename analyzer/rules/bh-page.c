// SPDX-License-Identifier: GPL-2.0
/* bh-page.c - buffer_head->b_page: every use has an exact b_folio form. */
#include "../rule.h"

const struct md_rule rule_bh_page;

static void bh_page_member(struct md_visit *v, const struct md_member *m)
{
	if (!md_streq(m->record, "buffer_head") || !md_streq(m->field, "b_page"))
		return;
	md_report(v, &rule_bh_page, m->cursor, m->field,
		  "bh->b_page: use bh->b_folio and the folio API");
}

const struct md_rule rule_bh_page = {
	.id = "bh-page",
	.summary = "bh->b_page on struct buffer_head",
	.member = bh_page_member,
};
