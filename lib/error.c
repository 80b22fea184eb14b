// SPDX-License-Identifier: GPL-2.0
/* error.c - reporting errors and warnings, and the BUG()/die() exits. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static unsigned long errors_reported;

static void print_to_stderr(const char *prefix, const char *message)
{
	fprintf(stderr, "memdesc: %s%s\n", prefix, message);
}

static md_report_fn report_routine = print_to_stderr;

md_report_fn md_set_error_routine(md_report_fn fn)
{
	md_report_fn old = report_routine;

	report_routine = fn ? fn : print_to_stderr;
	return old;
}

static void vreport(const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
	char msg[4096];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);

	if (suffix && n >= 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", suffix);
	report_routine(prefix, msg);
}

int md_error(const char *fmt, ...)
{
	va_list ap;

	errors_reported++;
	va_start(ap, fmt);
	vreport("error: ", fmt, ap, NULL);
	va_end(ap);
	return -1;
}

int md_error_errno(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	errors_reported++;
	va_start(ap, fmt);
	vreport("error: ", fmt, ap, why);
	va_end(ap);
	return -1;
}

void md_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, NULL);
	va_end(ap);
}

void md_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, NULL);
	va_end(ap);
	exit(MD_EXIT_ERROR);
}

void md_bug_fl(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

unsigned long md_error_count(void)
{
	return errors_reported;
}
