// SPDX-License-Identifier: GPL-2.0
/* diag.c - findings as compiler-style lines or JSON lines. */
#include <jansson.h>
#include <string.h>

#include "reports.h"

int md_format_parse(const char *name, enum md_format *fmt)
{
	if (!strcmp(name, "text"))
		*fmt = MD_FORMAT_TEXT;
	else if (!strcmp(name, "json"))
		*fmt = MD_FORMAT_JSON;
	else
		return -1;
	return 0;
}

static const char *column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : NULL;
}

static void print_text(sqlite3_stmt *st, FILE *out)
{
	const char *macro = column_text(st, 5);

	fprintf(out, "%s:%d:%d: warning: %s", column_text(st, 0), sqlite3_column_int(st, 1),
		sqlite3_column_int(st, 2), column_text(st, 4));
	if (macro)
		fprintf(out, " (via %s())", macro);
	fprintf(out, " [%s]\n", column_text(st, 3));
}

static void set_text(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, value ? json_string(value) : json_null());
}

static void print_json(sqlite3_stmt *st, FILE *out)
{
	json_t *obj = json_object();
	char *line;

	set_text(obj, "path", column_text(st, 0));
	json_object_set_new(obj, "line", json_integer(sqlite3_column_int(st, 1)));
	json_object_set_new(obj, "column", json_integer(sqlite3_column_int(st, 2)));
	set_text(obj, "rule", column_text(st, 3));
	set_text(obj, "message", column_text(st, 4));
	set_text(obj, "macro", column_text(st, 5));
	set_text(obj, "function", column_text(st, 6));
	set_text(obj, "matched", column_text(st, 7));
	set_text(obj, "source_line", column_text(st, 8));
	set_text(obj, "fingerprint", column_text(st, 9));
	set_text(obj, "class", column_text(st, 10));
	set_text(obj, "engine", column_text(st, 11));
	set_text(obj, "certainty", column_text(st, 12));
	line = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (line)
		fprintf(out, "%s\n", line);
	free(line);
	json_decref(obj);
}

long md_print_findings(sqlite3 *db, int64_t scan, int64_t first_id, int64_t last_id,
		       enum md_format fmt, FILE *out)
{
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT p.path, f.line, f.col, f.rule, f.message, f.macro, f.function,"
			       " f.matched, f.source_line, f.fingerprint, f.class, f.engine, f.certainty"
			       " FROM findings f JOIN files p ON p.id = f.file_id"
			       " WHERE f.scan_id = ?1 AND f.id > ?2 AND f.id <= ?3"
			       " ORDER BY p.path, f.line, f.col, f.rule",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_int64(st, 2, first_id);
	sqlite3_bind_int64(st, 3, last_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fmt == MD_FORMAT_JSON)
			print_json(st, out);
		else
			print_text(st, out);
		n++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? n : -1;
}
