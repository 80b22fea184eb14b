// SPDX-License-Identifier: GPL-2.0
/*
 * overlay.c - the engine parses a file with the text struct md_unsaved_file
 * gives it instead of what is on disk: a finding the new text removes is
 * gone, in the TU itself and in a header it includes, the hash of the file
 * is that of the new text, and the file on disk is left as it was.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/engine.h"
#include "analyzer/rules.h"
#include "kbuild/kbuild.h"
#include "lib/xalloc.h"
#include "tests/tap.h"

#define DIR "tests/data/overlay"
#define TU_FILE DIR "/folio.c"
#define HEADER DIR "/folio.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* replace - @text with its one @from replaced by @to, a new string. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);

	if (!at)
		return NULL;
	return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/*
 * scan - the folio-page findings of TU_FILE (and its header) with the
 * overlay @unsaved; -1 when it cannot be scanned.
 */
static int scan(const struct md_unsaved_file *unsaved, size_t nunsaved, struct md_tu_result *res)
{
	const char *const gcc[] = { "cc", "-Itests/fixtures/include", "-std=gnu11", TU_FILE };
	const struct md_rule *rule = md_rule_find("folio-page");
	char root[PATH_MAX], file[PATH_MAX];
	struct md_engine_cfg cfg = {
		.srcdir = root, .include_headers = 1, .rules = &rule, .nrules = 1,
		.unsaved = unsaved, .nunsaved = nunsaved,
	};
	struct md_tu tu = { .file = file };
	int rc;

	if (!rule || !realpath(".", root) || !realpath(TU_FILE, file))
		return -1;
	tu.argv = md_clang_args(gcc, 4, TU_FILE, &tu.argc);
	rc = md_engine_run(&tu, &cfg, res);
	for (int i = 0; i < tu.argc; i++)
		free(tu.argv[i]);
	free(tu.argv);
	return rc || res->failed || res->errors ? -1 : 0;
}

static size_t findings_in(const struct md_tu_result *res, const char *path)
{
	size_t i, n = 0;

	for (i = 0; i < res->nfindings; i++)
		n += !strcmp(res->findings[i].path, path);
	return n;
}

static const char *hash_of(const struct md_tu_result *res, const char *path)
{
	for (size_t i = 0; i < res->nfiles; i++)
		if (!strcmp(res->files[i].path, path))
			return res->files[i].hash;
	return "";
}

static void test_overlay(const char *path, const char *other)
{
	char *disk = slurp(path), *text, *abs;
	struct md_tu_result before, after;
	struct md_unsaved_file u;
	char hash[MD_FINGERPRINT_LEN + 1];

	if (!ok(disk != NULL, "%s is readable", path))
		return;
	text = replace(disk, "return &folio->page;", "return (void *)0;");
	abs = realpath(path, NULL);
	if (!ok(text && abs, "%s spells &folio->page once", path))
		goto out;
	u = (struct md_unsaved_file){ .path = abs, .text = text, .len = strlen(text) };
	if (!ok(!scan(NULL, 0, &before), "the fixture scans as on disk"))
		goto out;
	is_uint(findings_in(&before, path), 1, "%s: one finding on disk", path);
	snprintf(hash, sizeof(hash), "%s", hash_of(&before, path));
	md_tu_result_release(&before);
	if (!ok(!scan(&u, 1, &after), "the fixture scans with %s overlaid", path))
		goto out;
	is_uint(findings_in(&after, path), 0, "%s: the overlay removed its finding", path);
	is_uint(findings_in(&after, other), 1, "%s: not overlaid, its finding stays", other);
	if (!strcmp(path, TU_FILE))	/* a header without findings is not listed */
		ok(*hash_of(&after, path) && strcmp(hash_of(&after, path), hash),
		   "%s: the hash is that of the overlay", path);
	md_tu_result_release(&after);
	free(text);
	text = slurp(path);
	is_str(text, disk, "%s is unchanged on disk", path);
out:
	free(abs);
	free(text);
	free(disk);
}

int main(void)
{
	test_overlay(TU_FILE, HEADER);
	test_overlay(HEADER, TU_FILE);
	return done_testing();
}
