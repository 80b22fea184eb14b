/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h - what the files of convert/ share and nobody else needs: a
 * growable text buffer, paragraph wrapping, and the diffstat.
 */
#ifndef MEMDESC_CONVERT_INTERNAL_H
#define MEMDESC_CONVERT_INTERNAL_H

#include <stddef.h>

/* A growable NUL-terminated text: struct mdbuf b = MDBUF_INIT; ... mdbuf_detach(&b). */
struct mdbuf {
	char *buf;
	size_t len, alloc;
};

#define MDBUF_INIT { NULL, 0, 0 }

void mdbuf_add(struct mdbuf *sb, const char *s, size_t n);
void mdbuf_adds(struct mdbuf *sb, const char *s);
void mdbuf_addch(struct mdbuf *sb, char c);
void mdbuf_addf(struct mdbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* mdbuf_detach - the text (never NULL; "" when empty); the buffer is empty again. */
char *mdbuf_detach(struct mdbuf *sb);
void mdbuf_release(struct mdbuf *sb);

/*
 * mdbuf_add_wrapped - @text as one paragraph, its words (runs of
 * non-space) refilled into lines of at most @width columns (a longer word
 * stands alone), the first line indented by @indent1 spaces and the others
 * by @indent2; each line ends in '\n'.
 */
void mdbuf_add_wrapped(struct mdbuf *sb, const char *text, int width, int indent1, int indent2);

/*
 * md_diffstat - the diffstat of @diff (files in "diff --git" form) as git
 * writes it at @width columns: " path | N ++--" per file and the summary
 * line, the files by path.  git format-patch uses 72.
 */
void md_diffstat(struct mdbuf *sb, const char *diff, int width);

#endif
