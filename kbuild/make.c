// SPDX-License-Identifier: GPL-2.0
/* make.c - running make on the tree, the build-directory lock, configure and prepare. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"

#define MD_STAMP "memdesc-prepared"

extern char **environ;

/* The make being waited for, and the signal that asked us to stop. */
static volatile sig_atomic_t make_pgid;
static volatile sig_atomic_t stop_signal;

static void forward_signal(int sig)
{
	stop_signal = sig;
	if (make_pgid > 0)
		kill(-(pid_t)make_pgid, sig);
}

/* catch_stop - forward SIGINT/SIGTERM to make's group; the old actions in @old. */
static void catch_stop(struct sigaction old[2])
{
	static const int sigs[2] = { SIGINT, SIGTERM };
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	stop_signal = 0;
	for (i = 0; i < 2; i++) {
		sigaction(sigs[i], NULL, &old[i]);
		if (old[i].sa_handler != SIG_IGN)	/* nohup: stay deaf */
			sigaction(sigs[i], &sa, NULL);
	}
}

static void restore_stop(const struct sigaction old[2])
{
	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGTERM, &old[1], NULL);
}

/* make_env - our environment without the make variables of a parent make. */
static char **make_env(void)
{
	static const char *const drop[] = {
		"MAKEFLAGS=", "MFLAGS=", "MAKELEVEL=", "MAKEOVERRIDES=", "GNUMAKEFLAGS=",
	};
	struct strv env = STRV_INIT;
	size_t i, k;

	for (i = 0; environ[i]; i++) {
		for (k = 0; k < sizeof(drop) / sizeof(drop[0]); k++)
			if (!strncmp(environ[i], drop[k], strlen(drop[k])))
				break;
		if (k == sizeof(drop) / sizeof(drop[0]))
			strv_push(&env, environ[i]);
	}
	return strv_detach(&env, NULL);
}

void kb_print_tail(const char *path, int lines)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	long size, from;
	size_t n;
	char *p;

	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	from = size > (long)sizeof(buf) - 1 ? size - (long)sizeof(buf) + 1 : 0;
	fseek(f, from, SEEK_SET);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = buf + n;
	if (p > buf && p[-1] == '\n')
		p--;
	for (; p > buf; p--)
		if (p[-1] == '\n' && --lines == 0)
			break;
	fputs(p, stderr);
}

/* spawn_make - start make in a process group of its own; 0 or an errno. */
static int spawn_make(pid_t *pid, char **argv, char **env, const char *out, const char *log)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int r;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0666);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	r = posix_spawnp(pid, "make", &fa, &attr, argv, env);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return r;
}

int kb_run_make(const struct md_tree *tree, const struct md_tree_opts *opts,
		const char *const *args, const char *out, const char *log)
{
	struct strv argv = STRV_INIT;
	struct sigaction old[2];
	char **env = make_env();
	int status = 0, r;
	size_t n;
	pid_t pid;

	strv_push(&argv, "make");
	strv_push(&argv, "-C");
	strv_push(&argv, tree->srcdir);
	strv_pushf(&argv, "O=%s", tree->builddir);
	for (; *args; args++)
		strv_push(&argv, *args);
	if (opts->verbose) {
		for (n = 0; n < argv.n; n++)
			fprintf(stderr, "%s%s", n ? " " : "+ ", argv.v[n]);
		fputc('\n', stderr);
	}
	catch_stop(old);
	r = spawn_make(&pid, argv.v, env, out, log);
	if (!r) {
		make_pgid = pid;
		if (stop_signal)	/* it came before make_pgid was set */
			kill(-pid, stop_signal);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		make_pgid = 0;
	}
	restore_stop(old);
	strv_release(&argv);
	strv_free(env);
	if (r) {
		errno = r;
		return md_error_errno("cannot run make");
	}
	if (stop_signal)
		return KB_MAKE_INTERRUPTED;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int kb_lock_build(const char *build)
{
	char *path = md_path_join(build, "memdesc.lock");
	/* no O_CLOEXEC: the makes run under the lock hold it too */
	int fd = open(path, O_RDWR | O_CREAT, 0666);

	if (fd < 0) {
		md_error_errno("%s: cannot open", path);
		free(path);
		return -1;
	}
	free(path);
	if (flock(fd, LOCK_EX | LOCK_NB) && errno == EWOULDBLOCK) {
		md_warning("waiting for the lock on %s", build);
		while (flock(fd, LOCK_EX) && errno == EINTR)
			;
	}
	return fd;
}

void kb_unlock_build(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int prepared_in(const char *build)
{
	char *stamp = md_path_join(build, MD_STAMP);
	char *config = md_path_join(build, ".config");
	int r = kb_is_file(stamp) && kb_mtime_of(stamp) >= kb_mtime_of(config) &&
		kb_file_in(build, "include/generated/autoconf.h") &&
		kb_file_in(build, "include/generated/asm-offsets.h");

	free(stamp);
	free(config);
	return r;
}

/* make_step - one configure step, its log in the build directory. */
static int make_step(const struct md_tree *tree, const struct md_tree_opts *opts,
		     const char *const *args, const char *what)
{
	char *log = md_path_join(tree->builddir, "memdesc-prepare.log");
	int status = kb_run_make(tree, opts, args, log, log);
	int r = 0;

	if (status == KB_MAKE_INTERRUPTED) {
		r = md_error("interrupted while configuring %s", tree->builddir);
	} else if (status < 0) {
		r = -1;
	} else if (status) {
		kb_print_tail(log, 15);
		r = md_error("make %s failed (exit %d) in %s, see %s", what, status,
			     tree->builddir, log);
	}
	free(log);
	return r;
}

int kb_prepare_build(struct md_tree *tree, const struct md_tree_opts *opts)
{
	const char *config_args[] = { tree->config, NULL };
	const char *prepare_args[] = { NULL, "prepare", NULL };
	char *jobs = NULL, *stamp;
	int fd, r = 0;
	FILE *f;

	if (kb_mkdir_p(tree->builddir))
		return md_error_errno("%s: cannot create build directory", tree->builddir);
	fd = kb_lock_build(tree->builddir);
	if (fd < 0)
		return -1;
	if (prepared_in(tree->builddir))
		goto out;
	jobs = xasprintf("-j%d", opts->jobs > 0 ? opts->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN));
	prepare_args[0] = jobs;
	if (!kb_file_in(tree->builddir, ".config"))
		r = make_step(tree, opts, config_args, tree->config);
	if (!r)
		r = make_step(tree, opts, prepare_args, "prepare");
	if (r)
		goto out;
	stamp = md_path_join(tree->builddir, MD_STAMP);
	f = fopen(stamp, "w");
	if (f) {
		fprintf(f, "%s %s\n", tree->version, tree->config);
		fclose(f);
	}
	free(stamp);
out:
	free(jobs);
	kb_unlock_build(fd);
	return r;
}
