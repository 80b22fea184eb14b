// SPDX-License-Identifier: GPL-2.0
/* text.c - the text buffer and the paragraph wrapping of convert/. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/xalloc.h"
#include "internal.h"

void mdbuf_add(struct mdbuf *sb, const char *s, size_t n)
{
	ALLOC_GROW(sb->buf, sb->len + n + 1, sb->alloc);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void mdbuf_adds(struct mdbuf *sb, const char *s)
{
	mdbuf_add(sb, s, strlen(s));
}

void mdbuf_addch(struct mdbuf *sb, char c)
{
	mdbuf_add(sb, &c, 1);
}

void mdbuf_addf(struct mdbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		s = xstrdup(""), n = 0;
	mdbuf_add(sb, s, n);
	free(s);
}

char *mdbuf_detach(struct mdbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");

	*sb = (struct mdbuf)MDBUF_INIT;
	return s;
}

void mdbuf_release(struct mdbuf *sb)
{
	free(sb->buf);
	*sb = (struct mdbuf)MDBUF_INIT;
}

void mdbuf_add_wrapped(struct mdbuf *sb, const char *text, int width, int indent1, int indent2)
{
	const char *p = text;
	int col = -1; /* -1: at the start of a line */
	int first = 1;

	for (;;) {
		int n;

		p += strspn(p, " \t\n");
		if (!*p)
			break;
		n = strcspn(p, " \t\n");
		if (col >= 0 && col + 1 + n > width) {
			mdbuf_addch(sb, '\n');
			col = -1;
		}
		if (col < 0) {
			col = first ? indent1 : indent2;
			mdbuf_addf(sb, "%*s", col, "");
			first = 0;
		} else {
			mdbuf_addch(sb, ' ');
			col++;
		}
		mdbuf_add(sb, p, n);
		col += n;
		p += n;
	}
	if (col >= 0)
		mdbuf_addch(sb, '\n');
}
