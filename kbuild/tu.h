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

/* md_tu_list_release - free every TU and the list storage; @list is empty after. */
void md_tu_list_release(struct md_tu_list *list);

#endif
