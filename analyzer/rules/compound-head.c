// SPDX-License-Identifier: GPL-2.0
/*
 * compound-head.c - compound_head() and its relatives.  Once folios and
 * slabs are separately allocated, compound_head() of one of their pages is
 * a BUG; page_folio(), which also calls _compound_head(), is the
 * replacement and not a finding.
 */
#include "../rule.h"

const struct md_rule rule_compound_head;

/* Callers of _compound_head() that are the sanctioned folio API. */
static int is_sanctioned_wrapper(const char *macro)
{
	return macro && md_streq(macro, "page_folio");
}

struct head_helper {
	const char *name;
	const char *advice;
};

static const struct head_helper head_helpers[] = {
	{ "virt_to_head_page", "use virt_to_folio() (or virt_to_slab() for slab objects)" },
	{ "try_get_page", "use folio_try_get(page_folio())" },
	{ "page_to_pgoff", "use folio->index + folio_page_idx()" },
};

static void compound_head_call(struct md_visit *v, const struct md_call *c)
{
	unsigned int i;

	if (md_streq(c->callee, "_compound_head")) {
		if (is_sanctioned_wrapper(md_macro_at(v, c->cursor, c->callee)))
			return;
		md_report(v, &rule_compound_head, c->cursor, c->callee,
			  "compound_head() of a page that belongs to a folio or slab will BUG; use page_folio()");
		return;
	}
	for (i = 0; i < sizeof(head_helpers) / sizeof(head_helpers[0]); i++) {
		if (md_streq(c->callee, head_helpers[i].name)) {
			md_report(v, &rule_compound_head, c->cursor, c->callee,
				  "%s() calls compound_head(); %s", c->callee,
				  head_helpers[i].advice);
			return;
		}
	}
}

static void compound_head_member(struct md_visit *v, const struct md_member *m)
{
	if (!md_streq(m->record, "page"))
		return;
	if (!md_streq(m->field, "compound_head") && !md_streq(m->field, "compound_info"))
		return;
	md_report(v, &rule_compound_head, m->cursor, m->field,
		  "page->%s: the word becomes the memdesc pointer; use page_folio()", m->field);
}

const struct md_rule rule_compound_head = {
	.id = "compound-head",
	.summary = "compound_head(), virt_to_head_page(), try_get_page(), page_to_pgoff() and page->compound_head",
	.call = compound_head_call,
	.member = compound_head_member,
};
