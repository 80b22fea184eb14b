// SPDX-License-Identifier: GPL-2.0
/*
 * folio-page.c - code that relies on a folio overlaying its first page:
 * &folio->page, folio->page.field, offsetof(struct folio, page) and casts
 * between struct folio * and struct page *.  folio_page(), the sanctioned
 * accessor, is not a finding.
 */
#include "../rule.h"

const struct md_rule rule_folio_page;

static int is_page_overlay(const char *field)
{
	return md_streq(field, "page") || md_streq(field, "__page_1") ||
	       md_streq(field, "__page_2") || md_streq(field, "__page_3");
}

static void folio_page_member(struct md_visit *v, const struct md_member *m)
{
	const char *macro;

	if (!md_streq(m->record, "folio") || !is_page_overlay(m->field))
		return;
	macro = md_macro_at(v, m->cursor, m->field);
	if (macro && (md_streq(macro, "folio_page") ||
		      md_macro_wraps(v, m->cursor, m->field, "folio_page")))
		return;
	md_report(v, &rule_folio_page, m->cursor, m->field,
		  "folio->%s: a separately allocated folio does not contain its page; use a folio API or folio_page()",
		  m->field);
}

static void folio_page_cast(struct md_visit *v, const struct md_cast *c)
{
	int page_to_folio = md_streq(c->from_record, "page") && md_streq(c->to_record, "folio");
	int folio_to_page = md_streq(c->from_record, "folio") && md_streq(c->to_record, "page");

	if (!page_to_folio && !folio_to_page)
		return;
	md_report(v, &rule_folio_page, c->cursor, "",
		  "cast from struct %s * to struct %s *: use %s", c->from_record, c->to_record,
		  page_to_folio ? "page_folio()" : "folio_page()");
}

const struct md_rule rule_folio_page = {
	.id = "folio-page",
	.summary = "&folio->page, folio->page.field and casts between struct folio * and struct page *",
	.member = folio_page_member,
	.cast = folio_page_cast,
};
