/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tu.h - a translation unit to scan: its source file and the clang
 * arguments that parse it the way Kbuild compiles it.
 */
#ifndef MEMDESC_KBUILD_TU_H
#define MEMDESC_KBUILD_TU_H

#include <stddef.h>

struct md_tu {
	char *file;	 /* absolute path of the .c file */
	char *directory; /* working directory the arguments are relative to */
	char **argv;	 /* clang arguments, NULL-terminated, no source file, no -c/-o */
	int argc;
	int borrowed;	 /* 1: flags borrowed from another object (file not built by this config) */
	char *pch;	 /* a precompiled header to parse with (analyzer/pch.h), NULL: none;
			    not part of the flags: the findings are the same without */
};

struct md_tu_list {
	struct md_tu *v;
	size_t n, cap;
};

/*
 * md_tu_list_add - append a copy of @tu; the list takes ownership of every
 * string in it.  Cannot fail (dies on out of memory).
 */
void md_tu_list_add(struct md_tu_list *list, struct md_tu *tu);

/*
 * md_tu_list_by_cost - order @list largest first (by the size of the .c
 * file, the best cheap guess at its parse time; ties by path), so parallel
 * workers do not end on one big file.
 */
void md_tu_list_by_cost(struct md_tu_list *list);

/*
 * md_tu_list_shard - keep only shard @k (1-based) of @n: the TUs are dealt,
 * largest first, each to the shard with the least total size so far (ties
 * to the lower shard), so the shards cost about the same and every
 * machine computes the same split from the same tree.  Leaves @list in
 * cost order.
 */
void md_tu_list_shard(struct md_tu_list *list, int k, int n);

/*
 * md_tu_flags_hash - XXH3-64 (hex, 16 digits and a NUL into @out) of
 * what decides how @tu parses besides its inputs: the file, the working
 * directory and every argument.
 */
void md_tu_flags_hash(const struct md_tu *tu, char *out);

/*
 * md_tu_list_filter - keep the TUs @keep returns nonzero for, in order,
 * freeing the others; returns how many were dropped.
 */
size_t md_tu_list_filter(struct md_tu_list *list, int (*keep)(const struct md_tu *, void *),
			 void *data);

/* md_tu_list_release - free every TU and the list storage; @list is empty after. */
void md_tu_list_release(struct md_tu_list *list);

#endif
