// SPDX-License-Identifier: GPL-2.0
/* tap.c - the TAP output and bookkeeping behind tap.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static struct {
	int count;		/* test points recorded */
	int failed;		/* test points failed */
	bool in_test;		/* inside TEST(): test points are checks */
	int checks;		/* checks made by the running TEST() */
	bool test_failed;	/* a check of the running TEST() failed */
	bool skipped;		/* the running TEST() called skip() */
	char skip_reason[256];
} tap;

/* vdiag - "# " lines on @f, one per line of the text. */
static void vdiag(FILE *f, const char *fmt, va_list ap)
{
	char buf[4096];
	char *line, *nl;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	fflush(stdout);
	for (line = buf;; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		fprintf(f, "# %s\n", line);
		if (!nl)
			break;
	}
	fflush(f);
}

void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(stderr, fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(stdout, fmt, ap);
	va_end(ap);
}

/* describe - the description of a test point, on one line, with '#' escaped. */
static void describe(char *out, size_t size, const char *fmt, va_list ap)
{
	char buf[1024];
	size_t n = 0;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (const char *s = buf; *s && n + 3 < size; s++) {
		if (*s == '#')
			out[n++] = '\\';
		out[n++] = *s == '\n' ? ' ' : *s;
	}
	out[n] = '\0';
}

/* point - record one test point, or one check of the running TEST(). */
static bool point(bool pass, const char *file, int line, const char *fmt, va_list ap)
{
	char desc[1024];

	describe(desc, sizeof(desc), fmt, ap);
	if (tap.in_test) {
		tap.checks++;
		if (!pass) {
			tap.test_failed = true;
			diag("  check \"%s\" failed at %s:%d", desc, file, line);
		}
		return pass;
	}
	tap.count++;
	printf("%sok %d%s%s\n", pass ? "" : "not ", tap.count, *desc ? " - " : "", desc);
	fflush(stdout);
	if (!pass) {
		tap.failed++;
		diag("  Failed test at %s line %d.", file, line);
	}
	return pass;
}

bool tap_ok(bool pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pass = point(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

/* got_expected - the "got/expected" diagnostic of a failed comparison. */
static void got_expected(const char *got, const char *expected)
{
	diag("         got: %s\n    expected: %s", got, expected);
}

/* quote - @s between quotes, or NULL, in @buf. */
static const char *quote(char *buf, size_t size, const char *prefix, const char *s)
{
	if (s)
		snprintf(buf, size, "%s'%s'", prefix, s);
	else
		snprintf(buf, size, "%sNULL", prefix);
	return buf;
}

bool tap_is_int(long long got, long long expected, const char *file, int line,
		const char *fmt, ...)
{
	char g[32], e[32];
	va_list ap;
	bool pass;

	va_start(ap, fmt);
	pass = point(got == expected, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		snprintf(g, sizeof(g), "%lld", got);
		snprintf(e, sizeof(e), "%lld", expected);
		got_expected(g, e);
	}
	return pass;
}

static void format_uint(char *buf, size_t size, const char *prefix, unsigned long long v)
{
	if (v > 9)
		snprintf(buf, size, "%s%llu (%#llx)", prefix, v, v);
	else
		snprintf(buf, size, "%s%llu", prefix, v);
}

bool tap_is_uint(unsigned long long got, unsigned long long expected, const char *file,
		 int line, const char *fmt, ...)
{
	char g[64], e[64];
	va_list ap;
	bool pass;

	va_start(ap, fmt);
	pass = point(got == expected, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		format_uint(g, sizeof(g), "", got);
		format_uint(e, sizeof(e), "", expected);
		got_expected(g, e);
	}
	return pass;
}

bool tap_is_str(const char *got, const char *expected, const char *file, int line,
		const char *fmt, ...)
{
	char g[2048], e[2048];
	va_list ap;
	bool pass = got && expected ? !strcmp(got, expected) : got == expected;

	va_start(ap, fmt);
	pass = point(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		got_expected(quote(g, sizeof(g), "", got), quote(e, sizeof(e), "", expected));
	return pass;
}

bool tap_like_str(const char *got, const char *needle, const char *file, int line,
		  const char *fmt, ...)
{
	char g[2048], e[2048];
	va_list ap;
	bool pass = got && needle && strstr(got, needle);

	va_start(ap, fmt);
	pass = point(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		got_expected(quote(g, sizeof(g), "", got),
			     quote(e, sizeof(e), "a string containing ", needle));
	return pass;
}

/* compare - @cmp (<0, 0, >0) against the C operator @op given as text. */
static bool compare(int cmp, const char *op)
{
	if (!strcmp(op, "=="))
		return cmp == 0;
	if (!strcmp(op, "!="))
		return cmp != 0;
	if (!strcmp(op, "<"))
		return cmp < 0;
	if (!strcmp(op, "<="))
		return cmp <= 0;
	if (!strcmp(op, ">"))
		return cmp > 0;
	if (!strcmp(op, ">="))
		return cmp >= 0;
	diag("unknown operator %s", op);
	return false;
}

/* op_prefix - "" for ==, else the operator and a space: "expected: < 5". */
static const char *op_prefix(char *buf, size_t size, const char *op)
{
	if (!strcmp(op, "=="))
		return "";
	snprintf(buf, size, "%s ", op);
	return buf;
}

bool tap_cmp_int(long long a, const char *op, long long b, const char *file, int line,
		 const char *fmt, ...)
{
	char g[32], e[40], o[8];
	va_list ap;
	bool pass;

	va_start(ap, fmt);
	pass = point(compare((a > b) - (a < b), op), file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		snprintf(g, sizeof(g), "%lld", a);
		snprintf(e, sizeof(e), "%s%lld", op_prefix(o, sizeof(o), op), b);
		got_expected(g, e);
	}
	return pass;
}

bool tap_cmp_uint(unsigned long long a, const char *op, unsigned long long b,
		  const char *file, int line, const char *fmt, ...)
{
	char g[64], e[72], o[8];
	va_list ap;
	bool pass;

	va_start(ap, fmt);
	pass = point(compare((a > b) - (a < b), op), file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		format_uint(g, sizeof(g), "", a);
		format_uint(e, sizeof(e), op_prefix(o, sizeof(o), op), b);
		got_expected(g, e);
	}
	return pass;
}

bool tap_cmp_ptr(const void *a, const char *op, const void *b, const char *file, int line,
		 const char *fmt, ...)
{
	char g[32], e[40], o[8];
	va_list ap;
	bool pass;

	va_start(ap, fmt);
	pass = point(compare((a > b) - (a < b), op), file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		snprintf(g, sizeof(g), "%p", a);
		snprintf(e, sizeof(e), "%s%p", op_prefix(o, sizeof(o), op), b);
		got_expected(g, e);
	}
	return pass;
}

bool skip(const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	describe(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (tap.in_test) {
		tap.skipped = true;
		snprintf(tap.skip_reason, sizeof(tap.skip_reason), "%s", reason);
		return true;
	}
	tap.count++;
	printf("ok %d # SKIP %s\n", tap.count, reason);
	fflush(stdout);
	return true;
}

int tap_test_begin(void)
{
	tap.in_test = true;
	tap.checks = 0;
	tap.test_failed = false;
	tap.skipped = false;
	return 1;
}

void tap_test_end(const char *fmt, ...)
{
	char desc[1024];
	va_list ap;
	bool pass;

	tap.in_test = false;
	va_start(ap, fmt);
	describe(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (!tap.skipped && !tap.checks && !tap.test_failed) {
		diag("  the test made no checks");
		tap.test_failed = true;
	}
	pass = !tap.test_failed;
	tap.count++;
	if (!pass)
		tap.failed++;
	printf("%sok %d - %s", pass ? "" : "not ", tap.count, desc);
	if (pass && tap.skipped)
		printf(" # SKIP %s", tap.skip_reason);
	printf("\n");
	fflush(stdout);
}

int done_testing(void)
{
	if (!tap.count) {
		printf("not ok 1 - the program recorded no test point\n1..1\n");
		fflush(stdout);
		return 1;
	}
	printf("1..%d\n", tap.count);
	fflush(stdout);
	if (tap.failed) {
		diag("Looks like you failed %d test%s of %d.", tap.failed,
		     tap.failed == 1 ? "" : "s", tap.count);
		return 1;
	}
	return 0;
}

static FILE *capture_file;
static int saved_stderr = -1;
static char captured[1024];

void capture_stderr_begin(void)
{
	fflush(stderr);
	capture_file = tmpfile();
	saved_stderr = dup(2);
	if (capture_file)
		dup2(fileno(capture_file), 2);
}

const char *capture_stderr_end(void)
{
	size_t len = 0;

	fflush(stderr);
	if (saved_stderr >= 0) {
		dup2(saved_stderr, 2);
		close(saved_stderr);
		saved_stderr = -1;
	}
	captured[0] = '\0';
	if (capture_file) {
		rewind(capture_file);
		len = fread(captured, 1, sizeof(captured) - 1, capture_file);
		captured[len] = '\0';
		fclose(capture_file);
		capture_file = NULL;
	}
	return captured;
}
