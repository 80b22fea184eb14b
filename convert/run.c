// SPDX-License-Identifier: GPL-2.0
/*
 * run.c - what the checks share: files in the scratch directory, and
 * programs run with their output captured, in their own process group so
 * a timeout kills all of it, in the C locale so the diagnostics compared
 * are spelled alike.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kbuild/saved.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "check.h"

extern char **environ;


/* cv_mkdir_parents - create the directories leading to file @path. */
int cv_mkdir_parents(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		rc = kb_mkdir_p(dir) ? md_error_errno("%s: cannot create", dir) : 0;
	}
	free(dir);
	return rc;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* cv_scratch_dir - a new directory of our own under the context's scratch directory. */
char *cv_scratch_dir(const struct md_validate_ctx *c)
{
	char *dir = xasprintf("%s/validate-XXXXXX", c->scratch);

	if (!mkdtemp(dir)) {
		md_error_errno("%s: cannot create a directory there", c->scratch);
		free(dir);
		return NULL;
	}
	return dir;
}

void cv_scratch_remove(char *dir)
{
	if (dir)
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* --- running programs --- */

void cv_run_release(struct cv_run *r)
{
	free(r->out);
	memset(r, 0, sizeof(*r));
}

/* child_env - our environment without a parent make's variables, in the C locale. */
static char **child_env(void)
{
	static const char *const drop[] = {
		"MAKEFLAGS=", "MFLAGS=", "MAKELEVEL=", "MAKEOVERRIDES=", "GNUMAKEFLAGS=",
		"LC_ALL=", "LANGUAGE=", "GCC_COLORS=",
	};
	struct strv env = STRV_INIT;
	size_t i, k, n = sizeof(drop) / sizeof(drop[0]);

	for (i = 0; environ[i]; i++) {
		for (k = 0; k < n; k++)
			if (!strncmp(environ[i], drop[k], strlen(drop[k])))
				break;
		if (k == n)
			strv_push(&env, environ[i]);
	}
	strv_push(&env, "LC_ALL=C");
	return strv_detach(&env, NULL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* wait_for - wait for @pid, killing its process group after @timeout seconds (0: never). */
static int wait_for(pid_t pid, int timeout, struct cv_run *r)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	double deadline = now() + timeout;
	int status;

	for (;;) {
		pid_t got = waitpid(pid, &status, timeout ? WNOHANG : 0);

		if (got == pid)
			break;
		if (got < 0 && errno != EINTR)
			return md_error_errno("waitpid");
		if (timeout && now() > deadline && !r->timed_out) {
			r->timed_out = 1;
			kill(-pid, SIGKILL);
			timeout = 0;	/* now wait for it to go */
		}
		if (timeout)
			nanosleep(&tick, NULL);
	}
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}

/* cv_run - see check.h. */
int cv_run(const char *dir, char *const argv[], const char *out_file, int timeout,
	   struct cv_run *r)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char **env = child_env();
	pid_t pid;
	int err;

	memset(r, 0, sizeof(*r));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_addchdir_np(&fa, dir);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	err = posix_spawnp(&pid, argv[0], &fa, &attr, argv, env);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	strv_free(env);
	if (err) {
		errno = err;
		return md_error_errno("cannot run %s in %s", argv[0], dir);
	}
	if (wait_for(pid, timeout, r))
		return -1;
	r->out = md_read_text(out_file, NULL);
	if (!r->out)
		r->out = xstrdup("");
	unlink(out_file);
	return 0;
}

/* cv_first_line - the first non-empty line of @s, a new string. */
char *cv_first_line(const char *s)
{
	while (*s == '\n')
		s++;
	return xstrndup(s, strcspn(s, "\n"));
}

/* cv_last_line - the last non-empty line of @s, a new string. */
char *cv_last_line(const char *s)
{
	size_t n = strlen(s);
	const char *start;

	while (n && s[n - 1] == '\n')
		n--;
	start = s + n;
	while (start > s && start[-1] != '\n')
		start--;
	return xstrndup(start, s + n - start);
}

/* cv_same_path - @a and @b name the same existing file or directory. */
int cv_same_path(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}
