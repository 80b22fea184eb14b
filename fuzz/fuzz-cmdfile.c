// SPDX-License-Identifier: GPL-2.0
/* fuzz-cmdfile.c - libFuzzer target: Kbuild .cmd files, "make -n" output and shell words. */
#include "fuzz.h"
#include "../kbuild/internal.h"

static char *build_dir, *cmd_path, *dry_path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_silence();
	build_dir = xasprintf("%s/build", fuzz_tmpdir());
	cmd_path = xasprintf("%s/.x.o.cmd", build_dir);
	dry_path = xasprintf("%s/dry-run", fuzz_tmpdir());
	if (mkdir(build_dir, 0700)) {
		perror(build_dir);
		abort();
	}
	return 0;
}

struct words {
	size_t commands, words;
};

static void count_command(struct strv *w, void *data)
{
	struct words *c = data;
	size_t i;

	FUZZ_CHECK(w->n > 0 && !w->v[w->n]);
	for (i = 0; i < w->n; i++)
		FUZZ_CHECK(w->v[i] != NULL);
	c->commands++;
	c->words += w->n;
}

static void check_set(const struct raw_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		FUZZ_CHECK(set->v[i].file && set->v[i].dir);
		FUZZ_CHECK(set->v[i].argc > 0 && !set->v[i].argv[set->v[i].argc]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_tree tree = { .builddir = build_dir };
	struct raw_set set = RAW_SET_INIT;
	struct strv targets = STRV_INIT, words = STRV_INIT;
	struct words counted = { 0, 0 };
	char *s = fuzz_string(data, size);

	/* the input as a saved command of a built object */
	fuzz_write(cmd_path, data, size);
	kb_scan_tree_cmd_files(&tree, &targets, &set);
	check_set(&set);
	for (size_t i = 1; i < set.n; i++)
		FUZZ_CHECK(strcmp(set.v[i - 1].file, set.v[i].file) < 0);
	raw_release(&set);

	/* the input as the output of make -n V=1 */
	fuzz_write(dry_path, data, size);
	FUZZ_CHECK(kb_parse_dry_run(dry_path, build_dir, &set) == 0);
	check_set(&set);
	raw_release(&set);

	/* the shell words themselves */
	kb_shell_commands(s, count_command, &counted);
	kb_shell_words(s, &words);
	FUZZ_CHECK(!words.v || !words.v[words.n]);
	for (size_t i = 0; i < words.n; i++)
		FUZZ_CHECK(strlen(words.v[i]) <= strlen(s));
	strv_release(&words);
	free(s);
	return 0;
}
