// SPDX-License-Identifier: GPL-2.0
/*
 * html.c - the dashboard (html.h): static pages with inline SVG charts and
 * a small inline script that sorts tables, written from the read API.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/maintainers.h"
#include "../lib/xalloc.h"
#include "html.h"

struct rule {
	char *id, *summary;
	long findings, files; /* in the scan shown */
};

struct scan_row {
	int64_t id;
	char *version, *status, *started_at, *tree, *scope, *finished_at;
	int complete, tus_failed;
	double t;	/* started, seconds since the epoch, with its milliseconds */
	long *counts; /* per rule, in rule order */
	long total;
};

/* One finding of the scan shown, with the section its path belongs to. */
struct item {
	struct md_finding f;
	int rule;
	char *group;				/* section name or top directories */
	const struct md_maint_section *section; /* NULL without MAINTAINERS */
	const struct patch *patch;
};

struct patch {
	char *fingerprint, *subject, *series, *status, *diff, *created_at;
	int64_t id, scan_id;
	int seq;
};

/* A row of a per-subsystem or per-maintainer table. */
struct group {
	const char *key;
	long *counts;
	long total;
};

struct pair {
	const char *key;
	int rule;
};

struct dash {
	struct md_db *db;
	const struct md_dashboard_opts *o;
	struct rule *rules;
	size_t nrules, rules_alloc;
	struct scan_row *scans;
	size_t nscans, scans_alloc;
	struct scan_row *shown;
	struct item *items;
	size_t nitems, items_alloc;
	struct patch *patches;
	size_t npatches, patches_alloc;
	struct md_maintainers *maint;
	char *maint_path;
};

/* --- writing --- */

/* put_esc - @len bytes of @s as HTML text or attribute value. */
static void put_escn(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				fputs("&#xFFFD;", f);
			else
				fputc(c, f);
		}
	}
}

static void put_esc(FILE *f, const char *s)
{
	if (s)
		put_escn(f, s, strlen(s));
}

/* A page is written to a temporary name and renamed into place when complete. */
struct page {
	FILE *f;
	char *tmp, *path;
};

static int page_open(struct page *p, const char *dir, const char *name)
{
	p->path = xasprintf("%s/%s", dir, name);
	p->tmp = xasprintf("%s/.%s.tmp", dir, name);
	p->f = fopen(p->tmp, "w");
	if (!p->f) {
		md_error_errno("%s", p->tmp);
		free(p->path);
		free(p->tmp);
		return -1;
	}
	return 0;
}

static int page_close(struct page *p)
{
	int bad = ferror(p->f);

	if (fclose(p->f) || bad) {
		md_error_errno("%s", p->tmp);
		bad = 1;
	} else if (rename(p->tmp, p->path)) {
		md_error_errno("%s", p->path);
		bad = 1;
	}
	if (bad)
		unlink(p->tmp);
	free(p->path);
	free(p->tmp);
	return bad ? -1 : 0;
}

static const char css[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;"
	"padding:0 1em;color:#222;background:#fff}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"table.sortable th{cursor:pointer;background:#f4f4f4;user-select:none}\n"
	"th[aria-sort=ascending]::after{content:' \\25B2'}\n"
	"th[aria-sort=descending]::after{content:' \\25BC'}\n"
	"td.code code{white-space:pre;font:12px/1.3 monospace;tab-size:4}\n"
	"body.wide{max-width:none}table#findings td{white-space:nowrap}\n"
	".charts{display:flex;flex-wrap:wrap;gap:1em}\n"
	"figure.chart{margin:0;border:1px solid #ddd;padding:.4em}\n"
	"figure.chart figcaption{font-weight:600}\n"
	"svg.trend text{font:10px sans-serif;fill:#555}\n"
	"svg.trend .grid{stroke:#eee}svg.trend .axis{stroke:#999}\n"
	"svg.trend polyline{fill:none;stroke:#2b6cb0;stroke-width:2}\n"
	"svg.trend circle.pt{fill:#2b6cb0}svg.trend circle.partial{fill:#fff;stroke:#c05621}\n"
	".note{color:#666}.carried{color:#c05621}\n"
	"pre.diff{white-space:pre;font:12px/1.3 monospace;background:#f8f8f8;padding:.5em}\n";

/*
 * Sorts a table.sortable by the header clicked (again: the other way);
 * numbers by their data-value.  "#sort=TABLE:COLUMN:asc|desc" in the URL
 * sorts on load, so a sorted view can be linked to.
 */
static const char sort_script[] =
	"(function () {\n"
	"\tfunction key(cell, num) {\n"
	"\t\tvar v = cell.getAttribute('data-value');\n"
	"\t\tif (v === null)\n"
	"\t\t\tv = cell.textContent;\n"
	"\t\treturn num ? parseFloat(v) : v.toLowerCase();\n"
	"\t}\n"
	"\tfunction sortTable(table, col, dir) {\n"
	"\t\tvar head = table.tHead.rows[0], th = head.cells[col];\n"
	"\t\tvar body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);\n"
	"\t\tvar num = th.getAttribute('data-type') === 'number';\n"
	"\t\trows.sort(function (a, b) {\n"
	"\t\t\tvar x = key(a.cells[col], num), y = key(b.cells[col], num);\n"
	"\t\t\treturn (x < y ? -1 : x > y ? 1 : 0) * dir;\n"
	"\t\t});\n"
	"\t\trows.forEach(function (r) { body.appendChild(r); });\n"
	"\t\tArray.prototype.forEach.call(head.cells, function (c) {\n"
	"\t\t\tc.removeAttribute('aria-sort');\n"
	"\t\t});\n"
	"\t\tth.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');\n"
	"\t}\n"
	"\tArray.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (t) {\n"
	"\t\tArray.prototype.forEach.call(t.tHead.rows[0].cells, function (th, i) {\n"
	"\t\t\tth.addEventListener('click', function () {\n"
	"\t\t\t\tvar up = th.getAttribute('aria-sort') !== 'ascending';\n"
	"\t\t\t\tsortTable(t, i, up ? 1 : -1);\n"
	"\t\t\t});\n"
	"\t\t});\n"
	"\t});\n"
	"\tvar m = /^#sort=([A-Za-z0-9_-]+):([0-9]+):(asc|desc)$/.exec(location.hash);\n"
	"\tvar t = m && document.getElementById(m[1]);\n"
	"\tif (t && t.tHead && +m[2] < t.tHead.rows[0].cells.length)\n"
	"\t\tsortTable(t, +m[2], m[3] === 'asc' ? 1 : -1);\n"
	"})();\n";

static void page_head(FILE *f, const char *title, const char *body_class)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      f);
	put_esc(f, title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body%s%s%s>\n", css,
		body_class ? " class=\"" : "", body_class ? body_class : "", body_class ? "\"" : "");
}

static void page_foot(FILE *f)
{
	fprintf(f, "<script>\n%s</script>\n</body>\n</html>\n", sort_script);
}

/* json_in_script - @j as JSON that no text inside it can end a <script> with. */
static void json_in_script(FILE *f, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	for (const char *p = s; p && *p; p++) {
		if (*p == '<')
			fputs("\\u003c", f);
		else if (*p == '>')
			fputs("\\u003e", f);
		else if (*p == '&')
			fputs("\\u0026", f);
		else
			fputc(*p, f);
	}
	free(s);
}

/* jstr - a JSON string, "" for NULL or text that is not UTF-8. */
static json_t *jstr(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;

	return j ? j : json_string("");
}

/* percent_encode - @s for a URL; '/' is kept when @keep_slash (a path), else encoded. */
static void percent_encode(FILE *f, const char *s, int keep_slash)
{
	const char *safe = keep_slash ? "-._~/" : "-._~";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr(safe, c))
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

char *md_source_url(const char *template, const char *version, const char *path,
		    unsigned int line)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *p = template;

	if (!f)
		md_die("out of memory");
	while (*p) {
		if (!strncmp(p, "{version}", 9)) {
			percent_encode(f, version, 0);
			p += 9;
		} else if (!strncmp(p, "{path}", 6)) {
			percent_encode(f, path, 1);
			p += 6;
		} else if (!strncmp(p, "{line}", 6)) {
			fprintf(f, "%u", line);
			p += 6;
		} else {
			fputc(*p++, f);
		}
	}
	if (fclose(f))
		md_die("out of memory");
	return buf;
}

/* --- gathering --- */

static int rule_cb(void *data, const struct md_count *c)
{
	struct dash *d = data;

	ALLOC_GROW(d->rules, d->nrules + 1, d->rules_alloc);
	d->rules[d->nrules++] = (struct rule){
		.id = xstrdup(c->key), .summary = xstrdup(c->summary ? c->summary : ""),
		.findings = c->findings, .files = c->files,
	};
	return 0;
}

static int rule_index(const struct dash *d, const char *id)
{
	for (size_t i = 0; i < d->nrules; i++)
		if (!strcmp(d->rules[i].id, id))
			return (int)i;
	return -1;
}

/*
 * parse_time - seconds since the epoch of an ISO-8601 UTC time, with its
 * milliseconds (scans a second apart still give a rate); 0 when it is none.
 */
static double parse_time(const char *s)
{
	struct tm tm = { 0 };
	int sec, ms = 0;

	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d.%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &sec, &ms) < 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_sec = sec;
	return (double)timegm(&tm) + ms / 1000.0;
}

static int scan_cb(void *data, const struct md_scan_info *s)
{
	struct dash *d = data;
	struct scan_row *r;

	ALLOC_GROW(d->scans, d->nscans + 1, d->scans_alloc);
	r = &d->scans[d->nscans++];
	*r = (struct scan_row){
		.id = s->id,
		.version = xstrdup_or_null(s->kernel_version),
		.status = xstrdup_or_null(s->status),
		.started_at = xstrdup_or_null(s->started_at),
		.finished_at = xstrdup_or_null(s->finished_at),
		.tree = xstrdup_or_null(s->tree),
		.scope = xstrdup_or_null(s->scope),
		.complete = s->status && !strcmp(s->status, "complete"),
		.tus_failed = s->tus_failed,
		.t = parse_time(s->started_at),
	};
	return 0;
}

struct counting {
	struct dash *d;
	struct scan_row *r;
};

static int count_cb(void *data, const struct md_count *c)
{
	struct counting *k = data;
	int i = rule_index(k->d, c->key);

	if (i >= 0)
		k->r->counts[i] = c->findings;
	k->r->total += c->findings;
	return 0;
}

static int patch_cb(void *data, const struct md_patch_ref *p)
{
	struct dash *d = data;

	/* the newest patch of each fingerprint comes first */
	if (d->npatches && !strcmp(d->patches[d->npatches - 1].fingerprint, p->fingerprint))
		return 0;
	ALLOC_GROW(d->patches, d->npatches + 1, d->patches_alloc);
	d->patches[d->npatches++] = (struct patch){
		.fingerprint = xstrdup(p->fingerprint), .subject = xstrdup_or_null(p->subject),
		.series = xstrdup_or_null(p->series), .status = xstrdup_or_null(p->status),
		.diff = xstrdup_or_null(p->diff), .created_at = xstrdup_or_null(p->created_at),
		.id = p->id, .scan_id = p->scan_id, .seq = p->seq,
	};
	return 0;
}

static const struct patch *find_patch(const struct dash *d, const char *fp)
{
	size_t lo = 0, hi = d->npatches;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->patches[mid].fingerprint, fp);

		if (!c)
			return &d->patches[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* top_dirs - the first two directory components of @path ("fs/ext4", "mm"). */
static char *top_dirs(const char *path)
{
	const char *slash = strchr(path, '/'), *second;

	if (!slash)
		return xstrdup("(top level)");
	second = strchr(slash + 1, '/');
	return xstrndup(path, (size_t)((second ? second : slash) - path));
}

static int item_cb(void *data, const struct md_finding *f)
{
	struct dash *d = data;
	struct item *it;

	ALLOC_GROW(d->items, d->nitems + 1, d->items_alloc);
	it = &d->items[d->nitems++];
	memset(it, 0, sizeof(*it));
	md_finding_copy(&it->f, f);
	it->rule = rule_index(d, f->rule);
	return 0;
}

/* classify - the section (or directories) and the patch of each finding. */
static void classify(struct dash *d)
{
	const struct md_maint_section *last = NULL;
	const char *last_path = NULL;

	for (size_t i = 0; i < d->nitems; i++) {
		struct item *it = &d->items[i];

		it->patch = find_patch(d, it->f.fingerprint);
		if (!d->maint) {
			it->group = top_dirs(it->f.path);
			continue;
		}
		/* findings come by path: one match per file */
		if (!last_path || strcmp(last_path, it->f.path))
			last = md_maintainers_match(d->maint, it->f.path);
		last_path = it->f.path;
		it->section = last;
		it->group = xstrdup(last ? last->name : "(no MAINTAINERS section)");
	}
}

static void load_maintainers(struct dash *d)
{
	const char *tree = d->shown ? d->shown->tree : NULL;

	if (!tree || !*tree)
		return;
	d->maint_path = xasprintf("%s/MAINTAINERS", tree);
	if (access(d->maint_path, R_OK))
		return;
	d->maint = md_maintainers_load(d->maint_path);
}

static int gather(struct dash *d)
{
	struct counting k = { .d = d };

	if (md_query_rule_counts(d->db, d->o->scan > 0 ? d->o->scan : 0, rule_cb, d))
		return -1;
	if (md_query_scans(d->db, scan_cb, d))
		return -1;
	for (size_t i = 0; i < d->nscans; i++) {
		struct scan_row *r = &d->scans[i];

		r->counts = xcalloc(d->nrules ? d->nrules : 1, sizeof(long));
		k.r = r;
		if (md_query_rule_counts(d->db, r->id, count_cb, &k))
			return -1;
		if (d->o->scan ? r->id == d->o->scan : r->complete)
			d->shown = r;
	}
	if (!d->shown && d->nscans && !d->o->scan)
		d->shown = &d->scans[d->nscans - 1];
	if (!d->shown)
		return md_error(d->o->scan ? "no scan %lld" : "the database holds no scan yet",
				(long long)d->o->scan);
	/* the rules' counts in the scan shown */
	for (size_t i = 0; i < d->nrules; i++)
		free(d->rules[i].id), free(d->rules[i].summary);
	d->nrules = 0;
	if (md_query_rule_counts(d->db, d->shown->id, rule_cb, d))
		return -1;
	if (md_query_patch_findings(d->db, "clean", patch_cb, d))
		return -1;
	if (md_query_findings(d->db, d->shown->id, NULL, item_cb, d) < 0)
		return -1;
	load_maintainers(d);
	classify(d);
	return 0;
}

/* --- tables --- */

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static int group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* group_pairs - sum @pairs by key into groups, most findings first. */
static struct group *group_pairs(const struct dash *d, struct pair *pairs, size_t n,
				 size_t *ngroups)
{
	struct group *g = NULL;
	size_t ng = 0, alloc = 0;

	if (n)
		qsort(pairs, n, sizeof(*pairs), pair_cmp);
	for (size_t i = 0; i < n; i++) {
		if (!ng || strcmp(g[ng - 1].key, pairs[i].key)) {
			ALLOC_GROW(g, ng + 1, alloc);
			g[ng++] = (struct group){
				.key = pairs[i].key,
				.counts = xcalloc(d->nrules ? d->nrules : 1, sizeof(long)),
			};
		}
		if (pairs[i].rule >= 0)
			g[ng - 1].counts[pairs[i].rule]++;
		g[ng - 1].total++;
	}
	if (ng)
		qsort(g, ng, sizeof(*g), group_cmp);
	*ngroups = ng;
	return g;
}

static void rule_headers(FILE *f, const struct dash *d)
{
	fputs("<th class=\"n\" data-type=\"number\">total</th>", f);
	for (size_t i = 0; i < d->nrules; i++) {
		fputs("<th class=\"n\" data-type=\"number\">", f);
		put_esc(f, d->rules[i].id);
		fputs("</th>", f);
	}
}

static void num_cell(FILE *f, long v)
{
	fprintf(f, "<td class=\"n\" data-value=\"%ld\">%ld</td>", v, v);
}

static void group_table(FILE *f, const struct dash *d, const char *id, const char *what,
			struct pair *pairs, size_t n)
{
	size_t ng;
	struct group *g = group_pairs(d, pairs, n, &ng);

	fprintf(f, "<table class=\"sortable\" id=\"%s\">\n<thead><tr><th>", id);
	put_esc(f, what);
	fputs("</th>", f);
	rule_headers(f, d);
	fputs("</tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < ng; i++) {
		fputs("<tr><td>", f);
		put_esc(f, g[i].key);
		fputs("</td>", f);
		num_cell(f, g[i].total);
		for (size_t r = 0; r < d->nrules; r++)
			num_cell(f, g[i].counts[r]);
		fputs("</tr>\n", f);
		free(g[i].counts);
	}
	fputs("</tbody>\n</table>\n", f);
	free(g);
}

static void subsystem_tables(FILE *f, const struct dash *d)
{
	struct pair *pairs = xcalloc(d->nitems + 1, sizeof(*pairs));
	size_t n = 0, alloc = 0;

	fputs("<h2 id=\"by-subsystem\">Findings per subsystem</h2>\n<p class=\"note\">", f);
	if (d->maint) {
		fputs("Sections of ", f);
		put_esc(f, d->maint_path);
		fputs(", as get_maintainer.pl picks them.", f);
	} else {
		fputs("Top two directory levels: ", f);
		put_esc(f, d->maint_path ? d->maint_path : "the scan's tree");
		fputs(" is not there.", f);
	}
	fputs(" Click a column header to sort.</p>\n", f);
	for (size_t i = 0; i < d->nitems; i++)
		pairs[i] = (struct pair){ d->items[i].group, d->items[i].rule };
	group_table(f, d, "subsystems", d->maint ? "section" : "directory", pairs, d->nitems);
	free(pairs);

	fputs("<h2 id=\"by-maintainer\">Findings per maintainer</h2>\n", f);
	if (!d->maint) {
		fputs("<p class=\"note\">No MAINTAINERS file: no maintainers.</p>\n", f);
		return;
	}
	fputs("<p class=\"note\">Each finding counts for every M: maintainer of its "
	      "section.</p>\n", f);
	pairs = NULL;
	n = 0;
	for (size_t i = 0; i < d->nitems; i++) {
		const struct md_maint_section *s = d->items[i].section;

		for (size_t k = 0; s && k < s->maintainers.n; k++) {
			ALLOC_GROW(pairs, n + 1, alloc);
			pairs[n++] = (struct pair){ s->maintainers.v[k], d->items[i].rule };
		}
	}
	group_table(f, d, "maintainers", "maintainer", pairs, n);
	free(pairs);
}

/* --- the trend and the burn-down --- */

/* nice_max - the smallest of 1, 2, 5 times a power of ten that is >= @v. */
static long nice_max(long v)
{
	long m = 1;

	if (v <= 1)
		return 1;
	while (m <= v / 10)
		m *= 10;
	if (m >= v)
		return m;
	if (2 * m >= v)
		return 2 * m;
	if (5 * m >= v)
		return 5 * m;
	return 10 * m;
}

#define CW 420
#define CH 190
#define CL 48
#define CR 16
#define CT 14
#define CB 52
#define CI 24 /* the first and last point from the plot's edges */

static long row_value(const struct scan_row *r, int rule)
{
	return rule < 0 ? r->total : r->counts[rule];
}

/* put_label - @s, cut to LABEL_MAX bytes (at a character) with an ellipsis, all in a title. */
#define LABEL_MAX 14
static void put_label(FILE *f, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (len <= LABEL_MAX) {
		put_esc(f, s);
		return;
	}
	fputs("<title>", f);
	put_esc(f, s);
	fputs("</title>", f);
	len = LABEL_MAX - 1;
	while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	put_escn(f, s, len);
	fputs("&#x2026;", f);
}

/* chart - the findings of @rule (-1: all rules) in every scan, in scan order. */
static void chart(FILE *f, const struct dash *d, int rule)
{
	const char *name = rule < 0 ? "all rules" : d->rules[rule].id;
	long max = 0, top;
	double pw = CW - CL - CR - 2 * CI, ph = CH - CT - CB;
	size_t n = d->nscans, every = n > 12 ? (n + 11) / 12 : 1;

	for (size_t i = 0; i < n; i++)
		if (row_value(&d->scans[i], rule) > max)
			max = row_value(&d->scans[i], rule);
	top = nice_max(max);
	fputs("<figure class=\"chart\"><figcaption>", f);
	put_esc(f, name);
	fputs("</figcaption>\n<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" data-rule=\"",
	      f);
	put_esc(f, rule < 0 ? "" : name);
	fprintf(f, "\" data-points=\"%zu\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"role=\"img\" aria-label=\"findings of ",
		n, CW, CH, CW, CH);
	put_esc(f, name);
	fputs(" per scan\">\n", f);
	for (int k = 0; k <= 2; k++) {
		double y = CT + ph * k / 2.0;

		fprintf(f, "<line class=\"%s\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", k == 2 ? "axis" : "grid",
			CL, CW - CR, y, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", CL - 4,
			y + 3, (double)top * (2 - k) / 2.0);
	}
	fputs("<polyline points=\"", f);
	for (size_t i = 0; i < n; i++) {
		double x = CL + CI + (n == 1 ? pw / 2 : pw * (double)i / (double)(n - 1));
		double y = CT + ph * (1.0 - (double)row_value(&d->scans[i], rule) / (double)top);

		fprintf(f, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	fputs("\"/>\n", f);
	for (size_t i = 0; i < n; i++) {
		const struct scan_row *r = &d->scans[i];
		double x = CL + CI + (n == 1 ? pw / 2 : pw * (double)i / (double)(n - 1));
		double y = CT + ph * (1.0 - (double)row_value(r, rule) / (double)top);

		fprintf(f, "<circle class=\"pt%s\" r=\"3.5\" cx=\"%.1f\" cy=\"%.1f\" "
			"data-scan=\"%lld\" data-count=\"%ld\" data-version=\"",
			r->complete ? "" : " partial", x, y, (long long)r->id, row_value(r, rule));
		put_esc(f, r->version);
		fprintf(f, "\"><title>scan %lld, linux ", (long long)r->id);
		put_esc(f, r->version);
		fprintf(f, " (%s): %ld</title></circle>\n", r->status ? r->status : "?",
			row_value(r, rule));
		if (i % every == 0 || i == n - 1) {
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" "
				"transform=\"rotate(-30 %.1f %d)\">",
				x, CH - CB + 14, x, CH - CB + 14);
			put_label(f, r->version);
			fputs("</text>\n", f);
		}
	}
	fputs("</svg></figure>\n", f);
}

static void put_date(FILE *f, double when)
{
	char buf[32];
	struct tm tm;
	time_t t = (time_t)when;

	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%d", &tm))
		snprintf(buf, sizeof(buf), "?");
	fputs(buf, f);
}

/* burndown_row - when @rule reaches zero at the pace from @a to @b. */
static void burndown_row(FILE *f, const struct dash *d, int rule, const struct scan_row *a,
			 const struct scan_row *b, size_t steps)
{
	long first = row_value(a, rule), last = row_value(b, rule), delta = last - first;
	double days = (b->t - a->t) / 86400.0;

	fputs("<tr data-rule=\"", f);
	put_esc(f, rule < 0 ? "" : d->rules[rule].id);
	fputs("\"><td>", f);
	put_esc(f, rule < 0 ? "all rules" : d->rules[rule].id);
	fputs("</td>", f);
	num_cell(f, first);
	num_cell(f, last);
	fprintf(f, "<td class=\"n\" data-value=\"%ld\">%+ld</td>", delta, delta);
	if (days > 0 && a != b)
		fprintf(f, "<td class=\"n\" data-value=\"%.4f\">%.2f</td>", delta / days, delta / days);
	else
		fputs("<td class=\"n\" data-value=\"0\">-</td>", f);
	if (last == 0) {
		fputs("<td data-value=\"0\" class=\"zero\">at zero</td><td class=\"n\" "
		      "data-value=\"0\">0</td>", f);
	} else if (a == b) {
		fputs("<td data-value=\"~\" class=\"stalled\">one scan: no rate yet</td>"
		      "<td class=\"n\" data-value=\"1e99\">-</td>", f);
	} else if (delta >= 0) {
		fputs("<td data-value=\"~\" class=\"stalled\">no progress</td>"
		      "<td class=\"n\" data-value=\"1e99\">-</td>", f);
	} else {
		double per_step = (double)-delta / (double)steps;
		long more = (long)((double)last / per_step + 0.999999);

		if (days > 0) {
			double to_zero = (double)last * days / (double)-delta;

			fputs("<td data-value=\"", f);
			fprintf(f, "%.0f\">", to_zero);
			if (to_zero > 36500)
				fputs("more than a century", f);
			else
				put_date(f, b->t + to_zero * 86400.0);
			fputs("</td>", f);
		} else {
			fputs("<td data-value=\"~\">-</td>", f);
		}
		fprintf(f, "<td class=\"n\" data-value=\"%ld\">%ld</td>", more, more);
	}
	fputs("</tr>\n", f);
}

static void burndown(FILE *f, const struct dash *d)
{
	const struct scan_row *a = NULL, *b = NULL;
	size_t steps = 0;

	for (size_t i = 0; i < d->nscans; i++) {
		if (!d->scans[i].complete)
			continue;
		if (!a)
			a = &d->scans[i];
		else
			steps++;
		b = &d->scans[i];
	}
	fputs("<h2 id=\"burndown\">Burn-down</h2>\n", f);
	if (!a) {
		fputs("<p class=\"note\">No complete scan yet.</p>\n", f);
		return;
	}
	fprintf(f, "<p class=\"note\">At the rate measured between the first complete scan (%lld, "
		"linux ", (long long)a->id);
	put_esc(f, a->version);
	fputs(", ", f);
	put_esc(f, a->started_at);
	fprintf(f, ") and the last (%lld, linux ", (long long)b->id);
	put_esc(f, b->version);
	fputs(", ", f);
	put_esc(f, b->started_at);
	fputs("): the date each rule reaches zero, and how many more scans of the same "
	      "progress that takes.</p>\n", f);
	fputs("<table class=\"sortable\" id=\"burndown-table\">\n<thead><tr><th>rule</th>"
	      "<th class=\"n\" data-type=\"number\">first</th>"
	      "<th class=\"n\" data-type=\"number\">last</th>"
	      "<th class=\"n\" data-type=\"number\">change</th>"
	      "<th class=\"n\" data-type=\"number\">per day</th>"
	      "<th>reaches zero</th>"
	      "<th class=\"n\" data-type=\"number\">scans to zero</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t i = 0; i < d->nrules; i++)
		burndown_row(f, d, (int)i, a, b, steps ? steps : 1);
	burndown_row(f, d, -1, a, b, steps ? steps : 1);
	fputs("</tbody>\n</table>\n", f);
}

/* --- pages --- */

/* rule_file - "rule-ID.html", with anything but [A-Za-z0-9_-] in ID as '_'. */
static char *rule_file(const char *id)
{
	char *name = xasprintf("rule-%s.html", id);

	for (char *p = name + 5; p < name + strlen(name) - 5; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			*p = '_';
	return name;
}

static void data_json(FILE *f, const struct dash *d)
{
	json_t *root = json_object(), *scans = json_array(), *rules = json_array();

	for (size_t i = 0; i < d->nrules; i++)
		json_array_append_new(rules, jstr(d->rules[i].id));
	for (size_t i = 0; i < d->nscans; i++) {
		const struct scan_row *r = &d->scans[i];
		json_t *s = json_object(), *counts = json_object();

		for (size_t k = 0; k < d->nrules; k++)
			json_object_set_new(counts, d->rules[k].id, json_integer(r->counts[k]));
		json_object_set_new(s, "id", json_integer(r->id));
		json_object_set_new(s, "kernel_version", jstr(r->version));
		json_object_set_new(s, "status", jstr(r->status));
		json_object_set_new(s, "started_at", jstr(r->started_at));
		json_object_set_new(s, "tree", jstr(r->tree));
		json_object_set_new(s, "scope", jstr(r->scope));
		json_object_set_new(s, "counts", counts);
		json_object_set_new(s, "total", json_integer(r->total));
		json_array_append_new(scans, s);
	}
	json_object_set_new(root, "shown_scan", json_integer(d->shown->id));
	json_object_set_new(root, "rules", rules);
	json_object_set_new(root, "scans", scans);
	fputs("<script type=\"application/json\" id=\"memdesc-data\">", f);
	json_in_script(f, root);
	fputs("</script>\n", f);
	json_decref(root);
}

static void scan_line(FILE *f, const struct scan_row *s)
{
	fprintf(f, "scan %lld of <code>", (long long)s->id);
	put_esc(f, s->tree);
	fputs("</code> (linux ", f);
	put_esc(f, s->version);
	fputs(", scope ", f);
	put_esc(f, s->scope && *s->scope ? s->scope : "whole tree");
	fputs(", ", f);
	put_esc(f, s->status);
	if (s->finished_at) {
		fputs(", finished ", f);
		put_esc(f, s->finished_at);
	}
	fputs(")", f);
	if (s->tus_failed)
		fprintf(f, "; <span class=\"carried\">%d files could not be scanned</span>",
			s->tus_failed);
}

static int write_index(struct dash *d)
{
	struct page p;
	FILE *f;
	long total = 0;

	if (page_open(&p, d->o->dir, "index.html"))
		return -1;
	f = p.f;
	page_head(f, "memdesc: struct page shrink progress", NULL);
	fputs("<h1>memdesc: struct page shrink progress</h1>\n<p>", f);
	scan_line(f, d->shown);
	fprintf(f, "; %zu scans in the database.</p>\n", d->nscans);

	fputs("<h2 id=\"rules\">Findings per rule</h2>\n<table class=\"sortable\" "
	      "id=\"rules-table\">\n<thead><tr><th>rule</th><th>finds</th>"
	      "<th class=\"n\" data-type=\"number\">findings</th>"
	      "<th class=\"n\" data-type=\"number\">files</th></tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < d->nrules; i++) {
		char *name = rule_file(d->rules[i].id);

		fputs("<tr data-rule=\"", f);
		put_esc(f, d->rules[i].id);
		fputs("\"><td><a href=\"", f);
		put_esc(f, name);
		fputs("\">", f);
		put_esc(f, d->rules[i].id);
		fputs("</a></td><td>", f);
		put_esc(f, d->rules[i].summary);
		fputs("</td>", f);
		num_cell(f, d->rules[i].findings);
		num_cell(f, d->rules[i].files);
		fputs("</tr>\n", f);
		total += d->rules[i].findings;
		free(name);
	}
	fprintf(f, "</tbody>\n<tfoot><tr><td>total</td><td></td>"
		"<td class=\"n\" id=\"total-findings\" data-value=\"%ld\">%ld</td><td></td></tr>"
		"</tfoot>\n</table>\n", total, total);

	fputs("<h2 id=\"trend\">Trend</h2>\n<p class=\"note\">Findings per rule in every scan "
	      "of the database, oldest first, labelled by kernel version; a hollow point is a "
	      "scan that is not complete.</p>\n<div class=\"charts\">\n", f);
	chart(f, d, -1);
	for (size_t i = 0; i < d->nrules; i++)
		chart(f, d, (int)i);
	fputs("</div>\n", f);
	burndown(f, d);
	subsystem_tables(f, d);
	data_json(f, d);
	page_foot(f);
	return page_close(&p);
}

static void finding_row(FILE *f, const struct dash *d, const struct item *it)
{
	const struct md_finding *fi = &it->f;
	size_t len = fi->source_line_len ? fi->source_line_len
					 : (fi->source_line ? strlen(fi->source_line) : 0);

	fputs("<tr data-fingerprint=\"", f);
	put_esc(f, fi->fingerprint);
	fputs("\"><td data-value=\"", f);
	put_esc(f, fi->path);
	fprintf(f, ":%08u\">", fi->line);
	if (d->o->source_url) {
		char *url = md_source_url(d->o->source_url, d->shown->version, fi->path, fi->line);

		fputs("<a class=\"src\" href=\"", f);
		put_esc(f, url);
		fputs("\">", f);
		free(url);
	}
	put_esc(f, fi->path);
	fprintf(f, ":%u:%u", fi->line, fi->col);
	if (d->o->source_url)
		fputs("</a>", f);
	if (fi->carried_from)
		fprintf(f, " <span class=\"carried\">(not rescanned: carried from scan %lld)</span>",
			fi->carried_from);
	fputs("</td><td>", f);
	put_esc(f, fi->function);
	fputs("</td><td>", f);
	put_esc(f, it->group);
	fputs("</td><td>", f);
	if (it->patch) {
		fprintf(f, "<a class=\"patch\" href=\"patch-%lld.html\">", (long long)it->patch->id);
		put_esc(f, it->patch->subject);
		fputs("</a>", f);
	}
	fputs("</td><td><code>", f);
	put_esc(f, fi->matched);
	fputs("</code>", f);
	if (fi->macro) {
		fputs(" via ", f);
		put_esc(f, fi->macro);
		fputs("()", f);
	}
	fputs("</td><td class=\"code\" title=\"", f);
	put_esc(f, fi->message);
	fputs("\"><code>", f);
	if (fi->source_line)
		put_escn(f, fi->source_line, len);
	fputs("</code></td></tr>\n", f);
}

static int write_rule_page(struct dash *d, size_t rule)
{
	const struct rule *r = &d->rules[rule];
	char *name = rule_file(r->id), *title = xasprintf("memdesc: %s", r->id);
	struct page p;
	FILE *f;
	int rc;

	rc = page_open(&p, d->o->dir, name);
	free(name);
	if (rc) {
		free(title);
		return -1;
	}
	f = p.f;
	page_head(f, title, "wide");
	free(title);
	fputs("<p><a href=\"index.html\">&larr; all rules</a></p>\n<h1>", f);
	put_esc(f, r->id);
	fputs("</h1>\n<p>", f);
	put_esc(f, r->summary);
	fputs("</p>\n<p>", f);
	scan_line(f, d->shown);
	fprintf(f, ": <span id=\"count\" data-value=\"%ld\">%ld</span> findings in %ld files.</p>\n",
		r->findings, r->findings, r->files);
	fputs("<table class=\"sortable\" id=\"findings\">\n<thead><tr><th>where</th>"
	      "<th>function</th><th>", f);
	fputs(d->maint ? "section" : "directory", f);
	fputs("</th><th>patch</th><th>matched</th><th>code</th></tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < d->nitems; i++)
		if (d->items[i].rule == (int)rule)
			finding_row(f, d, &d->items[i]);
	fputs("</tbody>\n</table>\n", f);
	page_foot(f);
	return page_close(&p);
}

/* write_patches - a page for every validated patch, the ones findings link to. */
static int write_patches(struct dash *d)
{
	int rc = 0;

	for (size_t i = 0; i < d->npatches && !rc; i++) {
		const struct patch *pt = &d->patches[i];
		char *name, *title;
		struct page p;
		size_t k;

		/* one page per patch, however many findings it resolves */
		for (k = 0; k < i; k++)
			if (d->patches[k].id == pt->id)
				break;
		if (k < i)
			continue;
		name = xasprintf("patch-%lld.html", (long long)pt->id);
		rc = page_open(&p, d->o->dir, name);
		free(name);
		if (rc)
			break;
		title = xasprintf("patch %lld", (long long)pt->id);
		page_head(p.f, title, "wide");
		free(title);
		fputs("<p><a href=\"index.html\">&larr; dashboard</a></p>\n<h1>", p.f);
		put_esc(p.f, pt->subject);
		fputs("</h1>\n<p>series ", p.f);
		put_esc(p.f, pt->series);
		fprintf(p.f, ", patch %d, from scan %lld, ", pt->seq, (long long)pt->scan_id);
		put_esc(p.f, pt->status);
		fputs(", ", p.f);
		put_esc(p.f, pt->created_at);
		fputs("</p>\n<pre class=\"diff\">", p.f);
		put_esc(p.f, pt->diff);
		fputs("</pre>\n", p.f);
		page_foot(p.f);
		rc = page_close(&p);
	}
	return rc;
}

static int make_dir(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; *s && !rc; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			rc = md_error_errno("%s", p);
		*s = '/';
	}
	if (!rc && mkdir(p, 0777) && errno != EEXIST)
		rc = md_error_errno("%s", p);
	free(p);
	return rc;
}

static void release(struct dash *d)
{
	for (size_t i = 0; i < d->nrules; i++)
		free(d->rules[i].id), free(d->rules[i].summary);
	for (size_t i = 0; i < d->nscans; i++) {
		struct scan_row *r = &d->scans[i];

		free(r->version), free(r->status), free(r->started_at), free(r->finished_at);
		free(r->tree), free(r->scope), free(r->counts);
	}
	for (size_t i = 0; i < d->nitems; i++) {
		md_finding_release(&d->items[i].f);
		free(d->items[i].group);
	}
	for (size_t i = 0; i < d->npatches; i++) {
		struct patch *p = &d->patches[i];

		free(p->fingerprint), free(p->subject), free(p->series), free(p->status);
		free(p->diff), free(p->created_at);
	}
	free(d->rules);
	free(d->scans);
	free(d->items);
	free(d->patches);
	if (d->maint)
		md_maintainers_free(d->maint);
	free(d->maint_path);
}

long md_write_dashboard(struct md_db *db, struct md_dashboard_opts *o)
{
	struct dash d = { .db = db, .o = o };
	long n = -1;
	int rc;

	rc = gather(&d);
	if (!rc)
		rc = make_dir(o->dir);
	if (!rc)
		rc = write_index(&d);
	for (size_t i = 0; !rc && i < d.nrules; i++)
		rc = write_rule_page(&d, i);
	if (!rc)
		rc = write_patches(&d);
	if (!rc) {
		n = (long)d.nitems;
		o->shown = d.shown->id;
	}
	release(&d);
	return n;
}
