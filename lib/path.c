// SPDX-License-Identifier: GPL-2.0
/* path.c - paths relative to a tree root, with the '/' boundary check. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "path.h"
#include "xalloc.h"

const char *md_path_under(const char *root, const char *path)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		return path[0] == '/' ? path + 1 : NULL;
	if (strncmp(path, root, n))
		return NULL;
	if (path[n] == '\0')
		return path + n;
	return path[n] == '/' ? path + n + 1 : NULL;
}

char *md_path_relative(const char *root, const char *path)
{
	char real[PATH_MAX];
	const char *rel;

	if (!realpath(path, real))
		return NULL;
	rel = md_path_under(root, real);
	return rel ? xstrdup(rel) : NULL;
}

char *md_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

int md_path_in_scope(const char *rel, const char *const *scope, size_t n)
{
	size_t i;

	if (!n)
		return 1;
	for (i = 0; i < n; i++) {
		const char *s = scope[i];
		size_t len = strlen(s);

		while (len && s[len - 1] == '/')
			len--;
		if (!len || (!strncmp(rel, s, len) && (rel[len] == '/' || rel[len] == '\0')))
			return 1;
	}
	return 0;
}

int md_path_has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n > m && !strcmp(path + n - m, suffix);
}

int md_program_found(const char *name)
{
	const char *path = getenv("PATH"), *p, *colon;
	int found = 0;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	for (p = path ? path : "/usr/bin:/bin"; !found && *p; p = *colon ? colon + 1 : colon) {
		char *dir, *full;

		colon = strchrnul(p, ':');
		dir = xstrndup(p, (size_t)(colon - p));
		full = md_path_join(*dir ? dir : ".", name);
		found = access(full, X_OK) == 0;
		free(full);
		free(dir);
	}
	return found;
}
