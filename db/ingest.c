// SPDX-License-Identifier: GPL-2.0
/* ingest.c - read JSON-lines records, check every field, store them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "../lib/xalloc.h"
#include "ingest.h"
#include "internal.h"

struct md_ingest {
	struct md_db *db;
	int64_t scan;
	struct md_ingest_opts opts;
	char *engine;	       /* from the last "run" record, else opts.engine */
	int recompute;	       /* the run's fingerprints use another recipe */
	struct md_ingest_stats stats;
	const char **input_paths; /* the "inputs" of the file record being read */
};

struct md_ingest *md_ingest_new(struct md_db *db, int64_t scan, const struct md_ingest_opts *opts)
{
	struct md_ingest *in = xcalloc(1, sizeof(*in));

	in->db = db;
	in->scan = scan;
	in->opts = *opts;
	in->engine = xstrdup(opts->engine ? opts->engine : "libclang");
	if (!md_is_engine(in->engine))
		BUG("unknown engine %s", in->engine);
	return in;
}

void md_ingest_free(struct md_ingest *in)
{
	if (!in)
		return;
	free(in->engine);
	free(in->input_paths);
	free(in);
}

const struct md_ingest_stats *md_ingest_stats(const struct md_ingest *in)
{
	return &in->stats;
}

static int reject(struct md_ingest *in, const char *why)
{
	in->stats.rejected++;
	md_error("%s:%ld: rejected: %s", in->opts.source ? in->opts.source : "-",
		 in->stats.lines, why);
	return 0;
}

/* default_certainty - what an engine's findings are unless they say. */
static const char *default_certainty(const char *engine)
{
	if (!strcmp(engine, "coccinelle"))
		return "typed";
	if (!strcmp(engine, "text"))
		return "textual";
	return "exact";
}

static int ingest_finding(struct md_ingest *in, json_t *obj)
{
	struct md_finding f;
	const char *origin;
	char why[256];
	int rc;

	if (md_finding_from_json(obj, &f, why, sizeof(why)))
		return reject(in, why);
	if (!md_db_rule_known(in->db, f.rule)) {
		snprintf(why, sizeof(why), "unknown rule \"%.64s\" (see memdesc list-rules)", f.rule);
		md_finding_release(&f);
		return reject(in, why);
	}
	if (!f.engine)
		f.engine = xstrdup(in->engine);
	if (!f.certainty)
		f.certainty = xstrdup(default_certainty(f.engine));
	if (in->recompute)
		md_finding_fingerprint(&f);
	origin = in->opts.origin ? in->opts.origin : f.origin;
	rc = md_db_add_finding(in->db, in->scan, &f, origin ? origin : f.path);
	md_finding_release(&f);
	if (rc < 0)
		return -1;
	if (rc)
		in->stats.findings++;
	else
		in->stats.duplicates++;
	return 0;
}

static int one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(s, *set))
			return 1;
	return 0;
}

static const char *const roles[] = { "tu", "header", NULL };
static const char *const statuses[] = { "ok", "parse-error", "crashed", "timeout", "failed", NULL };

static const char *string_field(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int is_hash(const char *s)
{
	return s && strlen(s) == MD_FINGERPRINT_LEN && strspn(s, "0123456789abcdef") == MD_FINGERPRINT_LEN;
}

/*
 * check_inputs - a TU's optional "inputs" (paths), "inputs_hash" and
 * "flags_hash", all three or none; NULL when good.  The paths point into
 * @obj, which outlives the record.
 */
static const char *check_inputs(struct md_ingest *in, json_t *obj, struct md_file_record *rec)
{
	json_t *inputs = json_object_get(obj, "inputs"), *v;
	const char **paths;
	size_t i;

	rec->inputs_hash = string_field(obj, "inputs_hash");
	rec->flags_hash = string_field(obj, "flags_hash");
	if (!inputs && !json_object_get(obj, "inputs_hash") && !json_object_get(obj, "flags_hash"))
		return NULL;
	if (!json_is_array(inputs) || !is_hash(rec->inputs_hash) || !is_hash(rec->flags_hash))
		return "\"inputs\", \"inputs_hash\" and \"flags_hash\" go together: an array of paths and two hashes";
	if (strcmp(rec->role, "tu"))
		return "\"inputs\" on a header";
	free(in->input_paths);
	paths = in->input_paths = xcalloc(json_array_size(inputs) + 1, sizeof(*paths));
	json_array_foreach(inputs, i, v) {
		if (!json_is_string(v) || !*json_string_value(v))
			return "\"inputs\" holds something other than paths";
		paths[i] = json_string_value(v);
	}
	rec->inputs = paths;
	rec->ninputs = json_array_size(inputs);
	return NULL;
}

/* check_file_record - every field of a "file" record; NULL when good. */
static const char *check_file_record(struct md_ingest *in, json_t *obj, struct md_file_record *rec)
{
	json_t *borrowed = json_object_get(obj, "borrowed");
	json_t *ms = json_object_get(obj, "duration_ms");
	json_t *v;

	rec->path = string_field(obj, "path");
	rec->role = string_field(obj, "role");
	rec->hash = string_field(obj, "hash");
	rec->status = string_field(obj, "status");
	rec->message = string_field(obj, "message");
	rec->borrowed = json_is_true(borrowed);
	rec->duration_ms = json_is_integer(ms) ? json_integer_value(ms) : -1;
	if (!rec->path || !*rec->path || rec->path[0] == '/' || strstr(rec->path, ".."))
		return "\"path\" missing or not a relative path inside the tree";
	if (!rec->role || !one_of(rec->role, roles))
		return "\"role\" missing or not \"tu\" or \"header\"";
	if (rec->status && !one_of(rec->status, statuses))
		return "unknown \"status\"";
	if (borrowed && !json_is_boolean(borrowed))
		return "\"borrowed\" is not true or false";
	if (ms && (!json_is_integer(ms) || json_integer_value(ms) < 0))
		return "\"duration_ms\" is not a non-negative integer";
	v = json_object_get(obj, "message");
	if (v && !json_is_null(v) && !json_is_string(v))
		return "\"message\" is not a string";
	v = json_object_get(obj, "hash");
	if (v && !json_is_null(v) && !json_is_string(v))
		return "\"hash\" is not a string";
	return check_inputs(in, obj, rec);
}

static int ingest_file_record(struct md_ingest *in, json_t *obj)
{
	struct md_file_record rec = { 0 };
	const char *why = check_file_record(in, obj, &rec);

	if (why)
		return reject(in, why);
	if (md_db_add_scan_file(in->db, in->scan, &rec))
		return -1;
	in->stats.files++;
	if (in->opts.file)
		in->opts.file(in->opts.data, &rec);
	return 0;
}

static int positive_field(json_t *obj, const char *key, int zero_ok, unsigned int *out)
{
	json_t *v = json_object_get(obj, key);
	json_int_t n;

	if (!v && zero_ok) {
		*out = 0;
		return 0;
	}
	n = json_is_integer(v) ? json_integer_value(v) : -1;
	if (n < (zero_ok ? 0 : 1) || n > 0x7fffffff)
		return -1;
	*out = (unsigned int)n;
	return 0;
}

/*
 * check_note - every field of a census "note": its "kind" (when absent: a
 * member with token and record, a macro with a token alone, a skipped
 * range with end_line and no token), a token for all but skipped ranges,
 * a record for members and casts; NULL when good.
 */
static const char *check_note(json_t *obj, struct md_census *c)
{
	static const char *const kinds[] = { "member", "macro", "cast", "variable", "skipped",
					     "fallback", "dropped", NULL };
	json_t *token = json_object_get(obj, "token"), *record = json_object_get(obj, "record");
	const char *kind = string_field(obj, "kind");
	size_t k;
	int lines;

	c->path = string_field(obj, "path");
	c->name = string_field(obj, "token");
	c->record = string_field(obj, "record");
	if (!c->path || !*c->path || c->path[0] == '/' || strstr(c->path, ".."))
		return "\"path\" missing or not a relative path inside the tree";
	if (positive_field(obj, "line", 0, &c->line) || positive_field(obj, "column", 1, &c->col) ||
	    positive_field(obj, "end_line", 1, &c->end_line))
		return "\"line\", \"column\" or \"end_line\" is not a line or column number";
	if ((token && !json_is_null(token) && (!c->name || !*c->name)) ||
	    (record && !json_is_null(record) && (!c->record || !*c->record)))
		return "\"token\" or \"record\" is not a name";
	if (c->record && !c->name)
		return "a \"record\" without its \"token\"";
	if (json_object_get(obj, "kind") && !kind)
		return "\"kind\" is not a string";
	if (!kind)
		kind = c->record ? "member" : c->name ? "macro" : "skipped";
	for (k = 0; kinds[k] && strcmp(kinds[k], kind); k++)
		;
	if (!kinds[k])
		return "unknown \"kind\" (member, macro, cast, variable, skipped, fallback, dropped)";
	c->kind = (enum md_census_kind)k;
	lines = c->kind == MD_CENSUS_SKIPPED || c->kind == MD_CENSUS_FALLBACK;
	if (lines != !c->name)
		return "a range of lines has no \"token\", every other note one";
	if ((c->kind == MD_CENSUS_MEMBER || c->kind == MD_CENSUS_CAST) != !!c->record)
		return "members and casts, and only they, have a \"record\"";
	if (lines && c->end_line < c->line)
		return "a range of lines whose \"end_line\" is before its \"line\"";
	return NULL;
}

static int ingest_note(struct md_ingest *in, json_t *obj)
{
	struct md_census c = { 0 };
	const char *why = check_note(obj, &c);

	if (why)
		return reject(in, why);
	if (in->opts.skipped && c.kind == MD_CENSUS_SKIPPED &&
	    md_db_add_skipped(in->db, in->scan, in->opts.origin ? in->opts.origin : c.path, c.path,
			      c.line, c.end_line))
		return -1;
	if (!in->opts.census)
		return 0;
	if (md_db_add_census(in->db, in->scan, &c))
		return -1;
	in->stats.notes++;
	return 0;
}

static int ingest_run(struct md_ingest *in, json_t *obj)
{
	const char *engine = string_field(obj, "engine");
	json_t *version = json_object_get(obj, "fingerprint_version");

	if (json_object_get(obj, "engine") && (!engine || !md_is_engine(engine)))
		return reject(in, "unknown \"engine\" (libclang, coccinelle, text)");
	if (version && (!json_is_integer(version) || json_integer_value(version) < 1))
		return reject(in, "\"fingerprint_version\" is not a positive integer");
	if (engine) {
		free(in->engine);
		in->engine = xstrdup(engine);
	}
	in->recompute = version && json_integer_value(version) != MD_FINGERPRINT_VERSION;
	return 0;
}

int md_ingest_line(struct md_ingest *in, const char *line, size_t len)
{
	json_error_t jerr;
	const char *type;
	char why[300];
	json_t *obj;
	int rc;

	in->stats.lines++;
	while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (!len)
		return 0;
	if (memchr(line, '\0', len))
		return reject(in, "a NUL byte outside a JSON string");
	obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!obj) {
		snprintf(why, sizeof(why), "not JSON: %s (column %d)", jerr.text, jerr.column);
		return reject(in, why);
	}
	type = string_field(obj, "type");
	if (!json_is_object(obj) || !type)
		rc = reject(in, "not an object with a \"type\"");
	else if (!strcmp(type, "finding"))
		rc = ingest_finding(in, obj);
	else if (!strcmp(type, "file"))
		rc = ingest_file_record(in, obj);
	else if (!strcmp(type, "run"))
		rc = ingest_run(in, obj);
	else if (!strcmp(type, "end"))
		rc = (in->stats.ended = 1, 0);
	else if (!strcmp(type, "note") && (in->opts.census || in->opts.skipped)) {
		rc = ingest_note(in, obj);
		if (!rc && in->opts.other)
			in->opts.other(in->opts.data, type, obj);
	} else if (in->opts.other)
		rc = (in->opts.other(in->opts.data, type, obj), 0);
	else {
		snprintf(why, sizeof(why), "unknown record type \"%.64s\"", type);
		rc = reject(in, why);
	}
	json_decref(obj);
	return rc;
}

int md_ingest_file(struct md_ingest *in, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (md_db_begin(in->db))
		return -1;
	while (!rc && (n = getline(&line, &cap, f)) >= 0) {
		if (n && line[n - 1] == '\n')
			n--;
		rc = md_ingest_line(in, line, (size_t)n);
	}
	free(line);
	if (!rc && ferror(f))
		rc = md_error_errno("%s: cannot read", in->opts.source ? in->opts.source : "-");
	if (rc) {
		md_db_rollback(in->db);
		return -1;
	}
	return md_db_commit(in->db);
}

json_t *md_file_record_to_json(const struct md_file_record *rec)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "type", json_string("file"));
	json_object_set_new(obj, "path", md_json_text(rec->path));
	json_object_set_new(obj, "role", json_string(rec->role));
	if (rec->hash)
		json_object_set_new(obj, "hash", md_json_text(rec->hash));
	if (rec->status)
		json_object_set_new(obj, "status", json_string(rec->status));
	if (rec->message)
		json_object_set_new(obj, "message", md_json_text(rec->message));
	if (!strcmp(rec->role, "tu"))
		json_object_set_new(obj, "borrowed", json_boolean(rec->borrowed));
	if (rec->duration_ms >= 0)
		json_object_set_new(obj, "duration_ms", json_integer(rec->duration_ms));
	if (rec->inputs_hash && rec->flags_hash) {
		json_t *inputs = json_array();

		for (size_t i = 0; i < rec->ninputs; i++)
			json_array_append_new(inputs, md_json_text(rec->inputs[i]));
		json_object_set_new(obj, "inputs", inputs);
		json_object_set_new(obj, "inputs_hash", json_string(rec->inputs_hash));
		json_object_set_new(obj, "flags_hash", json_string(rec->flags_hash));
	}
	return obj;
}
