// SPDX-License-Identifier: GPL-2.0
/*
 * progress.c - the progress bar of progress.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "xalloc.h"

/* Redraw at most this often: a terminal cannot show more, and a fast loop should not pay for it. */
#define REDRAW_NS (100 * 1000 * 1000LL)

struct md_progress {
	char *what;
	long total, done;
	long long start_ns, drawn_ns;
	int drawn; /* the bar is on the screen */
	FILE *stream; /* md_progress_stream(), opened on first use */
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int stderr_is_terminal(void)
{
	const char *term = getenv("TERM");

	return isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb"));
}

static int terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

struct md_progress *md_progress_start(const char *what, long total)
{
	struct md_progress *p;

	if (!stderr_is_terminal() || total <= 0)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->what = xstrdup(what);
	p->total = total;
	p->start_ns = now_ns();
	return p;
}

void md_progress_format_eta(long seconds, char *buf)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds >= 3600)
		snprintf(buf, 32, "%ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
	else
		snprintf(buf, 32, "%ld:%02ld", seconds / 60, seconds % 60);
}

/* The ETA from the mean rate so far; "-:--" until one step is done. */
static void format_eta(const struct md_progress *p, long long now, char *buf)
{
	double elapsed = (now - p->start_ns) / 1e9;

	if (p->done <= 0) {
		strcpy(buf, "-:--");
		return;
	}
	md_progress_format_eta((long)(elapsed / p->done * (p->total - p->done) + 0.5), buf);
}

static void draw(struct md_progress *p, const char *current, long long now)
{
	int width = terminal_width(), bar, filled, used;
	char eta[32], head[96];

	format_eta(p, now, eta);
	snprintf(head, sizeof(head), "%s %ld/%ld ETA %s ", p->what, p->done, p->total, eta);
	bar = width / 3;
	filled = (int)((double)bar * p->done / p->total);
	used = (int)strlen(head) + bar + 3;
	fprintf(stderr, "\r\033[K%s[%.*s%*s] ", head, filled,
		"################################################################"
		"################################################################",
		bar - filled, "");
	if (current && used < width - 1)
		fprintf(stderr, "%.*s", width - 1 - used, current);
	fflush(stderr);
	p->drawn = 1;
	p->drawn_ns = now;
}

void md_progress_update(struct md_progress *p, long done, const char *current)
{
	long long now;

	if (!p)
		return;
	p->done = done > p->total ? p->total : done;
	now = now_ns();
	if (p->drawn && now - p->drawn_ns < REDRAW_NS && p->done < p->total)
		return;
	draw(p, current, now);
}

void md_progress_clear(struct md_progress *p)
{
	if (!p || !p->drawn)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->drawn = 0;
}

static ssize_t stream_write(void *cookie, const char *buf, size_t len)
{
	md_progress_clear(cookie);
	return (ssize_t)fwrite(buf, 1, len, stderr);
}

FILE *md_progress_stream(struct md_progress *p)
{
	cookie_io_functions_t io = { .write = stream_write };

	if (!p)
		return stderr;
	if (!p->stream) {
		p->stream = fopencookie(p, "w", io);
		if (!p->stream)
			return stderr;
		setvbuf(p->stream, NULL, _IOLBF, 0);
	}
	return p->stream;
}

void md_progress_finish(struct md_progress *p)
{
	if (!p)
		return;
	if (p->stream)
		fclose(p->stream);
	md_progress_clear(p);
	free(p->what);
	free(p);
}
