// SPDX-License-Identifier: GPL-2.0
/* files.c - the small file-system helpers the kbuild files share. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"

int kb_is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int kb_is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

int kb_file_in(const char *dir, const char *name)
{
	char *p = md_path_join(dir, name);
	int r = kb_is_file(p);

	free(p);
	return r;
}

long long kb_mtime_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (long long)st.st_mtime;
}

char *kb_join(const char *dir, const char *path)
{
	if (path[0] == '/')
		return xstrdup(path);
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (!strcmp(path, ".") || !*path)
		return xstrdup(dir);
	return md_path_join(dir, path);
}

int kb_mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;
	int r = 0;

	for (s = p + 1; ; s++) {
		char c;

		if (*s != '/' && *s)
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			r = -1;
		*s = c;
		if (!c || r)
			break;
	}
	free(p);
	return r ? -1 : (kb_is_dir(path) ? 0 : -1);
}

uint64_t kb_fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}
