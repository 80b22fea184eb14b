// SPDX-License-Identifier: GPL-2.0
/* cmdfile.c - compile commands from saved .<obj>.o.cmd files and "make -n V=1" output. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"

struct collect_ctx {
	struct raw_set *set;
	const char *dir;
};

/* compile_source - the .c file a kernel "-c -o x.o" command compiles, or NULL. */
static const char *compile_source(struct strv *cmd)
{
	const char *src = NULL;
	int c = 0, o = 0, kernel = 0;
	size_t i;

	for (i = 1; i < cmd->n; i++) {
		const char *a = cmd->v[i];

		if (!strcmp(a, "-c"))
			c = 1;
		else if (!strcmp(a, "-D__KERNEL__"))
			kernel = 1;
		else if (!strcmp(a, "-o") && i + 1 < cmd->n)
			o = md_path_has_suffix(cmd->v[++i], ".o");
		else if (a[0] == '-' && strlen(a) == 2 && strchr("IDUx", a[1]))
			i++;
		else if (!strcmp(a, "-include") || !strcmp(a, "-isystem") ||
			 !strcmp(a, "-imacros") || !strcmp(a, "-iquote"))
			i++;
		else if (a[0] != '-' && md_path_has_suffix(a, ".c"))
			src = a;
	}
	return c && o && kernel ? src : NULL;
}

static void collect_command(struct strv *cmd, void *data)
{
	struct collect_ctx *ctx = data;
	const char *src = compile_source(cmd);

	if (src)
		raw_add(ctx->set, ctx->dir, src, cmd);
}

int kb_parse_dry_run(const char *path, const char *dir, struct raw_set *set)
{
	struct collect_ctx ctx = { set, dir };
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0)
		if (strstr(line, "-D__KERNEL__") && strstr(line, " -c"))
			kb_shell_commands(line, collect_command, &ctx);
	free(line);
	fclose(f);
	return 0;
}

/* make_unescape - undo Kbuild's escaping of a command saved in a .cmd file. */
static void make_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (!strncmp(s, "$(pound)", 8))
			*d++ = '#', s += 8;
		else if (s[0] == '$' && s[1] == '$')
			*d++ = '$', s += 2;
		else
			*d++ = *s++;
	}
	*d = '\0';
}

int kb_cmdfile_command(const char *path, void (*fn)(struct strv *, void *), void *ctx)
{
	char *line = NULL, *cmd;
	size_t cap = 0;
	FILE *f = fopen(path, "r");
	int found = -1;

	if (!f)
		return -1;
	while (found && getline(&line, &cap, f) > 0) {
		if (strncmp(line, "savedcmd_", 9) && strncmp(line, "cmd_", 4))
			continue;
		cmd = strstr(line, " := ");
		if (!cmd)
			continue;
		make_unescape(cmd + 4);
		kb_shell_commands(cmd + 4, fn, ctx);
		found = 0;
	}
	free(line);
	fclose(f);
	return found;
}

/* parse_cmd_file - the command saved in one .<obj>.o.cmd file of a built object. */
static void parse_cmd_file(const char *path, const char *dir, struct raw_set *set)
{
	struct collect_ctx ctx = { set, dir };

	kb_cmdfile_command(path, collect_command, &ctx);
}

/* scan_cmd_files - the saved commands of every object built under @dir. */
static void scan_cmd_files(const char *dir, const char *build, struct raw_set *set)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, ".git"))
			continue;
		p = md_path_join(dir, e->d_name);
		if (e->d_name[0] == '.' && md_path_has_suffix(e->d_name, ".o.cmd"))
			parse_cmd_file(p, build, set);
		else if (e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN && kb_is_dir(p)))
			scan_cmd_files(p, build, set);
		free(p);
	}
	closedir(d);
}

void kb_scan_tree_cmd_files(const struct md_tree *tree, const struct strv *targets,
			    struct raw_set *set)
{
	size_t i;
	char *d;

	for (i = 0; i < targets->n; i++) {
		if (strchr(targets->v[i], '='))
			continue;	/* a variable override, not a directory */
		d = kb_join(tree->builddir, targets->v[i]);
		scan_cmd_files(d, tree->builddir, set);
		free(d);
	}
	if (!targets->n)
		scan_cmd_files(tree->builddir, tree->builddir, set);
	raw_sort_unique(set);
}
