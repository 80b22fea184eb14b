// SPDX-License-Identifier: GPL-2.0
/* file.c - whole files as text, and scratch directories (lib/file.h). */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "error.h"
#include "xalloc.h"
#include "file.h"

char *md_read_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, alloc = 0, got;
	char *buf = NULL;
	int saved;

	if (!f)
		return NULL;
	do {
		ALLOC_GROW(buf, n + 65536 + 1, alloc);
		got = fread(buf + n, 1, alloc - n - 1, f);
		n += got;
	} while (got);
	saved = errno;
	if (ferror(f)) {
		fclose(f);
		free(buf);
		errno = saved;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int md_write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	size_t len = strlen(text);

	if (!f)
		return md_error_errno("%s: cannot create", path);
	if (fwrite(text, 1, len, f) != len || fclose(f))
		return md_error_errno("%s: cannot write", path);
	return 0;
}

char *md_scratch_dir(const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);

	if (!mkdtemp(dir)) {
		md_error_errno("%s: cannot create a scratch directory", dir);
		free(dir);
		return NULL;
	}
	return dir;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void md_remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int md_file_hash(const char *path, char out[17])
{
	size_t len;
	char *text = md_read_text(path, &len);

	if (!text)
		return -1;
	snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits(text, len));
	free(text);
	return 0;
}
