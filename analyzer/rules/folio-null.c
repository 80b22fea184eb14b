// SPDX-License-Identifier: GPL-2.0
/*
 * folio-null.c - page_folio() of a page that may not belong to a folio,
 * used without a NULL check.  In the plan page_folio() of a page that is
 * not part of a folio (a slab, a page table, a free or a driver page)
 * returns NULL.  Pages that may be anything are those of the pfn walkers:
 * pfn_to_page(), pfn_to_online_page(), phys_to_page(), virt_to_page().
 *
 * The data flow is followed within one function, in source order: a local
 * struct page * assigned from one of those (or from another such local)
 * is "any page"; page_folio() of it is "maybe NULL", assigned to a local
 * struct folio * or used at once.  A finding is such a folio dereferenced
 * (folio->x, *folio) or passed to a folio_*() function before the
 * function tests it (if (folio), !folio, folio == NULL, folio && ...).
 * It is reported once, at the page_folio().  Another assignment to the
 * variable ends the tracking.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/xalloc.h"
#include "../rule.h"

#define PAGE_FOLIO "page_folio"
#define HEAD_CALLEE "_compound_head"

static const struct md_match folio_null_matches[] = {
	/* where a page that may belong to no folio comes from */
	MD_CALL_SOURCE("pfn_to_page"),
	MD_CALL_SOURCE("pfn_to_online_page"),
	MD_CALL_SOURCE("phys_to_page"),
	MD_CALL_SOURCE("virt_to_page"),
	MD_MATCHES_END,
};

/* The finding sits on the page_folio() of such a page. */
static const char *const folio_null_hidden[] = {
	"\\b(page_folio)\\s*\\(",
	NULL,
};

#define MAX_TRACKED 32
#define MAX_DEPTH 256

struct tracked {
	CXCursor decl;	  /* the local variable */
	CXCursor site;	  /* folio: the page_folio() it was assigned from */
	char source[32];  /* where the page came from, e.g. "pfn_to_page" */
	unsigned int line;
	int checked;	  /* folio: tested against NULL since */
	int live;
};

struct walk {
	struct md_visit *v;
	const struct md_rule *self;
	struct tracked pages[MAX_TRACKED], folios[MAX_TRACKED];
	CXCursor stack[MAX_DEPTH]; /* ancestors of the cursor being visited */
	int depth;
};

static enum CXChildVisitResult only_expr(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_isExpression(clang_getCursorKind(c))) {
		*(CXCursor *)data = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* strip - below parentheses, implicit conversions and casts. */
static CXCursor strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		CXCursor inner = clang_getNullCursor();

		if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr &&
		    k != CXCursor_CStyleCastExpr)
			return c;
		clang_visitChildren(c, only_expr, &inner);
		if (clang_Cursor_isNull(inner))
			return c;
		c = inner;
	}
}

/* referenced_var - the variable @e names, or a null cursor. */
static CXCursor referenced_var(CXCursor e)
{
	CXCursor ref;

	e = strip(e);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	ref = clang_getCursorReferenced(e);
	if (clang_getCursorKind(ref) != CXCursor_VarDecl && clang_getCursorKind(ref) != CXCursor_ParmDecl)
		return clang_getNullCursor();
	return ref;
}

static struct tracked *lookup(struct tracked *set, CXCursor decl)
{
	int i;

	for (i = 0; !clang_Cursor_isNull(decl) && i < MAX_TRACKED; i++) {
		if (set[i].live && clang_equalCursors(set[i].decl, decl))
			return &set[i];
	}
	return NULL;
}

static struct tracked *add(struct tracked *set, CXCursor decl)
{
	struct tracked *t = lookup(set, decl);
	int i;

	for (i = 0; !t && i < MAX_TRACKED; i++) {
		if (!set[i].live)
			t = &set[i];
	}
	if (t) {
		memset(t, 0, sizeof(*t));
		t->decl = decl;
		t->live = 1;
	}
	return t;
}

static void drop(struct tracked *set, CXCursor decl)
{
	struct tracked *t = lookup(set, decl);

	if (t)
		t->live = 0;
}

static unsigned int line_of(CXCursor c)
{
	unsigned int line;

	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &line, NULL, NULL);
	return line;
}

/* is_folio_cast - a cast to struct folio * (what page_folio() expands to). */
static int is_folio_cast(CXCursor c)
{
	return clang_getCursorKind(c) == CXCursor_CStyleCastExpr &&
	       md_is_record_pointer(clang_getCursorType(c), "folio");
}

static int calls(CXCursor c, const char *name)
{
	CXString s;
	int is;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return 0;
	s = clang_getCursorSpelling(clang_getCursorReferenced(c));
	is = md_streq(clang_getCString(s), name);
	clang_disposeString(s);
	return is;
}

struct pf_search {
	CXCursor arg;
};

static enum CXChildVisitResult find_pf(CXCursor c, CXCursor parent, CXClientData data)
{
	struct pf_search *s = data;

	if (calls(c, HEAD_CALLEE) && is_folio_cast(parent) &&
	    clang_Cursor_getNumArguments(c) > 0) {
		s->arg = clang_Cursor_getArgument(c, 0);
		return CXChildVisit_Break;
	}
	/* a page_folio() inside another call is that call's argument */
	if (clang_getCursorKind(c) == CXCursor_CallExpr)
		return CXChildVisit_Continue;
	return CXChildVisit_Recurse;
}

/*
 * page_folio_of - the page argument when @e is page_folio(page) (the
 * expression the source spells page_folio), else a null cursor.
 */
static CXCursor page_folio_of(struct walk *w, CXCursor e)
{
	struct pf_search s = { clang_getNullCursor() };

	e = strip(e);
	if (clang_Cursor_isNull(e) || !md_streq(md_ident_at(w->v, e), PAGE_FOLIO))
		return clang_getNullCursor();
	if (clang_getCursorKind(e) == CXCursor_CallExpr)
		return clang_getNullCursor();
	clang_visitChildren(e, find_pf, &s);
	return s.arg;
}

/* any_page - @e is a page that may belong to no folio; its origin in @t. */
static struct tracked *any_page(struct walk *w, CXCursor e, struct tracked *scratch)
{
	const struct md_match *m;
	struct tracked *t;
	const char *id;

	t = lookup(w->pages, referenced_var(e));
	if (t)
		return t;
	id = md_ident_at(w->v, strip(e));
	m = md_rule_match(w->self, MD_MATCH_CALL, NULL, id);
	if (!m || md_streq(id, ""))
		return NULL;
	memset(scratch, 0, sizeof(*scratch));
	snprintf(scratch->source, sizeof(scratch->source), "%s", m->name);
	scratch->line = line_of(e);
	return scratch;
}

static void report(struct walk *w, CXCursor site, const struct tracked *page, const char *use)
{
	md_report(w->v, w->self, site, PAGE_FOLIO,
		  "page_folio() of a page from %s() (line %u) is %s without a NULL check; a page that belongs to no folio gives NULL",
		  page->source, page->line, use);
}

/* assign - @decl = @rhs: start or end the tracking of @decl. */
static void assign(struct walk *w, CXCursor decl, CXCursor rhs)
{
	struct tracked scratch, *src, *t;
	CXType type = clang_getCursorType(decl);
	CXCursor arg;

	if (md_is_record_pointer(type, "page")) {
		src = clang_Cursor_isNull(rhs) ? NULL : any_page(w, rhs, &scratch);
		if (!src) {
			drop(w->pages, decl);
			return;
		}
		scratch = *src;
		t = add(w->pages, decl);
		if (t) {
			snprintf(t->source, sizeof(t->source), "%s", scratch.source);
			t->line = scratch.line;
		}
	} else if (md_is_record_pointer(type, "folio")) {
		arg = clang_Cursor_isNull(rhs) ? rhs : page_folio_of(w, rhs);
		src = clang_Cursor_isNull(arg) ? NULL : any_page(w, arg, &scratch);
		if (!src) {
			drop(w->folios, decl);
			return;
		}
		scratch = *src;
		t = add(w->folios, decl);
		if (t) {
			snprintf(t->source, sizeof(t->source), "%s", scratch.source);
			t->line = scratch.line;
			t->site = strip(rhs);
		}
	}
}

/* op_token - the operator of a binary (or the first token of a unary) @c. */
static void op_token(struct walk *w, CXCursor c, CXCursor lhs, char *buf, size_t len)
{
	CXTranslationUnit tu = md_visit_tu(w->v);
	unsigned int i, n = 0, end = 0, off;
	CXToken *tokens = NULL;
	CXString s;

	buf[0] = '\0';
	if (!clang_Cursor_isNull(lhs))
		clang_getFileLocation(clang_getRangeEnd(clang_getCursorExtent(lhs)), NULL, NULL,
				      NULL, &end);
	clang_tokenize(tu, clang_getCursorExtent(c), &tokens, &n);
	for (i = 0; i < n; i++) {
		clang_getFileLocation(clang_getTokenLocation(tu, tokens[i]), NULL, NULL, NULL, &off);
		if (off < end || clang_getTokenKind(tokens[i]) != CXToken_Punctuation)
			continue;
		s = clang_getTokenSpelling(tu, tokens[i]);
		snprintf(buf, len, "%s", clang_getCString(s));
		clang_disposeString(s);
		break;
	}
	clang_disposeTokens(tu, tokens, n);
}

struct nth {
	int want, seen;
	CXCursor found;
};

static enum CXChildVisitResult nth_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct nth *s = data;

	(void)parent;
	if (s->seen++ == s->want) {
		s->found = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

static CXCursor nth(CXCursor c, int index)
{
	struct nth s = { index, 0, clang_getNullCursor() };

	clang_visitChildren(c, nth_child, &s);
	return s.found;
}

/* is_folio_api - a call of a folio_*() function (which dereferences it). */
static int is_folio_api(CXCursor call)
{
	CXString s = clang_getCursorSpelling(clang_getCursorReferenced(call));
	const char *name = clang_getCString(s);
	int is = !strncmp(name, "folio_", 6) || !strncmp(name, "__folio_", 8);

	clang_disposeString(s);
	return is;
}

/*
 * consumer - what the value at depth @d of the stack goes to, above
 * parentheses and conversions: its index in the stack, or -1.
 */
static int consumer(struct walk *w, int d)
{
	while (--d >= 0) {
		enum CXCursorKind k = clang_getCursorKind(w->stack[d]);

		if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr &&
		    k != CXCursor_CStyleCastExpr)
			return d;
	}
	return -1;
}

/*
 * use - how the value at the top of the stack is used: "dereferenced",
 * "passed to folio_x()", "checked", or NULL.
 */
static const char *use(struct walk *w, int top, char *buf, size_t len)
{
	int d = consumer(w, top);
	CXCursor p;
	CXString s;
	char op[8];

	if (d < 0)
		return NULL;
	p = w->stack[d];
	switch (clang_getCursorKind(p)) {
	case CXCursor_MemberRefExpr:
		return "dereferenced";
	case CXCursor_CallExpr:
		if (!is_folio_api(p))
			return NULL;
		s = clang_getCursorSpelling(clang_getCursorReferenced(p));
		snprintf(buf, len, "passed to %s()", clang_getCString(s));
		clang_disposeString(s);
		return buf;
	case CXCursor_UnaryOperator:
		op_token(w, p, clang_getNullCursor(), op, sizeof(op));
		if (md_streq(op, "!"))
			return "checked";
		if (md_streq(op, "*"))
			return "dereferenced";
		return NULL;
	case CXCursor_BinaryOperator:
		op_token(w, p, nth(p, 0), op, sizeof(op));
		if (md_streq(op, "==") || md_streq(op, "!=") || md_streq(op, "&&") ||
		    md_streq(op, "||"))
			return "checked";
		return NULL;
	case CXCursor_IfStmt:
	case CXCursor_WhileStmt:
	case CXCursor_ConditionalOperator:
	case CXCursor_ForStmt:
	case CXCursor_DoStmt:
		return "checked";
	default:
		return NULL;
	}
}

static void visit_ref(struct walk *w, CXCursor c)
{
	struct tracked *t = lookup(w->folios, clang_getCursorReferenced(c));
	const char *how;
	char buf[96];

	if (!t || t->checked)
		return;
	how = use(w, w->depth, buf, sizeof(buf));
	if (!how)
		return;
	if (md_streq(how, "checked")) {
		t->checked = 1;
		return;
	}
	report(w, t->site, t, how);
	t->checked = 1;	/* one finding per page_folio() */
}

/* visit_page_folio - page_folio(page) used at once, not stored. */
static void visit_page_folio(struct walk *w, CXCursor call)
{
	struct tracked scratch, *page;
	const char *how;
	CXCursor site;
	char buf[96];
	int d;

	/* the folio cast and the page_folio() expression above it */
	for (d = w->depth - 1; d >= 0 && !is_folio_cast(w->stack[d]); d--)
		;
	if (d < 0 || clang_Cursor_getNumArguments(call) < 1)
		return;
	while (d > 0 && md_streq(md_ident_at(w->v, w->stack[d - 1]), PAGE_FOLIO) &&
	       clang_getCursorKind(w->stack[d - 1]) != CXCursor_CallExpr &&
	       clang_getCursorKind(w->stack[d - 1]) != CXCursor_MemberRefExpr)
		d--;
	site = w->stack[d];
	if (!md_streq(md_ident_at(w->v, site), PAGE_FOLIO))
		return;
	page = any_page(w, clang_Cursor_getArgument(call, 0), &scratch);
	if (!page)
		return;
	how = use(w, d, buf, sizeof(buf));
	if (how && !md_streq(how, "checked"))
		report(w, site, page, how);
}

static enum CXChildVisitResult walk_body(CXCursor c, CXCursor parent, CXClientData data);

static void descend(struct walk *w, CXCursor c)
{
	if (w->depth >= MAX_DEPTH)
		return;
	w->stack[w->depth++] = c;
	clang_visitChildren(c, walk_body, w);
	w->depth--;
}

static enum CXChildVisitResult walk_body(CXCursor c, CXCursor parent, CXClientData data)
{
	struct walk *w = data;
	CXCursor lhs, init;
	char op[8];

	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_VarDecl:
		init = clang_getNullCursor();
		clang_visitChildren(c, only_expr, &init);
		descend(w, c);
		assign(w, c, init);
		return CXChildVisit_Continue;
	case CXCursor_BinaryOperator:
		lhs = nth(c, 0);
		op_token(w, c, lhs, op, sizeof(op));
		descend(w, c);
		if (md_streq(op, "=")) {
			CXCursor var = referenced_var(lhs);

			if (!clang_Cursor_isNull(var))
				assign(w, var, nth(c, 1));
		}
		return CXChildVisit_Continue;
	case CXCursor_DeclRefExpr:
		visit_ref(w, c);
		break;
	case CXCursor_CallExpr:
		if (calls(c, HEAD_CALLEE))
			visit_page_folio(w, c);
		break;
	default:
		break;
	}
	descend(w, c);
	return CXChildVisit_Continue;
}

static void folio_null_function(struct md_visit *v, const struct md_rule *self, CXCursor fn)
{
	struct walk *w = xcalloc(1, sizeof(*w));

	w->v = v;
	w->self = self;
	descend(w, fn);
	free(w);
}

const struct md_rule rule_folio_null = {
	.id = "folio-null",
	.summary = "page_folio() of a pfn_to_page()/pfn_to_online_page()/virt_to_page() page used without a NULL check",
	.description = "In the plan page_folio() of a page that belongs to no folio returns NULL. A page from a pfn walker (pfn_to_page(), pfn_to_online_page(), phys_to_page(), virt_to_page()), followed through the local variables of one function, may be such a page: its page_folio() dereferenced or passed to a folio_*() function before a NULL check is a finding.",
	.certainty = MD_CERTAINTY_EXACT,
	.advisory = 1,
	.matches = folio_null_matches,
	.hidden = folio_null_hidden,
	.function = folio_null_function,
};
