// SPDX-License-Identifier: GPL-2.0
/* cache.c - Kbuild's commands for make targets, cached until a Kbuild input changes. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"

#define MD_CACHE_FORMAT "memdesc-commands v2"

/* cache_dir - <build>/memdesc-commands/<hash of the make targets>. */
static char *cache_dir(const struct md_tree *tree, const struct strv *targets)
{
	char *key = xstrdup(MD_CACHE_FORMAT), *next, *dir;
	size_t i;

	for (i = 0; i < targets->n; i++) {
		next = xasprintf("%s %s", key, targets->v[i]);
		free(key);
		key = next;
	}
	dir = xasprintf("%s/memdesc-commands/%016llx", tree->builddir,
			(unsigned long long)kb_fnv1a(key));
	free(key);
	return dir;
}

/* hash_file - @path's name, size and mtime into @h; nothing when it is missing. */
static void hash_file(XXH64_state_t *h, const char *path)
{
	struct stat st;
	long long v[3];

	if (stat(path, &st))
		return;
	v[0] = (long long)st.st_size;
	v[1] = (long long)st.st_mtim.tv_sec;
	v[2] = (long long)st.st_mtim.tv_nsec;
	XXH64_update(h, path, strlen(path) + 1);
	XXH64_update(h, v, sizeof(v));
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* hash_makefiles - every Makefile and Kbuild file under @dir, in a stable order. */
static void hash_makefiles(XXH64_state_t *h, const char *dir)
{
	struct strv names = STRV_INIT, dirs = STRV_INIT;
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t i;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (!strcmp(e->d_name, "Kbuild") || !strncmp(e->d_name, "Makefile", 8))
			strv_push_owned(&names, md_path_join(dir, e->d_name));
		else if (e->d_type == DT_DIR || e->d_type == DT_UNKNOWN)
			strv_push_owned(&dirs, md_path_join(dir, e->d_name));
	}
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), name_cmp);
	if (dirs.n)
		qsort(dirs.v, dirs.n, sizeof(*dirs.v), name_cmp);
	for (i = 0; i < names.n; i++)
		hash_file(h, names.v[i]);
	for (i = 0; i < dirs.n; i++)
		if (kb_is_dir(dirs.v[i]))
			hash_makefiles(h, dirs.v[i]);
	strv_release(&names);
	strv_release(&dirs);
}

/*
 * inputs_key - a hash of what Kbuild reads to answer for @targets: the
 * Makefiles and Kbuild files in and below each target directory (the
 * whole tree without one) and in the directories above it, the top
 * Makefile, .config and autoconf.h.
 */
static unsigned long long inputs_key(const struct md_tree *tree, const struct strv *targets)
{
	XXH64_state_t *h = XXH64_createState();
	unsigned long long key;
	size_t i;
	char *p;

	if (!h)
		md_die("out of memory");
	XXH64_reset(h, 0);
	XXH64_update(h, MD_CACHE_FORMAT, sizeof(MD_CACHE_FORMAT));
	p = md_path_join(tree->builddir, ".config");
	hash_file(h, p);
	free(p);
	p = md_path_join(tree->builddir, "include/generated/autoconf.h");
	hash_file(h, p);
	free(p);
	p = md_path_join(tree->srcdir, "Makefile");
	hash_file(h, p);
	free(p);
	for (i = 0; i < targets->n; i++) {
		char *rel, *slash;

		if (strchr(targets->v[i], '='))
			continue;
		/* the Makefiles above: their subdir-ccflags apply below */
		rel = xstrdup(targets->v[i]);
		while ((slash = strrchr(rel, '/')) && slash[1] == '\0' && slash > rel)
			*slash = '\0';
		while ((slash = strrchr(rel, '/'))) {
			*slash = '\0';
			p = xasprintf("%s/%s/Makefile", tree->srcdir, rel);
			hash_file(h, p);
			free(p);
			p = xasprintf("%s/%s/Kbuild", tree->srcdir, rel);
			hash_file(h, p);
			free(p);
		}
		free(rel);
		p = kb_join(tree->srcdir, targets->v[i]);
		hash_makefiles(h, p);
		free(p);
	}
	if (!targets->n)
		hash_makefiles(h, tree->srcdir);
	key = XXH64_digest(h);
	XXH64_freeState(h);
	return key;
}

/* read_key - the inputs key the cache in @dir was written with, or 0. */
static unsigned long long read_key(const char *dir)
{
	char *path = md_path_join(dir, "key");
	FILE *f = fopen(path, "r");
	unsigned long long key = 0;

	free(path);
	if (!f)
		return 0;
	if (fscanf(f, "%llx", &key) != 1)
		key = 0;
	fclose(f);
	return key;
}

/* write_key - the inputs key, then the targets for a human reader. */
static void write_key(const char *dir, unsigned long long key, const struct strv *targets)
{
	char *path = md_path_join(dir, "key");
	FILE *f = fopen(path, "w");
	size_t i;

	free(path);
	if (!f)
		return;
	fprintf(f, "%016llx\n%s\n", key, MD_CACHE_FORMAT);
	for (i = 0; i < targets->n; i++)
		fprintf(f, "%s\n", targets->v[i]);
	fclose(f);
}

/*
 * dry_run - the commands Kbuild would run for @targets, plus the saved
 * commands of objects already built there, which a dry run omits.
 */
static int dry_run(const struct md_tree *tree, const struct md_tree_opts *opts,
		   const struct strv *targets, struct raw_set *set)
{
	char *out = md_path_join(tree->builddir, "memdesc-dryrun.out");
	char *log = md_path_join(tree->builddir, "memdesc-dryrun.log");
	struct strv args = STRV_INIT;
	int status, r = 0;
	size_t i;

	strv_push(&args, "-n");
	strv_push(&args, "V=1");
	if (!targets->n)
		strv_push(&args, "-k");	/* linking fails when nothing was built */
	for (i = 0; i < targets->n; i++)
		strv_push(&args, targets->v[i]);
	unlink(log);
	status = kb_run_make(tree, opts, (const char *const *)args.v, out, log);
	if (status == KB_MAKE_INTERRUPTED) {
		r = md_error("interrupted while asking make for the commands in %s",
			     tree->builddir);
	} else if (status < 0) {
		r = -1;
	} else if (kb_parse_dry_run(out, tree->builddir, set) || (status && targets->n) ||
		   (!targets->n && !set->n)) {
		kb_print_tail(log, 15);
		r = md_error("make -n failed (exit %d) in %s, see %s", status, tree->builddir,
			     log);
	}
	if (!r)
		kb_scan_tree_cmd_files(tree, targets, set);
	strv_release(&args);
	free(out);
	free(log);
	return r;
}

/* load_cache - the cached commands in @dir when they were written for @key. */
static int load_cache(const char *dir, unsigned long long key, struct raw_set *set)
{
	char *db;
	int r;

	if (!key || read_key(dir) != key)
		return -1;
	db = md_path_join(dir, "compile_commands.json");
	r = kb_is_file(db) ? kb_compdb_load(db, set) : -1;
	free(db);
	return r;
}

int kb_kbuild_commands(const struct md_tree *tree, const struct md_tree_opts *opts,
		       const struct strv *targets, int forced, struct raw_set *out)
{
	char *dir = cache_dir(tree, targets);
	struct raw_set set = RAW_SET_INIT;
	unsigned long long key;
	int fd, r = 0;

	fd = kb_lock_build(tree->builddir);
	if (fd < 0) {
		free(dir);
		return -1;
	}
	key = inputs_key(tree, targets);
	if (load_cache(dir, key, &set)) {
		raw_release(&set);
		r = dry_run(tree, opts, targets, &set);
		if (!r) {
			raw_sort_unique(&set);
			if (kb_mkdir_p(dir) || kb_compdb_write(dir, &set))
				md_warning("%s: cannot cache commands: %s", dir, strerror(errno));
			else
				write_key(dir, key, targets);
		}
	}
	kb_unlock_build(fd);
	free(dir);
	raw_move(out, &set, forced);
	raw_sort_unique(out);
	raw_release(&set);
	return r;
}
