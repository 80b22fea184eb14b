/* SPDX-License-Identifier: GPL-2.0 */
/*
 * path.h - paths relative to a tree root, the one way memdesc spells them.
 *
 * A path is "under" a root when it is the root itself or continues it at a
 * '/' boundary: /src/linux/mm is under /src/linux, /src/linux2/mm is not.
 * The root "/" holds every absolute path.
 */
#ifndef MEMDESC_LIB_PATH_H
#define MEMDESC_LIB_PATH_H

#include <stddef.h>

/*
 * md_path_under - the part of @path below @root ("" for the root itself),
 * pointing into @path, or NULL when @path is not under @root.  Both are
 * taken as spelled: canonicalize them first (md_path_relative does).
 */
const char *md_path_under(const char *root, const char *path);

/*
 * md_path_relative - @path (resolved with realpath) relative to the
 * canonical @root: a new string, or NULL when it does not exist or lies
 * outside @root.
 */
char *md_path_relative(const char *root, const char *path);

/* md_path_join - "@dir/@name", without doubling a '/'; a new string. */
char *md_path_join(const char *dir, const char *name);

/*
 * md_path_in_scope - @rel (relative to the root) lies under one of the
 * @n scope entries (directories or files, relative, trailing '/' allowed);
 * every path is in an empty scope.
 */
int md_path_in_scope(const char *rel, const char *const *scope, size_t n);

/* md_path_has_suffix - @path ends in @suffix (".c", ".h"). */
int md_path_has_suffix(const char *path, const char *suffix);

/* md_program_found - @name runs: a path that is executable, or a name on $PATH. */
int md_program_found(const char *name);

#endif
