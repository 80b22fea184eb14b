/* SPDX-License-Identifier: GPL-2.0 */
/*
 * validate.h - the checks a conversion must pass before it is emitted:
 * it applies to the tree, the file still compiles in the prepared build
 * directory with no new errors or warnings, and the tree's own
 * scripts/checkpatch.pl reports no error and no new warning.
 *
 * The tree is never written to: the patched text is compiled from a
 * scratch copy with the command line Kbuild records for the object.
 * (The rescan, the last check, needs the analyzer and is run by the
 * command: see cli/cmd-patch.c.)  Each check returns 0 with @v filled in,
 * or -1 (reported) when it could not run at all.
 */
#ifndef MEMDESC_CONVERT_VALIDATE_H
#define MEMDESC_CONVERT_VALIDATE_H

#include "../lib/strv.h"

enum md_step { MD_STEP_APPLY, MD_STEP_COMPILE, MD_STEP_CHECKPATCH, MD_STEP_RESCAN };

/* md_step_name - "apply", "compile", "checkpatch", "rescan". */
const char *md_step_name(enum md_step step);

struct md_validate_ctx {
	const char *tree;	/* source tree root */
	const char *build;	/* prepared build directory (O=), may equal @tree */
	const char *scratch;	/* a directory of ours for copies and objects */
	int timeout;		/* seconds per compile, 0: none */
};

struct md_verdict {
	int ok;
	enum md_step failed_step; /* when !ok */
	char *reason;		  /* when !ok: the first new error or warning, or why */
	int unvalidated;	  /* could not be compiled here (no flags): not emitted */
};

/*
 * md_validate_apply - @diff (git diff form) applies to the tree as it is.
 */
int md_validate_apply(const struct md_validate_ctx *c, const char *diff, struct md_verdict *v);

/*
 * md_apply - apply @diff to the tree for real (--apply), the way
 * md_validate_apply() checks it: git apply at the top of a git work tree,
 * else patch -p1.  The one writer of the tree.
 */
int md_apply(const struct md_validate_ctx *c, const char *diff, struct md_verdict *v);

/*
 * md_validate_compile - @path (relative; a .c file, or a header compiled
 * through the .c files in @users) compiles with its new text @after with
 * no error or warning the unpatched text does not also produce.
 */
int md_validate_compile(const struct md_validate_ctx *c, const char *path, const char *after,
			const struct strv *users, struct md_verdict *v);

/*
 * md_validate_checkpatch - the tree's scripts/checkpatch.pl on @mail (a
 * whole patch mail) reports no error, and no warning the reverse change
 * does not also draw (so a warning about an untouched long line does not
 * count against the patch).
 */
int md_validate_checkpatch(const struct md_validate_ctx *c, const char *mail, struct md_verdict *v);

void md_verdict_release(struct md_verdict *v);

#endif
