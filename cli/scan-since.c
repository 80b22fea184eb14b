// SPDX-License-Identifier: GPL-2.0
/* scan-since.c - what git says changed in the tree since a revision, for scan --since. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../convert/git.h"
#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "scan-since.h"

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* git_lines - the lines `git @argv` prints in @dir onto @out; git's exit status, or -1. */
static int git_lines(const char *dir, const char *const *argv, int quiet, struct strv *out)
{
	char *text, *line, *save = NULL;
	int rc = md_git_capture(dir, argv, quiet, &text);

	if (!rc)
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			strv_push(out, line);
	free(text);
	return rc;
}

static void sort_strv(struct strv *sv)
{
	if (sv->n)
		qsort(sv->v, sv->n, sizeof(*sv->v), str_cmp);
}

static int in_sorted(const struct strv *sv, const char *path)
{
	return sv->n && bsearch(&path, sv->v, sv->n, sizeof(*sv->v), str_cmp);
}

/* The lists git makes while the scan sets up: the changed, the untracked, the tracked paths. */
enum { GIT_DIFF, GIT_UNTRACKED, GIT_TRACKED };

int scan_since_start(struct scan_since *s, const char *srcdir, const char *rev)
{
	static const char *const inside[] = { "rev-parse", "--is-inside-work-tree", NULL };
	static const char *const tracked[] = { "-c", "core.quotePath=off", "ls-files", NULL };
	static const char *const untracked[] = { "-c", "core.quotePath=off", "ls-files",
						 "--others", "--exclude-standard", NULL };
	const char *resolve[] = { "rev-parse", "--verify", "--end-of-options", NULL, NULL };
	const char *diff[] = { "-c", "core.quotePath=off", "diff", "--name-only", "--no-renames",
			       "--relative", NULL, "--", NULL };
	struct strv out = STRV_INIT;
	char *commit = xasprintf("%s^{commit}", rev);
	int rc = -1;

	memset(s, 0, sizeof(*s));
	s->srcdir = srcdir;
	s->rev = rev;
	if (git_lines(srcdir, inside, 1, &out) || out.n != 1 || strcmp(out.v[0], "true")) {
		md_error("%s: not a git work tree (--since asks git what changed)", srcdir);
		goto out;
	}
	strv_release(&out);
	resolve[3] = commit;
	if (git_lines(srcdir, resolve, 0, &out) || out.n != 1) {
		md_error("--since %s: git cannot resolve it to a commit in %s", rev, srcdir);
		goto out;
	}
	snprintf(s->commit, sizeof(s->commit), "%s", out.v[0]);
	diff[6] = s->commit;
	rc = md_git_start(srcdir, diff, 0, &s->jobs[GIT_DIFF]) ||
	     md_git_start(srcdir, untracked, 0, &s->jobs[GIT_UNTRACKED]) ||
	     md_git_start(srcdir, tracked, 0, &s->jobs[GIT_TRACKED]) ? -1 : 0;
out:
	strv_release(&out);
	free(commit);
	if (rc)
		scan_since_release(s);
	return rc;
}

/* job_lines - the lines of a finished job onto @out; 0, or -1 when git failed. */
static int job_lines(struct md_git_job *job, struct strv *out)
{
	char *text, *line, *save = NULL;
	int rc;

	if (!job->pid)
		return -1;
	rc = md_git_finish(job, &text);
	if (!rc)
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			strv_push(out, line);
	free(text);
	return rc ? -1 : 0;
}

int scan_since_finish(struct scan_since *s)
{
	int rc = job_lines(&s->jobs[GIT_DIFF], &s->changed);

	rc |= job_lines(&s->jobs[GIT_UNTRACKED], &s->changed);
	rc |= job_lines(&s->jobs[GIT_TRACKED], &s->tracked);
	if (rc)
		return md_error("%s: git cannot list the files changed since %s", s->srcdir, s->rev);
	sort_strv(&s->changed);
	sort_strv(&s->tracked);
	return 0;
}

void scan_since_then(struct scan_since *s, const char *started_at)
{
	struct tm tm = { 0 };

	/* unparsable: every file git does not know counts as changed */
	s->then = started_at && strptime(started_at, "%Y-%m-%dT%H:%M:%S", &tm) ? timegm(&tm)
									   : (time_t)-1;
}

int scan_since_changed(void *data, const char *path)
{
	struct scan_since *s = data;
	struct stat st;
	char *abs;
	int rc;

	if (path[0] != '/') {
		if (in_sorted(&s->changed, path))
			return 1;
		if (in_sorted(&s->tracked, path))
			return 0;
	}
	/* git does not know it: modified since the reused scan began, or gone */
	abs = path[0] == '/' ? xstrdup(path) : md_path_join(s->srcdir, path);
	rc = s->then == (time_t)-1 || stat(abs, &st) || st.st_mtime >= s->then;
	free(abs);
	return rc;
}

void scan_since_release(struct scan_since *s)
{
	for (size_t i = 0; i < sizeof(s->jobs) / sizeof(s->jobs[0]); i++) {
		char *text;

		if (s->jobs[i].pid) {
			md_git_finish(&s->jobs[i], &text);
			free(text);
		}
	}
	strv_release(&s->changed);
	strv_release(&s->tracked);
}
