// SPDX-License-Identifier: GPL-2.0
/* tap.c - the TAP output and bookkeeping behind tap.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static struct {
	int count;		/* tests run */
	int failed;		/* tests failed */
	int checks;		/* checks made in the running test */
	bool test_failed;	/* a check of the running test failed */
	bool skipped;
	char skip_reason[256];
} tap;

int tap_test_begin(void)
{
	tap.checks = 0;
	tap.test_failed = false;
	tap.skipped = false;
	return 1;
}

void tap_test_end(const char *fmt, ...)
{
	va_list ap;
	bool ok;

	tap.count++;
	if (!tap.skipped && !tap.checks && !tap.test_failed) {
		printf("# test made no checks\n");
		tap.test_failed = true;
	}
	ok = !tap.test_failed;
	if (!ok)
		tap.failed++;
	printf("%sok %d - ", ok ? "" : "not ", tap.count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (tap.skipped)
		printf(" # SKIP %s", tap.skip_reason);
	printf("\n");
	fflush(stdout);
}

void test_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tap.skip_reason, sizeof(tap.skip_reason), fmt, ap);
	va_end(ap);
	tap.skipped = true;
}

void test_msg(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

bool tap_check(bool ok, const char *file, int line, const char *what)
{
	tap.checks++;
	if (!ok) {
		tap.test_failed = true;
		printf("# check \"%s\" failed at %s:%d\n", what, file, line);
	}
	return ok;
}

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
	printf("# unknown operator %s\n", op);
	return false;
}

bool tap_check_long(long a, const char *op, long b, const char *file, int line,
		    const char *what)
{
	bool ok = compare((a > b) - (a < b), op);

	if (!tap_check(ok, file, line, what))
		printf("#    left: %ld\n#   right: %ld\n", a, b);
	return ok;
}

bool tap_check_ulong(unsigned long a, const char *op, unsigned long b, const char *file,
		     int line, const char *what)
{
	bool ok = compare((a > b) - (a < b), op);

	if (!tap_check(ok, file, line, what))
		printf("#    left: %#lx\n#   right: %#lx\n", a, b);
	return ok;
}

int test_done(void)
{
	printf("1..%d\n", tap.count);
	if (tap.failed)
		printf("# %d of %d tests failed\n", tap.failed, tap.count);
	return tap.failed ? 1 : 0;
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
