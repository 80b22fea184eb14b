// SPDX-License-Identifier: GPL-2.0
/* rawset.c - sets of compiler commands as Kbuild runs them, one per file. */
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "../lib/xalloc.h"
#include "internal.h"

/* absolute - @path from the current directory, when it is relative. */
static char *absolute(const char *path)
{
	char *cwd, *out;

	if (path[0] == '/' || !(cwd = getcwd(NULL, 0)))
		return xstrdup(path);
	out = kb_join(cwd, path);
	free(cwd);
	return out;
}

void raw_add(struct raw_set *set, const char *dir, const char *src, struct strv *argv)
{
	struct raw_cmd *c;
	char *joined, *real;
	size_t argc;

	ALLOC_GROW(set->v, set->n + 1, set->alloc);
	c = &set->v[set->n];
	/*
	 * Both absolute, so the command means the same from anywhere: a
	 * compile_commands.json written from the set reads back the same.
	 */
	real = realpath(dir, NULL);
	c->dir = real ? real : absolute(dir);
	joined = kb_join(c->dir, src);
	real = realpath(joined, NULL);
	c->file = real ? real : xstrdup(joined);
	free(joined);
	c->order = set->n++;
	c->forced = 0;
	c->argv = strv_detach(argv, &argc);
	c->argc = (int)argc;
}

static void raw_cmd_release(struct raw_cmd *c)
{
	free(c->file);
	free(c->dir);
	strv_free(c->argv);
}

void raw_release(struct raw_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		raw_cmd_release(&set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

void raw_move(struct raw_set *to, struct raw_set *from, int forced)
{
	size_t i;

	for (i = 0; i < from->n; i++) {
		ALLOC_GROW(to->v, to->n + 1, to->alloc);
		to->v[to->n] = from->v[i];
		to->v[to->n].order = to->n;
		to->v[to->n].forced |= forced;
		to->n++;
	}
	free(from->v);
	memset(from, 0, sizeof(*from));
}

static int raw_cmp(const void *a, const void *b)
{
	const struct raw_cmd *x = a, *y = b;
	int r = strcmp(x->file, y->file);

	if (r)
		return r;
	if (x->forced != y->forced)
		return x->forced - y->forced;
	return x->order < y->order ? -1 : x->order > y->order;
}

void raw_sort_unique(struct raw_set *set)
{
	size_t i, j = 0;

	if (!set->n)
		return;
	qsort(set->v, set->n, sizeof(*set->v), raw_cmp);
	for (i = 0; i < set->n; i++) {
		if (j && !strcmp(set->v[j - 1].file, set->v[i].file)) {
			raw_cmd_release(&set->v[i]);
			continue;
		}
		set->v[j++] = set->v[i];
	}
	set->n = j;
}
