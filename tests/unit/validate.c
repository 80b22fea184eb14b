// SPDX-License-Identifier: GPL-2.0
/*
 * validate.c - the checks of convert/validate.h on a small stand-in for a
 * kernel tree: a source tree, a build directory whose .cmd files record
 * the system compiler's command lines as Kbuild would (a Makefile that
 * records one more on "make O=<build> lib/late.o"), and, when Debian's
 * 6.12 tree is unpacked, that tree's own scripts/checkpatch.pl.
 *
 * A change that adds a warning fails at compile with that warning; a file
 * whose warning only moves passes; a header is compiled through its users;
 * a file nothing builds is unvalidated; a diff that does not apply fails
 * at apply (through patch, and through git in a git work tree); a patch
 * with a whitespace error, or a new long line, fails checkpatch, a long
 * line that was long before does not.  Nothing in the tree or the build
 * directory is written but what make builds.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convert/validate.h"
#include "lib/xalloc.h"
#include "tests/tap.h"

static char root[PATH_MAX];
static char *tree, *build, *scratch;

/* bail_out - the fixture cannot be made: stop, as TAP spells it. */
static void __attribute__((noreturn, format(printf, 1, 2))) bail_out(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(1);
}

static void put(const char *dir, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", dir, rel), *cmd = xasprintf("mkdir -p \"$(dirname '%s')\"", path);
	FILE *f;

	if (system(cmd))
		bail_out("cannot create the directory of %s", path);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		bail_out("cannot write %s", path);
	free(cmd);
	free(path);
}

static char *slurp(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel), *buf = NULL;
	FILE *f = fopen(path, "r");
	size_t len = 0;

	if (f && getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	free(path);
	return buf;
}

static int exists(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel);
	int yes = access(path, F_OK) == 0;

	free(path);
	return yes;
}

/* record - the .cmd file Kbuild would leave for @rel (a .c file) compiled by @cc. */
static void record(const char *rel, const char *cc, const char *var)
{
	size_t n = strlen(rel) - 2;
	const char *base = strrchr(rel, '/') + 1;
	char *cmdfile = xasprintf("%.*s.%.*s.o.cmd", (int)(base - rel), rel,
				  (int)(strlen(base) - 2), base);
	char *text = xasprintf("%s%.*s.o := %s -Wall -I%s/include -Wp,-MMD,%.*s.d "
			       "-DKBUILD_BASENAME='\"%.*s\"' -c -o %.*s.o %s/%s; true\n\n"
			       "source_%.*s.o := %s/%s\n",
			       var, (int)n, rel, cc, tree, (int)(strlen(cmdfile) - 4), cmdfile,
			       (int)(strlen(base) - 2), base, (int)n, rel, tree, rel, (int)n, rel,
			       tree, rel);

	put(build, cmdfile, text);
	free(text);
	free(cmdfile);
}

static const char makefile[] =
	"# A stand-in for Kbuild: make O=<dir> lib/late.o builds it and records the command;\n"
	"# no other object is built (and nothing in the tree).\n"
	"MAKEFLAGS += -r\n"
	"lib/late.o:\n"
	"\tmkdir -p $(O)/lib\n"
	"\tcd $(O) && cc -Wall -c -o lib/late.o $(CURDIR)/lib/late.c\n"
	"\tprintf 'savedcmd_lib/late.o := cc -Wall -c -o lib/late.o %s\\n' $(CURDIR)/lib/late.c"
	" > $(O)/lib/.late.o.cmd\n";

static const char warn_c[] =
	"#include \"local.h\"\n"
	"#include <fix/hdr.h>\n"
	"\n"
	"int f(int x)\n"
	"{\n"
	"\treturn x + LOCAL + hdr_value();\n"
	"}\n";

static const char keep_c[] =
	"int g(int x)\n"
	"{\n"
	"\tint unused;\n"
	"\n"
	"\treturn x;\n"
	"}\n";

static const char hdr_h[] =
	"#include \"hdr-internal.h\"\n"
	"static inline int hdr_value(void)\n"
	"{\n"
	"\treturn HDR_ONE;\n"
	"}\n";

static void setup(void)
{
	char *slow;

	if (!mkdtemp(strcpy(root, "/tmp/validate-t.XXXXXX")))
		bail_out("cannot create a directory in /tmp");
	tree = xasprintf("%s/tree", root);
	build = xasprintf("%s/build", root);
	scratch = xasprintf("%s/scratch", root);
	put(tree, "Makefile", makefile);
	put(tree, "lib/warn.c", warn_c);
	put(tree, "lib/local.h", "#define LOCAL 2\n");
	put(tree, "include/fix/hdr.h", hdr_h);
	put(tree, "include/fix/hdr-internal.h", "#define HDR_ONE 1\n");
	put(tree, "lib/keep.c", keep_c);
	put(tree, "lib/late.c", "int late(void)\n{\n\treturn 0;\n}\n");
	put(tree, "lib/unbuilt.c", "int unbuilt;\n");
	put(tree, "lib/slow.c", "int slow;\n");
	put(root, "slowcc", "#!/bin/sh\nsleep 10\n");
	chmod(slow = xasprintf("%s/slowcc", root), 0755);
	record("lib/warn.c", "cc", "savedcmd_");
	record("lib/keep.c", "cc", "cmd_");	/* as 6.1 spells it */
	record("lib/slow.c", slow, "savedcmd_");
	free(slow);
}

/* replace - @text with its one @from replaced by @to, a new string. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);

	if (!at)
		bail_out("no '%s' in the fixture", from);
	return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static struct md_validate_ctx ctx(void)
{
	return (struct md_validate_ctx){ .tree = tree, .build = build, .scratch = scratch,
					 .timeout = 30 };
}

static int compile(const char *path, const char *after, const struct strv *users,
		   struct md_verdict *v)
{
	struct md_validate_ctx c = ctx();

	return md_validate_compile(&c, path, after, users, v);
}

static void test_new_warning_fails(void)
{
	char *after = replace(warn_c, "{\n", "{\n\tint y;\n\n");
	struct md_verdict v = { 0 };

	if (ok(!compile("lib/warn.c", after, NULL, &v), "the compile check runs")) {
		ok(!v.ok && !v.unvalidated, "a change that adds a warning fails");
		is_str(md_step_name(v.failed_step), "compile", "at the compile step");
		like_str(v.reason, "lib/warn.c:6:", "the reason is the new warning, at its place");
		like_str(v.reason, "unused variable 'y'", "the reason is the compiler's message");
		ok(v.reason && !strstr(v.reason, "scratch"), "not the path of the copy: %s",
		   v.reason);
	}
	md_verdict_release(&v);
	free(after);
}

static void test_moved_warning_passes(void)
{
	char *after = xasprintf("/* a comment that moves the warning down */\n\n%s", keep_c);
	struct md_verdict v = { 0 };

	if (ok(!compile("lib/keep.c", after, NULL, &v), "the compile check runs"))
		ok(v.ok, "a warning the file had before, only moved, does not count: %s",
		   v.reason ? v.reason : "ok");
	md_verdict_release(&v);
	free(after);
}

static void test_local_includes_resolve(void)
{
	char *after = replace(warn_c, "x + LOCAL", "LOCAL + x");
	struct md_verdict v = { 0 };

	if (ok(!compile("lib/warn.c", after, NULL, &v), "the compile check runs"))
		ok(v.ok, "the copy finds \"local.h\" beside the original: %s",
		   v.reason ? v.reason : "ok");
	md_verdict_release(&v);
	free(after);
}

static void test_headers_through_users(void)
{
	struct strv users = STRV_INIT;
	struct md_verdict v = { 0 };
	char *after = replace(hdr_h, "{\n", "{\n\tint z;\n\n");

	strv_push(&users, "lib/warn.c");
	if (ok(!compile("include/fix/hdr.h", after, &users, &v), "the header check runs")) {
		ok(!v.ok && !v.unvalidated, "a header change that adds a warning fails");
		like_str(v.reason, "include/fix/hdr.h:", "the warning is in the header");
	}
	free(after);
	/* a header its user reaches through a quoted include of another header */
	after = xstrdup("#define HDR_ONE undefined_one\n");
	if (ok(!compile("include/fix/hdr-internal.h", after, &users, &v), "the check of a header "
		       "included with quotes runs")) {
		ok(!v.ok && !v.unvalidated, "a header included by its sibling with quotes is compiled: %s",
		   v.reason ? v.reason : "ok");
		like_str(v.reason, "'undefined_one' undeclared", "with the compiler's error");
	}
	free(after);
	after = xstrdup("#define LOCAL undefined_name\n");
	if (ok(!compile("lib/local.h", after, &users, &v), "the local header check runs")) {
		ok(!v.ok && !v.unvalidated, "a local header that breaks its user fails");
		like_str(v.reason, "'undefined_name' undeclared", "with the compiler's error");
	}
	free(after);
	after = xstrdup("#define LOCAL 3\n");
	if (ok(!compile("lib/local.h", after, &users, &v), "the local header check runs"))
		ok(v.ok, "a harmless header change passes: %s", v.reason ? v.reason : "ok");
	strv_release(&users);
	strv_push(&users, "lib/keep.c");
	if (ok(!compile("lib/local.h", after, &users, &v), "the check runs with a user that does not include it")) {
		ok(!v.ok && v.unvalidated, "a header its only user does not read is unvalidated");
		like_str(v.reason, "does not read it", "and says so");
	}
	strv_push(&users, "lib/warn.c");
	if (ok(!compile("lib/local.h", after, &users, &v), "the check runs with two users"))
		ok(v.ok, "a user that does not read it is passed over for one that does: %s",
		   v.reason ? v.reason : "ok");
	if (ok(!compile("lib/local.h", after, NULL, &v), "the check runs without users")) {
		ok(!v.ok && v.unvalidated, "a header with no user to compile is unvalidated");
		note("reason: %s", v.reason);
	}
	md_verdict_release(&v);
	strv_release(&users);
	free(after);
}

static void test_unbuilt_files(void)
{
	struct md_verdict v = { 0 };

	if (ok(!compile("lib/unbuilt.c", "int unbuilt = 1;\n", NULL, &v), "the check runs")) {
		ok(!v.ok && v.unvalidated, "a file nothing builds is unvalidated");
		like_str(v.reason, "lib/unbuilt.c", "the reason names the file");
		note("reason: %s", v.reason);
	}
	ok(!exists(build, "lib/.late.o.cmd"), "lib/late.o is not built yet");
	if (ok(!compile("lib/late.c", "int late(void)\n{\n\treturn 1;\n}\n", NULL, &v),
	       "the check runs"))
		ok(v.ok, "a file never built is built by make first, then checked: %s",
		   v.reason ? v.reason : "ok");
	ok(exists(build, "lib/.late.o.cmd"), "make recorded its command in the build directory");
	md_verdict_release(&v);
}

static void test_timeout(void)
{
	struct md_validate_ctx c = ctx();
	struct md_verdict v = { 0 };

	c.timeout = 1;
	if (ok(!md_validate_compile(&c, "lib/slow.c", "int slow = 1;\n", NULL, &v),
	       "the check of a compiler that hangs returns")) {
		ok(!v.ok && v.unvalidated, "a compile past the timeout is unvalidated");
		like_str(v.reason, "longer than 1 s", "and says so");
	}
	md_verdict_release(&v);
}

static void test_nothing_written(void)
{
	char *text = slurp(tree, "lib/warn.c");

	is_str(text, warn_c, "the tree's file is as it was");
	ok(!exists(build, "lib/warn.o") && !exists(build, "lib/.warn.o.d") &&
	   !exists(build, "lib/keep.o"), "no object or dependency file in the build directory");
	free(text);
}

static const char good_diff[] =
	"diff --git a/lib/keep.c b/lib/keep.c\n"
	"--- a/lib/keep.c\n"
	"+++ b/lib/keep.c\n"
	"@@ -1,4 +1,4 @@\n"
	"-int g(int x)\n"
	"+int g(int y)\n"
	" {\n"
	" \tint unused;\n"
	" \n";

static void check_apply(const char *how)
{
	struct md_validate_ctx c = ctx();
	struct md_verdict v = { 0 };
	char *bad = replace(good_diff, "\tint unused", "\tint used");

	if (ok(!md_validate_apply(&c, good_diff, &v), "%s: the apply check runs", how))
		ok(v.ok, "%s: a diff of the tree as it is applies: %s", how,
		   v.reason ? v.reason : "ok");
	if (ok(!md_validate_apply(&c, bad, &v), "%s: the apply check runs", how)) {
		ok(!v.ok && !v.unvalidated, "%s: a diff that does not apply fails", how);
		is_str(md_step_name(v.failed_step), "apply", "%s: at the apply step", how);
		note("%s: reason: %s", how, v.reason);
	}
	free(bad);
	bad = slurp(tree, "lib/keep.c");
	is_str(bad, keep_c, "%s: the tree is not written", how);
	md_verdict_release(&v);
	free(bad);
}

static void test_apply(void)
{
	char *cmd = xasprintf("cd %s && git init -q && git add -A && "
			      "git -c user.name=t -c user.email=t@t commit -qm t", tree);

	check_apply("patch");
	if (system(cmd))
		skip("git cannot make a repository here");
	else
		check_apply("git");
	free(cmd);
}

/* checkpatch_tree - make the fixture look like a kernel tree with 6.12's checkpatch.pl. */
static int checkpatch_tree(void)
{
	const char *cache = getenv("MEMDESC_CACHE");
	char *src = xasprintf("%s/src/linux-source-6.12/scripts", cache ? cache : ".cache");
	char *cmd = xasprintf("cd %s && touch COPYING CREDITS Kbuild MAINTAINERS README && "
			      "mkdir -p Documentation arch drivers fs init ipc kernel scripts && "
			      "cp %s/checkpatch.pl %s/spelling.txt %s/const_structs.checkpatch scripts/",
			      tree, src, src, src);
	int rc = -1;

	if (access(src, F_OK))
		skip("no unpacked 6.12 tree for its scripts/checkpatch.pl (%s)", src);
	else if (system("perl -e 1"))
		skip("no perl for scripts/checkpatch.pl");
	else
		rc = system(cmd) ? -1 : 0;
	free(cmd);
	free(src);
	return rc;
}

static char *mail_of(const char *old_line, const char *new_line)
{
	return xasprintf("From: A U Thor <author@example.org>\n"
			 "Subject: [PATCH] lib: Change g()\n\n"
			 "Change g().\n\n"
			 "Signed-off-by: A U Thor <author@example.org>\n"
			 "---\n"
			 "diff --git a/lib/keep.c b/lib/keep.c\n"
			 "--- a/lib/keep.c\n"
			 "+++ b/lib/keep.c\n"
			 "@@ -1,4 +1,4 @@\n"
			 "-%s\n"
			 "+%s\n"
			 " {\n"
			 " \tint unused;\n"
			 " \n"
			 "-- \n2.39.5\n\n", old_line, new_line);
}

static void check_mail(const char *old_line, const char *new_line, int pass, const char *type,
		       const char *what)
{
	struct md_validate_ctx c = ctx();
	struct md_verdict v = { 0 };
	char *mail = mail_of(old_line, new_line);

	if (ok(!md_validate_checkpatch(&c, mail, &v), "%s: checkpatch runs", what)) {
		if (pass) {
			ok(v.ok, "%s: passes: %s", what, v.reason ? v.reason : "ok");
		} else {
			ok(!v.ok && !v.unvalidated, "%s: fails", what);
			is_str(md_step_name(v.failed_step), "checkpatch", "%s: at checkpatch", what);
			like_str(v.reason, type, "%s: the reason is the report", what);
			like_str(v.reason, "lib/keep.c:1:", "%s: at its place", what);
		}
	}
	md_verdict_release(&v);
	free(mail);
}

static void test_checkpatch(void)
{
	static const char long_old[] =
		"int g(int x) /* a comment long enough to pass one hundred columns, the limit of "
		"checkpatch.pl .......... */";
	static const char long_new[] =
		"int g(int y) /* a comment long enough to pass one hundred columns, the limit of "
		"checkpatch.pl .......... */";
	struct md_validate_ctx c = ctx();
	struct md_verdict v = { 0 };
	char *mail;

	capture_stderr_begin();
	mail = mail_of("int g(int x)", "int g(int y)");
	ok(md_validate_checkpatch(&c, mail, &v) == -1,
	   "no scripts/checkpatch.pl: the check cannot run (-1), not a verdict");
	free(mail);
	like_str(capture_stderr_end(), "checkpatch.pl", "and says why");
	if (checkpatch_tree())
		return;
	check_mail("int g(int x)", "int g(int y)", 1, NULL, "a clean change");
	check_mail("int g(int x)", "int g(int y) ", 0, "TRAILING_WHITESPACE",
		   "trailing whitespace");
	check_mail("int g(int x) ", "int g(int y) ", 0, "TRAILING_WHITESPACE",
		   "an error the old line had too");
	check_mail("int g(int x)", long_new, 0, "LONG_LINE", "a new long line");
	check_mail(long_old, long_new, 1, NULL, "a line as long as before");
	md_verdict_release(&v);
}

int main(void)
{
	setup();
	test_new_warning_fails();
	test_moved_warning_passes();
	test_local_includes_resolve();
	test_headers_through_users();
	test_unbuilt_files();
	test_timeout();
	test_nothing_written();
	test_apply();
	test_checkpatch();
	if (!getenv("MEMDESC_KEEP")) {
		char *cmd = xasprintf("rm -rf %s", root);

		if (system(cmd))
			diag("cannot remove %s", root);
		free(cmd);
	}
	return done_testing();
}
