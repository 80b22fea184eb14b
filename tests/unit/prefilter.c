// SPDX-License-Identifier: GPL-2.0
/*
 * prefilter.c - the C tokenizer under the prefilter, the token shapes it
 * reads from the rules' patterns, the macro closure, and its one promise:
 * every fixture that has a finding matches, the text of a file that
 * cannot have one does not.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/prefilter.h"
#include "analyzer/rules.h"
#include "lib/ctoken.h"
#include "lib/file.h"
#include "lib/xalloc.h"
#include "tests/tap.h"

/* tokens - the tokens of @text as "kind:text@line" words, '^' before a logical line's first. */
static char *tokens(const char *text)
{
	static const char kinds[] = "ipl";
	struct md_clexer lx;
	struct md_ctok t;
	char *out = xstrdup("");

	md_clexer_init(&lx, text, strlen(text));
	while (md_clex(&lx, &t)) {
		char *next = xasprintf("%s%s%s%c:%.*s@%u", out, *out ? " " : "", t.bol ? "^" : "",
				       kinds[t.kind], (int)t.len, t.text, t.line);
		free(out);
		out = next;
	}
	return out;
}

static void t_tokens(void)
{
	char *s;

	s = tokens("a->b /* x->lru\n */ c // page->lru\nd");
	check(!strcmp(s, "^i:a@1 p:->@1 i:b@1 i:c@2 ^i:d@3"));
	free(s);
	s = tokens("f(\"p->lru\", 'l', L\"x\", 0x1e+2)");
	check(!strcmp(s, "^i:f@1 p:(@1 l:\"p->lru\"@1 p:,@1 l:'l'@1 p:,@1 l:L\"x\"@1 p:,@1 l:0x1e+2@1 p:)@1"));
	free(s);
	s = tokens("#define X(p) \\\n\t(p)->lru\nY");
	check(!strcmp(s, "^p:#@1 i:define@1 i:X@1 p:(@1 i:p@1 p:)@1 p:(@2 i:p@2 p:)@2 p:->@2 i:lru@2 ^i:Y@3"));
	free(s);
	s = tokens("/* unterminated");
	check(!strcmp(s, ""));
	free(s);
}

static struct md_prefilter *all_rules(void)
{
	const struct md_rule *const *rules;
	size_t n;

	rules = md_rules(&n);
	return md_prefilter_new(rules, n);
}

static int matches(struct md_prefilter *pf, const char *text)
{
	return md_prefilter_match_text(pf, text, strlen(text));
}

static void t_shapes(void)
{
	struct md_prefilter *pf = all_rules();

	check(pf != NULL);
	md_prefilter_close(pf);
	check(matches(pf, "x = p->lru.next;"));
	check(matches(pf, "x = p . lru;"));
	check(!matches(pf, "int lru = 0;"));		/* a member name alone is no member access */
	check(!matches(pf, "/* p->lru */ \"p->lru\""));
	check(matches(pf, "list_for_each_entry(p, &l,\n\tlru)"));
	check(matches(pf, "PageDirty(p)"));		/* hidden: a page-flag function */
	check(!matches(pf, "int PageDirty;"));
	check(matches(pf, "f((struct folio *)p)"));
	check(!matches(pf, "struct folio *f;"));
	check(matches(pf, "if (test_bit(PG_locked, &p->flags))"));
	check(matches(pf, "x = page_folio(p)"));
	check(matches(pf, "y = bh->b_page;"));
	md_prefilter_free(pf);
}

static void t_macro_closure(void)
{
	struct md_prefilter *pf = all_rules();
	/* used before they are defined, as headers often do */
	const char *header =
		"#define wrap(l) \\\n\tfirst_lru(l)\n"
		"#define first_lru(l) page_lru_of(list_first(l))\n"
		"#define page_lru_of(p) ((p)->lru)\n"
		"#define unrelated(x) ((x) + 1)\n"
		"#define params_only(lru) (lru)\n";

	md_prefilter_learn_macros(pf, header, strlen(header));
	md_prefilter_close(pf);
	is_uint(md_prefilter_macros(pf), 3, "three macros reach p->lru, two through others");
	check(matches(pf, "x = wrap(&l);"));
	check(matches(pf, "x = first_lru(&l);"));
	check(!matches(pf, "x = unrelated(1);"));
	check(!matches(pf, "x = params_only(1);"));	/* (lru) in its parameter list is no token */
	md_prefilter_free(pf);
}

static void t_patterns(void)
{
	struct md_prefilter *pf = all_rules();

	check(pf != NULL);
	check(md_prefilter_add_pattern(pf, "\\b(a_call)\\s*\\(") == 0);
	check(md_prefilter_add_pattern(pf, "(?:->|\\.)\\s*(fa|fb)\\b") == 0);
	check(md_prefilter_add_pattern(pf, "\\b(x.*y)\\b") == -1);	/* not identifiers */
	check(md_prefilter_add_pattern(pf, "lru") == -1);		/* no group */
	check(md_prefilter_add_pattern(pf, "\\b(z)\\s*\\[") == -1);	/* an unknown shape */
	md_prefilter_close(pf);
	check(matches(pf, "a_call (1)"));
	check(matches(pf, "s.fb"));
	check(!matches(pf, "a_call;"));
	md_prefilter_free(pf);
}

/* t_arch - with an architecture, the other architectures' headers are not learnt. */
static void t_arch(void)
{
	char dir[] = "/tmp/memdesc-prefilter-XXXXXX";
	struct md_prefilter *pf;
	char *p;

	check(mkdtemp(dir) != NULL);
	p = xasprintf("mkdir -p %s/arch/x86/include %s/arch/arm/include %s/include", dir, dir, dir);
	check(system(p) == 0);
	free(p);
	p = xasprintf("%s/arch/x86/include/a.h", dir);
	md_write_text(p, "#define x86_lru(p) ((p)->lru)\n");
	free(p);
	p = xasprintf("%s/arch/arm/include/b.h", dir);
	md_write_text(p, "#define arm_lru(p) ((p)->lru)\n");
	free(p);
	p = xasprintf("%s/include/c.h", dir);
	md_write_text(p, "#define any_lru(p) ((p)->lru)\n");
	free(p);
	pf = all_rules();
	is_int(md_prefilter_learn_tree(pf, dir, "x86"), 2, "x86: its headers and the generic ones");
	md_prefilter_close(pf);
	check(matches(pf, "x86_lru(p)") && matches(pf, "any_lru(p)") && !matches(pf, "arm_lru(p)"));
	md_prefilter_free(pf);
	pf = all_rules();
	is_int(md_prefilter_learn_tree(pf, dir, NULL), 3, "no architecture: every header");
	md_prefilter_free(pf);
	md_remove_tree(dir);
}

/* t_trace_points - a TU that creates trace points reads its trace header as its own text. */
static void t_trace_points(void)
{
	char dir[] = "/tmp/memdesc-prefilter-XXXXXX";
	struct md_prefilter *pf = all_rules();
	char *p;

	check(mkdtemp(dir) != NULL);
	p = xasprintf("%s/tr.h", dir);
	md_write_text(p, "TRACE_EVENT(x, TP_fast_assign(__entry->index = page->index;))\n");
	free(p);
	p = xasprintf("%s/trace.c", dir);
	md_write_text(p, "#include <linux/mm.h>\n#define CREATE_TRACE_POINTS\n#include \"tr.h\"\n");
	check(md_prefilter_match_file(pf, p) == 1);
	free(p);
	p = xasprintf("%s/user.c", dir);
	md_write_text(p, "#include \"tr.h\"\nint user(void) { return 0; }\n");
	check(md_prefilter_match_file(pf, p) == 0);
	free(p);
	md_prefilter_free(pf);
	md_remove_tree(dir);
}

/* has_finding - a fixture whose expectation block lists a warning. */
static int has_finding(const char *text)
{
	return strstr(text, "warning:") != NULL;
}

/* t_fixtures - every fixture with a finding matches, by its own text. */
static void t_fixtures(void)
{
	static const char *const dirs[] = { "bh-page", "compound-head", "folio-null", "folio-page",
		"page-flag", "page-index", "page-lru", "page-mapping", "page-memcg", "page-pool",
		"page-private" };
	struct md_prefilter *pf = all_rules();
	size_t i, positive = 0;

	md_prefilter_learn_tree(pf, "tests/fixtures/include", NULL);
	md_prefilter_close(pf);
	for (i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char *dir = xasprintf("tests/fixtures/%s", dirs[i]);
		DIR *d = opendir(dir);
		struct dirent *e;

		check(d != NULL);
		while (d && (e = readdir(d))) {
			char *path = xasprintf("%s/%s", dir, e->d_name);
			size_t len;
			char *text = strstr(e->d_name, ".c") ? md_read_text(path, &len) : NULL;

			if (text && has_finding(text)) {
				/* the expectation block itself is a comment: it matches nothing */
				if (!check(md_prefilter_match_file(pf, path) == 1))
					diag("%s has findings but does not match", path);
				positive++;
			}
			free(text);
			free(path);
		}
		if (d)
			closedir(d);
		free(dir);
	}
	check_uint(positive, >=, 15);
	md_prefilter_free(pf);
}

int main(void)
{
	TEST(t_tokens(), "tokens: comments skipped, literals opaque, logical lines");
	TEST(t_shapes(), "the rules' token shapes, not bare names");
	TEST(t_macro_closure(), "macros that reach a token, directly or through others");
	TEST(t_patterns(), "patterns it cannot read are refused");
	TEST(t_arch(), "the other architectures' headers are not learnt");
	TEST(t_fixtures(), "every fixture with a finding matches");
	TEST(t_trace_points(), "after #define CREATE_TRACE_POINTS, a quoted header counts as the text");
	return done_testing();
}
