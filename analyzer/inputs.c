// SPDX-License-Identifier: GPL-2.0
/*
 * inputs.c - the inputs of a translation unit and their hash (inputs.h).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "inputs.h"

/* One input: its path and the hash of its contents. */
struct input {
	char *path;
	uint64_t hash;
};

struct collect {
	CXTranslationUnit tu;
	const char *srcdir;
	struct input *v;
	size_t n, alloc;
	int skip_unread; /* leave out files libclang has no contents of (a PCH's) */
};

/* input_path - @name canonical (libclang spells it as the include found it), tree-relative. */
static char *input_path(const char *srcdir, const char *name)
{
	char *abs = realpath(name, NULL);
	const char *rel = md_path_under(srcdir, abs ? abs : name);
	char *out = xstrdup(rel && *rel ? rel : abs ? abs : name);

	free(abs);
	return out;
}

static void add_inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct collect *c = data;
	CXString name = clang_getFileName(file);
	const char *contents;
	size_t size = 0;

	(void)stack;
	(void)depth;
	contents = clang_getCString(name) ? clang_getFileContents(c->tu, file, &size) : NULL;
	if (clang_getCString(name) && (contents || !c->skip_unread)) {
		ALLOC_GROW(c->v, c->n + 1, c->alloc);
		c->v[c->n].path = input_path(c->srcdir, clang_getCString(name));
		c->v[c->n++].hash = XXH3_64bits(contents ? contents : "", contents ? size : 0);
	}
	clang_disposeString(name);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct input *)a)->path, ((const struct input *)b)->path);
}

/* combined_hash - the recipe of inputs.h over @v, sorted by path. */
static void combined_hash(const struct input *v, size_t n, char *out)
{
	XXH3_state_t *st = XXH3_createState();
	char hex[17];

	XXH3_64bits_reset(st);
	for (size_t i = 0; i < n; i++) {
		snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)v[i].hash);
		XXH3_64bits_update(st, v[i].path, strlen(v[i].path) + 1);
		XXH3_64bits_update(st, hex, sizeof(hex));
	}
	snprintf(out, MD_FINGERPRINT_LEN + 1, "%016llx", (unsigned long long)XXH3_64bits_digest(st));
	XXH3_freeState(st);
}

/* finish - @c sorted, without repeats (a header included twice is one input), into @out. */
static void finish(struct collect *c, struct md_inputs *out)
{
	size_t kept = 0;

	qsort(c->v, c->n, sizeof(*c->v), by_path);
	for (size_t i = 0; i < c->n; i++) {
		if (kept && !strcmp(c->v[kept - 1].path, c->v[i].path)) {
			free(c->v[i].path);
			continue;
		}
		c->v[kept++] = c->v[i];
	}
	c->n = kept;
	combined_hash(c->v, c->n, out->hash);
	out->paths = xcalloc(c->n + 1, sizeof(*out->paths));
	for (size_t i = 0; i < c->n; i++)
		out->paths[i] = c->v[i].path;
	out->n = c->n;
	free(c->v);
}

/* drop_under - forget the inputs under @dir (the scan's own PCH files). */
static void drop_under(struct collect *c, const char *dir)
{
	size_t kept = 0;

	for (size_t i = 0; i < c->n; i++) {
		if (dir && md_path_under(dir, c->v[i].path)) {
			free(c->v[i].path);
			continue;
		}
		c->v[kept++] = c->v[i];
	}
	c->n = kept;
}

/* read_saved - append the inputs md_inputs_save() wrote to @path; -1 when unreadable. */
static int read_saved(struct collect *c, const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned long long h;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int n;

	if (!f)
		return -1;
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (sscanf(line, "%16llx %n", &h, &n) != 1 || !line[n])
			continue;
		ALLOC_GROW(c->v, c->n + 1, c->alloc);
		c->v[c->n].path = xstrdup(line + n);
		c->v[c->n++].hash = h;
	}
	free(line);
	fclose(f);
	return 0;
}

void md_inputs_of_tu(CXTranslationUnit tu, const char *srcdir, struct md_inputs *out)
{
	struct collect c = { .tu = tu, .srcdir = srcdir };

	clang_getInclusions(tu, add_inclusion, &c);
	finish(&c, out);
}

int md_inputs_of_tu_with(CXTranslationUnit tu, const char *srcdir, const char *saved,
			 const char *skip_dir, struct md_inputs *out)
{
	struct collect c = { .tu = tu, .srcdir = srcdir, .skip_unread = 1 };
	int rc;

	clang_getInclusions(tu, add_inclusion, &c);
	rc = read_saved(&c, saved);
	drop_under(&c, skip_dir);
	finish(&c, out);
	return rc;
}

int md_inputs_save(CXTranslationUnit tu, const char *srcdir, const char *skip_dir,
		   const char *path)
{
	struct collect c = { .tu = tu, .srcdir = srcdir };
	FILE *f = fopen(path, "w");
	int rc = 0;

	if (!f)
		return -1;
	clang_getInclusions(tu, add_inclusion, &c);
	drop_under(&c, skip_dir);
	for (size_t i = 0; i < c.n; i++) {
		fprintf(f, "%016llx %s\n", (unsigned long long)c.v[i].hash, c.v[i].path);
		free(c.v[i].path);
	}
	free(c.v);
	if (fclose(f))
		rc = -1;
	return rc;
}

void md_inputs_release(struct md_inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->paths[i]);
	free(in->paths);
	memset(in, 0, sizeof(*in));
}

/* --- the hashes of files on disk, for the next scan --- */

struct cached {
	char *path;
	uint64_t hash;
	int missing;
};

struct md_hash_cache {
	struct cached *slots; /* open addressing, keyed by the path */
	size_t cap, used;
};

struct md_hash_cache *md_hash_cache_new(void)
{
	struct md_hash_cache *c = xcalloc(1, sizeof(*c));

	c->cap = 4096;
	c->slots = xcalloc(c->cap, sizeof(*c->slots));
	return c;
}

void md_hash_cache_free(struct md_hash_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++)
		free(c->slots[i].path);
	free(c->slots);
	free(c);
}

static struct cached *slot_for(struct md_hash_cache *c, const char *path)
{
	size_t i = XXH3_64bits(path, strlen(path)) & (c->cap - 1);

	while (c->slots[i].path && strcmp(c->slots[i].path, path))
		i = (i + 1) & (c->cap - 1);
	return &c->slots[i];
}

static void grow(struct md_hash_cache *c)
{
	struct md_hash_cache bigger = { .cap = c->cap * 2 };

	bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
	for (size_t i = 0; i < c->cap; i++)
		if (c->slots[i].path)
			*slot_for(&bigger, c->slots[i].path) = c->slots[i];
	free(c->slots);
	c->slots = bigger.slots;
	c->cap = bigger.cap;
}

static int hash_file(const char *path, uint64_t *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *map;

	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		close(fd);
		*out = XXH3_64bits("", 0);
		return 0;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	*out = XXH3_64bits(map, (size_t)st.st_size);
	munmap(map, (size_t)st.st_size);
	return 0;
}

static const struct cached *lookup(struct md_hash_cache *c, const char *srcdir, const char *path)
{
	struct cached *s = slot_for(c, path);

	if (!s->path) {
		char *abs = path[0] == '/' ? xstrdup(path) : md_path_join(srcdir, path);

		s->path = xstrdup(path);
		s->missing = hash_file(abs, &s->hash) != 0;
		free(abs);
		if (++c->used * 2 > c->cap) {
			grow(c);
			s = slot_for(c, path);
		}
	}
	return s;
}

int md_inputs_hash_now(struct md_hash_cache *c, const char *srcdir, const char *const *paths,
		       size_t n, char *out)
{
	struct input *v = xcalloc(n + 1, sizeof(*v));
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		const struct cached *s = lookup(c, srcdir, paths[i]);

		if (s->missing)
			rc = -1;
		v[i] = (struct input){ .path = (char *)paths[i], .hash = s->hash };
	}
	/* the paths were stored sorted; sort again in case a caller's are not */
	if (!rc) {
		qsort(v, n, sizeof(*v), by_path);
		combined_hash(v, n, out);
	}
	free(v);
	return rc;
}
