// SPDX-License-Identifier: GPL-2.0
/* borrow.c - flags for a .c file this configuration does not build, from its neighbours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"

/* config_gates - "CONFIG_X=y" for each obj-$(CONFIG_X) of a directory's Makefile. */
static void config_gates(const struct md_tree *tree, const char *rel, struct strv *out)
{
	char *path = xasprintf("%s/%s/Makefile", tree->srcdir, rel);
	char *line = NULL, *p, *name;
	size_t cap = 0, i, len;
	FILE *f = fopen(path, "r");

	while (f && getline(&line, &cap, f) > 0) {
		for (p = line; (p = strstr(p, "obj-$(CONFIG_")); p++) {
			name = xstrndup(p + 6, strspn(p + 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
						      "abcdefghijklmnopqrstuvwxyz0123456789_"));
			len = strlen(name);
			for (i = 0; i < out->n; i++)
				if (!strncmp(out->v[i], name, len) && out->v[i][len] == '=')
					break;
			if (i == out->n)
				strv_pushf(out, "%s=y", name);
			free(name);
		}
	}
	if (f)
		fclose(f);
	free(line);
	free(path);
}

int kb_force_unbuilt(const struct md_tree *tree, const struct md_tree_opts *opts,
		     const struct scope_ent *sc, size_t n, char **search,
		     struct raw_set *set)
{
	struct strv args = STRV_INIT;
	size_t i;
	char *own;
	int r = 0;

	for (i = 0; !r && i < n; i++) {
		if (!sc[i].is_file || !*search[i] || kb_has_command_near(set, tree, search[i]))
			continue;
		own = kb_parent_of(sc[i].rel);
		if (!strcmp(own, search[i]) && kb_has_makefile(tree, own)) {
			strv_pushf(&args, "%s/", own);
			config_gates(tree, own, &args);
			if (args.n > 1)
				r = kb_kbuild_commands(tree, opts, &args, 1, set);
			strv_release(&args);
		}
		free(own);
	}
	return r;
}

static size_t common_dirs(const char *a, const char *b)
{
	size_t n = 0, i;

	for (i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			n++;
	return n;
}

static size_t depth_of(const char *rel)
{
	size_t n = 0;

	for (; *rel; rel++)
		n += *rel == '/';
	return n;
}

/* The same directory, else the nearest parent directory that has one. */
const struct raw_cmd *kb_nearest_command(const struct md_tree *tree,
					 const struct raw_set *set, const char *rel)
{
	const struct raw_cmd *best = NULL;
	size_t best_common = 0, best_depth = 0, i;

	for (i = 0; i < set->n; i++) {
		const char *r = md_path_under(tree->srcdir, set->v[i].file);
		size_t common, depth;

		if (!r)
			continue;
		common = common_dirs(rel, r);
		depth = depth_of(r);
		if (!best || common > best_common ||
		    (common == best_common && depth < best_depth)) {
			best = &set->v[i];
			best_common = common;
			best_depth = depth;
		}
	}
	return best;
}

char *kb_rename_object(const char *arg, const char *rel)
{
	const char *base = strrchr(rel, '/');
	char *stem = xstrndup(base ? base + 1 : rel, strlen(base ? base + 1 : rel) - 2);
	char *mod = xstrndup(rel, strlen(rel) - 2), *r = NULL;

	if (!strncmp(arg, "-DKBUILD_BASENAME=", 18))
		r = xasprintf("-DKBUILD_BASENAME=\"%s\"", stem);
	else if (!strncmp(arg, "-DKBUILD_MODNAME=", 17))
		r = xasprintf("-DKBUILD_MODNAME=\"%s\"", stem);
	else if (!strncmp(arg, "-D__KBUILD_MODNAME=", 19))
		r = xasprintf("-D__KBUILD_MODNAME=kmod_%s", stem);
	else if (!strncmp(arg, "-DKBUILD_MODFILE=", 17))
		r = xasprintf("-DKBUILD_MODFILE=\"%s\"", mod);
	free(stem);
	free(mod);
	return r ? r : xstrdup(arg);
}
