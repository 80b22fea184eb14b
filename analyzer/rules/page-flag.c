// SPDX-License-Identifier: GPL-2.0
/*
 * page-flag.c - page-level accessors of the page flags the plan keeps only
 * in the folio (PG_dirty, PG_lru, ... and the aliases of PG_owner_priv_1,
 * PG_owner_2 and PG_reclaim as the 6.12 tree spells them) or drops (PG_head,
 * PG_private, PG_private_2), and raw bit operations on page->flags with
 * those bits: test_bit(PG_dirty, &page->flags).  The page-level flags that
 * stay (HWPoison, Reserved, AnonExclusive) are not findings.
 *
 * compound-head reports the PF_HEAD/PF_NO_TAIL accessors too, for the
 * compound_head() they hide; this rule is about where the bit lives
 * tomorrow, so the same call may carry both findings.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../rule.h"

/* hint: "folio" (the bit stays in the folio) or "gone" (the flag goes away) */
#define FLAG_OPS(name, home)                                                 \
	MD_CALL_HINT("Page" name, home), MD_CALL_HINT("SetPage" name, home), \
	MD_CALL_HINT("ClearPage" name, home),                                \
	MD_CALL_HINT("TestSetPage" name, home),                              \
	MD_CALL_HINT("TestClearPage" name, home),                            \
	MD_CALL_HINT("__SetPage" name, home),                                \
	MD_CALL_HINT("__ClearPage" name, home)

/* the raw bit operations a PG_ bit of page->flags may be given to */
#define BITOP(fn) MD_CALL_SOURCE(fn)

static const struct md_match page_flag_matches[] = {
	FLAG_OPS("Locked", "folio"),
	FLAG_OPS("Waiters", "folio"),
	FLAG_OPS("Writeback", "folio"),
	FLAG_OPS("Referenced", "folio"),
	FLAG_OPS("Uptodate", "folio"),
	FLAG_OPS("Dirty", "folio"),
	FLAG_OPS("LRU", "folio"),
	FLAG_OPS("Active", "folio"),
	FLAG_OPS("Workingset", "folio"),
	/* PG_owner_priv_1 and its aliases */
	FLAG_OPS("OwnerPriv1", "folio"),
	FLAG_OPS("Checked", "folio"),
	FLAG_OPS("SwapCache", "folio"),
	FLAG_OPS("Pinned", "folio"),
	FLAG_OPS("SavePinned", "folio"),
	FLAG_OPS("Foreign", "folio"),
	FLAG_OPS("XenRemapped", "folio"),
	FLAG_OPS("VmemmapSelfHosted", "folio"),
	/* PG_owner_2 and its alias mappedtodisk (not anon_exclusive, which stays) */
	FLAG_OPS("Owner2", "folio"),
	FLAG_OPS("MappedToDisk", "folio"),
	/* PG_reclaim and its aliases */
	FLAG_OPS("Reclaim", "folio"),
	FLAG_OPS("Readahead", "folio"),
	FLAG_OPS("Isolated", "folio"),
	FLAG_OPS("SwapBacked", "folio"),
	FLAG_OPS("Unevictable", "folio"),
	FLAG_OPS("Dropbehind", "folio"),
	FLAG_OPS("Mlocked", "folio"),
	FLAG_OPS("Young", "folio"),
	FLAG_OPS("Idle", "folio"),
	FLAG_OPS("Error", "folio"),
	/* flags that go away */
	FLAG_OPS("Head", "gone"),
	FLAG_OPS("Private", "gone"),
	FLAG_OPS("Private2", "gone"),
	FLAG_OPS("Fscache", "gone"),
	BITOP("test_bit"), BITOP("_test_bit"), BITOP("const_test_bit"),
	BITOP("test_bit_acquire"), BITOP("_test_bit_acquire"), BITOP("const_test_bit_acquire"),
	BITOP("set_bit"), BITOP("clear_bit"), BITOP("change_bit"),
	BITOP("test_and_set_bit"), BITOP("test_and_clear_bit"), BITOP("test_and_change_bit"),
	BITOP("test_and_set_bit_lock"), BITOP("clear_bit_unlock"), BITOP("__clear_bit_unlock"),
	BITOP("__set_bit"), BITOP("__clear_bit"), BITOP("__change_bit"),
	BITOP("__test_and_set_bit"), BITOP("__test_and_clear_bit"),
	BITOP("___set_bit"), BITOP("___clear_bit"), BITOP("___change_bit"),
	BITOP("___test_and_set_bit"), BITOP("___test_and_clear_bit"),
	BITOP("const___set_bit"), BITOP("const___clear_bit"), BITOP("const___change_bit"),
	BITOP("const___test_and_set_bit"), BITOP("const___test_and_clear_bit"),
	MD_MATCHES_END,
};

/* A raw bit operation shows the bit: an enumerator PG_x of a page's flags. */
static const char *const page_flag_hidden[] = {
	"\\b(PG_\\w+)\\b",
	NULL,
};

/* The PG_ bits of the folio-only and the vanishing flags, as enumerators. */
static const struct {
	const char *bit, *home;
} bits[] = {
	{ "PG_locked", "folio" }, { "PG_waiters", "folio" }, { "PG_writeback", "folio" },
	{ "PG_referenced", "folio" }, { "PG_uptodate", "folio" }, { "PG_dirty", "folio" },
	{ "PG_lru", "folio" }, { "PG_active", "folio" }, { "PG_workingset", "folio" },
	{ "PG_owner_priv_1", "folio" }, { "PG_checked", "folio" }, { "PG_swapcache", "folio" },
	{ "PG_pinned", "folio" }, { "PG_savepinned", "folio" }, { "PG_foreign", "folio" },
	{ "PG_xen_remapped", "folio" }, { "PG_vmemmap_self_hosted", "folio" },
	{ "PG_owner_2", "folio" }, { "PG_mappedtodisk", "folio" },
	{ "PG_reclaim", "folio" }, { "PG_readahead", "folio" }, { "PG_isolated", "folio" },
	{ "PG_swapbacked", "folio" }, { "PG_unevictable", "folio" }, { "PG_dropbehind", "folio" },
	{ "PG_mlocked", "folio" }, { "PG_young", "folio" }, { "PG_idle", "folio" },
	{ "PG_error", "folio" },
	{ "PG_head", "gone" }, { "PG_private", "gone" }, { "PG_private_2", "gone" },
	{ "PG_fscache", "gone" },
};

static const char *bit_home(const char *bit)
{
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (md_streq(bits[i].bit, bit))
			return bits[i].home;
	}
	return NULL;
}

struct ref_search {
	enum CXCursorKind kind;
	const char *prefix; /* name prefix of the referenced declaration */
	const char *record; /* record declaring the field, for MemberRefExpr */
	CXCursor found;
};

static enum CXChildVisitResult find_ref(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ref_search *s = data;
	CXCursor ref;
	CXString name, rec;
	int hit;

	(void)parent;
	if (clang_getCursorKind(c) != (s->kind == CXCursor_FieldDecl ? CXCursor_MemberRefExpr
								     : CXCursor_DeclRefExpr))
		return CXChildVisit_Recurse;
	ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) != s->kind)
		return CXChildVisit_Recurse;
	name = clang_getCursorSpelling(ref);
	hit = !strncmp(clang_getCString(name), s->prefix, strlen(s->prefix));
	if (hit && s->record) {
		rec = clang_getCursorSpelling(clang_getCursorSemanticParent(ref));
		hit = md_streq(clang_getCString(rec), s->record);
		clang_disposeString(rec);
	}
	clang_disposeString(name);
	if (!hit)
		return CXChildVisit_Recurse;
	s->found = c;
	return CXChildVisit_Break;
}

/* find - the first reference of @kind to a name starting @prefix in @e (or @e). */
static CXCursor find(CXCursor e, enum CXCursorKind kind, const char *prefix, const char *record)
{
	struct ref_search s = { kind, prefix, record, clang_getNullCursor() };

	if (find_ref(e, clang_getNullCursor(), &s) == CXChildVisit_Break)
		return s.found;
	clang_visitChildren(e, find_ref, &s);
	return s.found;
}

static void report_bitop(struct md_visit *v, const struct md_rule *self,
			 const struct md_call *c)
{
	CXCursor bit, flags;
	const char *home;
	CXString name;

	if (clang_Cursor_getNumArguments(c->cursor) < 2)
		return;
	flags = find(clang_Cursor_getArgument(c->cursor, 1), CXCursor_FieldDecl, "flags", "page");
	if (clang_Cursor_isNull(flags))
		return;
	bit = find(clang_Cursor_getArgument(c->cursor, 0), CXCursor_EnumConstantDecl, "PG_", NULL);
	if (clang_Cursor_isNull(bit))
		return;
	name = clang_getCursorSpelling(clang_getCursorReferenced(bit));
	home = bit_home(clang_getCString(name));
	if (home && md_streq(home, "gone"))
		md_report(v, self, bit, clang_getCString(name),
			  "%s of page->flags: the flag goes away; there is no page bit for it tomorrow",
			  clang_getCString(name));
	else if (home)
		md_report(v, self, bit, clang_getCString(name),
			  "%s of page->flags: the bit lives only in the folio tomorrow; use the folio_*() accessor on the folio",
			  clang_getCString(name));
	clang_disposeString(name);
}

static void page_flag_call(struct md_visit *v, const struct md_rule *self,
			   const struct md_call *c)
{
	const struct md_match *match = md_rule_match(self, MD_MATCH_CALL, NULL, c->callee);
	char folio[64];

	if (!match)
		return;
	if (match->flags & MD_MATCH_NO_TOKEN) {
		report_bitop(v, self, c);
		return;
	}
	if (md_streq(match->hint, "gone")) {
		md_report(v, self, c->cursor, c->callee,
			  "%s(): the flag goes away with the 16-byte page; no page or folio bit replaces it one for one",
			  c->callee);
		return;
	}
	md_folio_flag_accessor(c->callee, folio, sizeof(folio));
	md_report(v, self, c->cursor, c->callee,
		  "%s(): the flag lives only in the folio tomorrow, the page has no bit for it; use %s() on the folio",
		  c->callee, folio);
}

const struct md_rule rule_page_flag = {
	.id = "page-flag",
	.summary = "PageX()/SetPageX()/... and raw PG_x bit operations on page->flags for the flags kept only in the folio or dropped",
	.description = "The plan keeps Writeback, Referenced, Uptodate, Dirty, LRU, Active, Workingset, Owner1/Owner2 (and their aliases), Reclaim, Swapbacked, Unevictable, Dropbehind, Mlocked, Young, Idle, Locked and Waiters only in the folio, and drops Head, Private and Private2: their page-level accessors and raw bit operations on page->flags have no bit tomorrow. HWPoison, Reserved and AnonExclusive stay per page and are not findings. compound-head reports the same accessors for the compound_head() they hide.",
	.certainty = MD_CERTAINTY_EXACT,
	.advisory = 1,
	.matches = page_flag_matches,
	.hidden = page_flag_hidden,
	.call = page_flag_call,
};
