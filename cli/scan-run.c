// SPDX-License-Identifier: GPL-2.0
/*
 * scan-run.c - the back half that scan and check share: the rule
 * selection, opening the database, running the workers and printing what
 * each TU stored, read back through the read API as it is committed.
 */
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cocci/run.h"
#include "../db/ingest.h"
#include "../db/query.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/progress.h"
#include "../lib/xalloc.h"
#include "cli.h"

void scan_options_init(struct scan_options *so)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(so, 0, sizeof(*so));
	so->db_path = "memdesc.db";
	so->format = "text";
	so->jobs = cpus > 0 ? (int)cpus : 1;
	so->timeout = 600;
	so->max_memory = 4ULL << 30;
}

void scan_options_check(struct scan_options *so, const struct md_usage *usage)
{
	char bad[64];
	int n = md_rules_select(so->enable, so->disable, so->rules, bad, sizeof(bad));

	if (n < 0 && !bad[0])
		md_usage_error(usage, "empty rule id in --enable or --disable");
	if (n < 0)
		md_usage_error(usage, "unknown rule '%s' (see memdesc list-rules)", bad);
	if (n == 0)
		md_usage_error(usage, "no rule enabled");
	so->nrules = (size_t)n;
	so->renderer = md_renderer_find(so->format);
	if (!so->renderer)
		md_usage_error(usage, "--format: '%s' is not one of %s", so->format,
			       md_renderer_names());
}

const char *config_name(const struct md_usage *usage, const char *arg)
{
	if (strcmp(arg, "defconfig") && strcmp(arg, "allmodconfig"))
		md_usage_error(usage, "--config: '%s' is neither defconfig nor allmodconfig", arg);
	return arg;
}

struct md_db *open_scan_to_read(const char *path, int64_t scan_id, struct md_scan_info *info)
{
	struct md_db *db = md_db_open(path, MD_DB_READ);
	int64_t scan;
	int rc;

	if (!db)
		return NULL;
	scan = scan_id ? scan_id : md_query_latest_scan(db);
	if (scan == 0)
		md_error("%s: the database holds no scan yet", path);
	rc = scan > 0 ? md_query_scan(db, scan, info) : -1;
	if (rc == 1)
		md_error("%s: no scan %lld", path, (long long)scan);
	if (rc) {
		md_db_close(db);
		return NULL;
	}
	return db;
}

struct md_db *open_scan_db(const char *path)
{
	const struct md_rule *const *every;
	struct md_db *db = md_db_open(path, MD_DB_WRITE);
	size_t i, n;

	if (!db)
		return NULL;
	every = md_rules(&n);
	for (i = 0; i < n; i++) {
		if (md_db_put_rule(db, every[i]->id, every[i]->summary)) {
			md_db_close(db);
			return NULL;
		}
	}
	return db;
}

char *join_words(const char *const *v, size_t n)
{
	size_t i, len = 1;
	char *out;

	for (i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	out = xcalloc(1, len);
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, v[i]);
	}
	return out;
}

/* A scan in progress: what the after-each-TU callback needs. */
struct scan_session {
	struct scan_options *so;
	struct md_db *db;
	int64_t scan;
	struct md_render render;
	struct md_progress *progress; /* on a terminal only */
	long tus_done;
};

/* print_tu_findings - what the TU just committed, read back from the database. */
static void print_tu_findings(void *data, const char *tu_path)
{
	struct scan_session *s = data;
	struct md_filter filter = { .origin = tu_path };

	if (!s->so->quiet) {
		md_progress_clear(s->progress);
		md_query_findings(s->db, s->scan, &filter, md_render_finding, &s->render);
		/* a reader that went away (| head) ends the printing, not the scan */
		if (fflush(stdout) || ferror(stdout))
			s->so->quiet = 1;
	}
	md_progress_update(s->progress, ++s->tus_done, tu_path);
}

/* on_note - a census note, printed beside the findings (stderr when they go there). */
static void on_note(void *data, const struct md_note *n)
{
	struct scan_session *s = data;
	FILE *out = s->so->notes_out ? s->so->notes_out : stdout;

	if (!n->token)
		fprintf(out, "%s:%u-%u: note: skipped by the preprocessor [census]\n", n->path,
			n->line, n->end_line);
	else if (n->kind && !strcmp(n->kind, "cast"))
		fprintf(out, "%s:%u:%u: note: cast of '%s' to struct %s * [census]\n", n->path,
			n->line, n->col, n->record ? n->record : "?", n->token);
	else if (n->kind && !strcmp(n->kind, "dropped"))
		fprintf(out, "%s:%u:%u: note: dropped by macro '%s' [census]\n", n->path, n->line,
			n->col, n->token);
	else if (n->kind && !strcmp(n->kind, "variable"))
		fprintf(out, "%s:%u:%u: note: variable '%s' [census]\n", n->path, n->line, n->col,
			n->token);
	else if (n->record)
		fprintf(out, "%s:%u:%u: note: member '%s' of struct %s [census]\n", n->path,
			n->line, n->col, n->token, n->record);
	else
		fprintf(out, "%s:%u:%u: note: _compound_head() through '%s' [census]\n", n->path,
			n->line, n->col, n->token);
}

int run_scan(struct scan_options *so, struct md_db *db, const struct md_tu_list *tus,
	     const struct md_engine_cfg *cfg, const struct md_scan_row *row, int summary)
{
	struct scan_session session = { .so = so, .db = db };
	struct md_scan_opts opts = {
		.jobs = so->jobs, .timeout = so->timeout, .max_memory = so->max_memory,
		.reuse_from = so->reuse_from, .changed = so->changed, .changed_data = so->changed_data,
		.log = stderr,
		.done = print_tu_findings, .done_data = &session,
		.note = so->census ? on_note : NULL,
		.store_census = so->store_census, .store_skipped = so->want_skipped,
	};
	struct md_scan_stats stats;
	void (*old_pipe)(int);
	long found;
	int rc;

	session.scan = md_db_scan_begin(db, row);
	if (session.scan < 0)
		return EXIT_ERROR;
	old_pipe = signal(SIGPIPE, SIG_IGN);
	session.progress = md_progress_start("scan", (long)tus->n);
	opts.log = md_progress_stream(session.progress);
	md_render_begin(&session.render, so->renderer, stdout, db, session.scan);
	rc = md_scan_run(db, session.scan, tus, cfg, &opts, &stats);
	md_progress_finish(session.progress);
	if (!rc && !stats.interrupted && so->after_parse) {
		int fallback = so->after_parse(so->after_parse_data, db, session.scan, &session.render);

		rc = fallback < 0 ? -1 : 0;
		stats.tus_failed += fallback > 0 ? fallback : 0;
	}
	md_render_end(&session.render);
	if (!rc && !stats.interrupted && md_db_link_renames(db, session.scan) < 0)
		rc = -1;
	if (md_db_scan_finish(db, session.scan,
			      rc || stats.interrupted ? "incomplete" : "complete"))
		rc = -1;
	/* the next scan reuses from this one: older inputs are dead weight */
	if (!rc && !stats.interrupted && md_db_prune_inputs(db, session.scan))
		rc = -1;
	if (summary) {
		md_print_summary(db, session.scan, stderr);
		if (so->reuse_from)
			fprintf(stderr, "%ld unchanged files reused from scan %lld, %ld parsed\n",
				stats.reused, (long long)so->reuse_from,
				(long)tus->n - stats.reused);
		fprintf(stderr, "peak worker memory %.0f MB; database %s, scan %lld\n",
			stats.peak_rss_kb / 1024.0, md_db_path(db), (long long)session.scan);
	}
	signal(SIGPIPE, old_pipe);
	if (rc)
		return EXIT_ERROR;
	if (stats.interrupted) {
		md_error("scan interrupted: scan %lld is marked incomplete",
			 (long long)session.scan);
		return EXIT_ERROR;
	}
	found = md_query_findings(db, session.scan, NULL, NULL, NULL);
	if (found < 0)
		return EXIT_ERROR;
	if (stats.tus_failed) {
		md_warning("scan %lld is partial: %d files could not be scanned; %ld of their "
			   "findings from earlier scans are carried as unknown",
			   (long long)session.scan, stats.tus_failed, stats.carried);
		return EXIT_PARTIAL;
	}
	return found && !so->exit_zero ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* --- the coccinelle engine --- */

#ifndef MEMDESC_COCCI_DIR
#define MEMDESC_COCCI_DIR "/usr/local/share/memdesc/cocci"
#endif

const char *cocci_dir_default(void)
{
	static char installed[4096];
	char exe[4000];
	ssize_t n;

	if (getenv("MEMDESC_COCCI"))
		return getenv("MEMDESC_COCCI");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		*strrchr(exe, '/') = 0;
		snprintf(installed, sizeof(installed), "%s/../share/memdesc/cocci", exe);
		if (access(installed, R_OK) == 0)
			return installed;
	}
	return MEMDESC_COCCI_DIR;
}

/* A coccinelle scan in progress: where its findings go. */
struct cocci_session {
	const struct scan_options *so;
	const char *tree;
	struct md_ingest *in;
	struct strv failed, why; /* the files spatch failed on, and why */
	const struct skipped_lines *only; /* keep only findings on these lines; NULL: all */
	size_t nonly;
	struct strv seen; /* with only: "rule path line" of the libclang findings there */
};

/* keep_seen - a libclang finding of a file whose skipped lines spatch reads. */
static int keep_seen(void *data, const struct md_finding *f)
{
	struct cocci_session *s = data;

	strv_pushf(&s->seen, "%s %s %u", f->rule, f->path, f->line);
	return 0;
}

/*
 * seen_by_libclang - @f is on a line where libclang found the same rule: a
 * header's lines one TU skipped and another compiled.
 */
static int seen_by_libclang(const struct cocci_session *s, const struct md_finding *f)
{
	char *key = xasprintf("%s %s %u", f->rule, f->path, f->line);
	int found = 0;

	for (size_t i = 0; !found && i < s->seen.n; i++)
		found = !strcmp(s->seen.v[i], key);
	free(key);
	return found;
}

/* on_lines - @f lies on the lines of s->only. */
static int on_lines(const struct cocci_session *s, const struct md_finding *f)
{
	for (size_t i = 0; i < s->nonly; i++)
		if (!strcmp(s->only[i].path, f->path) && s->only[i].first <= f->line &&
		    f->line <= s->only[i].last)
			return 1;
	return 0;
}

static void note_cocci_failure(void *data, const char *path, const char *why)
{
	struct cocci_session *s = data;

	md_warning("%s: %s", path, why);
	strv_push(&s->failed, path);
	strv_push(&s->why, why);
}

/* ingest_file_records - a "file" record per file: ok, or failed and why. */
static int ingest_file_records(struct cocci_session *s, const struct strv *files)
{
	int rc = 0;

	for (size_t i = 0; i < files->n && !rc; i++) {
		struct md_file_record rec = { .path = files->v[i], .status = "ok",
					       .role = md_path_has_suffix(files->v[i], ".h") ? "header" : "tu",
					       .duration_ms = -1 };
		char *abs = md_path_join(s->tree, files->v[i]), hash[17];
		json_t *obj;
		char *line;

		/* what a later --incremental scan compares (scan-fallback.c) */
		if (!md_file_hash(abs, hash))
			rec.hash = hash;
		free(abs);

		for (size_t k = 0; k < s->failed.n; k++) {
			if (!strcmp(s->failed.v[k], files->v[i])) {
				rec.status = "failed";
				rec.message = s->why.v[k];
			}
		}
		obj = md_file_record_to_json(&rec);
		line = json_dumps(obj, JSON_COMPACT);
		json_decref(obj);
		rc = md_ingest_line(s->in, line, strlen(line));
		free(line);
	}
	return rc;
}

static int rule_selected(const struct scan_options *so, const char *id)
{
	for (size_t i = 0; i < so->nrules; i++)
		if (!strcmp(so->rules[i]->id, id))
			return 1;
	return 0;
}

/* ingest_cocci_finding - one finding of spatch, through the one ingest path. */
static int ingest_cocci_finding(void *data, const struct md_finding *f)
{
	struct cocci_session *s = data;
	json_t *obj;
	char *line;
	int rc;

	if (!rule_selected(s->so, f->rule) ||
	    (s->only && (!on_lines(s, f) || seen_by_libclang(s, f))))
		return 0;
	obj = md_finding_to_json(f);
	line = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	if (!line)
		return md_error("%s: cannot encode a finding", f->path);
	rc = md_ingest_line(s->in, line, strlen(line));
	free(line);
	return rc;
}

/* every_source - the .c and .h files of the scope, built or not, sorted. */
static struct strv cocci_files;
static const char *cocci_root;

static int add_source(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_F && (md_path_has_suffix(path, ".c") || md_path_has_suffix(path, ".h"))) {
		const char *rel = md_path_under(cocci_root, path);

		if (rel && *rel)
			strv_push(&cocci_files, rel);
	}
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void every_source(const char *srcdir, const char *const *scope, size_t nscope)
{
	cocci_root = srcdir;
	if (!nscope)
		nftw(srcdir, add_source, 64, FTW_PHYS);
	for (size_t i = 0; i < nscope; i++) {
		char *path = md_path_join(srcdir, scope[i]);

		nftw(path, add_source, 64, FTW_PHYS);
		free(path);
	}
	if (cocci_files.n)
		qsort(cocci_files.v, cocci_files.n, sizeof(*cocci_files.v), str_cmp);
}

/* print_scan - the findings and summary of a finished scan; the exit status. */
static int print_scan(struct scan_options *so, struct md_db *db, int64_t scan)
{
	struct md_render render;
	long found;

	if (!so->quiet) {
		md_render_begin(&render, so->renderer, stdout, db, scan);
		md_query_findings(db, scan, NULL, md_render_finding, &render);
		md_render_end(&render);
	}
	md_print_summary(db, scan, stderr);
	fprintf(stderr, "database %s, scan %lld\n", md_db_path(db), (long long)scan);
	found = md_query_findings(db, scan, NULL, NULL, NULL);
	if (found < 0)
		return EXIT_ERROR;
	return found && !so->exit_zero ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* ingest_fallback_notes - a census "fallback" note per range of s->only. */
static int ingest_fallback_notes(struct cocci_session *s)
{
	int rc = 0;

	for (size_t i = 0; i < s->nonly && !rc; i++) {
		char *line = NULL;
		json_t *obj = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i}", "type", "note", "kind",
					"fallback", "path", s->only[i].path, "line",
					(int)s->only[i].first, "column", 1, "end_line",
					(int)s->only[i].last);

		if (obj)
			line = json_dumps(obj, JSON_COMPACT);
		json_decref(obj);
		if (!line)
			return md_error("%s: cannot encode a census note", s->only[i].path);
		rc = md_ingest_line(s->in, line, strlen(line));
		free(line);
	}
	return rc;
}

static int run_cocci_ingest(struct scan_options *so, struct md_db *db, int64_t scan,
			    const char *tree, const struct strv *files,
			    const struct skipped_lines *only, size_t nonly, const char *cocci,
			    struct strv *failed)
{
	struct md_ingest_opts iopts = { .source = cocci, .engine = "coccinelle",
					.census = so->store_census };
	struct cocci_session s = { .so = so, .tree = tree, .failed = STRV_INIT, .why = STRV_INIT,
				   .only = only, .nonly = nonly, .seen = STRV_INIT };
	struct md_spatch_opts o = { .cocci = &cocci, .ncocci = 1, .jobs = so->jobs,
				    .timeout = so->timeout, .defines = STRV_INIT,
				    .failed = note_cocci_failure, .failed_data = &s };
	int rc;

	for (size_t i = 0; only && i < files->n; i++) {
		struct md_filter mine = { .path_prefix = files->v[i], .engine = "libclang" };

		if (md_query_findings(db, scan, &mine, keep_seen, &s) < 0)
			return -1;
	}
	s.in = md_ingest_new(db, scan, &iopts);
	rc = md_db_begin(db);
	if (!rc)
		rc = md_spatch_report(tree, (const char *const *)files->v, files->n, &o,
				      ingest_cocci_finding, &s);
	if (!rc && !only)
		rc = ingest_file_records(&s, files);
	if (!rc && only && so->store_census)
		rc = ingest_fallback_notes(&s);
	rc = rc ? (md_db_rollback(db), -1) : md_db_commit(db);
	if (!rc && md_ingest_stats(s.in)->rejected)
		rc = md_error("%s: %ld findings rejected by the ingest path", cocci,
			      md_ingest_stats(s.in)->rejected);
	md_ingest_free(s.in);
	for (size_t i = 0; i < s.failed.n; i++)
		strv_push(failed, s.failed.v[i]);
	strv_release(&s.failed);
	strv_release(&s.seen);
	strv_release(&s.why);
	return rc;
}

int cocci_ingest(struct scan_options *so, struct md_db *db, int64_t scan, const char *tree,
		 const struct strv *files, const char *cocci, struct strv *failed)
{
	return run_cocci_ingest(so, db, scan, tree, files, NULL, 0, cocci, failed);
}

int cocci_ingest_lines(struct scan_options *so, struct md_db *db, int64_t scan, const char *tree,
		       const struct strv *files, const struct skipped_lines *lines, size_t nlines,
		       const char *cocci, struct strv *failed)
{
	return run_cocci_ingest(so, db, scan, tree, files, lines, nlines, cocci, failed);
}

int run_cocci_scan(struct scan_options *so, struct md_db *db, struct md_scan_row *row,
		   const char *const *scope, size_t nscope, const char *cocci)
{
	struct strv failed = STRV_INIT;
	int64_t scan;
	int rc;

	every_source(row->tree, scope, nscope);
	row->tus_total = 0;
	for (size_t i = 0; i < cocci_files.n; i++)
		row->tus_total += md_path_has_suffix(cocci_files.v[i], ".c");
	row->scope_c_files = -1;	/* no configuration: every file is read */
	scan = md_db_scan_begin(db, row);
	if (scan < 0) {
		strv_release(&cocci_files);
		return EXIT_ERROR;
	}
	rc = cocci_ingest(so, db, scan, row->tree, &cocci_files, cocci, &failed);
	if (md_db_scan_finish(db, scan, rc ? "incomplete" : "complete"))
		rc = -1;
	strv_release(&cocci_files);
	if (rc) {
		strv_release(&failed);
		return EXIT_ERROR;
	}
	rc = print_scan(so, db, scan);
	if (failed.n && rc != EXIT_ERROR) {
		md_warning("scan %lld is partial: spatch failed on %zu files", (long long)scan,
			   failed.n);
		rc = EXIT_PARTIAL;
	}
	strv_release(&failed);
	return rc;
}
