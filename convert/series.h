/* SPDX-License-Identifier: GPL-2.0 */
/*
 * series.h - conversion patches as a maintainer receives them: the
 * rewritten files grouped by MAINTAINERS section, one patch per section,
 * in `git format-patch` mbox form with a cover letter.
 */
#ifndef MEMDESC_CONVERT_SERIES_H
#define MEMDESC_CONVERT_SERIES_H

#include <stddef.h>

#include "../lib/maintainers.h"
#include "../lib/strv.h"

/* One validated file change that goes into a patch. */
struct md_file_change {
	char *path;	   /* relative to the tree root */
	char *before, *after; /* whole file texts */
	struct strv cocci; /* semantic patches that produced it */
	struct strv rules; /* rules of the findings it resolves */
	long resolved;	   /* findings it resolves */
};

/* One patch of a series: every change of one MAINTAINERS section. */
struct md_patch {
	char *section;	   /* MAINTAINERS section name, or "THE REST" */
	char *prefix;	   /* subject prefix, e.g. "mm/filemap" or "ext4" */
	char *subject;	   /* "<prefix>: Convert <what> to the folio API" */
	char *body;	   /* commit message body, without trailers */
	char *diff;	   /* unified diff, a/ b/ paths, as git diff writes it */
	struct strv to, cc; /* from the section's M:, R: and L: lines */
	struct md_file_change *changes;
	size_t nchanges;
	long resolved;
};

struct md_series {
	struct md_patch *v;
	size_t n;
};

struct md_series_opts {
	const char *tree;	   /* for git log (subject prefixes), may lack .git */
	const struct md_maintainers *maintainers; /* the tree's; NULL: one patch */
	const char *author;	   /* "Name <mail>": From: and Signed-off-by: */
	int signoff;		   /* add Signed-off-by: @author */
	const char *date;	   /* RFC 2822 date for every mail; NULL: now */
};

/*
 * md_series_build - group @changes (ownership moves into @out) by
 * MAINTAINERS section, most specific section wins, and write each
 * group's subject, message and diff.  Patches are ordered by section
 * name.  Returns 0 or -1 (reported).
 */
int md_series_build(struct md_file_change *changes, size_t nchanges,
		    const struct md_series_opts *o, struct md_series *out);

/*
 * md_unified_diff - the diff of one file from @before to @after, as
 * `git diff` writes it (a/@path, b/@path, 3 lines of context); a new
 * string, "" when the texts are equal, NULL (reported) when @path is not
 * a plain relative path or git cannot run (git itself makes the diff).
 */
char *md_unified_diff(const char *path, const char *before, const char *after);

/*
 * md_series_write - write @s into @dir as git format-patch does:
 * 0000-cover-letter.patch (the totals) and NNNN-<subject>.patch, each an
 * mbox message `git am` and b4 accept.  Returns 0 or -1 (reported).
 */
int md_series_write(const struct md_series *s, const struct md_series_opts *o,
		    const char *dir);

void md_series_release(struct md_series *s);

#endif
