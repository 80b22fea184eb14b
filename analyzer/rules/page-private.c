// SPDX-License-Identifier: GPL-2.0
/*
 * page-private.c - page->private, page_private() (a macro over it) and
 * set_page_private() on struct page.  The 16-byte page keeps private for
 * the buddy allocator only (the order of a free page); everyone else must
 * stop using it: folio->private / folio_get_private(), or a memdesc of
 * their own.  The buddy allocator's own uses (mm/page_alloc.c, and
 * mm/internal.h where buddy_order() and set_buddy_order() live) are
 * reported with the class "buddy", so they can be told apart.
 */
#include <string.h>

#include "../rule.h"

static const struct md_match page_private_matches[] = {
	MD_FIELD("page", "private"),
	MD_CALL("set_page_private"),
	MD_MATCHES_END,
};

/*
 * Macros that reach page->private without spelling it: page_private()
 * and the buddy order helpers of mm/internal.h built on it.
 */
static const char *const page_private_hidden[] = {
	"\\b(page_private|buddy_order|buddy_order_unsafe)\\s*\\(",
	NULL,
};

/*
 * is_buddy - @cursor is the buddy allocator's: in mm/page_alloc.c, or
 * through the buddy order helpers of mm/internal.h.
 */
static int is_buddy(struct md_visit *v, CXCursor cursor, const char *token)
{
	const char *path = md_file_of(v, cursor), *macro;

	if (path && (!strcmp(path, "mm/page_alloc.c") || !strcmp(path, "mm/internal.h")))
		return 1;
	macro = md_macro_at(v, cursor, token);
	return macro && (!strcmp(macro, "buddy_order") || !strcmp(macro, "buddy_order_unsafe") ||
			 !strcmp(macro, "set_buddy_order"));
}

static void report_private(struct md_visit *v, const struct md_rule *self, CXCursor cursor,
			   const char *token, const char *what)
{
	int buddy = is_buddy(v, cursor, token);

	md_report_class(v, self, cursor, token, buddy ? "buddy" : NULL,
			buddy ? "%s: the buddy allocator's own use of page->private, which stays in the 16-byte page"
			      : "%s: the 16-byte page leaves private to the buddy allocator; use folio->private (folio_get_private()/folio_attach_private()) or a memdesc of its own",
			what);
}

static void page_private_member(struct md_visit *v, const struct md_rule *self,
				const struct md_member *m)
{
	if (!md_rule_match(self, MD_MATCH_FIELD, m->record, m->field))
		return;
	report_private(v, self, m->cursor, m->field, "page->private");
}

static void page_private_call(struct md_visit *v, const struct md_rule *self,
			      const struct md_call *c)
{
	if (!md_rule_match(self, MD_MATCH_CALL, NULL, c->callee))
		return;
	report_private(v, self, c->cursor, c->callee, "set_page_private()");
}

const struct md_rule rule_page_private = {
	.id = "page-private",
	.summary = "page->private, page_private() and set_page_private() on struct page (class buddy in the buddy allocator)",
	.description = "The 16-byte struct page keeps private for the buddy allocator alone; drivers and filesystems that keep data in page->private must move it (folio->private, or a memdesc of their own). The buddy allocator's own uses (mm/page_alloc.c, mm/internal.h) are reported with the class buddy.",
	.certainty = MD_CERTAINTY_EXACT,
	.advisory = 1,
	.matches = page_private_matches,
	.hidden = page_private_hidden,
	.member = page_private_member,
	.call = page_private_call,
};
