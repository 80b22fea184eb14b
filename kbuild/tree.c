// SPDX-License-Identifier: GPL-2.0
/* tree.c - a kernel tree, its version and the build directory it is read through. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"

/* read_version - "VERSION.PATCHLEVEL.SUBLEVEL[EXTRAVERSION]" from a top Makefile. */
static char *read_version(const char *makefile)
{
	static const char *const keys[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION" };
	char *val[4] = { NULL }, *line = NULL, *res = NULL;
	size_t cap = 0;
	int lines = 0, i;
	FILE *f = fopen(makefile, "r");

	if (!f)
		return NULL;
	while (lines++ < 50 && getline(&line, &cap, f) > 0) {
		for (i = 0; i < 4; i++) {
			size_t k = strlen(keys[i]);
			char *v = line + k;

			if (val[i] || strncmp(line, keys[i], k))
				continue;
			v += strspn(v, " \t");
			if (*v++ != '=')
				continue;
			v += strspn(v, " \t");
			val[i] = xstrndup(v, strcspn(v, " \t\r\n"));
		}
	}
	free(line);
	fclose(f);
	if (val[0] && val[1] && val[2] && *val[0] && *val[1] && *val[2])
		res = xasprintf("%s.%s.%s%s", val[0], val[1], val[2], val[3] ? val[3] : "");
	for (i = 0; i < 4; i++)
		free(val[i]);
	return res;
}

char *md_tree_version(const char *srcdir)
{
	char *makefile = md_path_join(srcdir, "Makefile");
	char *version = read_version(makefile);

	free(makefile);
	return version;
}

static int configured_in(const char *dir)
{
	return kb_file_in(dir, ".config") && kb_file_in(dir, "include/generated/autoconf.h");
}

static char *default_cachedir(void)
{
	const char *env = getenv("MEMDESC_CACHE");
	const char *home = getenv("HOME");

	if (env && *env)
		return xstrdup(env);
	return xasprintf("%s/.cache/memdesc", home && *home ? home : "/tmp");
}

char *md_cache_dir(const struct md_tree_opts *opts)
{
	return opts && opts->cachedir ? xstrdup(opts->cachedir) : default_cachedir();
}

/* derive_builddir - <cachedir>/<basename>-<hash of realpath>-<config>. */
static char *derive_builddir(const char *srcdir, const struct md_tree_opts *opts,
			     const char *config)
{
	char *cache = opts->cachedir ? xstrdup(opts->cachedir) : default_cachedir();
	const char *base = strrchr(srcdir, '/');
	char *dir = xasprintf("%s/%s-%08x-%s", cache, base ? base + 1 : srcdir,
			      (unsigned int)(kb_fnv1a(srcdir) & 0xffffffffu), config);

	free(cache);
	return dir;
}

/* compdb_dir - the canonical directory of a compdb given as a file or its directory. */
static char *compdb_dir(const char *compdb)
{
	char *real = realpath(compdb, NULL), *slash;

	if (!real || kb_is_dir(real))
		return real;
	slash = strrchr(real, '/');
	if (slash == real)
		slash[1] = '\0';
	else
		*slash = '\0';
	return real;
}

/* make_dir - create @path and return its canonical name, or NULL (reported). */
static char *make_dir(const char *path)
{
	char *real = NULL;

	if (kb_mkdir_p(path) || !(real = realpath(path, NULL)))
		md_error_errno("%s: cannot create build directory", path);
	return real;
}

/* check_tree - @srcdir is a directory holding a kernel tree; its canonical name in @real. */
static int check_tree(const char *srcdir, char **real)
{
	struct stat st;

	if (stat(srcdir, &st))
		return md_error("%s: no such directory", srcdir);
	if (!S_ISDIR(st.st_mode))
		return md_error("%s: not a directory", srcdir);
	*real = realpath(srcdir, NULL);
	if (!*real)
		return md_error_errno("%s: cannot resolve", srcdir);
	if (!kb_file_in(*real, "Makefile"))
		return md_error("%s: not a kernel tree: no Makefile", srcdir);
	if (!kb_file_in(*real, "include/linux/mm_types.h"))
		return md_error("%s: not a kernel tree: no include/linux/mm_types.h", srcdir);
	return 0;
}

/* open_build - the build directory of a tree to configure out of place. */
static int open_build(struct md_tree *tree, const struct md_tree_opts *opts)
{
	char *derived;

	tree->config = xstrdup(opts->config ? opts->config : "defconfig");
	if (opts->builddir) {
		tree->builddir = make_dir(opts->builddir);
	} else {
		/* absolute before make runs: make -C would read it from the tree */
		derived = derive_builddir(tree->srcdir, opts, tree->config);
		tree->builddir = make_dir(derived);
		free(derived);
	}
	if (!tree->builddir)
		return -1;
	if (md_path_under(tree->srcdir, tree->builddir))
		return md_error("%s: build directory inside the tree %s", tree->builddir,
				tree->srcdir);
	return kb_prepare_build(tree, opts);
}

int md_tree_open(const char *srcdir, const struct md_tree_opts *opts, struct md_tree *tree)
{
	static const struct md_tree_opts defaults;
	memset(tree, 0, sizeof(*tree));
	if (!opts)
		opts = &defaults;
	if (check_tree(srcdir, &tree->srcdir))
		goto fail;
	tree->version = md_tree_version(tree->srcdir);
	if (!tree->version) {
		md_error("%s: not a kernel tree: no VERSION/PATCHLEVEL/SUBLEVEL in its Makefile",
			 srcdir);
		goto fail;
	}
	if (opts->compdb) {
		tree->config = xstrdup("compdb");
		tree->builddir = compdb_dir(opts->compdb);
		if (!tree->builddir) {
			md_error_errno("%s: cannot read compilation database", opts->compdb);
			goto fail;
		}
		return 0;
	}
	if (configured_in(tree->srcdir)) {
		/* Kbuild refuses O= builds of such a tree: read it as it is. */
		tree->config = xstrdup("in-tree");
		tree->builddir = xstrdup(tree->srcdir);
		return 0;
	}
	if (!open_build(tree, opts))
		return 0;
fail:
	md_tree_release(tree);
	return -1;
}

void md_tree_release(struct md_tree *tree)
{
	free(tree->srcdir);
	free(tree->builddir);
	free(tree->version);
	free(tree->config);
	memset(tree, 0, sizeof(*tree));
}
