// SPDX-License-Identifier: GPL-2.0
/*
 * diff.c - the unified diff of one file, and the diffstat of a patch, as
 * git writes them.
 *
 * The diff is git's own: both texts are written to a scratch directory as
 * a/<path> and b/<path> and `git diff --no-index` compares them.  git is
 * already required (git log for the subject prefixes, git am for the
 * series), it is the reference for the format we must produce (hunk
 * headers with the function context, "\ No newline at end of file", the
 * index line), and Debian packages no diff library that writes git's
 * form; a Myers implementation of our own would have to be kept equal to
 * git's by hand.  Spawning git costs a few milliseconds per file, nothing
 * beside the compile each change is validated with.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "git.h"
#include "internal.h"
#include "series.h"

/* A path git names as a/@path: relative, no empty, "." or ".." component. */
static int plain_relative_path(const char *path)
{
	const char *p = path;

	if (!*p || *p == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
		if (!*p && p[-1] == '/')
			return 0;
	}
	return 1;
}

/* mkdir -p of the directories of @file below @root. */
static int make_parents(const char *file)
{
	char *dir = xstrdup(file);
	int ret = 0;

	for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(dir, 0700) && errno != EEXIST) {
			ret = md_error_errno("%s: cannot make the directory", dir);
			break;
		}
		*s = '/';
	}
	free(dir);
	return ret;
}

static int write_text(const char *file, const char *text)
{
	size_t len = strlen(text);
	FILE *f;

	if (make_parents(file))
		return -1;
	f = fopen(file, "w");
	if (!f)
		return md_error_errno("%s: cannot create", file);
	if (fwrite(text, 1, len, f) != len || fclose(f))
		return md_error_errno("%s: cannot write", file);
	return 0;
}

/* Remove @root/@side/@path and the directories it made, up to @root. */
static void remove_side(const char *root, const char *side, const char *path)
{
	char *file = xasprintf("%s/%s/%s", root, side, path);
	size_t stop = strlen(root);
	char *s;

	unlink(file);
	while ((s = strrchr(file, '/')) && (size_t)(s - file) > stop) {
		*s = '\0';
		rmdir(file);
	}
	free(file);
}

static char *git_diff(const char *scratch, const char *path)
{
	char *a = xasprintf("a/%s", path), *b = xasprintf("b/%s", path);
	/* Every setting that changes the form is pinned: the user's own do not count. */
	const char *argv[] = {
		"-c", "core.quotepath=true", "-c", "diff.noprefix=false",
		"-c", "diff.mnemonicprefix=false", "-c", "diff.algorithm=myers",
		"-c", "diff.suppressBlankEmpty=false", "-c", "diff.interHunkContext=0",
		"-c", "diff.indentHeuristic=true", "-c", "core.autocrlf=false",
		"diff", "--no-index", "--no-color", "--no-ext-diff", "--no-textconv",
		"--text", "--no-relative", "-U3", "--src-prefix=", "--dst-prefix=",
		"--", a, b, NULL,
	};
	char *out;
	int rc = md_git_capture(scratch, argv, 0, &out);

	free(a);
	free(b);
	if (rc == 0 || rc == 1)
		return out;
	free(out);
	if (rc > 1)
		md_error("%s: git diff failed with status %d", path, rc);
	return NULL;
}

char *md_unified_diff(const char *path, const char *before, const char *after)
{
	const char *tmp = getenv("TMPDIR");
	char *scratch, *fa, *fb, *diff = NULL;

	if (!plain_relative_path(path)) {
		md_error("%s: not a plain path relative to the tree", path);
		return NULL;
	}
	if (!strcmp(before, after))
		return xstrdup("");
	scratch = xasprintf("%s/memdesc-diff.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch)) {
		md_error_errno("%s: cannot make a scratch directory", scratch);
		free(scratch);
		return NULL;
	}
	fa = xasprintf("%s/a/%s", scratch, path);
	fb = xasprintf("%s/b/%s", scratch, path);
	if (!write_text(fa, before) && !write_text(fb, after))
		diff = git_diff(scratch, path);
	remove_side(scratch, "a", path);
	remove_side(scratch, "b", path);
	rmdir(scratch);
	free(fa);
	free(fb);
	free(scratch);
	return diff;
}

/* --- the diffstat, as git's show_stats() lays it out --- */

struct stat_file {
	const char *name; /* points into the diff */
	size_t name_len;
	long added, deleted;
};

static void count_file(const char *line, struct stat_file *f)
{
	int in_hunk = 0;

	for (; *line; line = strchrnul(line, '\n'), line += !!*line) {
		if (!strncmp(line, "diff --git ", 11))
			break;
		if (!strncmp(line, "@@ ", 3))
			in_hunk = 1;
		else if (in_hunk && *line == '+')
			f->added++;
		else if (in_hunk && *line == '-')
			f->deleted++;
	}
}

/* The files of a git diff, with the counts of their lines. */
static size_t stat_files(const char *diff, struct stat_file **out)
{
	struct stat_file *v = NULL;
	size_t n = 0, alloc = 0;

	for (const char *p = diff; (p = strstr(p, "diff --git a/")); p++) {
		const char *name, *eol;

		if (p != diff && p[-1] != '\n')
			continue;
		name = p + 13;
		eol = strchrnul(name, '\n');
		ALLOC_GROW(v, n + 1, alloc);
		v[n] = (struct stat_file){ .name = name };
		/* "a/P b/P": P is the first half of what follows "a/". */
		v[n].name_len = (eol - name - 3) / 2;
		count_file(*eol ? eol + 1 : eol, &v[n]);
		n++;
	}
	*out = v;
	return n;
}

/* By path, as git lists the files of a range (the cover letter's diffstat). */
static int cmp_stat_file(const void *a, const void *b)
{
	const struct stat_file *x = a, *y = b;
	size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int c = memcmp(x->name, y->name, n);

	return c ? c : (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

static int decimal_width(long n)
{
	int w = 1;

	while (n >= 10) {
		n /= 10;
		w++;
	}
	return w;
}

static long scale_linear(long it, long width, long max_change)
{
	return it ? 1 + it * (width - 1) / max_change : 0;
}

static void stat_line(struct mdbuf *sb, const struct stat_file *f, int name_width,
		      int number_width, long graph_width, long max_change)
{
	long add = f->added, del = f->deleted;
	const char *prefix = "", *name = f->name;
	int len = name_width, name_len = f->name_len;

	if (name_width < name_len) {
		const char *slash;

		prefix = "...";
		len = len > 3 ? len - 3 : 0;
		name += name_len - len;
		name_len = len;
		slash = memchr(name, '/', name_len);
		if (slash) {
			name_len -= slash - name;
			name = slash;
		}
	}
	if (graph_width <= max_change) {
		long total = scale_linear(add + del, graph_width, max_change);

		if (total < 2 && add && del)
			total = 2;
		if (add < del) {
			add = scale_linear(add, graph_width, max_change);
			del = total - add;
		} else {
			del = scale_linear(del, graph_width, max_change);
			add = total - del;
		}
	}
	mdbuf_addf(sb, " %s%.*s%*s | %*ld%s", prefix, name_len, name,
		   len - name_len > 0 ? len - name_len : 0, "", number_width,
		   f->added + f->deleted, f->added + f->deleted ? " " : "");
	for (long i = 0; i < add; i++)
		mdbuf_addch(sb, '+');
	for (long i = 0; i < del; i++)
		mdbuf_addch(sb, '-');
	mdbuf_addch(sb, '\n');
}

void md_diffstat(struct mdbuf *sb, const char *diff, int width)
{
	struct stat_file *f;
	size_t n = stat_files(diff, &f);
	long max_change = 0, insertions = 0, deletions = 0, graph_width;
	int max_len = 0, number_width, name_width;

	qsort(f, n, sizeof(*f), cmp_stat_file);

	for (size_t i = 0; i < n; i++) {
		if ((int)f[i].name_len > max_len)
			max_len = f[i].name_len;
		if (f[i].added + f[i].deleted > max_change)
			max_change = f[i].added + f[i].deleted;
		insertions += f[i].added;
		deletions += f[i].deleted;
	}
	number_width = decimal_width(max_change);
	if (width < 16 + 6 + number_width)
		width = 16 + 6 + number_width;
	graph_width = max_change;
	name_width = max_len;
	if (name_width + number_width + 6 + graph_width > width) {
		if (graph_width > width * 3 / 8 - number_width - 6) {
			graph_width = width * 3 / 8 - number_width - 6;
			if (graph_width < 6)
				graph_width = 6;
		}
		if (name_width > width - number_width - 6 - graph_width)
			name_width = width - number_width - 6 - graph_width;
		else
			graph_width = width - number_width - 6 - name_width;
	}
	if (!n) {
		mdbuf_adds(sb, " 0 files changed\n");
		return;
	}
	for (size_t i = 0; i < n; i++)
		stat_line(sb, &f[i], name_width, number_width, graph_width, max_change);
	mdbuf_addf(sb, " %zu file%s changed", n, n == 1 ? "" : "s");
	if (insertions || !deletions)
		mdbuf_addf(sb, ", %ld insertion%s(+)", insertions, insertions == 1 ? "" : "s");
	if (deletions || !insertions)
		mdbuf_addf(sb, ", %ld deletion%s(-)", deletions, deletions == 1 ? "" : "s");
	mdbuf_addch(sb, '\n');
	free(f);
}
