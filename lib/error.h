/* SPDX-License-Identifier: GPL-2.0 */
/*
 * error.h - the three error tiers of memdesc, as in git.
 *
 *   BUG(...)        a programmer error: print where, then abort.
 *   md_error(...)   a recoverable error in library code: report it through
 *                   the error routine and return -1, so callers write
 *                   "return md_error(...)".
 *   md_die(...)     only at the top of a command (cli/): report and exit 2.
 *
 * Messages are lower case, without a final period, the problem first:
 * "mm/x.c: cannot open: No such file or directory".  The default routine
 * prints "memdesc: error: <message>" on stderr; tests and workers may
 * install another one (md_set_error_routine), e.g. to collect messages.
 */
#ifndef MEMDESC_LIB_ERROR_H
#define MEMDESC_LIB_ERROR_H

#include <stdarg.h>

#define MD_EXIT_ERROR 2

typedef void (*md_report_fn)(const char *prefix, const char *message);

#define BUG(...) md_bug_fl(__FILE__, __LINE__, __VA_ARGS__)

void md_bug_fl(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
int md_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int md_error_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void md_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void md_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* md_set_error_routine - where md_error() and md_warning() go; NULL: stderr. */
md_report_fn md_set_error_routine(md_report_fn fn);

/* md_error_count - how many errors were reported since the start. */
unsigned long md_error_count(void);

#endif
