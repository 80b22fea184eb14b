/* SPDX-License-Identifier: GPL-2.0 */
/*
 * progress.h - a progress bar with an ETA on stderr, for long runs (a scan,
 * a patch run).  It shows only when stderr is a terminal (and TERM is not
 * "dumb"): off a terminal, in a pipe or a CI log, nothing of it is written,
 * so logs stay diffable.  Redraws are limited to a few per second.
 *
 *	struct md_progress *p = md_progress_start("scan", ntus);
 *	for (...) md_progress_update(p, ++done, path);
 *	md_progress_finish(p);
 *
 * Every function accepts NULL (what md_progress_start returns off a
 * terminal), so callers never test.
 */
#ifndef MEMDESC_LIB_PROGRESS_H
#define MEMDESC_LIB_PROGRESS_H

#include <stdio.h>

struct md_progress;

/* md_progress_start - a bar for @total steps labelled @what; NULL off a terminal. */
struct md_progress *md_progress_start(const char *what, long total);

/* md_progress_update - @done steps are finished; @current names the latest (may be NULL). */
void md_progress_update(struct md_progress *p, long done, const char *current);

/*
 * md_progress_clear - erase the bar before other output goes to stderr
 * (a warning); the next update draws it again.
 */
void md_progress_clear(struct md_progress *p);

/*
 * md_progress_stream - a stream for messages written while @p may be on
 * the screen: each write erases the bar first.  stderr itself when @p is
 * NULL.  Valid until md_progress_finish().
 */
FILE *md_progress_stream(struct md_progress *p);

/* md_progress_finish - erase the bar and free @p. */
void md_progress_finish(struct md_progress *p);

/* md_progress_format_eta - @seconds as "1:05:09", "4:07" or "0:09" into @buf (>= 32 bytes). */
void md_progress_format_eta(long seconds, char *buf);

#endif
