/* SPDX-License-Identifier: GPL-2.0 */
/*
 * file.h - whole files as text, and private scratch directories.
 */
#ifndef MEMDESC_LIB_FILE_H
#define MEMDESC_LIB_FILE_H

#include <stddef.h>

/* md_read_text - the contents of @path, NUL-terminated (length in @len); NULL and errno. */
char *md_read_text(const char *path, size_t *len);

/*
 * md_text_lines - lines @first..@last (1-based) of @text (@len bytes), their
 * newlines included: where they start, and their length in @n.
 */
const char *md_text_lines(const char *text, size_t len, unsigned int first, unsigned int last,
			  size_t *n);

/* md_file_hash - XXH3-64 of @path's contents, 16 hex digits; 0, or -1 and errno. */
int md_file_hash(const char *path, char out[17]);

/* md_write_text - write @text to @path; 0, or -1 (reported). */
int md_write_text(const char *path, const char *text);

/*
 * md_scratch_dir - a new private directory under $TMPDIR; NULL (reported).
 * Until md_remove_tree() of it, a SIGHUP, SIGINT or SIGTERM that would
 * end the process removes it first.
 */
char *md_scratch_dir(const char *prefix);

/* md_remove_tree - remove @dir and everything below it. */
void md_remove_tree(const char *dir);

#endif
