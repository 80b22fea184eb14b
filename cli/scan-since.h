/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scan-since.h - scan --since REV: which files of the tree git says
 * changed since REV, so the scan parses again only the TUs that read one
 * and reuses the others without reading their inputs (scan-since.c).
 *
 * A path of the tree is changed when `git diff --name-only REV --` lists
 * it (modified, added or deleted since REV, staged or not) or it is
 * untracked and not ignored.  A tracked path git does not list is
 * unchanged.  A file git does not know (a generated header of the build
 * directory, an ignored one of an in-tree build, the compiler's) is
 * changed when it is missing or was modified after the reused scan began.
 */
#ifndef MEMDESC_CLI_SCAN_SINCE_H
#define MEMDESC_CLI_SCAN_SINCE_H

#include <stddef.h>
#include <time.h>

#include "../convert/git.h"
#include "../lib/strv.h"

struct scan_since {
	const char *srcdir;	/* the tree, absolute */
	const char *rev;	/* as given */
	struct md_git_job jobs[3]; /* running between start and finish */
	char commit[41];	/* what REV resolved to */
	struct strv changed;	/* relative to srcdir, sorted */
	struct strv tracked;	/* every path git tracks under srcdir, sorted */
	time_t then;		/* when the reused scan began */
};

/*
 * scan_since_start - resolve @rev in the git work tree @srcdir and start
 * git listing what changed since, alongside the caller's setup.  0, or -1
 * (reported: not a git work tree, a revision git cannot resolve).
 */
int scan_since_start(struct scan_since *s, const char *srcdir, const char *rev);

/* scan_since_finish - collect what git listed into @s->changed and @s->tracked: 0, or -1. */
int scan_since_finish(struct scan_since *s);

/* scan_since_then - files git does not know count as changed from @started_at (ISO-8601 UTC). */
void scan_since_then(struct scan_since *s, const char *started_at);

/* scan_since_changed - @path (relative to the tree, or absolute) changed: 1, else 0. */
int scan_since_changed(void *s, const char *path);

void scan_since_release(struct scan_since *s);

#endif
