// SPDX-License-Identifier: GPL-2.0
/* scope.c - the scope checked against the tree, its make targets and search directories. */
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"

void kb_scope_release(struct scope_ent *sc, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(sc[i].rel);
	free(sc);
}

/* scope_rel - @p relative to the tree root, or NULL when it lies outside. */
static char *scope_rel(const struct md_tree *tree, const char *p)
{
	const char *rel;

	if (p[0] != '/') {
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		return xstrdup(!strcmp(p, ".") ? "" : p);
	}
	rel = md_path_under(tree->srcdir, p);
	if (rel)
		return xstrdup(rel);
	return md_path_relative(tree->srcdir, p);	/* through a symlink */
}

/* check_entry - one scope path @p into @e. */
static int check_entry(const struct md_tree *tree, const char *p, struct scope_ent *e)
{
	size_t len;
	char *abs;

	e->rel = scope_rel(tree, p);
	if (!e->rel) {
		e->rel = xstrdup("");
		return md_error("%s: scope path outside the tree", p);
	}
	len = strlen(e->rel);
	while (len && e->rel[len - 1] == '/')
		e->rel[--len] = '\0';
	if (strstr(e->rel, ".."))
		return md_error("%s: scope path outside the tree", p);
	abs = kb_join(tree->srcdir, e->rel);
	e->is_file = kb_is_file(abs);
	if (!e->is_file && !kb_is_dir(abs)) {
		free(abs);
		return md_error("%s: scope path not in the tree", p);
	}
	free(abs);
	if (e->is_file && !md_path_has_suffix(e->rel, ".c"))
		return md_error("%s: scope path is neither a directory nor a .c file", p);
	return 0;
}

int kb_normalize_scope(const struct md_tree *tree, const char *const *scope, size_t n,
		       struct scope_ent **out)
{
	struct scope_ent *sc = xcalloc(n ? n : 1, sizeof(*sc));
	size_t i;

	*out = sc;
	for (i = 0; i < n; i++)
		if (check_entry(tree, scope[i], &sc[i]))
			return -1;
	if (!n)
		sc[0].rel = xstrdup("");
	return 0;
}

int kb_under(const char *rel, const char *dir)
{
	return md_path_in_scope(rel, &dir, 1);
}

char *kb_parent_of(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash ? xstrndup(rel, slash - rel) : xstrdup("");
}

static int dir_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* make_targets - "dir/" targets for @dirs, dropping those a parent covers. */
static void make_targets(struct strv *dirs, struct strv *targets)
{
	size_t i, k;

	if (dirs->n)
		qsort(dirs->v, dirs->n, sizeof(*dirs->v), dir_cmp);
	for (i = 0; i < dirs->n; i++) {
		for (k = 0; k < i; k++)
			if (kb_under(dirs->v[i], dirs->v[k]))
				break;
		if (k == i)
			strv_pushf(targets, "%s/", dirs->v[i]);
	}
}

int kb_has_makefile(const struct md_tree *tree, const char *rel)
{
	char *dir = kb_join(tree->srcdir, rel);
	int r = kb_file_in(dir, "Makefile") || kb_file_in(dir, "Kbuild");

	free(dir);
	return r;
}

int kb_has_command_near(const struct raw_set *set, const struct md_tree *tree, const char *dir)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		const char *rel = md_path_under(tree->srcdir, set->v[i].file);

		if (rel && kb_under(rel, dir))
			return 1;
	}
	return 0;
}

int kb_widen_search(const struct md_tree *tree, const struct raw_set *set,
		    const struct scope_ent *sc, size_t n, char **search)
{
	int widened = 0;
	size_t i;
	char *p;

	for (i = 0; i < n; i++) {
		if (!sc[i].is_file || !*search[i] || kb_has_command_near(set, tree, search[i]))
			continue;
		p = kb_parent_of(search[i]);
		free(search[i]);
		search[i] = p;
		widened = 1;
	}
	return widened;
}

/*
 * kb_collect - saved .cmd files for a tree configured in place, else a
 * Kbuild dry run.  Directories without a Makefile build nothing and are
 * skipped.
 */
int kb_collect(const struct md_tree *tree, const struct md_tree_opts *opts,
	       const struct scope_ent *sc, char **search, size_t n, struct raw_set *set)
{
	struct strv dirs = STRV_INIT, targets = STRV_INIT;
	int whole = 0, r = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *rel = sc[i].is_file ? search[i] : sc[i].rel;

		if (!*rel)
			whole = 1;
		else if (kb_has_makefile(tree, rel))
			strv_push(&dirs, rel);
	}
	if (!whole)
		make_targets(&dirs, &targets);
	strv_release(&dirs);
	if (!whole && !targets.n)
		return 0;
	if (!strcmp(tree->config, "in-tree"))
		kb_scan_tree_cmd_files(tree, &targets, set);
	else
		r = kb_kbuild_commands(tree, opts, &targets, 0, set);
	strv_release(&targets);
	return r;
}
