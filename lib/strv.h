/* SPDX-License-Identifier: GPL-2.0 */
/*
 * strv.h - a growable, NULL-terminated vector of owned strings (an argv).
 *
 *   struct strv args = STRV_INIT;
 *   strv_push(&args, "-I");
 *   strv_pushf(&args, "%s/include", dir);
 *   ... args.v[0 .. args.n - 1], args.v[args.n] == NULL ...
 *   strv_release(&args);
 */
#ifndef MEMDESC_LIB_STRV_H
#define MEMDESC_LIB_STRV_H

#include <stddef.h>

struct strv {
	char **v;
	size_t n, alloc;
};

#define STRV_INIT { NULL, 0, 0 }

void strv_push(struct strv *sv, const char *s);
void strv_push_owned(struct strv *sv, char *s);
void strv_pushf(struct strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strv_release(struct strv *sv);

/* strv_detach - hand the vector to the caller (NULL-terminated, count in @n). */
char **strv_detach(struct strv *sv, size_t *n);

/* strv_free - free a vector that strv_detach returned. */
void strv_free(char **v);

#endif
