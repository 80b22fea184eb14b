// SPDX-License-Identifier: GPL-2.0
/*
 * cocci.c - the spatch runner of cocci/run.h on a fixture tree written
 * here: a rewrite by two tiny semantic patches in order, the tree left as
 * it was, a file on which spatch fails (through a wrapper that fails for
 * that file only) while the others are rewritten, a timeout, the version
 * guards read from the tree's headers, and report mode's findings.
 * Skipped without spatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cocci/run.h"
#include "lib/file.h"
#include "lib/error.h"
#include "lib/path.h"
#include "lib/xalloc.h"
#include "tests/tap.h"

static char *root;

static void put(const char *rel, const char *text)
{
	char *path = md_path_join(root, rel), *dir = xstrdup(path);

	*strrchr(dir, '/') = '\0';
	if (strchr(rel, '/')) {
		char *cmd = xasprintf("mkdir -p '%s'", dir);

		if (system(cmd))
			BUG("mkdir %s", dir);
		free(cmd);
	}
	if (md_write_text(path, text))
		BUG("cannot write %s", path);
	free(dir);
	free(path);
}

static char *get(const char *rel)
{
	char *path = md_path_join(root, rel), *text = md_read_text(path, NULL);

	free(path);
	return text;
}

static const char foo_to_bar[] =
	"virtual patch\n"
	"@depends on patch@\nexpression E;\n@@\n- foo(E)\n+ bar(E)\n";
static const char bar_to_baz[] =
	"virtual patch\n"
	"virtual missing_baz\n"
	"@depends on patch && !missing_baz@\nexpression E;\n@@\n- bar(E)\n+ baz(E)\n";

static const char *const cocci2[] = { "/p/a.cocci", "/p/b.cocci" };
static char *cocci_paths[2];

static const struct md_file_rewrite *find(const struct md_rewrite_set *set, const char *path)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->v[i].path, path))
			return &set->v[i];
	return NULL;
}

static void t_rewrite(void)
{
	const char *files[] = { "mm/one.c", "mm/two.c", "fs/none.c" };
	struct md_spatch_opts o = { .cocci = (const char *const *)cocci_paths, .ncocci = 2,
				    .jobs = 2, .defines = STRV_INIT };
	struct md_rewrite_set set;
	const struct md_file_rewrite *one, *two;

	check_int(md_spatch_rewrite(root, files, 3, &o, &set), ==, 0);
	check_uint(set.n, ==, 2);	/* fs/none.c has nothing to change */
	one = find(&set, "mm/one.c");
	two = find(&set, "mm/two.c");
	check(one && two && !find(&set, "fs/none.c"));
	if (!one || !two)
		goto out;
	is_str(one->after, "int f(int x)\n{\n\treturn baz(x);\n}\n", "foo -> bar -> baz, in order");
	is_str(one->before, "int f(int x)\n{\n\treturn foo(x);\n}\n", "the text as read");
	check_uint(one->cocci.n, ==, 2);
	is_str(one->cocci.v[0], "a.cocci", "changed by a.cocci");
	is_str(one->cocci.v[1], "b.cocci", "then by b.cocci");
	check_uint(two->cocci.n, ==, 1);
	is_str(two->cocci.v[0], "b.cocci", "two.c only by b.cocci");
	check(!one->error && !two->error);
	char *now = get("mm/one.c");

	is_str(now, one->before, "the tree is not written");
	free(now);
out:
	md_rewrite_set_release(&set);
}

static void t_defines(void)
{
	const char *files[] = { "mm/one.c" };
	struct md_spatch_opts o = { .cocci = (const char *const *)cocci_paths, .ncocci = 2,
				    .jobs = 1, .defines = STRV_INIT };
	struct md_rewrite_set set;

	strv_push(&o.defines, "missing_baz");
	check_int(md_spatch_rewrite(root, files, 1, &o, &set), ==, 0);
	check_uint(set.n, ==, 1);
	if (set.n) {
		like_str(set.v[0].after, "bar(x)", "missing_baz: b.cocci's rule is left out");
		check_uint(set.v[0].cocci.n, ==, 1);
	}
	md_rewrite_set_release(&set);
	strv_release(&o.defines);
}

/* A wrapper spatch that fails on two.c and sleeps on slow.c. */
static char *wrapper(void)
{
	char *path = md_path_join(root, "fake-spatch");
	char *text = xasprintf("#!/bin/sh\n"
			       "for a; do last=$a; done\n"
			       "case $last in\n"
			       "*/two.c) echo 'init_defs: fatal: bad things' >&2; exit 1 ;;\n"
			       "*/slow.c) exec sleep 30 ;;\n"
			       "esac\n"
			       "exec spatch \"$@\"\n");

	md_write_text(path, text);
	chmod(path, 0755);
	free(text);
	return path;
}

static void t_failure(void)
{
	const char *files[] = { "mm/two.c", "mm/slow.c", "mm/one.c", "mm/gone.c" };
	char *fake = wrapper();
	struct md_spatch_opts o = { .spatch = fake, .cocci = (const char *const *)cocci_paths,
				    .ncocci = 2, .jobs = 2, .timeout = 2, .defines = STRV_INIT };
	const struct md_file_rewrite *one, *two, *slow, *gone;
	struct md_rewrite_set set;
	time_t start = time(NULL);

	put("mm/slow.c", "int s(void) { return foo(1); }\n");
	check_int(md_spatch_rewrite(root, files, 4, &o, &set), ==, 0);
	check_int(time(NULL) - start, <, 15);	/* the 30 s sleep was killed */
	one = find(&set, "mm/one.c");
	two = find(&set, "mm/two.c");
	slow = find(&set, "mm/slow.c");
	gone = find(&set, "mm/gone.c");
	check(one && two && slow && gone);
	if (one && two && slow && gone) {
		ok(!one->error && strstr(one->after, "baz(x)"), "one.c is rewritten all the same");
		like_str(two->error, "bad things", "two.c's failure says why");
		like_str(two->error, "a.cocci", "and which semantic patch failed");
		like_str(slow->error, "timed out", "slow.c timed out");
		ok(gone->error != NULL, "a file that does not exist is an error of its own");
	}
	md_rewrite_set_release(&set);
	o.spatch = "/nonexistent/spatch";
	check_int(md_spatch_rewrite(root, files + 2, 1, &o, &set), ==, -1);
	md_rewrite_set_release(&set);
	free(fake);
}

static void t_missing(void)
{
	char *c = md_path_join(root, "guards.cocci");
	const char *cocci[] = { c };
	struct strv out = STRV_INIT;

	md_write_text(c, "virtual patch\nvirtual missing_b_folio\n"
			 "virtual missing_folio_x, missing_NEWMACRO\nvirtual missing_in_comment\n"
			 "virtual missing_in_string\n");
	put("include/linux/buffer_head.h",
	    "/* b_folio, in_comment: not yet */\n// in_comment too\n"
	    "struct buffer_head {\n\tstruct page *b_page;\n};\n"
	    "static const char *s = \"in_string\";\n");
	put("include/linux/mm.h", "#define NEWMACRO(x) (x)\nvoid folio_x(struct folio *);\n");
	check_int(md_cocci_missing(root, cocci, 1, &out), ==, 0);
	check_uint(out.n, ==, 3);
	if (out.n == 3) {
		is_str(out.v[0], "missing_b_folio", "b_folio only in a comment: missing");
		is_str(out.v[1], "missing_in_comment", "a comment does not declare");
		is_str(out.v[2], "missing_in_string", "nor a string");
	}
	strv_release(&out);
	put("include/linux/buffer_head.h", "struct buffer_head {\n\tunion {\n"
	    "\t\tstruct page *b_page;\n\t\tstruct folio *b_folio;\n\t};\n};\n");
	check_int(md_cocci_missing(root, cocci, 1, &out), ==, 0);
	check_uint(out.n, ==, 2);
	for (size_t i = 0; i < out.n; i++)
		check(strcmp(out.v[i], "missing_b_folio"));
	strv_release(&out);
	free(c);
}

struct found {
	struct md_finding f[16];
	size_t n;
};

static int keep(void *data, const struct md_finding *f)
{
	struct found *fd = data;

	if (fd->n < 16)
		md_finding_copy(&fd->f[fd->n++], f);
	return 0;
}

static void t_report(void)
{
	char *c = md_path_join(root, "r.cocci");
	const char *cocci[] = { c };
	const char *files[] = { "mm/r.c" };
	struct md_spatch_opts o = { .cocci = cocci, .ncocci = 1, .jobs = 1, .defines = STRV_INIT };
	struct found fd = { .n = 0 };

	md_write_text(c, "virtual report\n"
			 "@r depends on report@\nstruct folio *F;\nposition b, p;\n@@\n F@b->page@p\n"
			 "@script:python depends on report@\nb << r.b;\np << r.p;\n@@\n"
			 "import json, os\n"
			 "if os.environ.get('MEMDESC_COCCI_FORMAT') == 'json':\n"
			 "    print(json.dumps({'file': p[0].file, 'line': int(p[0].line), "
			 "'col': int(p[0].column), 'line_end': int(p[0].line_end), "
			 "'begin_line': int(b[0].line), 'begin_col': int(b[0].column), "
			 "'col_end': int(p[0].column_end), 'function': p[0].current_element, "
			 "'message': 'folio->page: use folio_page() [folio-page]'}))\n");
	put("mm/r.c", "struct page;\nstruct folio { struct page page; };\n"
	    "void g(struct page *);\nvoid f(struct folio *folio)\n{\n"
	    "\tg(& folio->page);\n\tg(&folio->page);\n}\n");
	check_int(md_spatch_report(root, files, 1, &o, keep, &fd), ==, 0);
	check_uint(fd.n, ==, 2);
	if (fd.n == 2) {
		is_str(fd.f[0].rule, "folio-page", "the rule id from the message");
		is_str(fd.f[0].message, "folio->page: use folio_page()", "the message without it");
		is_str(fd.f[0].path, "mm/r.c", "the path relative to the tree");
		is_uint(fd.f[0].line, 6, "the line");
		is_uint(fd.f[0].col, 13, "the column of the member, 1-based, as libclang's");
		is_str(fd.f[0].function, "f", "the enclosing function");
		is_str(fd.f[0].matched, "folio->page", "the matched text, normalized");
		is_str(fd.f[0].engine, "coccinelle", "engine");
		is_str(fd.f[0].certainty, "typed", "certainty");
		is_str(fd.f[0].source_line, "\tg(& folio->page);", "the source line");
		is_uint(fd.f[1].occurrence, 1, "the second one is occurrence 1");
		ok(strcmp(fd.f[0].fingerprint, fd.f[1].fingerprint), "fingerprints differ");
	}
	for (size_t i = 0; i < fd.n; i++)
		md_finding_release(&fd.f[i]);
	free(c);
}

static void note_failed(void *data, const char *path, const char *why)
{
	struct strv *failed = data;

	strv_pushf(failed, "%s: %s", path, why);
}

/* t_report_batch - a failing file in a batch of files fails alone. */
static void t_report_batch(void)
{
	char *c = md_path_join(root, "r.cocci");
	const char *cocci[] = { c };
	const char *files[] = { "mm/r.c", "mm/bad.c", "mm/r2.c", "mm/r3.c",
				"mm/r4.c", "mm/r5.c", "mm/r6.c", "mm/r7.c" };
	struct strv failed = STRV_INIT;
	char *fake = md_path_join(root, "fake-spatch2");
	struct md_spatch_opts o = { .spatch = fake, .cocci = cocci, .ncocci = 1, .jobs = 1,
				    .defines = STRV_INIT, .failed = note_failed,
				    .failed_data = &failed };
	struct found fd = { .n = 0 };

	md_write_text(fake, "#!/bin/sh\nfor a; do case $a in */bad.c) echo 'bad.c: no' >&2; "
			    "exit 1 ;; esac; done\nexec spatch \"$@\"\n");
	chmod(fake, 0755);
	for (size_t i = 1; i < 8; i++) {
		char *path = md_path_join(root, files[i]);
		char *cmd = xasprintf("cp '%s/mm/r.c' '%s'", root, path);

		if (system(cmd))
			BUG("cp");
		free(cmd);
		free(path);
	}
	check_int(md_spatch_report(root, files, 8, &o, keep, &fd), ==, 0);
	check_uint(failed.n, ==, 1);
	if (failed.n)
		like_str(failed.v[0], "mm/bad.c: r.cocci: spatch exited with 1", "bad.c fails alone");
	check_uint(fd.n, ==, 14);	/* two findings in each of the seven good files */
	for (size_t i = 0; i < fd.n; i++) {
		check(strcmp(fd.f[i].path, "mm/bad.c"));
		md_finding_release(&fd.f[i]);
	}
	strv_release(&failed);
	free(fake);
	free(c);
}

static int have_spatch(void)
{
	return !system("spatch --version >/dev/null 2>&1");
}

int main(void)
{
	char tmpl[] = "/tmp/memdesc-cocci-test.XXXXXX";

	if (!mkdtemp(tmpl))
		BUG("mkdtemp");
	root = tmpl;
	put("mm/one.c", "int f(int x)\n{\n\treturn foo(x);\n}\n");
	put("mm/two.c", "int g(int x)\n{\n\treturn bar(x);\n}\n");
	put("fs/none.c", "int h(int x)\n{\n\treturn x;\n}\n");
	for (int i = 0; i < 2; i++) {
		cocci_paths[i] = xasprintf("%s%s", root, cocci2[i] + 2);
		md_write_text(cocci_paths[i], i ? bar_to_baz : foo_to_bar);
	}
	TEST(t_missing(), "md_cocci_missing: guards read from include/, outside comments and strings");
	if (have_spatch()) {
		TEST(t_rewrite(), "md_spatch_rewrite: two semantic patches in order, the tree untouched");
		TEST(t_defines(), "md_spatch_rewrite: -D of a missing guard leaves its rule out");
		TEST(t_failure(), "md_spatch_rewrite: one file's failure or timeout does not stop the others");
		TEST(t_report(), "md_spatch_report: findings from the JSON report lines");
		TEST(t_report_batch(), "md_spatch_report: a file that fails in a batch fails alone");
	} else {
		skip("spatch is not installed");
	}
	for (int i = 0; i < 2; i++)
		free(cocci_paths[i]);
	md_remove_tree(root);
	return done_testing();
}
