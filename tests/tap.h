/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - the TAP producer of every C test (tests/unit, tests/kbuild and
 * runtime/t), read by prove.
 *
 * Test points:
 *
 *	ok(cond, fmt, ...)		passes when cond is true
 *	is_int(got, expected, fmt, ...)	signed integers, equal
 *	is_uint(got, expected, fmt, ...)	unsigned integers, equal
 *	is_str(got, expected, fmt, ...)	strings, equal (NULL equals only NULL)
 *	like_str(got, needle, fmt, ...)	got contains needle
 *	skip(fmt, ...)			a skipped test point, with the reason
 *	diag(fmt, ...)			a "# " line on stderr, which prove shows
 *	note(fmt, ...)			a "# " line on stdout, shown by prove -v
 *	done_testing()			prints the plan, returns the exit status
 *
 * Each returns whether it passed.  A failure prints, on stderr, where it
 * happened and, for the is_, like_ and check_ forms, "#          got: ..."
 * and "#     expected: ...".
 *
 * Several checks may make one test point: TEST(fn(args), fmt, ...) runs fn
 * and records one point that passes when every check in it passed and it
 * made at least one.  Inside it, check(x), check_int(a, op, b),
 * check_uint(a, op, b) and check_ptr(a, op, b) (op one of == != < <= > >=)
 * and the test points above count as checks of the running test, and
 * skip() marks the running test skipped.
 *
 * A program that records no test point fails, and so does a TEST that
 * checks nothing: a green line must mean something was verified.
 *
 *	static void t_alloc(void) { check_uint(nr_free_pages(), ==, 16384); }
 *	int main(void)
 *	{
 *		is_int(1 + 1, 2, "addition");
 *		TEST(t_alloc(), "all pages start free");
 *		return done_testing();
 *	}
 */
#ifndef MEMDESC_TESTS_TAP_H
#define MEMDESC_TESTS_TAP_H

#include <stdbool.h>
#include <stdio.h>		/* tests print with it; the earlier tap.h gave it too */

#define TAP_PRINTF(f, a)	__attribute__((format(printf, f, a)))

#define ok(cond, ...)								\
	tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, expected, ...)						\
	tap_is_int((long long)(got), (long long)(expected), __FILE__, __LINE__, __VA_ARGS__)
#define is_uint(got, expected, ...)						\
	tap_is_uint((unsigned long long)(got), (unsigned long long)(expected),	\
		    __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, expected, ...)						\
	tap_is_str((got), (expected), __FILE__, __LINE__, __VA_ARGS__)
#define like_str(got, needle, ...)						\
	tap_like_str((got), (needle), __FILE__, __LINE__, __VA_ARGS__)

bool skip(const char *fmt, ...) TAP_PRINTF(1, 2);
void diag(const char *fmt, ...) TAP_PRINTF(1, 2);
void note(const char *fmt, ...) TAP_PRINTF(1, 2);
int done_testing(void);

/* TEST - run @expr as one test point made of the checks it makes. */
#define TEST(expr, ...)								\
	do {									\
		if (tap_test_begin())						\
			expr;							\
		tap_test_end(__VA_ARGS__);					\
	} while (0)

#define check(x)	tap_ok(!!(x), __FILE__, __LINE__, "%s", #x)
#define check_int(a, op, b)							\
	tap_cmp_int((long long)(a), #op, (long long)(b), __FILE__, __LINE__,	\
		    "%s", #a " " #op " " #b)
#define check_uint(a, op, b)							\
	tap_cmp_uint((unsigned long long)(a), #op, (unsigned long long)(b),	\
		     __FILE__, __LINE__, "%s", #a " " #op " " #b)
#define check_ptr(a, op, b)							\
	tap_cmp_ptr((const void *)(a), #op, (const void *)(b), __FILE__, __LINE__, \
		    "%s", #a " " #op " " #b)

/*
 * capture_stderr_begin / capture_stderr_end - collect what the code under
 * test writes to stderr (an expected error message), to check it instead of
 * showing it.  The text returned is valid until the next capture.
 */
void capture_stderr_begin(void);
const char *capture_stderr_end(void);

/* The implementation behind the macros. */
bool tap_ok(bool pass, const char *file, int line, const char *fmt, ...) TAP_PRINTF(4, 5);
bool tap_is_int(long long got, long long expected, const char *file, int line,
		const char *fmt, ...) TAP_PRINTF(5, 6);
bool tap_is_uint(unsigned long long got, unsigned long long expected, const char *file,
		 int line, const char *fmt, ...) TAP_PRINTF(5, 6);
bool tap_is_str(const char *got, const char *expected, const char *file, int line,
		const char *fmt, ...) TAP_PRINTF(5, 6);
bool tap_like_str(const char *got, const char *needle, const char *file, int line,
		  const char *fmt, ...) TAP_PRINTF(5, 6);
bool tap_cmp_int(long long a, const char *op, long long b, const char *file, int line,
		 const char *fmt, ...) TAP_PRINTF(6, 7);
bool tap_cmp_uint(unsigned long long a, const char *op, unsigned long long b,
		  const char *file, int line, const char *fmt, ...) TAP_PRINTF(6, 7);
bool tap_cmp_ptr(const void *a, const char *op, const void *b, const char *file, int line,
		 const char *fmt, ...) TAP_PRINTF(6, 7);
int tap_test_begin(void);
void tap_test_end(const char *fmt, ...) TAP_PRINTF(1, 2);

#endif /* MEMDESC_TESTS_TAP_H */
