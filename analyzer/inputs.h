/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inputs.h - what a translation unit was made of: every file it read (the
 * .c file and each header it included, in the tree or not) and a hash of
 * them all, so a later scan can tell that parsing it again would read the
 * same bytes and reuse what this one found.
 *
 * The recipe: XXH3-64 over the sorted "path NUL XXH3-64-of-contents NUL"
 * of every input, paths relative to the tree root when inside it.  A scan
 * computes it from libclang's view of the files; the next scan from the
 * files on disk; equal hashes (with equal flags) mean an unchanged TU.
 */
#ifndef MEMDESC_ANALYZER_INPUTS_H
#define MEMDESC_ANALYZER_INPUTS_H

#include <clang-c/Index.h>
#include <stddef.h>

#include "../db/finding.h"

struct md_inputs {
	char **paths;	/* sorted; relative to the tree root, or absolute outside it */
	size_t n;
	char hash[MD_FINGERPRINT_LEN + 1];
};

/* md_inputs_of_tu - every file @tu read, and their hash. */
void md_inputs_of_tu(CXTranslationUnit tu, const char *srcdir, struct md_inputs *out);

/*
 * md_inputs_save - @tu's inputs but those under @skip_dir, for a TU built
 * on @tu as a precompiled header: one "hash path" line each into @path.
 * 0, or -1 when @path cannot be written.
 */
int md_inputs_save(CXTranslationUnit tu, const char *srcdir, const char *skip_dir,
		   const char *path);

/*
 * md_inputs_of_tu_with - md_inputs_of_tu() of a TU parsed with a PCH: its
 * own inclusions (libclang lists only those it read itself) and the PCH's
 * from @saved, but none under @skip_dir; the same set, so the same hash,
 * as a parse without the PCH.  -1 when @saved cannot be read (@out is
 * still filled, with what libclang listed).
 */
int md_inputs_of_tu_with(CXTranslationUnit tu, const char *srcdir, const char *saved,
			 const char *skip_dir, struct md_inputs *out);

struct md_hash_cache;

/* md_hash_cache_new - file hashes read from disk, each file read once. */
struct md_hash_cache *md_hash_cache_new(void);
void md_hash_cache_free(struct md_hash_cache *c);

/*
 * md_inputs_hash_now - the hash @paths (relative to @srcdir, or absolute)
 * have on disk now, into @out; -1 when one of them cannot be read.
 */
int md_inputs_hash_now(struct md_hash_cache *c, const char *srcdir, const char *const *paths,
		       size_t n, char *out);

void md_inputs_release(struct md_inputs *in);

#endif
