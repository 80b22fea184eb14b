// SPDX-License-Identifier: GPL-2.0
/*
 * tu.c - a growable list of translation units that owns their strings.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tu.h"

/* md_tu_list_add - append @tu; the list takes ownership of its strings. */
void md_tu_list_add(struct md_tu_list *list, struct md_tu *tu)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;
		struct md_tu *v = realloc(list->v, cap * sizeof(*v));

		if (!v) {
			fprintf(stderr, "fatal: out of memory\n");
			exit(1);
		}
		list->v = v;
		list->cap = cap;
	}
	list->v[list->n++] = *tu;
}

static void md_tu_release(struct md_tu *tu)
{
	int i;

	free(tu->file);
	free(tu->directory);
	if (tu->argv) {
		for (i = 0; i < tu->argc; i++)
			free(tu->argv[i]);
		free(tu->argv);
	}
}

/* md_tu_list_release - free every TU and the storage; the list is empty after. */
void md_tu_list_release(struct md_tu_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		md_tu_release(&list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = list->cap = 0;
}
