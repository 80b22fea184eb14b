/* SPDX-License-Identifier: GPL-2.0 */
/*
 * maintainers.h - a kernel tree's MAINTAINERS file: its sections, and the
 * section a path belongs to, as scripts/get_maintainer.pl would pick it.
 *
 * Matching follows the file's own description of its entries: an F: or X:
 * pattern ending in '/' holds everything below it; '*' and '?' match within
 * one path component (drivers/net/ followed by a star is the files in
 * drivers/net, not below); a pattern without a wildcard names a file or a directory; N: is a
 * regular expression matched against the path.  X: excludes are tested
 * first.  The most specific match wins: the pattern with the most path
 * components, then the longer pattern; N: matches rank below F: matches of
 * two or more components.
 */
#ifndef MEMDESC_LIB_MAINTAINERS_H
#define MEMDESC_LIB_MAINTAINERS_H

#include <stddef.h>

#include "strv.h"

struct md_maint_section {
	char *name;		/* "MEMORY MANAGEMENT - CORE" */
	char *status;		/* S:, or NULL */
	struct strv maintainers; /* M: "Name <mail>" */
	struct strv reviewers;	/* R: */
	struct strv lists;	/* L: */
	struct strv files;	/* F: */
	struct strv excludes;	/* X: */
	struct strv regexes;	/* N: */
	struct strv trees;	/* T: */
};

struct md_maintainers;

/*
 * md_maintainers_load - read the MAINTAINERS file at @path.  Returns the
 * parsed file, or NULL after reporting why.
 */
struct md_maintainers *md_maintainers_load(const char *path);

/* md_maintainers_parse - the same from @len bytes of text; @name for messages. */
struct md_maintainers *md_maintainers_parse(const char *text, size_t len, const char *name);

/* md_maintainers_count, md_maintainers_section - the sections in file order. */
size_t md_maintainers_count(const struct md_maintainers *m);
const struct md_maint_section *md_maintainers_section(const struct md_maintainers *m, size_t i);

/*
 * md_maintainers_match - the most specific section for @path (relative to
 * the tree root), or NULL when none matches.
 */
const struct md_maint_section *md_maintainers_match(const struct md_maintainers *m,
						    const char *path);

/* md_maint_has_person - @email is an M: or R: address of @s (case-insensitive). */
int md_maint_has_person(const struct md_maint_section *s, const char *email);

void md_maintainers_free(struct md_maintainers *m);

#endif
