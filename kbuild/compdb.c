// SPDX-License-Identifier: GPL-2.0
/* compdb.c - compile_commands.json read and written with jansson. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"

/* entry_argv - the arguments of an entry, from "arguments" or "command"; 0 or -1. */
static int entry_argv(json_t *entry, struct strv *argv)
{
	json_t *args = json_object_get(entry, "arguments");
	const char *command = json_string_value(json_object_get(entry, "command"));
	size_t i;
	json_t *a;

	if (json_is_array(args)) {
		json_array_foreach(args, i, a) {
			if (!json_is_string(a))
				return -1;
			strv_push(argv, json_string_value(a));
		}
		return 0;
	}
	if (!command)
		return -1;
	kb_shell_words(command, argv);
	return 0;
}

/* add_entry - one entry of @path into @set, when it compiles a .c file. */
static void add_entry(const char *path, size_t i, json_t *entry, struct raw_set *set)
{
	const char *dir = json_string_value(json_object_get(entry, "directory"));
	const char *file = json_string_value(json_object_get(entry, "file"));
	struct strv argv = STRV_INIT;

	if (!dir || !file || entry_argv(entry, &argv)) {
		md_error("%s: entry %zu: no \"directory\", \"file\" and \"arguments\" or \"command\"",
			 path, i);
	} else if (!md_path_has_suffix(file, ".c") || !argv.n) {
		/* headers, assembly: nothing to parse */
	} else if (!kb_is_dir(dir)) {
		md_error("%s: entry for %s: directory %s does not exist", path, file, dir);
	} else {
		raw_add(set, dir, file, &argv);
	}
	strv_release(&argv);
}

int kb_compdb_load(const char *path, struct raw_set *set)
{
	char *file = kb_is_dir(path) ? md_path_join(path, "compile_commands.json")
				     : xstrdup(path);
	json_error_t jerr;
	json_t *root = json_load_file(file, 0, &jerr), *entry;
	size_t i;
	int r = 0;

	if (!root)
		r = md_error("%s: cannot read compilation database: %s", file, jerr.text);
	else if (!json_is_array(root))
		r = md_error("%s: not a compilation database: not a JSON array", file);
	else
		json_array_foreach(root, i, entry)
			add_entry(file, i, entry, set);
	json_decref(root);
	free(file);
	return r;
}

static json_t *entry_json(const struct raw_cmd *c)
{
	json_t *args = json_array();
	int k;

	for (k = 0; k < c->argc; k++)
		json_array_append_new(args, json_string(c->argv[k]));
	return json_pack("{s:s, s:s, s:o}", "directory", c->dir, "file", c->file,
			 "arguments", args);
}

int kb_compdb_write(const char *dir, const struct raw_set *set)
{
	char *tmp = xasprintf("%s/.compile_commands.json.%d", dir, (int)getpid());
	char *dst = md_path_join(dir, "compile_commands.json");
	json_t *root = json_array();
	size_t i;
	int r;

	for (i = 0; i < set->n; i++) {
		json_t *e = entry_json(&set->v[i]);

		if (!e)		/* not UTF-8: jansson refuses the string */
			continue;
		json_array_append_new(root, e);
	}
	r = json_dump_file(root, tmp, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	if (!r)
		r = rename(tmp, dst);
	if (r) {
		int e = errno;

		unlink(tmp);
		errno = e;
	}
	json_decref(root);
	free(tmp);
	free(dst);
	return r ? -1 : 0;
}

/* tu_entry - one compile_commands.json entry that parses @tu as libclang does. */
static json_t *tu_entry(const struct md_tu *tu)
{
	json_t *args = json_array();

	json_array_append_new(args, json_string("clang"));
	for (int k = 0; k < tu->argc; k++)
		json_array_append_new(args, json_string(tu->argv[k]));
	json_array_append_new(args, json_string("-c"));
	json_array_append_new(args, json_string(tu->file));
	return json_pack("{s:s, s:s, s:o}", "directory", tu->directory ? tu->directory : "/",
			 "file", tu->file, "arguments", args);
}

int md_tu_list_write_compdb(const struct md_tu_list *tus, const char *path)
{
	json_t *root = json_array();
	char *tmp = NULL;
	int r = 0;

	for (size_t i = 0; i < tus->n; i++) {
		json_t *e = tu_entry(&tus->v[i]);

		if (!e) {	/* not UTF-8: jansson refuses the string */
			md_warning("%s: left out of the compilation database: not UTF-8",
				   tus->v[i].file);
			continue;
		}
		json_array_append_new(root, e);
	}
	if (!strcmp(path, "-")) {
		if (json_dumpf(root, stdout, JSON_INDENT(1) | JSON_ENSURE_ASCII) ||
		    putchar('\n') == EOF || fflush(stdout))
			r = md_error("cannot write the compilation database to standard output");
		json_decref(root);
		return r;
	}
	tmp = xasprintf("%s.%d.tmp", path, (int)getpid());
	if (json_dump_file(root, tmp, JSON_INDENT(1) | JSON_ENSURE_ASCII) || rename(tmp, path)) {
		r = md_error_errno("%s: cannot write the compilation database", path);
		unlink(tmp);
	}
	json_decref(root);
	free(tmp);
	return r;
}
