/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbuild.h - find, prepare and describe a kernel tree without writing to it.
 *
 * A tree is scanned through a build directory: the tree itself when it is
 * already configured in place, otherwise a directory of ours where
 * "make O=<build> defconfig prepare" has been run.  Per-file compiler
 * arguments come from Kbuild itself (a compile_commands.json when given,
 * else Kbuild's own command lines for the scope) and are turned into clang
 * arguments by dropping the gcc-only flags clang rejects.
 *
 * Errors are reported through md_error() (lib/error.h) and the functions
 * return -1; nothing here exits.
 */
#ifndef MEMDESC_KBUILD_KBUILD_H
#define MEMDESC_KBUILD_KBUILD_H

#include "tu.h"

struct md_tree_opts {
	const char *builddir; /* NULL: derive under cachedir */
	const char *cachedir; /* where our build dirs live; NULL: $MEMDESC_CACHE or ~/.cache/memdesc */
	const char *config;   /* "defconfig" (default) or "allmodconfig" */
	const char *compdb;   /* path to compile_commands.json (file or its dir), or NULL */
	int jobs;	      /* make -j */
	int verbose;	      /* echo the make commands that are run */
};

struct md_tree {
	char *srcdir;	/* absolute, canonical */
	char *builddir; /* absolute; srcdir if configured in place; the compdb's dir with a compdb */
	char *version;	/* "6.12.117", from the tree's Makefile */
	char *config;	/* "defconfig", "allmodconfig", "in-tree", "compdb" */
};

/*
 * md_tree_open - check that @srcdir is a kernel tree and make it parseable:
 * configure and prepare a build directory when needed, holding the build
 * directory's lock meanwhile (a concurrent run waits for it).  Never writes
 * to @srcdir.  SIGINT or SIGTERM during the configure step is passed on to
 * make, which is waited for.  Returns 0, or -1 after reporting why; @tree
 * is then empty.
 */
int md_tree_open(const char *srcdir, const struct md_tree_opts *opts,
		 struct md_tree *tree);

/* md_cache_dir - where memdesc keeps what it derives (opts->cachedir, $MEMDESC_CACHE, ~/.cache/memdesc). */
char *md_cache_dir(const struct md_tree_opts *opts);

/*
 * md_tree_commands - the TUs under @scope (paths relative to the tree root,
 * directories or .c files; NULL/0 means the whole tree) with clang-ready
 * arguments.  A .c file named explicitly in @scope that this configuration
 * does not build gets the flags of a built object nearby (tu->borrowed = 1).
 * Kbuild's answers are cached in the build directory until a Makefile or
 * Kbuild file of the scope, .config or autoconf.h changes.  TUs are
 * appended to @out.  Returns 0, or -1 after reporting why.
 */
int md_tree_commands(struct md_tree *tree, const struct md_tree_opts *opts,
		     const char *const *scope, size_t nscope,
		     struct md_tu_list *out);

/*
 * md_clang_args - turn one gcc command line (argv of the compiler, from
 * Kbuild) into clang arguments: drop the compiler name, -c, -o X, the
 * source file, dependency-file options and every gcc-only flag that clang
 * rejects.  @source may be NULL: the last .c operand is taken.  Returns a
 * NULL-terminated malloc'd vector, count in @argc; cannot fail.
 */
char **md_clang_args(const char *const *gcc_argv, int gcc_argc,
		     const char *source, int *argc);

/*
 * md_tu_list_write_compdb - @tus as a compile_commands.json at @path ("-":
 * standard output): per TU its directory, its file and the arguments
 * libclang is given for it, after "clang" and before "-c FILE", so
 * clang-query, clangd or "clang -fsyntax-only" parse it as memdesc does.
 * Written to a temporary file and renamed.  0, or -1 after reporting why.
 */
int md_tu_list_write_compdb(const struct md_tu_list *tus, const char *path);

/* md_tree_release - free what md_tree_open filled in; @tree is empty after. */
void md_tree_release(struct md_tree *tree);

/*
 * md_tree_version - "6.12.118" from the top Makefile of @srcdir, a new
 * string; NULL (nothing reported) when it has none.  Reads the tree only:
 * for a command that neither configures nor builds it.
 */
char *md_tree_version(const char *srcdir);

#endif
