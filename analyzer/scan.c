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
#include <jansson.h>

#include "../db/ingest.h"
#include "../db/query.h"
#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/proc.h"
#include "../lib/xalloc.h"
#include "scan.h"

/* One worker process and the bytes it has sent so far. */
struct worker {
	pid_t pid;
	int fd;
	const struct md_tu *tu;
	char *buf;
	size_t len, cap;
	struct timespec start;
	int timed_out;	/* the parent killed it at the time limit */
	int over_memory; /* the parent killed it at the memory limit */
};

static volatile sig_atomic_t stop_requested;

static void request_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* --- the worker's side: its report as ingest records, one per line --- */

static void put_record(FILE *out, json_t *rec)
{
	json_dumpf(rec, out, JSON_COMPACT);
	fputc('\n', out);
	json_decref(rec);
}

static void put_text(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, value ? md_json_text(value) : json_null());
}

static const char *worker_status(const struct md_tu_result *res)
{
	if (res->failed)
		return "failed";
	return res->errors ? "parse-error" : "ok";
}

static json_t *file_record(const struct md_seen_file *s, const struct md_tu_result *res,
			   const struct md_tu *tu, long ms)
{
	struct md_file_record rec = {
		.path = s->path, .role = s->is_tu ? "tu" : "header",
		.hash = s->hash[0] ? s->hash : NULL, .duration_ms = -1,
	};

	char flags_hash[MD_FINGERPRINT_LEN + 1];

	if (s->is_tu) {
		rec.status = worker_status(res);
		rec.message = res->first_error;
		rec.borrowed = tu->borrowed;
		rec.duration_ms = ms;
	}
	if (s->is_tu && res->inputs.n) {
		md_tu_flags_hash(tu, flags_hash);
		rec.flags_hash = flags_hash;
		rec.inputs_hash = res->inputs.hash;
		rec.inputs = (const char *const *)res->inputs.paths;
		rec.ninputs = res->inputs.n;
	}
	return md_file_record_to_json(&rec);
}

static json_t *note_record(const struct md_note *n)
{
	json_t *rec = json_object();

	json_object_set_new(rec, "type", json_string("note"));
	json_object_set_new(rec, "kind", json_string(n->kind));
	put_text(rec, "path", n->path);
	json_object_set_new(rec, "line", json_integer(n->line));
	json_object_set_new(rec, "column", json_integer(n->col));
	json_object_set_new(rec, "end_line", json_integer(n->end_line));
	put_text(rec, "token", n->token);
	put_text(rec, "record", n->record);
	return rec;
}

/* put_findings_and_notes - what @res found, and its census notes. */
static void put_findings_and_notes(FILE *out, const struct md_tu_result *res)
{
	for (size_t i = 0; i < res->nfindings; i++)
		put_record(out, md_finding_to_json(&res->findings[i]));
	for (size_t i = 0; i < res->nnotes; i++)
		put_record(out, note_record(&res->notes[i]));
}

/* copy_pch_report - the records of the PCH's headers, as if the TU had found them. */
static void copy_pch_report(FILE *out, const char *path)
{
	FILE *in = fopen(path, "r");
	char buf[8192];
	size_t n;

	if (!in)
		_exit(6); /* recorded as a failed TU, never as one without findings */
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
}

/* write_report - the TU's own file first, then findings, notes, the end mark. */
static void write_report(FILE *out, const struct md_tu_result *res, const struct md_tu *tu,
			 const char *tu_path, long ms)
{
	struct md_seen_file self = { .path = (char *)tu_path, .is_tu = 1 };
	size_t i;
	int have_tu = 0;

	for (i = 0; i < res->nfiles; i++)
		have_tu |= res->files[i].is_tu;
	if (!have_tu)	/* libclang produced no AST: the TU is still accounted for */
		put_record(out, file_record(&self, res, tu, ms));
	for (i = 0; i < res->nfiles; i++)
		put_record(out, file_record(&res->files[i], res, tu, ms));
	put_findings_and_notes(out, res);
	if (res->pch_report)
		copy_pch_report(out, res->pch_report);
	fputs("{\"type\":\"end\"}\n", out);
}

int md_write_pch_report(const char *path, const struct md_tu_result *res,
			const struct md_tu *header)
{
	FILE *out = fopen(path, "w");

	if (!out)
		return -1;
	for (size_t i = 0; i < res->nfiles; i++)
		if (!res->files[i].is_tu)
			put_record(out, file_record(&res->files[i], res, header, -1));
	put_findings_and_notes(out, res);
	return fclose(out) ? -1 : 0;
}

#ifdef MD_TEST_HOOKS
/*
 * inject_fault - test builds only: MEMDESC_FAULT_CRASH=<substring> makes
 * the worker of a matching file die of SIGSEGV, MEMDESC_FAULT_HANG=<...>
 * makes it hang, MEMDESC_FAULT_STOP=<...> stops it (SIGSTOP),
 * MEMDESC_FAULT_BLOAT=<...> makes it grow without bound, so crash, timeout
 * and memory handling can be tested without a TU that really does so.
 */
static void inject_fault(const struct md_tu *tu)
{
	const char *crash = getenv("MEMDESC_FAULT_CRASH");
	const char *hang = getenv("MEMDESC_FAULT_HANG");

	if (crash && *crash && strstr(tu->file, crash))
		raise(SIGSEGV);
	const char *bloat = getenv("MEMDESC_FAULT_BLOAT");
	const char *stop = getenv("MEMDESC_FAULT_STOP");

	if (stop && *stop && strstr(tu->file, stop))
		raise(SIGSTOP);
	while (bloat && *bloat && strstr(tu->file, bloat)) {
		char *p = malloc(16 << 20);	/* grows until the parent kills it */

		if (p)
			memset(p, 1, 16 << 20);
		usleep(1000);
	}
	while (hang && *hang && strstr(tu->file, hang))
		pause();
}
#else
static void inject_fault(const struct md_tu *tu)
{
	(void)tu;
}
#endif

static char *tu_relative(const struct md_engine_cfg *cfg, const struct md_tu *tu)
{
	const char *rel = md_path_under(cfg->srcdir, tu->file);

	return xstrdup(rel && *rel ? rel : tu->file);
}

static void run_worker(int fd, const struct md_tu *tu, const struct md_engine_cfg *cfg)
{
	struct md_tu_result res;
	struct timespec start;
	FILE *out;

	signal(SIGINT, SIG_IGN);	/* the parent decides when to stop */
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	out = fdopen(fd, "w");
	if (!out || (tu->directory && chdir(tu->directory)))
		_exit(3);
	inject_fault(tu);
	md_engine_run(tu, cfg, &res);
	write_report(out, &res, tu, tu_relative(cfg, tu), elapsed_ms(&start));
	if (fclose(out))
		_exit(5);
	_exit(0);
}

/* --- the parent's side --- */

static int start_worker(struct worker *w, const struct md_tu *tu, const struct md_engine_cfg *cfg)
{
	pid_t parent;
	int fds[2];

	if (pipe(fds))
		return md_error_errno("cannot start a worker");
	fflush(NULL);
	parent = getpid();
	w->pid = fork();
	if (w->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		w->pid = 0;
		return md_error_errno("cannot start a worker");
	}
	if (w->pid == 0) {
		md_die_with_parent(parent);
		close(fds[0]);
		run_worker(fds[1], tu, cfg);
	}
	close(fds[1]);
	w->fd = fds[0];
	w->tu = tu;
	w->len = 0;
	w->timed_out = 0;
	w->over_memory = 0;
	clock_gettime(CLOCK_MONOTONIC, &w->start);
	return 0;
}

/* read_some - append what the worker sent; returns 0 at EOF. */
static ssize_t read_some(struct worker *w)
{
	ssize_t n;

	if (w->cap - w->len < 65536) {
		w->cap = w->cap ? 2 * w->cap : 262144;
		w->buf = xrealloc(w->buf, w->cap);
	}
	do
		n = read(w->fd, w->buf + w->len, w->cap - w->len - 1);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		w->len += (size_t)n;
	return n;
}

/* report_complete - the worker's report ends with its end record. */
static int report_complete(const struct worker *w)
{
	static const char end[] = "{\"type\":\"end\"}\n";
	size_t n = sizeof(end) - 1;

	return w->len >= n && !memcmp(w->buf + w->len - n, end, n) &&
	       (w->len == n || w->buf[w->len - n - 1] == '\n');
}

/* A TU being stored: what the ingest callbacks need. */
struct tu_store {
	const struct md_scan_opts *opts;
	char *status, *message;
	long carried; /* findings carried from an earlier scan */
};

/* tu_failed - the TU was not scanned: its findings are unknown, not gone. */
static int tu_failed(const struct tu_store *t)
{
	return !t->status || !strcmp(t->status, "crashed") || !strcmp(t->status, "timeout") ||
	       !strcmp(t->status, "failed");
}

static void on_file(void *data, const struct md_file_record *rec)
{
	struct tu_store *t = data;

	if (strcmp(rec->role, "tu") || t->status)
		return;
	t->status = xstrdup(rec->status ? rec->status : "ok");
	t->message = xstrdup_or_null(rec->message);
}

static unsigned int uint_field(json_t *rec, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(rec, key));

	return v > 0 ? (unsigned int)v : 0;
}

static void on_other(void *data, const char *type, json_t *rec)
{
	struct tu_store *t = data;
	const char *token = json_string_value(json_object_get(rec, "token"));
	const char *record = json_string_value(json_object_get(rec, "record"));
	struct md_note note = {
		.kind = json_string_value(json_object_get(rec, "kind")),
		.path = (char *)json_string_value(json_object_get(rec, "path")),
		.line = uint_field(rec, "line"), .col = uint_field(rec, "column"),
		.end_line = uint_field(rec, "end_line"),
		.token = (char *)token, .record = (char *)record,
	};

	if (strcmp(type, "note") || !note.path || !t->opts->note)
		return;
	t->opts->note(t->opts->done_data, &note);
}

/* store_died - a worker that left no complete report: only its TU's row. */
static int store_died(struct md_db *db, int64_t scan, const struct worker *w,
		      const char *tu_path, struct tu_store *t, int sig, int exit_code)
{
	struct md_file_record rec = {
		.path = tu_path, .role = "tu", .borrowed = w->tu->borrowed,
		.duration_ms = elapsed_ms(&w->start),
	};

	t->status = xstrdup(w->timed_out ? "timeout" : w->over_memory ? "failed" : "crashed");
	if (w->timed_out)
		t->message = xstrdup("killed at the time limit");
	else if (w->over_memory)
		t->message = xasprintf("killed at the memory limit of %llu MiB",
				       t->opts->max_memory >> 20);
	else if (sig)
		t->message = xasprintf("worker died of %s", strsignal(sig));
	else if (exit_code)
		t->message = xasprintf("worker exited with status %d without a report", exit_code);
	else
		t->message = xstrdup("worker died (no result)");
	rec.status = t->status;
	rec.message = t->message;
	return md_db_add_scan_file(db, scan, &rec);
}

/*
 * store_report - write one TU's report in one transaction: its files, its
 * findings (duplicates of a header already seen are dropped by the
 * database) and its status.  A report without its end record (the worker
 * died) is not trusted: only the TU's row is written.
 */
static int store_report(struct md_db *db, int64_t scan, struct worker *w, const char *tu_path,
			const struct md_scan_opts *opts, int sig, int exit_code, struct tu_store *t,
			struct md_scan_stats *stats)
{
	struct md_ingest_opts io = {
		.source = tu_path, .engine = "libclang", .origin = tu_path,
		.other = on_other, .file = on_file, .data = t, .census = opts->store_census,
		.skipped = opts->store_skipped,
	};
	struct md_ingest *in;
	char *line, *next;
	int rc = 0;

	t->opts = opts;
	if (md_db_begin(db))
		return -1;
	if (w->timed_out || w->over_memory || sig || !report_complete(w)) {
		rc = store_died(db, scan, w, tu_path, t, sig, exit_code);
	} else {
		in = md_ingest_new(db, scan, &io);
		for (line = w->buf; !rc && (next = memchr(line, '\n', w->len - (size_t)(line - w->buf)));
		     line = next + 1)
			rc = md_ingest_line(in, line, (size_t)(next - line));
		stats->rejected += md_ingest_stats(in)->rejected;
		md_ingest_free(in);
	}
	if (!rc && tu_failed(t)) {
		long carried = md_db_carry_findings(db, scan, tu_path);

		rc = carried < 0 ? -1 : 0;
		t->carried = carried;
		stats->carried += carried > 0 ? carried : 0;
		stats->tus_failed++;
	}
	if (rc || md_db_commit(db)) {
		md_db_rollback(db);
		return -1;
	}
	return 0;
}

static void log_failure(const struct md_scan_opts *opts, const char *tu_path,
			const struct tu_store *t)
{
	const char *status = t->status ? t->status : "crashed";
	const char *message = t->message;

	if (!strcmp(status, "ok"))
		return;
	if (tu_failed(t) && t->carried > 0)
		fprintf(opts->log, "%s: note: %ld findings of an earlier scan carried as unknown\n",
			tu_path, t->carried);
	if (!strcmp(status, "crashed"))
		fprintf(opts->log, "%s: error: %s [memdesc-tu-crashed]\n", tu_path,
			message ? message : "worker died");
	else if (!strcmp(status, "timeout"))
		fprintf(opts->log, "%s: error: no result after %d s [memdesc-tu-timeout]\n",
			tu_path, opts->timeout);
	else if (!strcmp(status, "failed") && message && strncmp(message, "error: ", 7))
		fprintf(opts->log, "%s: error: %s [memdesc-tu-failed]\n", tu_path, message);
	else if (message && !strncmp(message, "error: ", 7))
		fprintf(opts->log, "%s: %s [memdesc-tu-%s]\n", tu_path, message, status);
	else if (message)
		fprintf(opts->log, "%s [memdesc-tu-%s]\n", message, status);
}

/* finish_worker - reap @w, store its report, tell the caller. */
static int finish_worker(struct md_db *db, int64_t scan, struct worker *w,
			 const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
			 struct md_scan_stats *stats)
{
	char *tu_path = tu_relative(cfg, w->tu);
	struct tu_store t = { 0 };
	int wstatus = 0, sig = 0, exit_code = 0, rc;
	struct rusage ru;

	close(w->fd);
	while (waitpid(w->pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(wstatus))
		sig = WTERMSIG(wstatus);
	else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus))
		exit_code = WEXITSTATUS(wstatus), w->len = 0;	/* no report to trust */
	rc = store_report(db, scan, w, tu_path, opts, sig, exit_code, &t, stats);
	if (!rc) {
		log_failure(opts, tu_path, &t);
		if (getrusage(RUSAGE_CHILDREN, &ru) == 0 && ru.ru_maxrss > stats->peak_rss_kb)
			stats->peak_rss_kb = ru.ru_maxrss;
		if (opts->done)
			opts->done(opts->done_data, tu_path);
	}
	free(t.status);
	free(t.message);
	free(tu_path);
	w->pid = 0;
	return rc;
}

static void install_handlers(struct sigaction *old_int, struct sigaction *old_term)
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

/* resident_bytes - what process @pid keeps in memory now, 0 if unknown. */
static unsigned long long resident_bytes(pid_t pid)
{
	unsigned long long size, resident = 0;
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * (unsigned long long)sysconf(_SC_PAGESIZE);
}

/*
 * enforce_limits - kill the workers past the time or the memory limit; the
 * parent does it, so a stopped or blocked worker cannot hang the scan.
 * Their EOF follows and finish_worker records why they died.
 */
static void enforce_limits(struct worker *w, int jobs, const struct md_scan_opts *opts)
{
	for (int i = 0; i < jobs; i++) {
		if (w[i].pid <= 0 || w[i].timed_out || w[i].over_memory)
			continue;
		if (opts->timeout && elapsed_ms(&w[i].start) >= opts->timeout * 1000L)
			w[i].timed_out = 1;
		else if (opts->max_memory && resident_bytes(w[i].pid) > opts->max_memory)
			w[i].over_memory = 1;
		else
			continue;
		kill(w[i].pid, SIGKILL);
	}
}

/* A pool of workers and the poll set over their pipes. */
struct pool {
	struct worker *w;
	struct pollfd *pfd;
	int *map;
	int jobs;
};

/* wait_and_drain - poll the running workers and finish those at EOF. */
static int wait_and_drain(struct md_db *db, int64_t scan, struct pool *p,
			  const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
			  struct md_scan_stats *stats)
{
	int n = 0;

	for (int i = 0; i < p->jobs; i++) {
		if (p->w[i].pid > 0) {
			p->pfd[n] = (struct pollfd){ .fd = p->w[i].fd, .events = POLLIN };
			p->map[n++] = i;
		}
	}
	if (poll(p->pfd, (nfds_t)n, 200) < 0)
		return errno == EINTR ? 0 : md_error_errno("poll");
	for (int k = 0; k < n; k++) {
		struct worker *wk = &p->w[p->map[k]];
		ssize_t got;

		if (!(p->pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		got = read_some(wk);
		if (got < 0 && errno != EINTR)
			return md_error_errno("reading a worker's report");
		if (got == 0 && finish_worker(db, scan, wk, cfg, opts, stats))
			return -1;
	}
	enforce_limits(p->w, p->jobs, opts);
	return 0;
}

/* none_changed - opts->changed says no path of @in changed. */
static int none_changed(const struct md_scan_opts *opts, const struct md_tu_inputs *in)
{
	for (size_t i = 0; i < in->paths.n; i++)
		if (opts->changed(opts->changed_data, in->paths.v[i]))
			return 0;
	return 1;
}

/*
 * unchanged_since - @tu's flags and every input it read are as they were
 * in scan @from (by their hash, or by opts->changed when set): 1 yes, 0 no
 * (or not recorded), -1 on error.
 */
static int unchanged_since(struct md_db *db, int64_t from, const struct md_tu *tu,
			   const char *srcdir, const char *tu_path, struct md_hash_cache *cache,
			   const struct md_scan_opts *opts)
{
	char flags_hash[MD_FINGERPRINT_LEN + 1], now[MD_FINGERPRINT_LEN + 1];
	struct md_tu_inputs in;
	int rc = md_query_tu_inputs(db, from, tu_path, &in);

	if (rc <= 0)
		return rc;
	md_tu_flags_hash(tu, flags_hash);
	if (strcmp(flags_hash, in.flags_hash))
		rc = 0;
	else if (opts->changed)
		rc = none_changed(opts, &in);
	else
		rc = !md_inputs_hash_now(cache, srcdir, (const char *const *)in.paths.v, in.paths.n,
					 now) && !strcmp(now, in.inputs_hash);
	md_tu_inputs_release(&in);
	return rc;
}

/*
 * try_reuse - with opts->reuse_from: when @tu is unchanged since that
 * scan, copy what it found there instead of parsing it.  1 reused, 0 not,
 * -1 on error.
 */
static int try_reuse(struct md_db *db, int64_t scan, const struct md_tu *tu,
		     const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
		     struct md_scan_stats *stats, struct md_hash_cache *cache)
{
	char *tu_path;
	int rc;

	if (!opts->reuse_from)
		return 0;
	tu_path = tu_relative(cfg, tu);
	rc = unchanged_since(db, opts->reuse_from, tu, cfg->srcdir, tu_path, cache, opts);
	if (rc == 1) {
		if (md_db_begin(db) || md_db_reuse_tu(db, scan, opts->reuse_from, tu_path) < 0 ||
		    md_db_commit(db)) {
			md_db_rollback(db);
			rc = -1;
		} else {
			stats->reused++;
			if (opts->done)
				opts->done(opts->done_data, tu_path);
		}
	}
	free(tu_path);
	return rc;
}

int md_scan_run(struct md_db *db, int64_t scan, const struct md_tu_list *tus,
		const struct md_engine_cfg *cfg, const struct md_scan_opts *opts,
		struct md_scan_stats *stats)
{
	struct pool p = { .jobs = opts->jobs };
	struct sigaction old_int, old_term;
	struct md_hash_cache *cache = opts->reuse_from && !opts->changed ? md_hash_cache_new() : NULL;
	size_t next = 0;
	int running, rc = 0, reused;

	if (p.jobs < 1)
		BUG("md_scan_run with %d jobs", p.jobs);
	if ((size_t)p.jobs > tus->n)
		p.jobs = tus->n ? (int)tus->n : 1;
	p.w = xcalloc((size_t)p.jobs, sizeof(*p.w));
	p.pfd = xcalloc((size_t)p.jobs, sizeof(*p.pfd));
	p.map = xcalloc((size_t)p.jobs, sizeof(*p.map));
	memset(stats, 0, sizeof(*stats));
	stop_requested = 0;
	install_handlers(&old_int, &old_term);
	for (;;) {
		running = 0;
		for (int i = 0; i < p.jobs; i++) {
			while (!p.w[i].pid && next < tus->n && !stop_requested && !rc &&
			       (reused = try_reuse(db, scan, &tus->v[next], cfg, opts, stats,
						   cache)) != 0) {
				rc = reused < 0 ? -1 : 0;
				next += reused > 0;
			}
			if (!p.w[i].pid && next < tus->n && !stop_requested && !rc) {
				rc = start_worker(&p.w[i], &tus->v[next], cfg);
				next += !rc;
			}
			running += p.w[i].pid > 0;
		}
		if (!running || stop_requested || rc)
			break;
		rc = wait_and_drain(db, scan, &p, cfg, opts, stats);
	}
	stats->interrupted = stop_requested || (rc == 0 && next < tus->n);
	stop_workers(p.w, p.jobs);
	for (int i = 0; i < p.jobs; i++)
		free(p.w[i].buf);
	free(p.w);
	free(p.pfd);
	free(p.map);
	md_hash_cache_free(cache);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}
