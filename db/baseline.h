/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baseline.h - the set of findings a gate compares a scan against: read
 * from a baseline file (written by `memdesc baseline`, committed next to
 * the code) or from a scan of a database, and compared by fingerprint.
 *
 * A baseline file is text, sorted by fingerprint, one finding a line; the
 * findings of the coccinelle fallback follow, sorted too, after a comment
 * that marks them (a scan without the fallback cannot fix them):
 *
 *   # memdesc baseline, fingerprint version 1
 *   # tree /src/linux, linux 6.12.117, scan 3
 *   0123456789abcdef page-lru mm/compaction.c
 *   # engine coccinelle: found by the fallback, fixed only by a scan that runs it
 *   fedcba9876543210 page-mapping drivers/staging/x.c
 *
 * The fingerprint version in the first line must be this memdesc's.
 */
#ifndef MEMDESC_BASELINE_H
#define MEMDESC_BASELINE_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"

struct md_baseline_entry {
	char fingerprint[MD_FINGERPRINT_LEN + 1];
	char *rule;
	char *path;
	int matched; /* set by md_baseline_contains */
	int by_coccinelle; /* found by spatch: a scan without it cannot fix it */
};

struct md_baseline {
	struct md_baseline_entry *v; /* sorted by fingerprint */
	size_t n, alloc;
	char **paths;		     /* every path of the entries, sorted, unique */
	size_t npaths;
	char *source;		     /* for messages: the file, or "db scan N" */
};

/* md_baseline_read_file - a baseline file; 0, or -1 after reporting. */
int md_baseline_read_file(struct md_baseline *b, const char *path);

/* md_baseline_read_scan - the findings of scan @scan of @db. */
int md_baseline_read_scan(struct md_baseline *b, struct md_db *db, int64_t scan);

/* md_baseline_write - @scan of @db as a baseline file on @out. */
int md_baseline_write(struct md_db *db, int64_t scan, FILE *out);

/*
 * md_baseline_contains - @f (of the scan compared) is in the baseline:
 * its fingerprint is there, or, when its file is not a baseline path, the
 * fingerprint it would have under a baseline path that vanished from
 * @current_paths is (the file was renamed or moved, as git diff -M pairs
 * them).  Marks the entry it matched.
 */
int md_baseline_contains(struct md_baseline *b, const struct md_finding *f,
			 char *const *vanished, size_t nvanished);

/* md_baseline_has_path - @path is a path of the baseline. */
int md_baseline_has_path(const struct md_baseline *b, const char *path);

void md_baseline_release(struct md_baseline *b);

#endif
