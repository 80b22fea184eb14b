// SPDX-License-Identifier: GPL-2.0
/* scan.c - parallel, crash-isolated scanning of translation units. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scan.h"

/* One worker process and the bytes it has sent so far. */
struct worker {
	pid_t pid;
	int fd;
	const struct md_tu *tu;
	char *buf;
	size_t len, cap;
	struct timespec start;
};

static volatile sig_atomic_t stop_requested;

static void request_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* --- the worker's side: results as tab-separated, escaped lines --- */

static void put_field(FILE *out, const char *s)
{
	fputc('\t', out);
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': fputs("\\\\", out); break;
		case '\t': fputs("\\t", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		default: fputc(*s, out);
		}
	}
}

static void put_uint(FILE *out, unsigned long v)
{
	fprintf(out, "\t%lu", v);
}

static void write_result(FILE *out, const struct md_tu_result *res)
{
	size_t i;

	fputc('R', out);
	put_uint(out, (unsigned long)res->errors);
	put_uint(out, (unsigned long)res->failed);
	put_field(out, res->first_error);
	fputc('\n', out);
	for (i = 0; i < res->nfiles; i++) {
		fputc('S', out);
		put_field(out, res->files[i].path);
		put_field(out, res->files[i].hash);
		put_uint(out, (unsigned long)res->files[i].is_tu);
		fputc('\n', out);
	}
	for (i = 0; i < res->nfindings; i++) {
		const struct md_finding *f = &res->findings[i];

		fputc('F', out);
		put_field(out, f->rule);
		put_field(out, f->path);
		put_uint(out, f->line);
		put_uint(out, f->col);
		put_field(out, f->function);
		put_field(out, f->macro);
		put_field(out, f->matched);
		put_field(out, f->message);
		put_field(out, f->source_line);
		put_field(out, f->class);
		put_uint(out, f->occurrence);
		put_field(out, f->fingerprint);
		fputc('\n', out);
	}
	for (i = 0; i < res->nnotes; i++) {
		const struct md_note *n = &res->notes[i];

		fputc('N', out);
		put_field(out, n->path);
		put_uint(out, n->line);
		put_uint(out, n->col);
		put_uint(out, n->end_line);
		put_field(out, n->token);
		put_field(out, n->record);
		fputc('\n', out);
	}
	fputs("E\n", out);
}

/*
 * inject_fault - for the tests: MEMDESC_FAULT_CRASH=<substring> makes the
 * worker of a matching file die of SIGSEGV, MEMDESC_FAULT_HANG=<substring>
 * makes it hang, so crash and timeout handling can be tested without a TU
 * that really crashes libclang.
 */
static void inject_fault(const struct md_tu *tu)
{
	const char *crash = getenv("MEMDESC_FAULT_CRASH");
	const char *hang = getenv("MEMDESC_FAULT_HANG");

	if (crash && *crash && strstr(tu->file, crash))
		raise(SIGSEGV);
	while (hang && *hang && strstr(tu->file, hang))
		pause();
}

static void run_worker(int fd, const struct md_tu *tu, const struct md_engine_cfg *cfg,
		       int timeout)
{
	struct md_tu_result res;
	FILE *out;

	signal(SIGINT, SIG_IGN);	/* the parent decides when to stop */
	signal(SIGTERM, SIG_DFL);
	if (timeout)
		alarm((unsigned int)timeout);
	out = fdopen(fd, "w");
	if (!out || (tu->directory && chdir(tu->directory)))
		_exit(3);
	inject_fault(tu);
	if (md_engine_run(tu, cfg, &res))
		_exit(4);
	write_result(out, &res);
	if (fclose(out))
		_exit(5);
	_exit(0);
}

/* --- the parent's side --- */

static int start_worker(struct worker *w, const struct md_tu *tu,
			const struct md_engine_cfg *cfg, int timeout)
{
	int fds[2];

	if (pipe(fds))
		return -1;
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (w->pid == 0) {
		close(fds[0]);
		run_worker(fds[1], tu, cfg, timeout);
	}
	close(fds[1]);
	w->fd = fds[0];
	w->tu = tu;
	w->len = 0;
	clock_gettime(CLOCK_MONOTONIC, &w->start);
	return 0;
}

/* read_some - append what the worker sent; returns 0 at EOF. */
static ssize_t read_some(struct worker *w)
{
	ssize_t n;

	if (w->cap - w->len < 65536) {
		size_t cap = w->cap ? 2 * w->cap : 262144;
		char *buf = realloc(w->buf, cap);

		if (!buf)
			return -1;
		w->buf = buf;
		w->cap = cap;
	}
	do
		n = read(w->fd, w->buf + w->len, w->cap - w->len - 1);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		w->len += (size_t)n;
	return n;
}

/* unescape - undo put_field in place; returns the field. */
static char *unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return s;
}

#define MAX_FIELDS 16

/* split - cut @line at tabs into at most MAX_FIELDS unescaped fields. */
static int split(char *line, char **field)
{
	int n = 0;

	field[n++] = line;
	while (n < MAX_FIELDS && (line = strchr(line, '\t'))) {
		*line++ = '\0';
		field[n++] = line;
	}
	for (int i = 0; i < n; i++)
		unescape(field[i]);
	return n;
}

/* A worker's report, parsed. */
struct tu_report {
	int complete; /* the end marker arrived */
	int errors;
	int failed;
	char *first_error;
};

static int store_finding(struct md_db *db, int64_t scan, char **f, int n)
{
	struct md_finding fd = { 0 };

	if (n != 13)
		return 0;
	fd.rule = f[1];
	fd.path = f[2];
	fd.line = (unsigned int)strtoul(f[3], NULL, 10);
	fd.col = (unsigned int)strtoul(f[4], NULL, 10);
	fd.function = f[5];
	fd.macro = f[6][0] ? f[6] : NULL;
	fd.matched = f[7];
	fd.message = f[8];
	fd.source_line = f[9];
	fd.class = f[10][0] ? f[10] : NULL;
	fd.occurrence = (unsigned int)strtoul(f[11], NULL, 10);
	snprintf(fd.fingerprint, sizeof(fd.fingerprint), "%s", f[12]);
	return md_db_add_finding(db, scan, &fd) < 0 ? -1 : 0;
}

static const char *tu_status(const struct tu_report *r, int sig)
{
	if (sig == SIGALRM)
		return "timeout";
	if (!r->complete)
		return "crashed";
	if (r->failed)
		return "failed";
	return r->errors ? "parse-error" : "ok";
}

static char *relative_path(const char *srcdir, const char *file)
{
	size_t n = strlen(srcdir);

	if (!strncmp(file, srcdir, n) && file[n] == '/')
		return strdup(file + n + 1);
	return strdup(file);
}

/* report_complete - the worker's report ends with its end marker line. */
static int report_complete(const struct worker *w)
{
	return w->len >= 2 && !memcmp(w->buf + w->len - 2, "E\n", 2) &&
	       (w->len == 2 || w->buf[w->len - 3] == '\n');
}

/* A TU being stored: what its records need from each other. */
struct tu_store {
	struct md_db *db;
	int64_t scan;
	const struct worker *w;
	const struct md_scan_opts *opts;
	struct tu_report r;
	int sig;
	long ms;
	const char *status;
	int tu_recorded;
};

static void pass_note(struct tu_store *t, char **field)
{
	struct md_note note = {
		.path = field[1], .line = (unsigned int)atoi(field[2]),
		.col = (unsigned int)atoi(field[3]), .end_line = (unsigned int)atoi(field[4]),
		.token = field[5][0] ? field[5] : NULL, .record = field[6][0] ? field[6] : NULL,
	};

	t->opts->note(t->opts->done_data, &note);
}

/* store_record - one line of the worker's report; the R line comes first. */
static int store_record(struct tu_store *t, char *line)
{
	char *field[MAX_FIELDS];
	int n = split(line, field), is_tu;

	switch (line[0]) {
	case 'R':
		if (n != 4)
			return 0;
		t->r.errors = atoi(field[1]);
		t->r.failed = atoi(field[2]);
		t->r.first_error = field[3];
		t->status = tu_status(&t->r, t->sig);
		return 0;
	case 'S':
		if (n != 4)
			return 0;
		is_tu = atoi(field[3]);
		t->tu_recorded |= is_tu;
		return md_db_add_scan_file(t->db, t->scan, field[1], is_tu ? "tu" : "header",
					   field[2], is_tu ? t->status : "ok",
					   is_tu ? t->r.first_error : NULL,
					   is_tu ? t->w->tu->borrowed : 0, is_tu ? t->ms : -1);
	case 'F':
		return store_finding(t->db, t->scan, field, n);
	case 'N':
		if (n == 7 && t->opts->note)
			pass_note(t, field);
		return 0;
	default:
		return 0;
	}
}

/*
 * store_report - write one TU's records in one transaction: its files, its
 * findings (duplicates of a header already seen are dropped by the
 * database) and its status.  A torn last line of a dying worker is ignored.
 */
static int store_report(struct md_db *db, int64_t scan, struct worker *w,
			const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
			int sig, const char **status, char **message)
{
	struct tu_store t = { .db = db, .scan = scan, .w = w, .opts = opts, .sig = sig };
	struct timespec end;
	char *line, *next, *tu_path;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &end);
	t.ms = (end.tv_sec - w->start.tv_sec) * 1000 + (end.tv_nsec - w->start.tv_nsec) / 1000000;
	t.r.complete = report_complete(w);
	t.status = tu_status(&t.r, sig);
	w->buf[w->len] = '\0';
	if (md_db_begin(db))
		return -1;
	for (line = w->buf; !rc && (next = strchr(line, '\n')); line = next + 1) {
		*next = '\0';
		rc = store_record(&t, line);
	}
	*status = t.status;
	*message = t.r.first_error && t.r.first_error[0] ? strdup(t.r.first_error) : NULL;
	if (!rc && !t.tu_recorded) {
		tu_path = relative_path(cfg->srcdir, w->tu->file);
		rc = md_db_add_scan_file(db, scan, tu_path, "tu", NULL, t.status, *message,
					 w->tu->borrowed, t.ms);
		free(tu_path);
	}
	if (rc || md_db_commit(db)) {
		md_db_rollback(db);
		return -1;
	}
	return 0;
}

static int64_t max_finding_id(struct md_db *db, int64_t scan)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (sqlite3_prepare_v2(md_db_sqlite(db),
			       "SELECT coalesce(max(id), 0) FROM findings WHERE scan_id = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, scan);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static void log_failure(const struct md_scan_opts *opts, const struct md_engine_cfg *cfg,
			const struct md_tu *tu, const char *status, const char *message,
			int sig)
{
	char *rel = relative_path(cfg->srcdir, tu->file);

	if (!strcmp(status, "crashed"))
		fprintf(opts->log, "%s: error: worker died (%s) [memdesc-tu-crashed]\n", rel,
			sig ? strsignal(sig) : "no result");
	else if (!strcmp(status, "timeout"))
		fprintf(opts->log, "%s: error: no result after %d s [memdesc-tu-timeout]\n", rel,
			opts->timeout);
	else if (message && !strncmp(message, "error: ", 7))
		fprintf(opts->log, "%s: %s [memdesc-tu-%s]\n", rel, message, status);
	else if (message)
		fprintf(opts->log, "%s [memdesc-tu-%s]\n", message, status);
	free(rel);
}

/* finish_worker - reap @w, store its report, tell the caller what is new. */
static int finish_worker(struct md_db *db, int64_t scan, struct worker *w,
			 const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
			 struct md_scan_stats *stats)
{
	int wstatus = 0, sig = 0;
	const char *status;
	char *message = NULL;
	int64_t before = max_finding_id(db, scan);
	struct rusage ru;

	close(w->fd);
	while (waitpid(w->pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(wstatus))
		sig = WTERMSIG(wstatus);
	if (store_report(db, scan, w, cfg, opts, sig, &status, &message)) {
		fprintf(opts->log, "memdesc: database: %s\n", md_db_error(db));
		free(message);
		return -1;
	}
	if (strcmp(status, "ok"))
		log_failure(opts, cfg, w->tu, status, message, sig);
	free(message);
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0 && ru.ru_maxrss > stats->peak_rss_kb)
		stats->peak_rss_kb = ru.ru_maxrss;
	if (opts->done)
		opts->done(opts->done_data, before, max_finding_id(db, scan));
	w->pid = 0;
	return 0;
}

static void install_stop_handlers(struct sigaction *old_int, struct sigaction *old_term)
{
	struct sigaction sa = { .sa_handler = request_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, old_int);
	sigaction(SIGTERM, &sa, old_term);
}

static void stop_workers(struct worker *w, int n)
{
	for (int i = 0; i < n; i++) {
		if (w[i].pid > 0) {
			kill(w[i].pid, SIGKILL);
			waitpid(w[i].pid, NULL, 0);
			close(w[i].fd);
			w[i].pid = 0;
		}
	}
}

/* wait_and_drain - poll the running workers and finish those at EOF. */
static int wait_and_drain(struct md_db *db, int64_t scan, struct worker *w, int jobs,
			  const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
			  struct md_scan_stats *stats)
{
	struct pollfd pfd[jobs];
	int map[jobs], n = 0;

	for (int i = 0; i < jobs; i++) {
		if (w[i].pid > 0) {
			pfd[n] = (struct pollfd){ .fd = w[i].fd, .events = POLLIN };
			map[n++] = i;
		}
	}
	if (poll(pfd, (nfds_t)n, 1000) < 0)
		return errno == EINTR ? 0 : -1;
	for (int k = 0; k < n; k++) {
		struct worker *wk = &w[map[k]];
		ssize_t got;

		if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		got = read_some(wk);
		if (got < 0 && errno != EINTR)
			return -1;
		if (got == 0 && finish_worker(db, scan, wk, cfg, opts, stats))
			return -1;
	}
	return 0;
}

int md_scan_run(struct md_db *db, int64_t scan, const struct md_tu_list *tus,
		const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
		struct md_scan_stats *stats)
{
	int jobs = opts->jobs > 0 ? opts->jobs : 1;
	struct worker *w = calloc((size_t)jobs, sizeof(*w));
	struct sigaction old_int, old_term;
	size_t next = 0;
	int running, rc = 0;

	if (!w)
		return -1;
	memset(stats, 0, sizeof(*stats));
	stop_requested = 0;
	install_stop_handlers(&old_int, &old_term);
	for (;;) {
		running = 0;
		for (int i = 0; i < jobs; i++) {
			if (!w[i].pid && next < tus->n && !stop_requested &&
			    start_worker(&w[i], &tus->v[next], cfg, opts->timeout) == 0)
				next++;
			running += w[i].pid > 0;
		}
		if (!running || stop_requested)
			break;
		if (wait_and_drain(db, scan, w, jobs, cfg, opts, stats)) {
			rc = -1;
			break;
		}
	}
	stats->interrupted = stop_requested || (rc == 0 && next < tus->n);
	stop_workers(w, jobs);
	for (int i = 0; i < jobs; i++)
		free(w[i].buf);
	free(w);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}
