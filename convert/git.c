// SPDX-License-Identifier: GPL-2.0
/* git.c - run git in a directory and collect its standard output. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/strv.h"
#include "../lib/xalloc.h"
#include "git.h"

extern char **environ;

static char *read_all(int fd)
{
	size_t len = 0, alloc = 0;
	char *buf = NULL;

	for (;;) {
		ssize_t got;

		ALLOC_GROW(buf, len + 8192 + 1, alloc);
		got = read(fd, buf + len, alloc - len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += got;
	}
	buf[len] = '\0';
	return buf;
}

static int spawn_git(const char *dir, const char *const *argv, int quiet, int out_fd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	struct strv args = STRV_INIT;
	int err;

	strv_push(&args, "git");
	if (dir) {
		strv_push(&args, "-C");
		strv_push(&args, dir);
	}
	for (; *argv; argv++)
		strv_push(&args, *argv);

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	err = posix_spawnp(pid, "git", &fa, NULL, args.v, environ);
	posix_spawn_file_actions_destroy(&fa);
	strv_release(&args);
	if (err) {
		errno = err;
		return md_error_errno("git: cannot run");
	}
	return 0;
}

/* wait_git - @pid's exit status, or -1 (reported) when it was killed. */
static int wait_git(pid_t pid, const char *what)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return md_error_errno("git %s: cannot wait", what);
	if (!WIFEXITED(status))
		return md_error("git %s: killed by signal %d", what, WTERMSIG(status));
	return WEXITSTATUS(status);
}

int md_git_start(const char *dir, const char *const *argv, int quiet, struct md_git_job *job)
{
	memset(job, 0, sizeof(*job));
	job->out = tmpfile();
	if (!job->out)
		return md_error_errno("git %s: cannot make a temporary file", argv[0]);
	if (spawn_git(dir, argv, quiet, fileno(job->out), &job->pid)) {
		fclose(job->out);
		memset(job, 0, sizeof(*job));
		return -1;
	}
	job->what = xstrdup(argv[0]);
	return 0;
}

int md_git_finish(struct md_git_job *job, char **out)
{
	int rc;

	*out = NULL;
	if (!job->pid)
		BUG("md_git_finish of a job not started");
	rc = wait_git(job->pid, job->what);
	if (rc >= 0) {
		rewind(job->out);
		*out = read_all(fileno(job->out));
	}
	fclose(job->out);
	free(job->what);
	memset(job, 0, sizeof(*job));
	return rc;
}

int md_git_capture(const char *dir, const char *const *argv, int quiet, char **out)
{
	int fds[2];
	pid_t pid;

	*out = NULL;
	if (pipe2(fds, O_CLOEXEC))
		return md_error_errno("git: cannot make a pipe");
	if (spawn_git(dir, argv, quiet, fds[1], &pid)) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[1]);
	*out = read_all(fds[0]);
	close(fds[0]);
	return wait_git(pid, argv[0]);
}
