// SPDX-License-Identifier: GPL-2.0
/*
 * coverage.c - the classifier of memdesc coverage on texts written here:
 * comments and strings hold no candidate; a #define with its continuation
 * lines is a macro definition, the line after it is not; a cast's finding
 * and census sit at its parenthesis; the census of a member, a variable and
 * a cast; a skipped range with and without the fallback; a declaration at
 * file scope, a call inside a body; a VM_BUG_ON_PAGE() argument, by the
 * census where libclang parsed the file and by its text where only the
 * fallback read it; and what is left unexplained.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/coverage.h"
#include "analyzer/rules.h"
#include "lib/xalloc.h"
#include "tests/tap.h"

static void collect(void *data, const struct md_cov_candidate *c)
{
	char **out = data;
	char *next = xasprintf("%s%s%u:%u %s %s %s", *out, **out ? "\n" : "", c->line, c->col,
			       c->rule, c->token, md_cov_class_name(c->class));

	free(*out);
	*out = next;
}

/* classes - every candidate of @f as "line:col rule token class" lines. */
static char *classes(struct md_coverage *cov, struct md_cov_file *f)
{
	char *out = xstrdup("");

	f->len = strlen(f->text);
	md_coverage_file(cov, f, collect, &out);
	return out;
}

static const char text[] =
	"/* page->lru */ const char *s = \"page->lru\";\n"	/* 1 */
	"#define NEXT(p) \\\n"					/* 2 */
	"\t((p)->lru.next)\n"					/* 3 */
	"int x = y->lru.next;\n"				/* 4 */
	"struct address_space *page_mapping(struct page *page);\n" /* 5 */
	"void f(struct page *page, unsigned long a)\n"		/* 6 */
	"{\n"							/* 7 */
	"\tVM_BUG_ON_PAGE(a, g(page->mapping));\n"		/* 8 */
	"\tpage_mapping(page);\n"				/* 9 */
	"\tx = (struct folio *)a;\n"				/* 10 */
	"\tx = sizeof(struct folio *);\n"			/* 11 */
	"\tlist_del(&page->lru);\n"				/* 12 */
	"\th(1, lru);\n"					/* 13 */
	"#if 0\n"						/* 14 */
	"\tpage->lru.next = 0;\n"				/* 15 */
	"#endif\n"						/* 16 */
	"}\n";

int main(void)
{
	const struct md_rule *rules[3] = {
		md_rule_find("page-lru"), md_rule_find("page-mapping"), md_rule_find("folio-page"),
	};
	struct md_coverage *cov = md_coverage_new(rules, 3);
	const struct md_cov_finding findings[] = {
		{ "page-lru", 4, 12 },	 /* as if y were a page */
		{ "folio-page", 10, 6 }, /* at the cast's parenthesis */
	};
	const struct md_census census[] = {
		{ .path = "x.c", .line = 10, .col = 6, .kind = MD_CENSUS_CAST, .name = "folio",
		  .record = "unsigned long" },
		{ .path = "x.c", .line = 12, .col = 18, .kind = MD_CENSUS_MEMBER, .name = "lru",
		  .record = "page" },
		{ .path = "x.c", .line = 13, .col = 7, .kind = MD_CENSUS_VARIABLE, .name = "lru" },
		{ .path = "x.c", .line = 14, .col = 1, .kind = MD_CENSUS_SKIPPED, .end_line = 16 },
	};
	struct md_cov_file f = {
		.path = "x.c", .text = text, .findings = findings, .nfindings = 2,
		.census = census, .ncensus = 4, .parsed = 1,
	};
	char *got;

	if (!ok(cov != NULL, "the classifier reads the rules' patterns"))
		return done_testing();
	got = classes(cov, &f);
	is_str(got,
	       "3:8 page-lru lru macro definition\n"
	       "4:12 page-lru lru finding\n"
	       "5:23 page-mapping page_mapping function definition or declaration\n"
	       "8:28 page-mapping mapping unexplained\n"
	       "9:2 page-mapping page_mapping unexplained\n"
	       "10:14 folio-page folio finding\n"
	       "11:20 folio-page folio type name, not a cast (sizeof, a prototype)\n"
	       "12:18 page-lru lru unexplained\n"
	       "13:7 page-lru lru variable, not a member name\n"
	       "15:8 page-lru lru unexplained",
	       "each candidate, each class");
	free(got);

	/* the same text, the cast not found, its census an integer; the skipped lines read */
	const struct md_census more[] = {
		{ .path = "x.c", .line = 8, .col = 28, .kind = MD_CENSUS_DROPPED,
		  .name = "VM_BUG_ON_PAGE" },
		census[0], census[1], census[2],
		{ .path = "x.c", .line = 14, .col = 1, .kind = MD_CENSUS_FALLBACK, .end_line = 16 },
		census[3],
	};
	f.nfindings = 1;
	f.census = more;
	f.ncensus = 6;
	got = classes(cov, &f);
	like_str(got, "\n8:28 page-mapping mapping argument the macro drops in this configuration\n",
		 "a token the census says VM_BUG_ON_PAGE() drops");
	like_str(got, "\n10:14 folio-page folio cast of a value of another type\n",
		 "a cast the census saw of an integer");
	like_str(got, "\n15:8 page-lru lru preprocessor-disabled, read by the fallback, no typed finding",
		 "skipped lines the fallback read");
	free(got);

	/* a file only the fallback read: no census, no TU */
	f.census = NULL;
	f.ncensus = 0;
	f.nfindings = 0;
	f.parsed = 0;
	f.fallback = 1;
	got = classes(cov, &f);
	like_str(got, "\n8:28 page-mapping mapping argument of VM_BUG_ON/VM_WARN_ON (CONFIG_DEBUG_VM off)\n",
		 "without a census, an argument of VM_BUG_ON_PAGE() by its text");
	like_str(got, "\n12:18 page-lru lru read by the fallback only, no typed finding",
		 "a candidate of a fallback-only file");
	like_str(got, "\n11:20 folio-page folio read by the fallback only, no typed finding",
		 "no census says it is a type name there");
	free(got);
	md_coverage_free(cov);
	return done_testing();
}
