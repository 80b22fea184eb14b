// SPDX-License-Identifier: GPL-2.0
/* fuzz-compdb.c - libFuzzer target: compile_commands.json read, written and read again. */
#include "fuzz.h"
#include "../kbuild/internal.h"

static char *input_path, *out_dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_silence();
	input_path = xasprintf("%s/input.json", fuzz_tmpdir());
	out_dir = xasprintf("%s/out", fuzz_tmpdir());
	if (mkdir(out_dir, 0700)) {
		perror(out_dir);
		abort();
	}
	return 0;
}

/* same_cmd - two commands of the same entry, before and after a round trip. */
static int same_cmd(const struct raw_cmd *a, const struct raw_cmd *b)
{
	int k;

	if (strcmp(a->file, b->file) || strcmp(a->dir, b->dir) || a->argc != b->argc)
		return 0;
	for (k = 0; k < a->argc; k++)
		if (strcmp(a->argv[k], b->argv[k]))
			return 0;
	return !a->argv[a->argc] && !b->argv[b->argc];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct raw_set set = RAW_SET_INIT, again = RAW_SET_INIT;
	char *written;
	size_t i;

	fuzz_write(input_path, data, size);
	if (kb_compdb_load(input_path, &set)) {
		FUZZ_CHECK(set.n == 0);
		return 0;
	}
	for (i = 0; i < set.n; i++)
		FUZZ_CHECK(set.v[i].argc > 0 && set.v[i].argv[0]);
	/* what we write we read back the same (the directories still exist) */
	if (!kb_compdb_write(out_dir, &set)) {
		written = xasprintf("%s/compile_commands.json", out_dir);
		FUZZ_CHECK(kb_compdb_load(out_dir, &again) == 0);
		FUZZ_CHECK(again.n == set.n);
		for (i = 0; i < set.n; i++)
			FUZZ_CHECK(same_cmd(&set.v[i], &again.v[i]));
		unlink(written);
		free(written);
	}
	raw_sort_unique(&set);
	for (i = 1; i < set.n; i++)
		FUZZ_CHECK(strcmp(set.v[i - 1].file, set.v[i].file) < 0);
	raw_release(&again);
	raw_release(&set);
	return 0;
}
