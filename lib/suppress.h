/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suppress.h - a suppressions file: accepted findings the gate does not
 * fail on, committed next to the code, each with its reason.
 *
 *   # comments and blank lines are ignored
 *   680aca1668c439f8  converted by the ext4 series, not merged yet
 *   folio-page:fs/ext4/inode.c  the ext4 series converts these
 *   *:drivers/staging/?*  staging drivers are converted last
 *
 * A line is a SELECTOR and a REASON.  The selector is a fingerprint (16
 * hex digits) or RULE:GLOB, where RULE is a rule id or '*' and GLOB an
 * fnmatch(3) pattern over the path relative to the tree root in which '*'
 * does not cross a '/'.  The reason is required.  Suppressions that match
 * no finding are reported, so stale ones do not pile up.
 */
#ifndef MEMDESC_LIB_SUPPRESS_H
#define MEMDESC_LIB_SUPPRESS_H

#include <stddef.h>

struct md_suppression {
	char *fingerprint; /* or NULL */
	char *rule;	   /* or NULL (with a glob); "*" for any rule */
	char *glob;
	char *reason;
	unsigned long line;
	long uses;
};

struct md_suppressions {
	struct md_suppression *v;
	size_t n, alloc;
	char *path;
};

/* md_suppressions_read - read the file at @path; 0, or -1 after reporting each bad line. */
int md_suppressions_read(struct md_suppressions *s, const char *path);

/* md_suppressions_parse - the same from @text (NUL-terminated); @name for messages. */
int md_suppressions_parse(struct md_suppressions *s, const char *text, const char *name);

/* md_suppressed - the suppression that covers this finding (counting the use), or NULL. */
struct md_suppression *md_suppressed(struct md_suppressions *s, const char *fingerprint,
				     const char *rule, const char *path);

void md_suppressions_release(struct md_suppressions *s);

#endif
