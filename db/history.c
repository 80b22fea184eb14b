// SPDX-License-Identifier: GPL-2.0
/*
 * history.c - findings across scans: a finding in a renamed or moved file
 * keeps the lineage of the finding it was before (the fingerprint it was
 * first seen with), so the history does not read "fixed" and "new" for code
 * that only moved.  Files are paired as git diff -M would pair them: a file
 * the previous scan had that is gone from the tree, whose finding has the
 * fingerprint the new file's finding would have under the old path.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/strv.h"
#include "../lib/xalloc.h"
#include "internal.h"
#include "query.h"

/* previous_scan - the newest complete scan of the same tree and engine before @scan. */
static int64_t previous_scan(struct md_db *db, int64_t scan, char **tree)
{
	sqlite3_stmt *st;
	int64_t prev = 0;

	if (sqlite3_prepare_v2(db->sql,
			       "SELECT (SELECT max(p.id) FROM scans p WHERE p.id < s.id AND"
			       " p.tree = s.tree AND p.engine = s.engine AND p.status = 'complete'),"
			       " s.tree FROM scans s WHERE s.id = ?1", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read the previous scan");
	sqlite3_bind_int64(st, 1, scan);
	if (sqlite3_step(st) == SQLITE_ROW) {
		prev = sqlite3_column_int64(st, 0);
		*tree = column_strdup(st, 1);
	}
	sqlite3_finalize(st);
	return prev;
}

/* vanished_paths - files of @prev that @scan did not have and the tree no longer has. */
static int vanished_paths(struct md_db *db, int64_t prev, int64_t scan, const char *tree,
			  struct strv *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sql,
			       "SELECT DISTINCT p.path FROM files p WHERE p.id IN"
			       " (SELECT file_id FROM scan_files WHERE scan_id = ?1"
			       "  UNION SELECT file_id FROM findings WHERE scan_id = ?1)"
			       " AND p.id NOT IN (SELECT file_id FROM scan_files WHERE scan_id = ?2)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read the files of the previous scan");
	sqlite3_bind_int64(st, 1, prev);
	sqlite3_bind_int64(st, 2, scan);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *full = md_path_join(tree, column_text(st, 0));

		if (access(full, F_OK))
			strv_push(out, column_text(st, 0));
		free(full);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cannot read the files of the previous scan");
}

/* A finding of the new scan in a file the previous scan did not know. */
struct moved {
	int64_t id;
	char *rule, *function, *matched;
	unsigned int occurrence;
};

static int new_path_findings(struct md_db *db, int64_t prev, int64_t scan, struct moved **out,
			     size_t *n)
{
	size_t alloc = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db->sql,
			       "SELECT id, rule, function, matched, occurrence FROM findings f"
			       " WHERE scan_id = ?2 AND lineage IS NULL AND carried_from IS NULL"
			       " AND file_id NOT IN (SELECT file_id FROM scan_files WHERE scan_id = ?1"
			       "  UNION SELECT file_id FROM findings WHERE scan_id = ?1)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read the new findings");
	sqlite3_bind_int64(st, 1, prev);
	sqlite3_bind_int64(st, 2, scan);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct moved *m;

		ALLOC_GROW(*out, *n + 1, alloc);
		m = &(*out)[(*n)++];
		m->id = sqlite3_column_int64(st, 0);
		m->rule = column_strdup(st, 1);
		m->function = column_strdup(st, 2);
		m->matched = column_strdup(st, 3);
		m->occurrence = (unsigned int)sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cannot read the new findings");
}

/* relink - give finding @m the lineage of @prev's finding @fp in @path, if there is one. */
static int relink(struct md_db *db, int64_t prev, const struct moved *m, const char *path,
		  const char *fp)
{
	sqlite3_stmt *st;
	int changed;

	if (sqlite3_prepare_v2(db->sql,
			       "UPDATE findings SET lineage = (SELECT coalesce(o.lineage, o.fingerprint)"
			       " FROM findings o JOIN files p ON p.id = o.file_id"
			       " WHERE o.scan_id = ?1 AND o.fingerprint = ?2 AND p.path = ?3)"
			       " WHERE id = ?4 AND EXISTS (SELECT 1 FROM findings o JOIN files p"
			       " ON p.id = o.file_id WHERE o.scan_id = ?1 AND o.fingerprint = ?2"
			       " AND p.path = ?3)", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot link a moved finding");
	sqlite3_bind_int64(st, 1, prev);
	bind_text(st, 2, fp);
	bind_text(st, 3, path);
	sqlite3_bind_int64(st, 4, m->id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(db, "cannot link a moved finding");
	}
	changed = sqlite3_changes(db->sql);
	sqlite3_finalize(st);
	return changed;
}

/*
 * record_gone - the scan saw that @path is gone from the tree: a row that
 * covers it (role 'header', so it counts as no TU parsed), after which its
 * findings no longer stand in latest_findings and read as fixed unless they
 * moved.
 */
static int record_gone(struct md_db *db, int64_t scan, const char *path)
{
	struct md_file_record rec = {
		.path = path, .role = "header", .status = "ok", .message = "gone from the tree",
		.duration_ms = -1,
	};

	return md_db_add_scan_file(db, scan, &rec);
}

long md_db_link_renames(struct md_db *db, int64_t scan)
{
	struct strv vanished = STRV_INIT;
	struct moved *moved = NULL;
	size_t nmoved = 0;
	char *tree = NULL, fp[MD_FINGERPRINT_LEN + 1];
	int64_t prev = previous_scan(db, scan, &tree);
	long linked = 0;
	int rc = prev < 0 ? -1 : 0;

	if (prev > 0)
		rc = vanished_paths(db, prev, scan, tree, &vanished);
	for (size_t k = 0; !rc && k < vanished.n; k++)
		rc = record_gone(db, scan, vanished.v[k]);
	if (!rc && vanished.n)
		rc = new_path_findings(db, prev, scan, &moved, &nmoved);
	for (size_t i = 0; !rc && i < nmoved; i++) {
		for (size_t k = 0; k < vanished.n; k++) {
			int done;

			md_fingerprint(moved[i].rule, vanished.v[k], moved[i].function,
				       moved[i].matched, moved[i].occurrence, fp);
			done = relink(db, prev, &moved[i], vanished.v[k], fp);
			if (done < 0)
				rc = -1;
			if (done) {
				linked++;
				break;
			}
		}
	}
	for (size_t i = 0; i < nmoved; i++) {
		free(moved[i].rule);
		free(moved[i].function);
		free(moved[i].matched);
	}
	free(moved);
	strv_release(&vanished);
	free(tree);
	return rc ? -1 : linked;
}

int md_query_history(struct md_db *db, md_history_fn fn, void *data)
{
	struct md_history h;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(db->sql,
			       "SELECT lineage, fingerprint, rule, path, engine, first_scan, last_scan,"
			       " times_seen, coalesce(fixed_in_scan, 0) FROM finding_history"
			       " ORDER BY first_scan, path, rule", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read the history");
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		h = (struct md_history){
			.lineage = column_text(st, 0), .fingerprint = column_text(st, 1),
			.rule = column_text(st, 2), .path = column_text(st, 3),
			.engine = column_text(st, 4), .first_scan = sqlite3_column_int64(st, 5),
			.last_scan = sqlite3_column_int64(st, 6),
			.times_seen = sqlite3_column_int(st, 7),
			.fixed_in = sqlite3_column_int64(st, 8),
		};
		stop = fn(data, &h);
	}
	sqlite3_finalize(st);
	return stop || rc == SQLITE_DONE ? 0 : db_fail(db, "cannot read the history");
}
