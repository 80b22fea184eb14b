// SPDX-License-Identifier: GPL-2.0
/* tu.c - a growable list of translation units that owns their strings. */
#include <stdlib.h>

#include "../lib/xalloc.h"
#include "tu.h"

void md_tu_list_add(struct md_tu_list *list, struct md_tu *tu)
{
	ALLOC_GROW(list->v, list->n + 1, list->cap);
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

void md_tu_list_release(struct md_tu_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		md_tu_release(&list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = list->cap = 0;
}
