/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - a tiny TAP library for the runtime tests, after git's t/unit-tests/test-lib.h.
 *
 * A test is a function run by TEST(fn(args), "description"); it passes when
 * every check in it passed and it made at least one check.  A test that checks
 * nothing fails: a green line must mean something was verified.  test_done()
 * prints the plan and returns the exit status for main().
 *
 *	static void t_alloc(void)
 *	{
 *		check_uint(nr_free_pages(), ==, 16384);
 *	}
 *	int main(void) { TEST(t_alloc(), "all pages start free"); return test_done(); }
 */
#ifndef RT_TAP_H
#define RT_TAP_H

#include <stdbool.h>

/* TEST - run @expr as one test; prints "ok N - desc" or "not ok N - desc". */
#define TEST(expr, ...)								\
	do {									\
		if (tap_test_begin())						\
			expr;							\
		tap_test_end(__VA_ARGS__);					\
	} while (0)

/* test_skip - mark the running test skipped, with a reason; it then passes. */
void test_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* test_msg - a "# " diagnostic line. */
void test_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* test_done - print the plan; 0 if every test passed, else 1. */
int test_done(void);

/*
 * capture_stderr_begin / capture_stderr_end - collect what the code under test
 * writes to stderr (an expected error message), to check it instead of showing it.
 * The returned text is valid until the next capture.
 */
void capture_stderr_begin(void);
const char *capture_stderr_end(void);

int tap_test_begin(void);
void tap_test_end(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool tap_check(bool ok, const char *file, int line, const char *what);
bool tap_check_long(long a, const char *op, long b, const char *file, int line,
		    const char *what);
bool tap_check_ulong(unsigned long a, const char *op, unsigned long b, const char *file,
		     int line, const char *what);

/* check - @x must be true. */
#define check(x)	tap_check(!!(x), __FILE__, __LINE__, #x)

/* check_int / check_uint - compare with a C operator given as text: ==, !=, <, ... */
#define check_int(a, op, b)							\
	tap_check_long((long)(a), #op, (long)(b), __FILE__, __LINE__, #a " " #op " " #b)
#define check_uint(a, op, b)							\
	tap_check_ulong((unsigned long)(a), #op, (unsigned long)(b), __FILE__, __LINE__, \
			#a " " #op " " #b)

/* check_ptr - pointer comparison, printed as addresses on failure. */
#define check_ptr(a, op, b)	check_uint((unsigned long)(a), op, (unsigned long)(b))

#endif /* RT_TAP_H */
