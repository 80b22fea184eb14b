// SPDX-License-Identifier: GPL-2.0
/*
 * generate.c - write the semantic patches of cocci/ from the rewrite table
 * the runtime model validates (runtime/include/rt_rewrites.def): one file
 * per family, one patch rule per EXACT row, patch rules for a LOOKUP row's
 * page where it comes from a page-cache lookup, context, org and report
 * rules for every EXACT, LOOKUP and REPORT row.  MODEL rows have no
 * semantic patch.
 *
 *   cocci-generate DIR    write DIR/<family>.cocci for every family
 *
 * A host tool: it needs only libc, and the table through the preprocessor.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum mode { EXACT, LOOKUP, REPORT, MODEL };
enum domain { ANY, FOLIO, HEAD };

struct row {
	const char *name, *rule, *family, *guard, *before, *after;
	enum mode mode;
	enum domain domain;
};

static const struct row rows[] = {
#define RT_REWRITE(nm, rl, dom, blk, chk, obs, st, clr, bef, aft, orc, fam, md, grd) \
	{ .name = #nm, .rule = rl, .family = #fam, .guard = grd, .before = #bef, \
	  .after = #aft, .mode = md, .domain = dom },
#include "rt_rewrites.def"
#undef RT_REWRITE
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* What a family's header says: the commit message body and its caveats. */
struct family {
	const char *name;
	const char *confidence;
	const char *description;	/* "///" lines, '\n'-separated */
	const char *caveats;		/* "//#" lines, '\n'-separated */
};

static const struct family families[] = {
	{ "folio_page", "High",
	  "Pass the folio, not its first page, to the page API: unlock_page(&folio->page)\n"
	  "becomes folio_unlock(folio), PageDirty(&folio->page) folio_test_dirty(folio),\n"
	  "(&folio->page)->mapping folio->mapping, and so on.  Each page function used\n"
	  "here is a wrapper of the folio function on page_folio(page), and\n"
	  "page_folio(&folio->page) is the folio, so the rewrite is exact; the page\n"
	  "fields used here overlay the folio's by FOLIO_MATCH().\n"
	  "\n"
	  "struct page is to shrink to a memdesc pointer (memdescs): &folio->page\n"
	  "stops compiling once the folio is no longer laid over its first page.",
	  "Only &F->page where F is known to be a struct folio * is matched: run\n"
	  "with the headers (--include-headers) or where the variable is declared\n"
	  "in the function.\n"
	  "put_page(&F->page) is reported, not rewritten: put_page() also drops the\n"
	  "reference of a ZONE_DEVICE (fsdax) folio through\n"
	  "put_devmap_managed_folio_refs(), folio_put() does not.\n"
	  "Calls without an exact folio function (flush_dcache_page,\n"
	  "block_commit_write, PageHWPoison, PageAnonExclusive, page_mapcount, ...)\n"
	  "only get the folio_page(F, 0) spelling." },
	{ "bh_folio", "High",
	  "Use the buffer_head's folio, bh->b_folio, where the code reads the page\n"
	  "bh->b_page only to reach folio state: bh->b_page->mapping becomes\n"
	  "bh->b_folio->mapping, PageUptodate(bh->b_page) folio_test_uptodate(bh->b_folio).\n"
	  "b_page and b_folio are one union member and every writer stores the folio's\n"
	  "first page (folio_set_bh()), so the rewrite is exact.\n"
	  "\n"
	  "struct page is to shrink to a memdesc pointer (memdescs): b_page goes away.",
	  "Trees before 6.4 have no b_folio: the patch rules depend on\n"
	  "!missing_b_folio, which the caller sets for such a tree.\n"
	  "put_page(bh->b_page) becomes folio_put(bh->b_folio): buffer heads sit on\n"
	  "page-cache and buffer folios, never on ZONE_DEVICE memory, where\n"
	  "put_page() would differ.\n"
	  "kmap_local_page(bh->b_page) with bh_offset() arithmetic, kmap_atomic()\n"
	  "and flush_dcache_page(bh->b_page) are left to a human." },
	{ "compound_head", "High",
	  "Ask the folio for the size of a compound page instead of its head page:\n"
	  "page_size(compound_head(page)) becomes folio_size(page_folio(page)).\n"
	  "page_folio() is compound_head() typed as a folio and folio_size() is\n"
	  "page_size() of the head, so the value is the same for every page.\n"
	  "\n"
	  "Bare compound_head() calls are reported: the head page is a struct page\n"
	  "that stops existing for folios and slabs once struct page shrinks\n"
	  "(memdescs); page_folio() is the replacement where the result is used\n"
	  "as a folio.",
	  "compound_head(P) -> page_folio(P) changes the type: report only.\n"
	  "compound_head(a) == compound_head(b) is left alone (two non-folio pages\n"
	  "would compare equal once page_folio() can return NULL)." },
	{ "page_flags", "Moderate",
	  "Test and change the flags of a page-cache page through its folio:\n"
	  "PageDirty(page) becomes folio_test_dirty(page_folio(page)) where page holds\n"
	  "what find_get_page(), find_lock_page(), pagecache_get_page() or another\n"
	  "page-cache lookup returned.  These accessors (PF_HEAD and PF_NO_TAIL\n"
	  "flags) already act on compound_head(page), which page_folio() is, so the\n"
	  "value is the same; the page is a page of a folio, so the folio form stays\n"
	  "right once struct page shrinks and the flags live in the folio only\n"
	  "(memdescs).  Elsewhere the accessors are reported.",
	  "Patch mode needs the lookup in the same function, with no other\n"
	  "assignment to the variable on the way.\n"
	  "A page of a slab or a page table has no folio in the memdesc layout, which\n"
	  "the source does not show: outside a lookup, report only.\n"
	  "Per-page flags (HWPoison, AnonExclusive, Reserved, Head, Private) are\n"
	  "not in the table: their folio accessor reads another bit on a tail." },
	{ "page_fields", "Moderate",
	  "Report page->mapping and page->index reads that are the folio's field on\n"
	  "a head page: page_folio(page)->mapping is the intended value on page-cache\n"
	  "pages.  The fields move to the folio in the memdesc plan.",
	  "Report only (no patch mode; MODE=chain falls back to report): on a tail\n"
	  "page ->index differs, and movable_ops or driver pages keep their own\n"
	  "->mapping." },
};

#define NFAMILIES (sizeof(families) / sizeof(families[0]))

static const char *const mode_names[] = { "exact", "lookup", "report", "model" };

/* The page-cache lookups whose page is a page of a folio (or NULL, or an ERR_PTR). */
static const char *const lookups[] = {
	"find_get_page", "find_get_page_flags", "find_lock_page", "find_or_create_page",
	"grab_cache_page", "grab_cache_page_nowait", "grab_cache_page_write_begin",
	"pagecache_get_page", "read_mapping_page", "read_cache_page",
};

#define NLOOKUPS (sizeof(lookups) / sizeof(lookups[0]))

/* lookup_list - the lookups joined by @sep, between @open and @close; @wrap: four a line. */
static void lookup_list(FILE *f, const char *open, const char *sep, const char *close, int wrap)
{
	fputs(open, f);
	for (size_t i = 0; i < NLOOKUPS; i++)
		fprintf(f, "%s%s%s", i ? sep : "", wrap && i && i % 4 == 0 ? "\n  " : "",
			lookups[i]);
	fputs(close, f);
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("cocci-generate: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static const struct family *family_of(const char *name)
{
	for (size_t i = 0; i < NFAMILIES; i++)
		if (!strcmp(families[i].name, name))
			return &families[i];
	return NULL;
}

static int ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* ident_at - whether @p in @s starts the identifier @id (not a member name). */
static int ident_at(const char *s, const char *p, const char *id)
{
	size_t n = strlen(id);

	if (strncmp(p, id, n) || ident_char(p[n]))
		return 0;
	if (p > s && ident_char(p[-1]))
		return 0;
	return !(p - s >= 2 && p[-1] == '>' && p[-2] == '-') && !(p > s && p[-1] == '.');
}

/* uses - whether the C text @s names the identifier @id. */
static int uses(const char *s, const char *id)
{
	for (const char *p = s; *p; p++)
		if (ident_at(s, p, id))
			return 1;
	return 0;
}

/* The metavariables of a row: the table's names, typed as the table types them. */
static const struct { const char *id, *decl; } vars[] = {
	{ "P", "struct page *P;" },
	{ "F", "struct folio *F;" },
	{ "BH", "struct buffer_head *BH;" },
	{ "L", "expression L;" },
};

#define NVARS (sizeof(vars) / sizeof(vars[0]))

static int row_uses(const struct row *r, const char *id)
{
	return uses(r->before, id) || uses(r->after, id);
}

static void metavariables(FILE *f, const struct row *r)
{
	for (size_t i = 0; i < NVARS; i++)
		if (row_uses(r, vars[i].id))
			fprintf(f, "%s\n", vars[i].decl);
}

/*
 * template - @s as a Python format string: each metavariable becomes a field
 * ({F}), so a report names the code's own expressions.
 */
static void template(char *out, size_t size, const char *s)
{
	size_t o = 0;

	for (const char *p = s; *p && o + 8 < size; ) {
		size_t i;

		for (i = 0; i < NVARS; i++)
			if (ident_at(s, p, vars[i].id))
				break;
		if (i < NVARS) {
			o += snprintf(out + o, size - o, "{%s}", vars[i].id);
			p += strlen(vars[i].id);
		} else {
			if (*p == '{' || *p == '}' || *p == '"' || *p == '\\')
				die("%s: a brace, quote or backslash: the report template would break", s);
			out[o++] = *p++;
		}
	}
	out[o] = 0;
}

static void message(char *buf, size_t size, const struct row *r)
{
	static const char *const domain_text[] = {
		[ANY] = "any page", [FOLIO] = "a page of a folio",
		[HEAD] = "the first page of a folio",
	};
	char before[256], after[256];

	template(before, sizeof(before), r->before);
	template(after, sizeof(after), r->after);
	if (r->mode == EXACT)
		snprintf(buf, size, "WARNING: use %s for %s [%s]", after, before, r->rule);
	else if (uses(r->before, "P"))
		snprintf(buf, size, "WARNING: %s is %s when {P} is %s [%s]", before, after,
			 domain_text[r->domain], r->rule);
	else	/* the form names the folio: a caveat of the family's */
		snprintf(buf, size, "WARNING: %s is %s but for the caveats of this rule [%s]",
			 before, after, r->rule);
}

/* The report and org scripts: the message with the matched expressions. */
static void emit_script(FILE *f, const struct row *r, const char *mode, const char *call,
			const char *msg)
{
	fprintf(f, "@script:python depends on %s@\np << %s_match.p;\n", mode, r->name);
	for (size_t i = 0; i < NVARS; i++)
		if (uses(r->before, vars[i].id))
			fprintf(f, "%s << %s_match.%s;\n", vars[i].id, r->name, vars[i].id);
	fprintf(f, "@@\n\n%s(p[0], \"%s\".format(", call, msg);
	for (size_t i = 0, n = 0; i < NVARS; i++)
		if (uses(r->before, vars[i].id))
			fprintf(f, "%s%s=%s", n++ ? ", " : "", vars[i].id, vars[i].id);
	fprintf(f, "))\n");
}

/*
 * contains - whether the before form of @inner, a later row of the family,
 * is part of @outer's: where @outer reports, @inner does not report again
 * (unlock_page(&F->page) is one finding, not two).
 */
static const char *find_form(const char *outer, const char *inner)
{
	size_t n = strlen(inner);

	for (const char *p = strstr(outer, inner); p; p = strstr(p + 1, inner))
		if (!(p > outer && ident_char(p[-1]) && ident_char(inner[0])) &&
		    !(ident_char(p[n]) && ident_char(inner[n - 1])))
			return p;
	return NULL;
}

static int contains(const struct row *outer, const struct row *inner)
{
	return outer < inner && inner->mode != MODEL && outer->mode != MODEL &&
	       !strcmp(outer->family, inner->family) && strcmp(outer->before, inner->before) &&
	       find_form(outer->before, inner->before);
}

/* The match rule's pattern: before@p, each contained later form marked @q_<row>. */
static void match_pattern(FILE *f, const struct row *r)
{
	size_t len = strlen(r->before);

	fputs("  ", f);
	for (size_t o = 0; o < len; o++) {
		fputc(r->before[o], f);
		for (const struct row *c = r + 1; c < rows + NROWS; c++) {
			const char *at = contains(r, c) ? find_form(r->before, c->before) : NULL;

			if (at && (size_t)(at - r->before) + strlen(c->before) == o + 1)
				fprintf(f, "@q_%s", c->name);
		}
	}
	fputs("@p\n\n", f);
}

static void match_positions(FILE *f, const struct row *r)
{
	int n = 0;

	for (const struct row *c = r + 1; c < rows + NROWS; c++)
		if (contains(r, c))
			fprintf(f, "position q_%s;\n", c->name);
	for (const struct row *o = rows; o < r; o++)
		if (contains(o, r))
			fprintf(f, "%s%s_match.q_%s", n++ ? ", " : "position p != {", o->name, r->name);
	fprintf(f, n ? "};\n" : "position p;\n");
}

/*
 * emit_lookup - the patch rules of a LOOKUP row: where P holds the page a
 * page-cache lookup returned, in its declaration or an assignment, on every
 * path: not where any other assignment to P reaches the form.
 */
static void emit_lookup(FILE *f, const struct row *r)
{
	if (*r->guard)
		die("%s: a guard on a lookup row is not written yet", r->name);
	if (row_uses(r, "F") || row_uses(r, "BH") || row_uses(r, "L"))
		die("%s: a lookup row is over P only", r->name);
	fprintf(f, "@%s_other depends on patch exists@\nidentifier P;\n"
		"expression E : script:python () { not lookup_call.match(E) };\nposition p;\n@@\n\n"
		"P = E;\n... when any\n%s@p\n\n", r->name, r->before);
	fprintf(f, "@%s_lookup depends on patch exists@\nidentifier P;\nexpression E;\n"
		"position p != %s_other.p;\n@@\n\n(\nstruct page *P = ", r->name, r->name);
	lookup_list(f, "\\(", "\\|", "\\)", 1);
	fprintf(f, "(...);\n|\nP = ");
	lookup_list(f, "\\(", "\\|", "\\)", 1);
	fprintf(f, "(...);\n)\n... when != P = E\n    when any\n%s@p\n\n", r->before);
	fprintf(f, "@%s depends on patch@\nstruct page *P;\nposition %s_lookup.p;\n@@\n\n"
		"- %s@p\n+ %s\n\n", r->name, r->name, r->before, r->after);
}

static void emit_row(FILE *f, const struct row *r)
{
	char msg[512];

	fprintf(f, "// %s [%s, %s]: %s -> %s\n", r->name, r->rule, mode_names[r->mode],
		r->before, r->after);
	if (r->mode == LOOKUP)
		emit_lookup(f, r);
	if (r->mode == EXACT) {
		fprintf(f, "@%s depends on patch", r->name);
		if (*r->guard)
			fprintf(f, " && !missing_%s", r->guard);
		fprintf(f, "@\n");
		metavariables(f, r);
		fprintf(f, "@@\n\n- %s\n+ %s\n\n", r->before, r->after);
	}
	fprintf(f, "@%s_context depends on context@\n", r->name);
	metavariables(f, r);
	fprintf(f, "@@\n\n* %s\n\n", r->before);

	fprintf(f, "@%s_match depends on org || report@\n", r->name);
	metavariables(f, r);
	match_positions(f, r);
	fprintf(f, "@@\n\n");
	match_pattern(f, r);

	message(msg, sizeof(msg), r);
	emit_script(f, r, "report", "coccilib.report.print_report", msg);
	fputc('\n', f);
	emit_script(f, r, "org", "coccilib.org.print_todo", msg);
}

static void emit_lines(FILE *f, const char *prefix, const char *text)
{
	const char *s = text;

	while (*s) {
		size_t n = strcspn(s, "\n");

		fprintf(f, n ? "%s %.*s\n" : "%s\n", prefix, (int)n, s);
		s += n + (s[n] == '\n');
	}
}

static int needs_guard(const struct family *fam, const char *guard, size_t upto)
{
	for (size_t i = 0; i < upto; i++)
		if (!strcmp(rows[i].family, fam->name) && rows[i].mode <= LOOKUP &&
		    !strcmp(rows[i].guard, guard))
			return 0;	/* declared already */
	return 1;
}

static void emit_family(FILE *f, const struct family *fam)
{
	fprintf(f, "// SPDX-License-Identifier: GPL-2.0-only\n///\n");
	emit_lines(f, "///", fam->description);
	fprintf(f, "///\n");
	emit_lines(f, "//#", fam->caveats);
	fprintf(f, "//\n// Confidence: %s\n// Options: --no-includes --include-headers\n//\n"
		"// Written by cocci/generate.c from runtime/include/rt_rewrites.def,\n"
		"// whose runtime model checks every pair: change the table, not this file.\n\n",
		fam->confidence);
	fprintf(f, "virtual patch\nvirtual context\nvirtual org\nvirtual report\n");
	for (size_t i = 0; i < NROWS; i++)
		if (!strcmp(rows[i].family, fam->name) && rows[i].mode == EXACT &&
		    *rows[i].guard && needs_guard(fam, rows[i].guard, i))
			fprintf(f, "virtual missing_%s\n", rows[i].guard);
	for (size_t i = 0; i < NROWS; i++)
		if (!strcmp(rows[i].family, fam->name) && rows[i].mode == LOOKUP) {
			lookup_list(f, "\n@initialize:python@\n@@\n\nimport re\n"
				    "lookup_call = re.compile(r\"\\s*(", "|", ")\\s*\\(\")\n", 0);
			break;
		}
	for (size_t i = 0; i < NROWS; i++)
		if (!strcmp(rows[i].family, fam->name) && rows[i].mode != MODEL) {
			fputc('\n', f);
			emit_row(f, &rows[i]);
		}
}

static void check_table(void)
{
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];

		if (r->mode != MODEL && !family_of(r->family))
			die("%s: family %s has no description here", r->name, r->family);
		if (r->mode != MODEL && !*r->rule)
			die("%s: a semantic patch row needs the rule it resolves", r->name);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2)
		die("usage: cocci-generate DIR");
	check_table();
	for (size_t i = 0; i < NFAMILIES; i++) {
		char path[4096];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s.cocci", argv[1], families[i].name);
		f = fopen(path, "w");
		if (!f)
			die("%s: %s", path, strerror(errno));
		emit_family(f, &families[i]);
		if (fclose(f))
			die("%s: %s", path, strerror(errno));
	}
	return 0;
}
