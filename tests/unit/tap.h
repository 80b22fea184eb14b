/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - a tiny TAP producer for the unit tests, read by prove.
 *
 * ok(cond, fmt, ...) records one test point; tap_done() prints the plan
 * and returns the exit status.  A program that records no test point
 * fails: a test that checks nothing is a broken test.
 */
#ifndef MEMDESC_TAP_H
#define MEMDESC_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count, tap_failed;

static inline int ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

static inline void diag(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static inline void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static inline int tap_done(void)
{
	if (!tap_count) {
		printf("not ok 1 - the test checked nothing\n1..1\n");
		return 1;
	}
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
