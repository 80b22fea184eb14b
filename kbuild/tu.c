// SPDX-License-Identifier: GPL-2.0
/* tu.c - a growable list of translation units that owns their strings. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "../lib/error.h"
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
	free(tu->pch);
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

size_t md_tu_list_filter(struct md_tu_list *list, int (*keep)(const struct md_tu *, void *),
			 void *data)
{
	size_t i, kept = 0, dropped;

	for (i = 0; i < list->n; i++) {
		if (keep(&list->v[i], data))
			list->v[kept++] = list->v[i];
		else
			md_tu_release(&list->v[i]);
	}
	dropped = list->n - kept;
	list->n = kept;
	return dropped;
}

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (long long)st.st_size;
}

/* The sort key of a TU: its size, looked up once. */
struct costed {
	long long size;
	struct md_tu tu;
};

static int larger_first(const void *a, const void *b)
{
	const struct costed *x = a, *y = b;

	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return strcmp(x->tu.file, y->tu.file);
}

static struct costed *costed_list(struct md_tu_list *list)
{
	struct costed *c = xcalloc(list->n ? list->n : 1, sizeof(*c));

	for (size_t i = 0; i < list->n; i++)
		c[i] = (struct costed){ .size = file_size(list->v[i].file), .tu = list->v[i] };
	qsort(c, list->n, sizeof(*c), larger_first);
	return c;
}

void md_tu_list_by_cost(struct md_tu_list *list)
{
	struct costed *c = costed_list(list);

	for (size_t i = 0; i < list->n; i++)
		list->v[i] = c[i].tu;
	free(c);
}

void md_tu_list_shard(struct md_tu_list *list, int k, int n)
{
	struct costed *c = costed_list(list);
	long long *load = xcalloc((size_t)n, sizeof(*load));
	size_t kept = 0;

	if (n < 1 || k < 1 || k > n)
		BUG("shard %d/%d", k, n);
	for (size_t i = 0; i < list->n; i++) {
		int least = 0;

		for (int s = 1; s < n; s++)
			if (load[s] < load[least])
				least = s;
		/* a file of size 0 still costs a parse */
		load[least] += c[i].size + 1;
		if (least == k - 1)
			list->v[kept++] = c[i].tu;
		else
			md_tu_release(&c[i].tu);
	}
	list->n = kept;
	free(load);
	free(c);
}

static void hash_string(XXH3_state_t *st, const char *s)
{
	XXH3_64bits_update(st, s ? s : "", s ? strlen(s) + 1 : 1);
}

void md_tu_flags_hash(const struct md_tu *tu, char *out)
{
	XXH3_state_t *st = XXH3_createState();

	XXH3_64bits_reset(st);
	hash_string(st, tu->file);
	hash_string(st, tu->directory);
	for (int i = 0; i < tu->argc; i++)
		hash_string(st, tu->argv[i]);
	snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits_digest(st));
	XXH3_freeState(st);
}
