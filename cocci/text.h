/* SPDX-License-Identifier: GPL-2.0 */
/*
 * text.h - whole files as text and the scratch directories of the spatch
 * runner (cocci/run.c, cocci/missing.c, cocci/report.c).
 */
#ifndef MEMDESC_COCCI_TEXT_H
#define MEMDESC_COCCI_TEXT_H

#include <stddef.h>

/* md_read_text - the contents of @path, NUL-terminated (length in @len); NULL and errno. */
char *md_read_text(const char *path, size_t *len);

/* md_write_text - write @text to @path; 0, or -1 (reported). */
int md_write_text(const char *path, const char *text);

/* md_scratch_dir - a new private directory under $TMPDIR; NULL (reported). */
char *md_scratch_dir(const char *prefix);

/* md_remove_tree - remove @dir and everything below it. */
void md_remove_tree(const char *dir);

#endif
