// SPDX-License-Identifier: GPL-2.0
/* strv.c - growable NULL-terminated string vectors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "strv.h"
#include "xalloc.h"

void strv_push_owned(struct strv *sv, char *s)
{
	ALLOC_GROW(sv->v, sv->n + 2, sv->alloc);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strv_push(struct strv *sv, const char *s)
{
	strv_push_owned(sv, xstrdup(s));
}

void strv_pushf(struct strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		md_die("out of memory");
	va_end(ap);
	strv_push_owned(sv, s);
}

void strv_release(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}

char **strv_detach(struct strv *sv, size_t *n)
{
	char **v = sv->v;

	if (!v) {
		v = xcalloc(1, sizeof(*v));
	}
	if (n)
		*n = sv->n;
	sv->v = NULL;
	sv->n = sv->alloc = 0;
	return v;
}

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
