// SPDX-License-Identifier: GPL-2.0
/* file.c - whole files as text, and scratch directories (lib/file.h). */
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include "error.h"
#include "xalloc.h"
#include "file.h"

char *md_read_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, alloc = 0, got;
	char *buf = NULL;
	int saved;

	if (!f)
		return NULL;
	do {
		ALLOC_GROW(buf, n + 65536 + 1, alloc);
		got = fread(buf + n, 1, alloc - n - 1, f);
		n += got;
	} while (got);
	saved = errno;
	if (ferror(f)) {
		fclose(f);
		free(buf);
		errno = saved;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int md_write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	size_t len = strlen(text);

	if (!f)
		return md_error_errno("%s: cannot create", path);
	if (fwrite(text, 1, len, f) != len || fclose(f))
		return md_error_errno("%s: cannot write", path);
	return 0;
}

/*
 * The scratch directories alive, removed should a signal end us before
 * their owner could: hangup, Ctrl-C and kill leave no /tmp/memdesc-*
 * behind.  Only the process that made them removes them (workers forked
 * since inherit the handler), and a handler the program set itself (the
 * scan's own, which stops it in order) runs instead.
 */
#define MAX_SCRATCH 8
static const int scratch_signals[] = { SIGHUP, SIGINT, SIGTERM };
#define NSIGNALS (sizeof(scratch_signals) / sizeof(*scratch_signals))
static struct sigaction scratch_old[NSIGNALS];
static char *volatile scratch_live[MAX_SCRATCH];
static pid_t scratch_owner;

/* remove_from_handler - rm -rf @dir: fork, exec and wait are safe in a handler, nftw is not. */
static void remove_from_handler(const char *dir)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/rm", "rm", "-rf", "--", dir, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
}

static void scratch_signal(int sig)
{
	size_t i;

	for (i = 0; i < NSIGNALS && scratch_signals[i] != sig; i++)
		;
	if (i < NSIGNALS && scratch_old[i].sa_handler != SIG_DFL &&
	    scratch_old[i].sa_handler != SIG_IGN) {
		scratch_old[i].sa_handler(sig);
		return;
	}
	if (getpid() == scratch_owner)
		for (size_t k = 0; k < MAX_SCRATCH; k++)
			if (scratch_live[k])
				remove_from_handler(scratch_live[k]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	struct sigaction sa;

	if (scratch_owner == getpid())
		return;
	scratch_owner = getpid();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = scratch_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NSIGNALS; i++) {
		sigaction(scratch_signals[i], NULL, &scratch_old[i]);
		if (scratch_old[i].sa_handler != SIG_IGN)	/* nohup: stay deaf */
			sigaction(scratch_signals[i], &sa, NULL);
	}
}

static void remember_scratch(char *dir)
{
	catch_signals();
	for (size_t k = 0; k < MAX_SCRATCH; k++)
		if (!scratch_live[k]) {
			scratch_live[k] = dir;
			return;
		}
}

static void forget_scratch(const char *dir)
{
	for (size_t k = 0; k < MAX_SCRATCH; k++)
		if (scratch_live[k] && !strcmp(scratch_live[k], dir)) {
			char *gone = scratch_live[k];

			scratch_live[k] = NULL;	/* before the free: a handler may look */
			free(gone);
		}
}

char *md_scratch_dir(const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);

	if (!mkdtemp(dir)) {
		md_error_errno("%s: cannot create a scratch directory", dir);
		free(dir);
		return NULL;
	}
	remember_scratch(xstrdup(dir));
	return dir;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void md_remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	forget_scratch(dir);
}

const char *md_text_lines(const char *text, size_t len, unsigned int first, unsigned int last,
			  size_t *n)
{
	const char *p = text, *end = text + len, *from;
	unsigned int line = 1;

	while (p < end && line < first)
		line += *p++ == '\n';
	for (from = p; p < end && line <= last; p++)
		line += *p == '\n';
	*n = (size_t)(p - from);
	return from;
}

int md_file_hash(const char *path, char out[17])
{
	size_t len;
	char *text = md_read_text(path, &len);

	if (!text)
		return -1;
	snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits(text, len));
	free(text);
	return 0;
}
