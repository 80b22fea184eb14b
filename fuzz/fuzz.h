/* SPDX-License-Identifier: GPL-2.0 */
/* fuzz.h - what the libFuzzer targets share: quiet errors, the input as a string or a file. */
#ifndef MEMDESC_FUZZ_H
#define MEMDESC_FUZZ_H

#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/xalloc.h"

#define FUZZ_CHECK(cond)                                                        \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,  \
				__LINE__, #cond);                               \
			abort();                                                \
		}                                                               \
	} while (0)

static void fuzz_quiet(const char *prefix, const char *message)
{
	(void)prefix;
	(void)message;
}

/* fuzz_silence - memdesc's error messages go nowhere. */
static inline void fuzz_silence(void)
{
	md_set_error_routine(fuzz_quiet);
}

/* fuzz_string - the input as a NUL-terminated string (cut at its first NUL). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* fuzz_tmpdir - a private directory for the life of the process, removed at exit. */
static char fuzz_dir[64];

static int fuzz_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void fuzz_tmpdir_remove(void)
{
	if (fuzz_dir[0])
		nftw(fuzz_dir, fuzz_remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static inline const char *fuzz_tmpdir(void)
{
	if (!fuzz_dir[0]) {
		snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/memdesc-fuzz.XXXXXX");
		if (!mkdtemp(fuzz_dir)) {
			perror("mkdtemp");
			abort();
		}
		atexit(fuzz_tmpdir_remove);
	}
	return fuzz_dir;
}

/* fuzz_write - @size bytes of @data as the file @path, truncated first. */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "w");

	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f)) {
		perror(path);
		abort();
	}
}

#endif
