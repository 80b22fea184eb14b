// SPDX-License-Identifier: GPL-2.0
/* tulist.c - md_tree_commands: the TUs of a scope with clang-ready arguments. */
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"

/* gather - commands for the scope, widening the search for unbuilt files. */
static int gather(const struct md_tree *tree, const struct md_tree_opts *opts,
		  const struct scope_ent *sc, size_t n, struct raw_set *set)
{
	char **search = xcalloc(n, sizeof(*search));
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		search[i] = sc[i].is_file ? kb_parent_of(sc[i].rel) : xstrdup(sc[i].rel);
	if (!strcmp(tree->config, "compdb")) {
		r = kb_compdb_load(opts->compdb, set);
		if (!r)
			raw_sort_unique(set);
	} else {
		do {
			r = kb_collect(tree, opts, sc, search, n, set);
			if (!r && strcmp(tree->config, "in-tree"))
				r = kb_force_unbuilt(tree, opts, sc, n, search, set);
		} while (!r && kb_widen_search(tree, set, sc, n, search));
	}
	for (i = 0; i < n; i++)
		free(search[i]);
	free(search);
	return r;
}

/* add_tu - a TU for @file with the command @c, renamed for it when @borrowed. */
static void add_tu(const struct md_tree *tree, const struct raw_cmd *c, const char *file,
		   int borrowed, struct md_tu_list *out)
{
	struct md_tu tu = { 0 };
	const char *rel = md_path_under(tree->srcdir, file);
	int i;

	tu.file = xstrdup(file);
	tu.directory = xstrdup(c->dir);
	tu.argv = md_clang_args((const char *const *)c->argv, c->argc, c->file, &tu.argc);
	kb_absolutize(tu.argv, tu.argc, c->dir);
	for (i = 0; borrowed && rel && i < tu.argc; i++) {
		char *a = kb_rename_object(tu.argv[i], rel);

		free(tu.argv[i]);
		tu.argv[i] = a;
	}
	tu.borrowed = borrowed;
	md_tu_list_add(out, &tu);
}

/* select_scope - the built files under the scope, then borrowed ones. */
static int select_scope(const struct md_tree *tree, struct scope_ent *sc, size_t n,
			const struct raw_set *set, struct md_tu_list *out)
{
	size_t i, k;

	for (i = 0; i < set->n; i++) {
		const char *rel = md_path_under(tree->srcdir, set->v[i].file);
		int hit = 0;

		for (k = 0; rel && k < n; k++) {
			if (sc[k].is_file ? !strcmp(rel, sc[k].rel) :
			    (!set->v[i].forced && kb_under(rel, sc[k].rel))) {
				sc[k].found = 1;
				hit = 1;
			}
		}
		if (hit)
			add_tu(tree, &set->v[i], set->v[i].file, set->v[i].forced, out);
	}
	for (k = 0; k < n; k++) {
		const struct raw_cmd *c;
		char *file;

		if (!sc[k].is_file || sc[k].found)
			continue;
		c = kb_nearest_command(tree, set, sc[k].rel);
		if (!c)
			return md_error("%s: no built object near it to borrow flags from",
					sc[k].rel);
		file = kb_join(tree->srcdir, sc[k].rel);
		add_tu(tree, c, file, 1, out);
		free(file);
		sc[k].found = 1;
	}
	return 0;
}

int md_tree_commands(struct md_tree *tree, const struct md_tree_opts *opts,
		     const char *const *scope, size_t nscope, struct md_tu_list *out)
{
	static const struct md_tree_opts defaults;
	struct raw_set set = RAW_SET_INIT;
	struct scope_ent *sc;
	size_t n = scope ? nscope : 0, before = out->n;
	int r;

	if (!opts)
		opts = &defaults;
	r = kb_normalize_scope(tree, scope, n, &sc);
	if (!n)
		n = 1;
	if (!r)
		r = gather(tree, opts, sc, n, &set);
	if (!r && !set.n && !strcmp(tree->config, "in-tree"))
		r = md_error("%s: no built objects: it is configured in place; pass a compile_commands.json or an unconfigured tree",
			     tree->srcdir);
	if (!r)
		r = select_scope(tree, sc, n, &set, out);
	if (!r && out->n == before)
		r = md_error("nothing in the scope is built by this configuration (%s)",
			     tree->config);
	raw_release(&set);
	kb_scope_release(sc, n);
	return r;
}
