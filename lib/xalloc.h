/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xalloc.h - allocation that cannot fail: on out of memory the process
 * dies with a message (a worker's death is recorded by its parent), so
 * callers never carry an out-of-memory flag around.
 *
 * One contract for every x-function: the argument must be valid (xstrdup
 * of NULL is a BUG); xstrdup_or_null() is the one that maps NULL to NULL.
 */
#ifndef MEMDESC_LIB_XALLOC_H
#define MEMDESC_LIB_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrdup_or_null(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * ALLOC_GROW - make room for @nr elements in @p, whose capacity is @alloc;
 * grows by half again, as git's ALLOC_GROW does.
 */
#define ALLOC_GROW(p, nr, alloc)                                              \
	do {                                                                  \
		if ((nr) > (alloc)) {                                         \
			(alloc) = (nr) + 16 > (alloc) * 3 / 2 ? (nr) + 16     \
							       : (alloc) * 3 / 2; \
			(p) = xrealloc((p), (alloc) * sizeof(*(p)));          \
		}                                                             \
	} while (0)

#endif
