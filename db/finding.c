// SPDX-License-Identifier: GPL-2.0
/* finding.c - the finding record: fingerprints, normalized text, JSON form. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../lib/xalloc.h"
#include "finding.h"

/* Field separator inside the hashed string: cannot occur in C source. */
#define FIELD_SEP '\x1f'

static const char *const engines[] = { MD_ENGINES };
static const char *const certainties[] = { MD_CERTAINTIES };

void md_fingerprint(const char *rule, const char *path, const char *function,
		    const char *matched, unsigned int occurrence, char *out)
{
	XXH3_state_t *state = XXH3_createState();
	const char *fields[] = { rule, path, function, matched };
	char sep = FIELD_SEP, index[16];
	size_t i;

	XXH3_64bits_reset(state);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *s = fields[i] ? fields[i] : "";

		XXH3_64bits_update(state, s, strlen(s));
		XXH3_64bits_update(state, &sep, 1);
	}
	snprintf(index, sizeof(index), "%u", occurrence);
	XXH3_64bits_update(state, index, strlen(index));
	snprintf(out, MD_FINGERPRINT_LEN + 1, "%016llx",
		 (unsigned long long)XXH3_64bits_digest(state));
	XXH3_freeState(state);
}

void md_finding_fingerprint(struct md_finding *f)
{
	md_fingerprint(f->rule, f->path, f->function, f->matched, f->occurrence, f->fingerprint);
}

char *md_normalize(const char *text, size_t len, size_t max)
{
	char *out = xmalloc(max + 1);
	size_t i, n = 0;

	for (i = 0; i < len && n < max; i++) {
		if (!isspace((unsigned char)text[i]))
			out[n++] = text[i];
	}
	out[n] = '\0';
	return out;
}

static int in_set(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, set[i]))
			return 1;
	return 0;
}

int md_is_engine(const char *s)
{
	return in_set(s, engines, sizeof(engines) / sizeof(engines[0]));
}

int md_is_certainty(const char *s)
{
	return in_set(s, certainties, sizeof(certainties) / sizeof(certainties[0]));
}

/* utf8_len - the length of the valid UTF-8 sequence at @s, 0 if invalid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

json_t *md_json_text(const char *s)
{
	return md_json_textn(s, strlen(s));
}

json_t *md_json_textn(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0, k;
	json_t *out;
	char *buf;

	out = json_stringn(s, len);
	if (out)
		return out;
	buf = xmalloc(3 * len + 1);
	while (p < end) {
		k = *p ? utf8_len(p) : 1;
		if (p + k > end)
			k = 0;
		if (k) {
			memcpy(buf + n, p, k);
			n += k;
			p += k;
		} else {
			memcpy(buf + n, "\xef\xbf\xbd", 3);
			n += 3;
			p++;
		}
	}
	buf[n] = '\0';
	out = json_stringn(buf, n);
	free(buf);
	return out;
}

static void set_text(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, value ? md_json_text(value) : json_null());
}

/*
 * put_source_line - the line as JSON text; a line that is not valid UTF-8
 * also travels as "source_line_hex", so the store keeps its raw bytes.
 */
static void put_source_line(json_t *obj, const struct md_finding *f)
{
	const char *line = f->source_line ? f->source_line : "";
	size_t len = md_source_line_len(f);
	json_t *exact = json_stringn(line, len);
	char *hex;

	if (exact) {
		json_object_set_new(obj, "source_line", exact);
		return;
	}
	json_object_set_new(obj, "source_line", md_json_textn(line, len));
	hex = xmalloc(2 * len + 1);
	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned char)line[i]);
	json_object_set_new(obj, "source_line_hex", json_stringn(hex, 2 * len));
	free(hex);
}

json_t *md_finding_to_json(const struct md_finding *f)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "type", json_string("finding"));
	set_text(obj, "rule", f->rule);
	set_text(obj, "path", f->path);
	json_object_set_new(obj, "line", json_integer(f->line));
	json_object_set_new(obj, "column", json_integer(f->col));
	set_text(obj, "function", f->function ? f->function : "");
	set_text(obj, "macro", f->macro);
	set_text(obj, "matched", f->matched);
	set_text(obj, "message", f->message);
	put_source_line(obj, f);
	set_text(obj, "class", f->class);
	set_text(obj, "engine", f->engine);
	set_text(obj, "certainty", f->certainty);
	json_object_set_new(obj, "occurrence", json_integer(f->occurrence));
	if (f->spelling_path) {
		json_t *sp = json_object();

		set_text(sp, "path", f->spelling_path);
		json_object_set_new(sp, "line", json_integer(f->spelling_line));
		json_object_set_new(sp, "column", json_integer(f->spelling_col));
		json_object_set_new(obj, "spelling", sp);
	}
	if (f->origin)
		set_text(obj, "origin", f->origin);
	if (f->carried_from)
		json_object_set_new(obj, "carried_from", json_integer(f->carried_from));
	set_text(obj, "fingerprint", f->fingerprint[0] ? f->fingerprint : NULL);
	return obj;
}

/* --- reading a record, every field checked --- */

struct reader {
	json_t *obj;
	char *why;
	size_t whylen;
	int bad;
};

static void reject(struct reader *r, const char *fmt, const char *key)
{
	if (!r->bad)
		snprintf(r->why, r->whylen, fmt, key);
	r->bad = 1;
}

/* memdup_string - a copy of @len bytes (NULs included) and a final NUL. */
static char *memdup_string(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);

	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

size_t md_source_line_len(const struct md_finding *f)
{
	if (!f->source_line)
		return 0;
	return f->source_line_len ? f->source_line_len : strlen(f->source_line);
}

/* text - an optional (NULL when absent or null) or required string field. */
static char *text(struct reader *r, const char *key, int required)
{
	json_t *v = json_object_get(r->obj, key);

	if (!v || json_is_null(v)) {
		if (required)
			reject(r, "missing \"%s\"", key);
		return NULL;
	}
	if (!json_is_string(v)) {
		reject(r, "\"%s\" is not a string", key);
		return NULL;
	}
	return memdup_string(json_string_value(v), json_string_length(v));
}

/* number - a required or optional (default @def) integer in [@min, @max]. */
static unsigned int number(struct reader *r, json_t *obj, const char *key, int required,
			   json_int_t min, json_int_t max, unsigned int def)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v)) {
		if (required)
			reject(r, "missing \"%s\"", key);
		return def;
	}
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		reject(r, "\"%s\" is not an integer in range", key);
		return def;
	}
	return (unsigned int)json_integer_value(v);
}

/* relative_path_ok - relative, no "..", no empty component, no NUL tricks. */
static int relative_path_ok(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/')
		return 0;
	while (*c) {
		const char *end = strchr(c, '/');
		size_t n = end ? (size_t)(end - c) : strlen(c);

		if (n == 0 || (n == 2 && !strncmp(c, "..", 2)) || (n == 1 && *c == '.'))
			return 0;
		c += n;
		if (*c == '/')
			c++;
	}
	return 1;
}

static int hex_fingerprint(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	return i == MD_FINGERPRINT_LEN;
}

/* read_source_hex - "source_line_hex", when present, is the line's raw bytes. */
static void read_source_hex(struct reader *r, struct md_finding *f)
{
	json_t *v = json_object_get(r->obj, "source_line_hex");
	const char *hex;
	size_t n, i;
	char *raw;

	if (!v)
		return;
	hex = json_string_value(v);
	n = hex ? json_string_length(v) : 1;
	for (i = 0; hex && i < n && isxdigit((unsigned char)hex[i]); i++)
		;
	if (!hex || i != n || n % 2) {
		reject(r, "\"%s\" is not an even number of hex digits", "source_line_hex");
		return;
	}
	raw = xmalloc(n / 2 + 1);
	for (i = 0; i < n / 2; i++) {
		unsigned int byte;

		sscanf(hex + 2 * i, "%2x", &byte);
		raw[i] = (char)byte;
	}
	raw[n / 2] = '\0';
	free(f->source_line);
	f->source_line = raw;
	f->source_line_len = n / 2;
}

static void read_spelling(struct reader *r, struct md_finding *f)
{
	json_t *sp = json_object_get(r->obj, "spelling");
	struct reader inner = *r;

	if (!sp || json_is_null(sp))
		return;
	if (!json_is_object(sp)) {
		reject(r, "\"%s\" is not an object", "spelling");
		return;
	}
	inner.obj = sp;
	f->spelling_path = text(&inner, "path", 1);
	f->spelling_line = number(&inner, sp, "line", 1, 1, 1 << 30, 0);
	f->spelling_col = number(&inner, sp, "column", 1, 1, 1 << 30, 0);
	if (inner.bad)
		r->bad = 1;	/* inner wrote its reason into the same buffer */
	if (f->spelling_path && !relative_path_ok(f->spelling_path))
		reject(r, "\"%s\" is not a relative path inside the tree", "spelling.path");
}

int md_finding_from_json(json_t *obj, struct md_finding *f, char *why, size_t whylen)
{
	struct reader r = { .obj = obj, .why = why, .whylen = whylen };
	char *fingerprint;

	memset(f, 0, sizeof(*f));
	if (!json_is_object(obj)) {
		snprintf(why, whylen, "not a JSON object");
		return -1;
	}
	f->rule = text(&r, "rule", 1);
	f->path = text(&r, "path", 1);
	f->line = number(&r, obj, "line", 1, 1, 1 << 30, 0);
	f->col = number(&r, obj, "column", 1, 1, 1 << 30, 0);
	f->function = text(&r, "function", 0);
	f->macro = text(&r, "macro", 0);
	f->matched = text(&r, "matched", 1);
	f->message = text(&r, "message", 1);
	f->source_line = text(&r, "source_line", 0);
	if (f->source_line)
		f->source_line_len = json_string_length(json_object_get(obj, "source_line"));
	read_source_hex(&r, f);
	if (json_is_integer(json_object_get(obj, "carried_from")))
		f->carried_from = json_integer_value(json_object_get(obj, "carried_from"));
	f->class = text(&r, "class", 0);
	f->engine = text(&r, "engine", 0);
	f->certainty = text(&r, "certainty", 0);
	f->occurrence = number(&r, obj, "occurrence", 0, 0, 1 << 30, 0);
	read_spelling(&r, f);
	f->origin = text(&r, "origin", 0);
	fingerprint = text(&r, "fingerprint", 0);
	if (!r.bad && !relative_path_ok(f->path))
		reject(&r, "\"%s\" is not a relative path inside the tree", "path");
	if (!r.bad && f->origin && !relative_path_ok(f->origin))
		reject(&r, "\"%s\" is not a relative path inside the tree", "origin");
	if (!r.bad && (!*f->rule || !*f->message || !*f->matched))
		reject(&r, "%s", "empty \"rule\", \"matched\" or \"message\"");
	if (!r.bad && f->engine && !md_is_engine(f->engine))
		reject(&r, "unknown engine \"%s\" (libclang, coccinelle, text)", f->engine);
	if (!r.bad && f->certainty && !md_is_certainty(f->certainty))
		reject(&r, "unknown certainty \"%s\" (exact, typed, textual)", f->certainty);
	if (!r.bad && fingerprint && !hex_fingerprint(fingerprint))
		reject(&r, "\"%s\" is not 16 lower-case hex digits", "fingerprint");
	if (r.bad) {
		free(fingerprint);
		md_finding_release(f);
		return -1;
	}
	if (!f->function)
		f->function = xstrdup("");
	if (!f->source_line)
		f->source_line = xstrdup("");
	if (fingerprint)
		memcpy(f->fingerprint, fingerprint, MD_FINGERPRINT_LEN + 1);
	else
		md_finding_fingerprint(f);
	free(fingerprint);
	return 0;
}

void md_finding_copy(struct md_finding *dst, const struct md_finding *src)
{
	*dst = *src;
	dst->rule = xstrdup_or_null(src->rule);
	dst->path = xstrdup_or_null(src->path);
	dst->function = xstrdup_or_null(src->function);
	dst->macro = xstrdup_or_null(src->macro);
	dst->matched = xstrdup_or_null(src->matched);
	dst->message = xstrdup_or_null(src->message);
	dst->source_line = src->source_line ? memdup_string(src->source_line, md_source_line_len(src))
					    : NULL;
	dst->class = xstrdup_or_null(src->class);
	dst->engine = xstrdup_or_null(src->engine);
	dst->certainty = xstrdup_or_null(src->certainty);
	dst->spelling_path = xstrdup_or_null(src->spelling_path);
	dst->origin = xstrdup_or_null(src->origin);
}

void md_finding_release(struct md_finding *f)
{
	free(f->rule);
	free(f->path);
	free(f->function);
	free(f->macro);
	free(f->matched);
	free(f->message);
	free(f->source_line);
	free(f->class);
	free(f->engine);
	free(f->certainty);
	free(f->spelling_path);
	free(f->origin);
	memset(f, 0, sizeof(*f));
}
