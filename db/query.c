// SPDX-License-Identifier: GPL-2.0
/* query.c - the read API: scans, findings by filter, differences, counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/xalloc.h"
#include "internal.h"
#include "query.h"

static int prepare(struct md_db *db, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(db->sql, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read");
	return 0;
}

/* finish - finalize after stepping to the end; -1 (reported) on error. */
static int finish(struct md_db *db, sqlite3_stmt *st, int rc)
{
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, "cannot read");
	return 0;
}

int64_t md_query_latest_scan(struct md_db *db)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	if (prepare(db, "SELECT coalesce(max(id), 0) FROM scans", &st))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	return finish(db, st, rc) ? -1 : id;
}

int64_t md_query_complete_before(struct md_db *db, int64_t before)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	if (prepare(db, "SELECT coalesce(max(id), 0) FROM scans WHERE status = 'complete'"
			" AND (?1 = 0 OR id < ?1)", &st))
		return -1;
	sqlite3_bind_int64(st, 1, before);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	return finish(db, st, rc) ? -1 : id;
}

#define SCAN_COLUMNS                                                                     \
	"SELECT s.id, s.tree, s.kernel_version, s.config, s.build_dir, s.scope, s.engine," \
	" s.tool_version, s.rules, s.started_at, s.finished_at, s.host, s.shard, s.status," \
	" s.pid, s.tus_total, p.tus_done, p.tus_failed, p.tus_parse_errors,"              \
	" coalesce(s.scope_c_files, -1), s.fingerprint_version, s.census, s.fallback,"    \
	" (julianday(coalesce(s.finished_at, strftime('%Y-%m-%dT%H:%M:%fZ')))"             \
	"  - julianday(s.started_at)) * 86400.0"                                          \
	" FROM scans s JOIN scan_progress p ON p.scan_id = s.id"

/* effective_status - a running scan of this host whose process died is incomplete. */
static char *effective_status(sqlite3_stmt *st)
{
	const char *status = column_text(st, 13), *host = column_text(st, 11);
	char me[256] = "";

	gethostname(me, sizeof(me) - 1);
	if (status && !strcmp(status, "running") && host && !strcmp(host, me) &&
	    !pid_alive(sqlite3_column_int(st, 14)))
		return xstrdup("incomplete");
	return column_strdup(st, 13);
}

static void read_scan(sqlite3_stmt *st, struct md_scan_info *s)
{
	s->id = sqlite3_column_int64(st, 0);
	s->tree = column_strdup(st, 1);
	s->kernel_version = column_strdup(st, 2);
	s->config = column_strdup(st, 3);
	s->build_dir = column_strdup(st, 4);
	s->scope = column_strdup(st, 5);
	s->engine = column_strdup(st, 6);
	s->tool_version = column_strdup(st, 7);
	s->rules = column_strdup(st, 8);
	s->started_at = column_strdup(st, 9);
	s->finished_at = column_strdup(st, 10);
	s->host = column_strdup(st, 11);
	s->shard = column_strdup(st, 12);
	s->status = effective_status(st);
	s->tus_total = sqlite3_column_int(st, 15);
	s->tus_done = sqlite3_column_int(st, 16);
	s->tus_failed = sqlite3_column_int(st, 17);
	s->tus_parse_errors = sqlite3_column_int(st, 18);
	s->scope_c_files = sqlite3_column_int(st, 19);
	s->fingerprint_version = sqlite3_column_int(st, 20);
	s->census = sqlite3_column_int(st, 21);
	s->fallback = sqlite3_column_int(st, 22);
	s->seconds = sqlite3_column_double(st, 23);
}

int md_query_scan(struct md_db *db, int64_t id, struct md_scan_info *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (prepare(db, SCAN_COLUMNS " WHERE s.id = ?1", &st))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_scan(st, out);
	if (finish(db, st, rc))
		return -1;
	return rc == SQLITE_ROW ? 0 : 1;
}

int md_query_scans(struct md_db *db, int (*fn)(void *data, const struct md_scan_info *s),
		   void *data)
{
	struct md_scan_info s;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (prepare(db, SCAN_COLUMNS " ORDER BY s.id", &st))
		return -1;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_scan(st, &s);
		stop = fn(data, &s);
		md_scan_info_release(&s);
	}
	return finish(db, st, stop ? SQLITE_DONE : rc);
}

void md_scan_info_release(struct md_scan_info *s)
{
	free(s->tree);
	free(s->kernel_version);
	free(s->config);
	free(s->build_dir);
	free(s->scope);
	free(s->engine);
	free(s->tool_version);
	free(s->rules);
	free(s->started_at);
	free(s->finished_at);
	free(s->host);
	free(s->shard);
	free(s->status);
	memset(s, 0, sizeof(*s));
}

/* --- findings --- */

#define FINDING_COLUMNS                                                               \
	"f.rule, p.path, f.line, f.col, f.function, f.macro, f.matched, f.message,"    \
	" f.source_line, f.class, f.engine, f.certainty, f.occurrence, sp.path,"      \
	" f.spelling_line, f.spelling_col, f.fingerprint, o.path, coalesce(f.carried_from, 0)"

#define FINDING_JOINS                                                                 \
	" JOIN files p ON p.id = f.file_id"                                            \
	" LEFT JOIN files sp ON sp.id = f.spelling_file_id"                            \
	" LEFT JOIN files o ON o.id = f.origin_file_id"

/* Filter members bound as ?2..?5; NULL binds match everything. */
#define FILTER_WHERE                                                                  \
	" AND (?2 IS NULL OR f.rule = ?2)"                                             \
	" AND (?3 IS NULL OR p.path = ?3 OR substr(p.path, 1, length(?3) + 1) = ?3 || '/')" \
	" AND (?4 IS NULL OR f.engine = ?4)"                                           \
	" AND (?5 IS NULL OR o.path = ?5)"

#define FINDING_ORDER " ORDER BY p.path, f.line, f.col, f.rule, f.engine"

static void bind_filter(sqlite3_stmt *st, const struct md_filter *filter)
{
	static const struct md_filter all;
	const struct md_filter *fl = filter ? filter : &all;
	char prefix[4096];
	size_t n;

	if (fl->path_prefix) {
		snprintf(prefix, sizeof(prefix), "%s", fl->path_prefix);
		n = strlen(prefix);
		while (n > 1 && prefix[n - 1] == '/')
			prefix[--n] = '\0';
		sqlite3_bind_text(st, 3, prefix, -1, SQLITE_TRANSIENT);
	}
	bind_text(st, 2, fl->rule);
	bind_text(st, 4, fl->engine);
	bind_text(st, 5, fl->origin);
}

/* read_finding - the columns of FINDING_COLUMNS from @first on, borrowed. */
static void read_finding(sqlite3_stmt *st, int first, struct md_finding *f)
{
	const char *fp;

	memset(f, 0, sizeof(*f));
	f->rule = (char *)column_text(st, first + 0);
	f->path = (char *)column_text(st, first + 1);
	f->line = (unsigned int)sqlite3_column_int(st, first + 2);
	f->col = (unsigned int)sqlite3_column_int(st, first + 3);
	f->function = (char *)column_text(st, first + 4);
	f->macro = (char *)column_text(st, first + 5);
	f->matched = (char *)column_text(st, first + 6);
	f->message = (char *)column_text(st, first + 7);
	f->source_line = (char *)column_text(st, first + 8);
	f->class = (char *)column_text(st, first + 9);
	f->engine = (char *)column_text(st, first + 10);
	f->certainty = (char *)column_text(st, first + 11);
	f->occurrence = (unsigned int)sqlite3_column_int(st, first + 12);
	f->spelling_path = (char *)column_text(st, first + 13);
	f->spelling_line = (unsigned int)sqlite3_column_int(st, first + 14);
	f->spelling_col = (unsigned int)sqlite3_column_int(st, first + 15);
	fp = column_text(st, first + 16);
	snprintf(f->fingerprint, sizeof(f->fingerprint), "%s", fp ? fp : "");
	f->origin = (char *)column_text(st, first + 17);
	f->carried_from = sqlite3_column_int64(st, first + 18);
	f->source_line_len = (size_t)sqlite3_column_bytes(st, first + 8);
}

long md_query_findings(struct md_db *db, int64_t scan, const struct md_filter *filter,
		       md_finding_fn fn, void *data)
{
	struct md_finding f;
	sqlite3_stmt *st;
	long n = 0;
	int rc, stop = 0;

	if (prepare(db, "SELECT " FINDING_COLUMNS " FROM findings f" FINDING_JOINS
			" WHERE f.scan_id = ?1" FILTER_WHERE FINDING_ORDER, &st))
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	bind_filter(st, filter);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_finding(st, 0, &f);
		n++;
		stop = fn ? fn(data, &f) : 0;
	}
	return finish(db, st, stop ? SQLITE_DONE : rc) ? -1 : n;
}

int md_query_diff(struct md_db *db, int64_t older, int64_t newer, const struct md_filter *filter,
		  md_change_fn fn, void *data, struct md_diff_counts *counts)
{
	struct md_finding f;
	sqlite3_stmt *st;
	int rc, stop = 0;

	memset(counts, 0, sizeof(*counts));
	/*
	 * Column 0 says which side: 0 new, 1 fixed, 2 unchanged; a finding is
	 * the same one on both sides when fingerprint and engine agree.
	 */
	if (prepare(db,
		    "SELECT CASE WHEN f.scan_id = ?6 THEN 1 WHEN EXISTS (SELECT 1 FROM findings g"
		    "  WHERE g.scan_id = ?6 AND g.fingerprint = f.fingerprint"
		    "  AND g.engine = f.engine) THEN 2 ELSE 0 END, " FINDING_COLUMNS
		    " FROM findings f" FINDING_JOINS
		    " WHERE (f.scan_id = ?1 OR (f.scan_id = ?6 AND NOT EXISTS (SELECT 1"
		    "  FROM findings g WHERE g.scan_id = ?1 AND g.fingerprint = f.fingerprint"
		    "  AND g.engine = f.engine)))" FILTER_WHERE FINDING_ORDER,
		    &st))
		return -1;
	sqlite3_bind_int64(st, 1, newer);
	sqlite3_bind_int64(st, 6, older);
	bind_filter(st, filter);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		enum md_change change = (enum md_change)sqlite3_column_int(st, 0);

		read_finding(st, 1, &f);
		if (change == MD_CHANGE_NEW)
			counts->new_findings++;
		else if (change == MD_CHANGE_FIXED)
			counts->fixed++;
		else
			counts->unchanged++;
		stop = fn ? fn(data, change, &f) : 0;
	}
	return finish(db, st, stop ? SQLITE_DONE : rc);
}

static int run_counts(struct md_db *db, sqlite3_stmt *st, int with_summary, md_count_fn fn,
		      void *data)
{
	struct md_count c;
	int rc, stop = 0;

	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.key = column_text(st, 0);
		c.summary = with_summary ? column_text(st, 3) : NULL;
		c.findings = sqlite3_column_int64(st, 1);
		c.files = sqlite3_column_int64(st, 2);
		stop = fn(data, &c);
	}
	return finish(db, st, stop ? SQLITE_DONE : rc);
}

int md_query_rule_counts(struct md_db *db, int64_t scan, md_count_fn fn, void *data)
{
	sqlite3_stmt *st;

	if (prepare(db, "SELECT r.id, count(f.id), count(DISTINCT f.file_id), r.summary"
			" FROM rules r LEFT JOIN findings f ON f.rule = r.id AND f.scan_id = ?1"
			" GROUP BY r.id ORDER BY r.rowid", &st))
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	return run_counts(db, st, 1, fn, data);
}

int md_query_path_counts(struct md_db *db, int64_t scan, int depth, md_count_fn fn, void *data)
{
	sqlite3_stmt *st;

	/* cut(path, depth): the first @depth components, by a recursive split */
	if (prepare(db,
		    "WITH RECURSIVE cut(fid, path, rest, n) AS ("
		    "  SELECT id, '', path || '/', 0 FROM files"
		    "  UNION ALL SELECT fid, path || CASE WHEN n THEN '/' ELSE '' END"
		    "   || substr(rest, 1, instr(rest, '/') - 1),"
		    "   substr(rest, instr(rest, '/') + 1), n + 1 FROM cut"
		    "  WHERE rest != '' AND (?2 = 0 OR n < ?2))"
		    " SELECT k.path, count(*), count(DISTINCT f.file_id) FROM findings f"
		    " JOIN (SELECT fid, path FROM cut c WHERE rest = '' OR n = ?2) k"
		    "  ON k.fid = f.file_id"
		    " WHERE f.scan_id = ?1 GROUP BY k.path ORDER BY count(*) DESC, k.path", &st))
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int(st, 2, depth);
	return run_counts(db, st, 0, fn, data);
}

int md_query_files(struct md_db *db, int64_t scan, md_file_fn fn, void *data)
{
	struct md_file_record rec;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (prepare(db, "SELECT p.path, sf.role, sf.content_hash, sf.status, sf.message,"
			" sf.borrowed_flags, coalesce(sf.duration_ms, -1)"
			" FROM scan_files sf JOIN files p ON p.id = sf.file_id"
			" WHERE sf.scan_id = ?1 ORDER BY p.path", &st))
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rec = (struct md_file_record){
			.path = column_text(st, 0), .role = column_text(st, 1),
			.hash = column_text(st, 2), .status = column_text(st, 3),
			.message = column_text(st, 4), .borrowed = sqlite3_column_int(st, 5),
			.duration_ms = sqlite3_column_int64(st, 6),
		};
		stop = fn(data, &rec);
	}
	return finish(db, st, stop ? SQLITE_DONE : rc);
}

int md_query_census(struct md_db *db, int64_t scan, md_census_fn fn, void *data)
{
	struct md_census c;
	const char *kind;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (prepare(db, "SELECT p.path, c.line, c.col, c.kind, c.name, c.record, c.end_line"
			" FROM census c JOIN files p ON p.id = c.file_id"
			" WHERE c.scan_id = ?1 ORDER BY p.path, c.line, c.col, c.kind", &st))
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		kind = column_text(st, 3);
		c = (struct md_census){
			.path = column_text(st, 0), .line = (unsigned int)sqlite3_column_int(st, 1),
			.col = (unsigned int)sqlite3_column_int(st, 2),
			.kind = !strcmp(kind, "member")	  ? MD_CENSUS_MEMBER :
				!strcmp(kind, "macro")	  ? MD_CENSUS_MACRO :
				!strcmp(kind, "cast")	  ? MD_CENSUS_CAST :
				!strcmp(kind, "variable") ? MD_CENSUS_VARIABLE :
				!strcmp(kind, "skipped")  ? MD_CENSUS_SKIPPED :
				!strcmp(kind, "fallback") ? MD_CENSUS_FALLBACK : MD_CENSUS_DROPPED,
			.name = *column_text(st, 4) ? column_text(st, 4) : NULL,
			.record = *column_text(st, 5) ? column_text(st, 5) : NULL,
			.end_line = (unsigned int)sqlite3_column_int(st, 6),
		};
		stop = fn(data, &c);
	}
	return finish(db, st, stop ? SQLITE_DONE : rc);
}

int md_query_patch_findings(struct md_db *db, const char *status, md_patch_fn fn, void *data)
{
	struct md_patch_ref p;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (prepare(db, "SELECT p.id, p.scan_id, p.series, p.subject, p.status, p.diff,"
			" p.created_at, p.seq, pf.fingerprint"
			" FROM patch_findings pf JOIN patches p ON p.id = pf.patch_id"
			" WHERE ?1 IS NULL OR p.status = ?1"
			" ORDER BY pf.fingerprint, p.id DESC", &st))
		return -1;
	bind_text(st, 1, status);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		p = (struct md_patch_ref){
			.id = sqlite3_column_int64(st, 0), .scan_id = sqlite3_column_int64(st, 1),
			.series = column_text(st, 2), .subject = column_text(st, 3),
			.status = column_text(st, 4), .diff = column_text(st, 5),
			.created_at = column_text(st, 6), .seq = sqlite3_column_int(st, 7),
			.fingerprint = column_text(st, 8),
		};
		stop = fn(data, &p);
	}
	return finish(db, st, stop ? SQLITE_DONE : rc);
}
