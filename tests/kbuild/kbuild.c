// SPDX-License-Identifier: GPL-2.0
/*
 * kbuild.c - kernel trees and their compiler commands without a real tree:
 * gcc-to-clang argument rewriting, compilation databases, scopes, borrowed
 * flags, saved .cmd files, and Kbuild dry runs and prepares driven through
 * a fake make.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kbuild/kbuild.h"
#include "lib/error.h"
#include "tests/tap.h"

static char tmp[] = "/tmp/memdesc-kbuild-test-XXXXXX";
static char err[1024];		/* the last error reported */
static char warned[1024];	/* the last warning */

/* capture - the error routine of the tests: keep the last message. */
static void capture(const char *prefix, const char *message)
{
	if (!strcmp(prefix, "error: "))
		snprintf(err, sizeof(err), "%s", message);
	else
		snprintf(warned, sizeof(warned), "%s", message);
}

/* open_tree - md_tree_open with the messages of this call only in err. */
static int open_tree(const char *srcdir, const struct md_tree_opts *opts, struct md_tree *tree)
{
	err[0] = warned[0] = '\0';
	return md_tree_open(srcdir, opts, tree);
}

static char *path_of(const char *rel)
{
	static char buf[8][1024];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmp, rel);
	return buf[i];
}

/* keep - a copy of @s that lives until the end of the test. */
static const char *keep(const char *s)
{
	static char *kept_strings[32];
	static int n;

	if (!s) {
		while (n)
			free(kept_strings[--n]);
		return NULL;
	}
	kept_strings[n] = strdup(s);
	return kept_strings[n++];
}

static void mkdirs(const char *path)
{
	char p[1024], *s;

	snprintf(p, sizeof(p), "%s", path);
	for (s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0777);
			*s = '/';
		}
	}
	mkdir(p, 0777);
}

/* put - write @text to @rel under the test directory, creating parents. */
static void put(const char *rel, const char *text)
{
	char dir[1024], *slash;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s", path_of(rel));
	slash = strrchr(dir, '/');
	*slash = '\0';
	mkdirs(dir);
	f = fopen(path_of(rel), "w");
	if (!f) {
		perror(path_of(rel));
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	if (strstr(rel, "bin/"))
		chmod(path_of(rel), 0755);
}

static int count_lines(const char *rel)
{
	FILE *f = fopen(path_of(rel), "r");
	int c, n = 0;

	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static int has_arg(char **argv, int argc, const char *arg)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], arg))
			return 1;
	return 0;
}

static int has_prefix_arg(char **argv, int argc, const char *prefix)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], prefix, strlen(prefix)))
			return 1;
	return 0;
}

/* arg_after - the argument following @opt, or "". */
static const char *arg_after(char **argv, int argc, const char *opt)
{
	int i;

	for (i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], opt))
			return argv[i + 1];
	return "";
}

static void free_args(char **argv, int argc)
{
	int i;

	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* A sample of each gcc-only or output-only flag Kbuild passes; NULL ends a group. */
static const char *const dropped[][2] = {
	{ "-mpreferred-stack-boundary=3" }, { "-mindirect-branch=thunk-extern" },
	{ "-mindirect-branch-register" }, { "-mindirect-branch-cs-prefix" },
	{ "-mfunction-return=thunk-extern" }, { "-mharden-sls=all" },
	{ "-mrecord-mcount" }, { "-mnop-mcount" }, { "-maccumulate-outgoing-args" },
	{ "-mstack-protector-guard-symbol=__ref_stack_chk_guard" },
	{ "-fno-allow-store-data-races" }, { "-fconserve-stack" }, { "-falign-jumps=1" },
	{ "-fno-inline-functions-called-once" }, { "-fno-reorder-blocks" },
	{ "-ftrivial-auto-var-init=zero" }, { "-fmin-function-alignment=16" },
	{ "-fstrict-flex-arrays=3" }, { "-fzero-call-used-regs=used-gpr" },
	{ "-fzero-init-padding-bits=all" }, { "-fno-ipa-sra" }, { "-fno-ipa-cp-clone" },
	{ "-fno-partial-inlining" }, { "-fno-tree-loop-im" },
	{ "-fno-var-tracking-assignments" }, { "-femit-struct-debug-baseonly" },
	{ "-fasan-shadow-offset=0xdffffc0000000000" }, { "-fsanitize=bounds-strict" },
	{ "-fplugin=./scripts/gcc-plugins/stackleak_plugin.so" },
	{ "-fplugin-arg-stackleak_plugin-track-min-size=100" },
	{ "--param=allow-store-data-races=0" }, { "--param", "asan-globals=1" },
	{ "-Wimplicit-fallthrough=5" }, { "-Werror" }, { "-Werror=implicit-int" },
	{ "--arch=x86" }, { "-Wp,-MMD,mm/.a.o.d" }, { "-Wp,-MD,mm/.a.o.d" }, { "-MD" }, { "-MMD" }, { "-MP" },
	{ "-MF", "mm/.a.o.d" }, { "-MT", "mm/a.o" }, { "-MQ", "mm/a.o" },
};

static const char *const kept[] = {
	"-nostdinc", "-I/src/include", "-I./include", "-Imm", "-D__KERNEL__",
	"-DKBUILD_BASENAME=\"a\"", "-include", "/src/include/linux/kconfig.h",
	"-fno-strict-aliasing", "-mcmodel=kernel", "-O2", "-std=gnu11", "-mskip-rax-setup",
	"-Wno-maybe-uninitialized",
};

static void test_clang_args(void)
{
	const char *argv[200];
	char **out;
	size_t i;
	int n = 0, argc, all_kept = 1;

	argv[n++] = "ccache";
	argv[n++] = "gcc";
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		argv[n++] = kept[i];
	argv[n++] = "-isystem";
	argv[n++] = "/usr/lib/gcc/x86_64-linux-gnu/12/include";
	for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++) {
		argv[n++] = dropped[i][0];
		if (dropped[i][1])
			argv[n++] = dropped[i][1];
	}
	argv[n++] = "-c";
	argv[n++] = "-o";
	argv[n++] = "mm/a.o";
	argv[n++] = "/src/mm/a.c";
	argv[n] = NULL;

	out = md_clang_args(argv, n, "/src/mm/a.c", &argc);
	ok(out && !out[argc], "the clang vector is NULL-terminated (%d args)", argc);
	for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
		ok(!has_arg(out, argc, dropped[i][0]) &&
		   (!dropped[i][1] || !has_arg(out, argc, dropped[i][1])),
		   "drops %s%s%s", dropped[i][0], dropped[i][1] ? " " : "",
		   dropped[i][1] ? dropped[i][1] : "");
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		all_kept &= has_arg(out, argc, kept[i]);
	ok(all_kept, "keeps -I, -D, -include and flags clang knows");
	ok(!has_arg(out, argc, "ccache") && !has_arg(out, argc, "gcc"),
	   "drops the compiler and its wrapper");
	ok(!has_arg(out, argc, "-c") && !has_arg(out, argc, "-o") &&
	   !has_arg(out, argc, "mm/a.o") && !has_arg(out, argc, "/src/mm/a.c"),
	   "drops -c, -o <obj> and the source file");
	ok(strstr(arg_after(out, argc, "-isystem"), "clang") &&
	   !strstr(arg_after(out, argc, "-isystem"), "/gcc/"),
	   "-isystem of gcc's headers becomes clang's: %s", arg_after(out, argc, "-isystem"));
	ok(has_arg(out, argc, "-w"), "turns clang's warnings off (memdesc reports none)");
	free_args(out, argc);

	argv[0] = "gcc";
	argv[1] = "-DX";
	argv[2] = "-c";
	argv[3] = "mm/a.c";
	argv[4] = NULL;
	out = md_clang_args(argv, 4, NULL, &argc);
	ok(has_arg(out, argc, "-DX") && !has_arg(out, argc, "mm/a.c"),
	   "without a named source, the .c operand is dropped");
	free_args(out, argc);
}

/* The fake tree: mm/a.c and fs/x/c.c are built, the other files are not. */
static void make_tree(const char *root, const char *extra_makefile_line)
{
	char rel[256], text[256];

	snprintf(rel, sizeof(rel), "%s/Makefile", root);
	snprintf(text, sizeof(text),
		 "# SPDX-License-Identifier: GPL-2.0\nVERSION = 6\nPATCHLEVEL = 12\n"
		 "SUBLEVEL = 3\nEXTRAVERSION = -rc1\n%s", extra_makefile_line);
	put(rel, text);
	snprintf(rel, sizeof(rel), "%s/include/linux/mm_types.h", root);
	put(rel, "struct page;\n");
	snprintf(rel, sizeof(rel), "%s/mm/Makefile", root);
	put(rel, "obj-y += a.o\n");
	snprintf(rel, sizeof(rel), "%s/fs/Makefile", root);
	put(rel, "obj-y += x/\n");
	snprintf(rel, sizeof(rel), "%s/fs/x/Makefile", root);
	put(rel, "obj-y += c.o\n");
	snprintf(rel, sizeof(rel), "%s/fs/y/Makefile", root);
	put(rel, "obj-$(CONFIG_Y) += e.o\n");
	snprintf(rel, sizeof(rel), "%s/mm/a.c", root);
	put(rel, "int a;\n");
	snprintf(rel, sizeof(rel), "%s/mm/b.c", root);
	put(rel, "int b;\n");
	snprintf(rel, sizeof(rel), "%s/fs/x/c.c", root);
	put(rel, "int c;\n");
	snprintf(rel, sizeof(rel), "%s/fs/y/e.c", root);
	put(rel, "int e;\n");
}

static void make_compdb(const char *rel)
{
	char text[4096];

	snprintf(text, sizeof(text),
		 "[{\"directory\": \"%s\", \"file\": \"%s\", \"arguments\": [\"gcc\", "
		 "\"-Wp,-MMD,mm/.a.o.d\", \"-nostdinc\", \"-I./include\", \"-Imm\", "
		 "\"-include\", \"./include/linux/kconfig.h\", \"-D__KERNEL__\", "
		 "\"-DKBUILD_BASENAME=\\\"a\\\"\", \"-DKBUILD_MODNAME=\\\"a\\\"\", "
		 "\"-mpreferred-stack-boundary=3\", \"-c\", \"-o\", \"mm/a.o\", \"%s\"]},\n"
		 " {\"directory\": \"%s\", \"file\": \"%s\", \"command\": \"gcc -D__KERNEL__ "
		 "-DCDEF=1 -Ifs/x -c -o fs/x/c.o %s\"}]\n",
		 path_of("out"), path_of("linux/mm/a.c"), path_of("linux/mm/a.c"),
		 path_of("out"), path_of("linux/fs/x/c.c"), path_of("linux/fs/x/c.c"));
	put(rel, text);
}

/* commands - md_tree_commands over @scope; -1 with err set on failure. */
static int commands(struct md_tree *tree, const struct md_tree_opts *opts,
		    const char *const *scope, size_t n, struct md_tu_list *l)
{
	memset(l, 0, sizeof(*l));
	err[0] = warned[0] = '\0';
	return md_tree_commands(tree, opts, scope, n, l);
}

static void test_compdb(void)
{
	struct md_tree_opts opts = { .compdb = keep(path_of("out/compile_commands.json")) };
	static const char *const mm[] = { "mm/" }, *const fs[] = { "./fs" };
	static const char *const b[] = { "mm/b.c" }, *const e[] = { "fs/y/e.c" };
	static const char *const a[] = { "mm/a.c" };
	struct md_tree tree;
	struct md_tu_list l;
	int r;

	r = open_tree(path_of("linux"), &opts, &tree);
	ok(!r, "a tree with a compdb opens without make: %s", r ? err : "ok");
	if (r)
		return;
	ok(!strcmp(tree.version, "6.12.3-rc1"), "version from the Makefile: %s", tree.version);
	ok(!strcmp(tree.config, "compdb"), "config is compdb");

	r = commands(&tree, &opts, NULL, 0, &l);
	ok(!r && l.n == 2, "whole tree: the two compdb entries (%zu) %s", l.n, err);
	if (!r && l.n == 2) {
		ok(!strcmp(l.v[0].file, path_of("linux/fs/x/c.c")) &&
		   !strcmp(l.v[1].file, path_of("linux/mm/a.c")),
		   "absolute file paths, sorted");
		ok(!strcmp(l.v[1].directory, path_of("out")), "directory from the compdb");
		ok(has_arg(l.v[1].argv, l.v[1].argc, path_of("out/include/linux/kconfig.h")) &&
		   has_prefix_arg(l.v[1].argv, l.v[1].argc, "-I/") &&
		   !has_prefix_arg(l.v[1].argv, l.v[1].argc, "-Imm"),
		   "relative include paths are made absolute");
		ok(!has_arg(l.v[1].argv, l.v[1].argc, "-c") &&
		   !has_arg(l.v[1].argv, l.v[1].argc, "-mpreferred-stack-boundary=3") &&
		   !has_arg(l.v[1].argv, l.v[1].argc, path_of("linux/mm/a.c")),
		   "compdb arguments go through md_clang_args");
		ok(has_arg(l.v[0].argv, l.v[0].argc, "-DCDEF=1") && !l.v[0].borrowed,
		   "a \"command\" string entry is split into arguments");
	}
	md_tu_list_release(&l);

	r = commands(&tree, &opts, mm, 1, &l);
	ok(!r && l.n == 1 && strstr(l.v[0].file, "/mm/a.c"), "scope mm/: only mm/a.c");
	md_tu_list_release(&l);
	r = commands(&tree, &opts, fs, 1, &l);
	ok(!r && l.n == 1 && strstr(l.v[0].file, "/fs/x/c.c"), "scope ./fs: only fs/x/c.c");
	md_tu_list_release(&l);
	r = commands(&tree, &opts, a, 1, &l);
	ok(!r && l.n == 1 && !l.v[0].borrowed, "an explicit built file is not borrowed");
	md_tu_list_release(&l);

	r = commands(&tree, &opts, b, 1, &l);
	ok(!r && l.n == 1 && l.v[0].borrowed && !strcmp(l.v[0].file, path_of("linux/mm/b.c")),
	   "an unbuilt file borrows flags: %s", r ? err : "ok");
	if (!r && l.n == 1) {
		ok(has_arg(l.v[0].argv, l.v[0].argc, "-DKBUILD_BASENAME=\"b\"") &&
		   !has_arg(l.v[0].argv, l.v[0].argc, "-DKBUILD_BASENAME=\"a\""),
		   "borrowed flags name the file's own object");
		ok(has_arg(l.v[0].argv, l.v[0].argc, "-D__KERNEL__") &&
		   !has_arg(l.v[0].argv, l.v[0].argc, path_of("linux/mm/a.c")),
		   "borrowed from the same directory, without the lender's source");
	}
	md_tu_list_release(&l);
	r = commands(&tree, &opts, e, 1, &l);
	ok(!r && l.n == 1 && l.v[0].borrowed &&
	   has_arg(l.v[0].argv, l.v[0].argc, "-DCDEF=1"),
	   "a file in an unbuilt directory borrows from the nearest parent's subtree");
	md_tu_list_release(&l);
	md_tree_release(&tree);

	opts.compdb = keep(path_of("out/cc.json"));
	rename(path_of("out/compile_commands.json"), path_of("out/cc.json"));
	r = open_tree(path_of("linux"), &opts, &tree);
	if (!r)
		r = commands(&tree, &opts, NULL, 0, &l);
	ok(!r && l.n == 2, "a compdb under another file name is read: %s", r ? err : "ok");
	md_tu_list_release(&l);
	md_tree_release(&tree);
	rename(path_of("out/cc.json"), path_of("out/compile_commands.json"));
}

/* An entry whose directory is gone is reported and skipped, the others are read. */
static void test_compdb_missing_dir(void)
{
	struct md_tree_opts opts = { .compdb = keep(path_of("out/gone.json")) };
	struct md_tree tree;
	struct md_tu_list l;
	char text[4096], want[2048];
	int r;

	snprintf(text, sizeof(text),
		 "[{\"directory\": \"%s\", \"file\": \"%s\", \"command\": \"gcc -D__KERNEL__ "
		 "-c -o mm/a.o %s\"},\n"
		 " {\"directory\": \"%s\", \"file\": \"%s\", \"arguments\": [\"gcc\", "
		 "\"-D__KERNEL__\", \"-c\", \"-o\", \"fs/x/c.o\", \"%s\"]}]\n",
		 path_of("out"), path_of("linux/mm/a.c"), path_of("linux/mm/a.c"),
		 path_of("gone"), path_of("linux/fs/x/c.c"), path_of("linux/fs/x/c.c"));
	put("out/gone.json", text);
	r = open_tree(path_of("linux"), &opts, &tree);
	if (!r)
		r = commands(&tree, &opts, NULL, 0, &l);
	snprintf(want, sizeof(want), "%s: entry for %s: directory %s does not exist",
		 path_of("out/gone.json"), path_of("linux/fs/x/c.c"), path_of("gone"));
	ok(!r && l.n == 1 && !strcmp(l.v[0].file, path_of("linux/mm/a.c")),
	   "an entry whose directory does not exist is skipped (%zu TUs)", r ? 0 : l.n);
	ok(!strcmp(err, want), "and named: %s", err);
	if (!r)
		md_tu_list_release(&l);
	md_tree_release(&tree);
}

static void test_errors(void)
{
	struct md_tree_opts opts = { .compdb = keep(path_of("out")) };
	static const char *const nope[] = { "mm", "nope/dir" };
	struct md_tree tree;
	struct md_tu_list l;
	char want[1024];
	int r;

	put("notkernel/Makefile", "all:\n");
	r = open_tree(path_of("notkernel"), &opts, &tree);
	snprintf(want, sizeof(want), "%s: not a kernel tree: no include/linux/mm_types.h",
		 path_of("notkernel"));
	ok(r == -1 && !strcmp(err, want), "a non-kernel directory is refused: %s", err);

	put("noversion/Makefile", "all:\n");
	put("noversion/include/linux/mm_types.h", "\n");
	r = open_tree(path_of("noversion"), &opts, &tree);
	ok(r == -1 && strstr(err, "VERSION"), "a Makefile without a version is refused: %s", err);

	r = open_tree(path_of("missing"), &opts, &tree);
	snprintf(want, sizeof(want), "%s: no such directory", path_of("missing"));
	ok(r == -1 && !strcmp(err, want), "a missing tree is refused: %s", err);

	put("afile", "not a tree\n");
	r = open_tree(path_of("afile"), &opts, &tree);
	snprintf(want, sizeof(want), "%s: not a directory", path_of("afile"));
	ok(r == -1 && !strcmp(err, want), "a regular file is not a directory: %s", err);

	mkdirs(path_of("emptydir"));
	r = open_tree(path_of("emptydir"), &opts, &tree);
	snprintf(want, sizeof(want), "%s: not a kernel tree: no Makefile", path_of("emptydir"));
	ok(r == -1 && !strcmp(err, want), "an empty directory is not a kernel tree: %s", err);

	r = open_tree(path_of("linux"), &opts, &tree);
	ok(!r, "the compdb may be given as its directory");
	if (r)
		return;
	r = commands(&tree, &opts, nope, 2, &l);
	ok(r == -1 && strstr(err, "nope/dir") && !l.n, "a missing scope path is named: %s", err);
	md_tu_list_release(&l);
	md_tree_release(&tree);
}

static void test_in_tree(void)
{
	struct md_tree_opts opts = { 0 };
	struct md_tree tree;
	struct md_tu_list l;
	char text[2048];
	int r;

	make_tree("intree", "");
	put("intree/.config", "CONFIG_MMU=y\n");
	put("intree/include/generated/autoconf.h", "#define CONFIG_MMU 1\n");
	r = open_tree(path_of("intree"), &opts, &tree);
	ok(!r && !strcmp(tree.config, "in-tree") && !strcmp(tree.builddir, tree.srcdir),
	   "a tree configured in place is its own build directory");
	if (r)
		return;
	r = commands(&tree, &opts, NULL, 0, &l);
	ok(r == -1 && strstr(err, "compile_commands.json"),
	   "without built objects it asks for a compdb: %s", err);
	md_tu_list_release(&l);

	snprintf(text, sizeof(text),
		 "savedcmd_mm/a.o := gcc -Wp,-MMD,mm/.a.o.d -nostdinc -I./include -D__KERNEL__ "
		 "-DKBUILD_MODNAME='\"a\"' -DPRICE='\"$$5 $(pound)1\"' -c -o mm/a.o mm/a.c\n\n"
		 "source_mm/a.o := mm/a.c\n");
	put("intree/mm/.a.o.cmd", text);
	r = commands(&tree, &opts, NULL, 0, &l);
	ok(!r && l.n == 1 && !strcmp(l.v[0].file, path_of("intree/mm/a.c")),
	   "the saved command of a built object is read: %s", r ? err : "ok");
	if (!r && l.n == 1) {
		ok(has_arg(l.v[0].argv, l.v[0].argc, "-DKBUILD_MODNAME=\"a\"") &&
		   has_arg(l.v[0].argv, l.v[0].argc, "-DPRICE=\"$5 #1\""),
		   "shell quoting and make escapes are undone");
		ok(has_arg(l.v[0].argv, l.v[0].argc, "-I" "/") ||
		   has_prefix_arg(l.v[0].argv, l.v[0].argc, "-I/"),
		   "its include paths are absolute");
	}
	md_tu_list_release(&l);
	md_tree_release(&tree);
}

static const char fake_make[] =
	"#!/bin/sh\n"
	"echo \"$*\" >> \"$MD_TEST_CALLS\"\n"
	"for a; do case $a in O=*) out=${a#O=};; esac; done\n"
	"case \" $* \" in\n"
	"*\" CONFIG_Y=y \"*) cat \"$MD_TEST_DRYRUN_Y\";;\n"
	"*\" -n \"*) cat \"$MD_TEST_DRYRUN\";;\n"
	"*\" prepare \"*)\n"
	"	if [ -n \"${MD_TEST_HANG:-}\" ]; then echo $$ > \"$MD_TEST_HANG.tmp\";\n"
	"		mv \"$MD_TEST_HANG.tmp\" \"$MD_TEST_HANG\"; exec sleep 60; fi\n"
	"	if [ -n \"${MD_TEST_FAIL:-}\" ]; then echo 'prepare: boom' >&2; exit 2; fi\n"
	"	mkdir -p \"$out/include/generated\"\n"
	"	touch \"$out/include/generated/autoconf.h\" \"$out/include/generated/asm-offsets.h\";;\n"
	"*\" defconfig \"*) echo CONFIG_MMU=y > \"$out/.config\";;\n"
	"esac\n";

/* Lines of "make -n V=1" output as Kbuild prints them, for mm/a.c. */
static void make_dry_run(void)
{
	const char *src = path_of("linux/mm/a.c");
	const char *cmd = "gcc -Wp,-MMD,mm/.a.o.d -nostdinc -I./include -Imm -D__KERNEL__ "
			  "-mindirect-branch=thunk-extern -DKBUILD_MODFILE='\"mm/a\"' -c -o mm/a.o";
	const char *quoted = "gcc -Wp,-MMD,mm/.a.o.d -nostdinc -I./include -Imm -D__KERNEL__ "
			     "-mindirect-branch=thunk-extern -DKBUILD_MODFILE='\\''\"mm/a\"'\\'' "
			     "-c -o mm/a.o";
	char text[8192];

	snprintf(text, sizeof(text),
		 "make -f ./scripts/Makefile.build obj=mm need-builtin=1\n"
		 "set -e; echo '# HOSTCC  scripts/mod/modpost.o'; gcc -Wall -c -o "
		 "scripts/mod/modpost.o /src/scripts/mod/modpost.c\n"
		 "set -e; echo '# CC      mm/a.o'; echo '  %s %s  '; trap 'rm -f mm/a.o; "
		 "trap - HUP; kill -s HUP $$' HUP; %s %s  ; scripts/basic/fixdep mm/.a.o.d "
		 "mm/a.o '%s %s' > mm/.a.o.cmd; rm -f mm/.a.o.d\n"
		 "gcc -D__KERNEL__ -D__ASSEMBLY__ -c -o mm/s.o %s/mm/s.S\n",
		 quoted, src, cmd, src, quoted, src, path_of("linux"));
	put("dryrun.out", text);
	snprintf(text, sizeof(text), "gcc -D__KERNEL__ -DYFLAG -Ifs/y -c -o fs/y/e.o %s\n",
		 path_of("linux/fs/y/e.c"));
	put("dryrun-y.out", text);
}

/* A relative cache dir is taken from the current directory, not the tree's. */
static void test_relative_cache(void)
{
	struct md_tree_opts rel = { .cachedir = "rel-cache", .jobs = 1 };
	const char *want = keep(path_of("rel-cache/"));
	struct md_tree tree;
	char cwd[1024];
	int r;

	if (!getcwd(cwd, sizeof(cwd)) || chdir(tmp))
		return;
	r = open_tree(path_of("linux"), &rel, &tree);
	ok(!r && !strncmp(tree.builddir, want, strlen(want)),
	   "a relative cache dir becomes absolute from the current directory: %s",
	   r ? err : tree.builddir);
	if (!r)
		md_tree_release(&tree);
	if (chdir(cwd))
		diag("cannot return to %s", cwd);
}

static void test_dry_run(void)
{
	struct md_tree_opts opts = { .builddir = keep(path_of("build")), .jobs = 2 };
	static const char *const mm[] = { "mm" }, *const e[] = { "fs/y/e.c" };
	struct md_tree tree;
	struct md_tu_list l;
	int r, calls;

	put("bin/make", fake_make);
	make_dry_run();
	setenv("MD_TEST_CALLS", path_of("calls"), 1);
	setenv("MD_TEST_DRYRUN", path_of("dryrun.out"), 1);
	setenv("MD_TEST_DRYRUN_Y", path_of("dryrun-y.out"), 1);
	setenv("MAKEFLAGS", "-n", 1);	/* a parent make's flags must not leak in */

	r = open_tree(path_of("linux"), &opts, &tree);
	ok(!r && count_lines("calls") == 2, "an unprepared build dir gets defconfig and prepare: %s",
	   r ? err : "ok");
	if (r)
		return;
	ok(!strcmp(tree.builddir, path_of("build")) && !strcmp(tree.config, "defconfig"),
	   "the build directory is the one asked for");
	md_tree_release(&tree);
	r = open_tree(path_of("linux"), &opts, &tree);
	ok(!r && count_lines("calls") == 2, "a prepared build dir runs no make");

	r = commands(&tree, &opts, mm, 1, &l);
	calls = count_lines("calls");
	ok(!r && l.n == 1 && calls == 3, "a dry run of mm/ finds mm/a.c (%zu TUs, %d calls) %s",
	   l.n, calls, err);
	if (!r && l.n == 1) {
		ok(has_arg(l.v[0].argv, l.v[0].argc, "-DKBUILD_MODFILE=\"mm/a\"") &&
		   !has_arg(l.v[0].argv, l.v[0].argc, "-mindirect-branch=thunk-extern"),
		   "the dry-run command is unquoted and cleaned");
		ok(has_arg(l.v[0].argv, l.v[0].argc, "-D__KERNEL__") &&
		   !strcmp(l.v[0].directory, path_of("build")),
		   "it runs in the build directory");
	}
	md_tu_list_release(&l);
	r = commands(&tree, &opts, mm, 1, &l);
	ok(!r && l.n == 1 && count_lines("calls") == 3, "a second scan reads the cache");
	md_tu_list_release(&l);
	put("linux/mm/Makefile", "obj-y += a.o\nobj-y += new.o\n");
	r = commands(&tree, &opts, mm, 1, &l);
	calls = count_lines("calls");
	ok(!r && calls == 4, "a changed mm/Makefile makes the cache stale (%d calls)", calls);
	md_tu_list_release(&l);
	put("linux/mm/Kbuild", "obj-y += b.o\n");
	r = commands(&tree, &opts, mm, 1, &l);
	calls = count_lines("calls");
	ok(!r && calls == 5, "so does a new mm/Kbuild (%d calls)", calls);
	md_tu_list_release(&l);
	unlink(path_of("linux/mm/Kbuild"));
	r = commands(&tree, &opts, mm, 1, &l);
	md_tu_list_release(&l);
	r = commands(&tree, &opts, mm, 1, &l);
	calls = count_lines("calls");
	ok(!r && calls == 6, "and the cache is used again after (%d calls)", calls);
	md_tu_list_release(&l);
	r = commands(&tree, &opts, e, 1, &l);
	ok(!r && l.n == 1 && l.v[0].borrowed && has_arg(l.v[0].argv, l.v[0].argc, "-DYFLAG"),
	   "a file of an unbuilt directory gets that directory's flags, config forced: %s",
	   r ? err : "ok");
	md_tu_list_release(&l);
	md_tree_release(&tree);

	test_relative_cache();

	opts.builddir = keep(path_of("build2"));
	setenv("MD_TEST_FAIL", "1", 1);
	r = open_tree(path_of("linux"), &opts, &tree);
	ok(r == -1 && strstr(err, "make prepare failed"), "a failed prepare is reported: %s", err);
	unsetenv("MD_TEST_FAIL");
	unsetenv("MAKEFLAGS");
}

/* read_pid - the pid the hanging fake make wrote to @rel, waiting up to 20 s. */
static pid_t read_pid(const char *rel)
{
	int pid = 0, tries;
	FILE *f;

	for (tries = 0; tries < 2000 && pid <= 0; tries++) {
		f = fopen(path_of(rel), "r");
		if (!f || fscanf(f, "%d", &pid) != 1)
			pid = 0;
		if (f)
			fclose(f);
		if (pid <= 0)
			usleep(10000);
	}
	return pid;
}

/* wait_child - @pid's wait status, or -1 (and it is killed) after 20 s. */
static int wait_child(pid_t pid)
{
	int status, tries;

	for (tries = 0; tries < 2000; tries++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* try_lock - 1 when the lock on build directory @rel is free now (and taken). */
static int try_lock(const char *rel, int *fd)
{
	char lock[1100];

	snprintf(lock, sizeof(lock), "%s/memdesc.lock", path_of(rel));
	if (*fd < 0)
		*fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	return *fd >= 0 && !flock(*fd, LOCK_EX | LOCK_NB);
}

/*
 * open_in_child - md_tree_open of the test tree on build dir @rel in a child
 * that exits 0 when it returns -1 and 1 when it returns 0; the last error
 * and warning go to <rel>.msg.  The child closes @fd, a lock of the test.
 */
static pid_t open_in_child(const char *rel, int fd)
{
	struct md_tree_opts opts = { .builddir = path_of(rel), .jobs = 1 };
	struct md_tree tree;
	char msg[1100];
	pid_t pid;
	FILE *f;
	int r;

	fflush(stdout);
	pid = fork();
	if (pid)
		return pid;
	if (fd >= 0)
		close(fd);
	/*
	 * A test run in the background of a shell inherits SIGINT ignored,
	 * and memdesc rightly stays deaf to it then: stand for a terminal.
	 */
	signal(SIGINT, SIG_DFL);
	r = open_tree(path_of("linux"), &opts, &tree);
	snprintf(msg, sizeof(msg), "%s.msg", path_of(rel));
	f = fopen(msg, "w");
	if (f) {
		fprintf(f, "%s\n%s\n", err, warned);
		fclose(f);
	}
	_exit(r ? 0 : 1);
}

/* child_msg - line @n (0: the error, 1: the warning) of what a child reported. */
static const char *child_msg(const char *rel, int n)
{
	static char line[2][1100];
	char path[1100];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s.msg", path_of(rel));
	line[0][0] = line[1][0] = '\0';
	f = fopen(path, "r");
	for (i = 0; f && i < 2 && fgets(line[i], sizeof(line[i]), f); i++)
		line[i][strcspn(line[i], "\n")] = '\0';
	if (f)
		fclose(f);
	return line[n];
}

/* SIGINT while make prepare runs: make is stopped and waited for, and it is said. */
static void test_interrupt(void)
{
	char want[1100];
	int status, gone;
	pid_t child, make;

	setenv("MD_TEST_HANG", path_of("hang-int.pid"), 1);
	child = open_in_child("build-int", -1);
	make = read_pid("hang-int.pid");
	ok(make > 0, "the fake make prepare is running (pid %d)", (int)make);
	if (make <= 0) {
		kill(child, SIGKILL);
		wait_child(child);
		return;
	}
	kill(child, SIGINT);
	status = wait_child(child);
	gone = kill(make, 0) && errno == ESRCH;
	ok(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "SIGINT while configuring: md_tree_open returns -1 (status %#x)", status);
	snprintf(want, sizeof(want), "interrupted while configuring %s", path_of("build-int"));
	ok(!strcmp(child_msg("build-int", 0), want), "and says so: %s", child_msg("build-int", 0));
	ok(gone, "make was stopped and waited for, not left running");
	if (!gone)
		kill(make, SIGKILL);
	unsetenv("MD_TEST_HANG");
}

/* The build-directory lock is held by make too: a killed memdesc leaves it held. */
static void test_lock_outlives_memdesc(void)
{
	int fd = -1, held, freed = 0, tries;
	pid_t child, make;

	setenv("MD_TEST_HANG", path_of("hang-kill.pid"), 1);
	child = open_in_child("build-kill", -1);
	make = read_pid("hang-kill.pid");
	ok(make > 0, "the fake make prepare is running (pid %d)", (int)make);
	if (make <= 0) {
		kill(child, SIGKILL);
		wait_child(child);
		unsetenv("MD_TEST_HANG");
		return;
	}
	kill(child, SIGKILL);
	wait_child(child);
	held = !try_lock("build-kill", &fd);
	ok(held, "after memdesc is killed, its make prepare still holds the lock");
	kill(make, SIGKILL);
	for (tries = 0; tries < 2000 && !freed; tries++) {
		freed = try_lock("build-kill", &fd);
		if (!freed)
			usleep(10000);
	}
	ok(freed, "the lock is free once that make is gone");
	if (fd >= 0)
		close(fd);
	unsetenv("MD_TEST_HANG");
}

/* A second memdesc waits for the lock on the build directory, and says so. */
static void test_lock_wait(void)
{
	int fd = -1, locked, status, calls;
	char want[1100];
	pid_t child;

	mkdirs(path_of("build-wait"));
	locked = try_lock("build-wait", &fd);
	ok(locked, "the test holds the lock on build-wait");
	if (!locked)
		return;
	calls = count_lines("calls");
	child = open_in_child("build-wait", fd);
	usleep(300000);
	ok(waitpid(child, &status, WNOHANG) == 0 && count_lines("calls") == calls,
	   "md_tree_open waits for the lock before running make");
	close(fd);
	status = wait_child(child);
	ok(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 1 &&
	   count_lines("calls") == calls + 2,
	   "and configures the build directory once it has it (status %#x)", status);
	snprintf(want, sizeof(want), "waiting for the lock on %s", path_of("build-wait"));
	ok(!strcmp(child_msg("build-wait", 1), want), "it said it was waiting: %s",
	   child_msg("build-wait", 1));
}

int main(void)
{
	char path[2048];

	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	/* Only the fake make can run: a real one would mean a bug. */
	mkdirs(path_of("bin"));
	snprintf(path, sizeof(path), "%s:/usr/bin:/bin", path_of("bin"));
	setenv("PATH", path, 1);

	md_set_error_routine(capture);
	test_clang_args();
	make_tree("linux", "");
	make_compdb("out/compile_commands.json");
	test_compdb();
	test_errors();
	test_compdb_missing_dir();
	test_in_tree();
	test_dry_run();
	test_interrupt();
	test_lock_outlives_memdesc();
	test_lock_wait();

	snprintf(path, sizeof(path), "rm -rf '%s'", tmp);
	if (system(path))
		diag("cannot remove %s", tmp);
	keep(NULL);
	return done_testing();
}
