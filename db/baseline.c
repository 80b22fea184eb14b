// SPDX-License-Identifier: GPL-2.0
/* baseline.c - read, write and match baselines for the gate. */
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "../lib/xalloc.h"
#include "baseline.h"
#include "query.h"

#define HEADER "# memdesc baseline, fingerprint version "
/*
 * The findings after this line were made by the coccinelle fallback: a scan
 * that did not run it cannot have fixed them.  A comment, so a memdesc that
 * does not know it reads the file the same but for that.
 */
#define COCCINELLE_MARK "# engine coccinelle"

static struct md_baseline_entry *add_entry(struct md_baseline *b, const char *fp,
					   const char *rule, const char *path)
{
	struct md_baseline_entry *e;

	ALLOC_GROW(b->v, b->n + 1, b->alloc);
	e = &b->v[b->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->fingerprint, sizeof(e->fingerprint), "%s", fp);
	e->rule = xstrdup(rule);
	e->path = xstrdup(path);
	return e;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct md_baseline_entry *x = a, *y = b;
	int d = strcmp(x->fingerprint, y->fingerprint);

	return d ? d : strcmp(x->path, y->path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* finish - sort the entries, collect the unique paths. */
static void finish(struct md_baseline *b)
{
	size_t k = 0;

	qsort(b->v, b->n, sizeof(*b->v), cmp_entry);
	b->paths = xcalloc(b->n + 1, sizeof(*b->paths));
	for (size_t i = 0; i < b->n; i++)
		b->paths[i] = b->v[i].path;
	qsort(b->paths, b->n, sizeof(*b->paths), cmp_str);
	for (size_t i = 0; i < b->n; i++)
		if (!k || strcmp(b->paths[k - 1], b->paths[i]))
			b->paths[k++] = b->paths[i];
	b->npaths = k;
}

int md_baseline_read_file(struct md_baseline *b, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, fp[64], rule[128];
	size_t cap = 0;
	unsigned long lineno = 0;
	int version = -1, rc = 0, used, by_coccinelle = 0;
	ssize_t n;

	memset(b, 0, sizeof(*b));
	b->source = xstrdup(path);
	if (!f)
		return md_error_errno("%s", path);
	while (!rc && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (lineno == 1) {
			if (strncmp(line, HEADER, strlen(HEADER)) ||
			    sscanf(line + strlen(HEADER), "%d", &version) != 1)
				rc = md_error("%s: not a memdesc baseline (no '%s' header)", path,
					      HEADER "N");
			else if (version != MD_FINGERPRINT_VERSION)
				rc = md_error("%s: fingerprint version %d; this memdesc writes %d "
					      "(write the baseline again)", path, version,
					      MD_FINGERPRINT_VERSION);
			continue;
		}
		if (!strncmp(line, COCCINELLE_MARK, strlen(COCCINELLE_MARK)))
			by_coccinelle = 1;
		if (!line[0] || line[0] == '#')
			continue;
		if (sscanf(line, "%63s %127s %n", fp, rule, &used) != 2 || strlen(fp) != 16 ||
		    !line[used])
			rc = md_error("%s:%lu: not 'FINGERPRINT RULE PATH'", path, lineno);
		else
			add_entry(b, fp, rule, line + used)->by_coccinelle = by_coccinelle;
	}
	if (!rc && lineno == 0)
		rc = md_error("%s: empty, not a memdesc baseline", path);
	free(line);
	fclose(f);
	if (!rc)
		finish(b);
	return rc;
}

static int add_finding(void *data, const struct md_finding *f)
{
	struct md_baseline *b = data;

	add_entry(b, f->fingerprint, f->rule, f->path)->by_coccinelle =
		!strcmp(f->engine, "coccinelle");
	return 0;
}

int md_baseline_read_scan(struct md_baseline *b, struct md_db *db, int64_t scan)
{
	memset(b, 0, sizeof(*b));
	b->source = xasprintf("%s scan %lld", md_db_path(db), (long long)scan);
	if (md_query_findings(db, scan, NULL, add_finding, b) < 0)
		return -1;
	finish(b);
	return 0;
}

/* write_entries - the entries found (@by_coccinelle) or not by the fallback, once each. */
static void write_entries(const struct md_baseline *b, int by_coccinelle, FILE *out)
{
	const struct md_baseline_entry *last = NULL;

	for (size_t i = 0; i < b->n; i++) {
		const struct md_baseline_entry *e = &b->v[i];

		if (e->by_coccinelle != by_coccinelle || (last && !cmp_entry(last, e)))
			continue;
		fprintf(out, "%s %s %s\n", e->fingerprint, e->rule, e->path);
		last = e;
	}
}

static int has_coccinelle_entries(const struct md_baseline *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].by_coccinelle)
			return 1;
	return 0;
}

int md_baseline_write(struct md_db *db, int64_t scan, FILE *out)
{
	struct md_scan_info info;
	struct md_baseline b;

	if (md_query_scan(db, scan, &info))
		return md_error("%s: no scan %lld", md_db_path(db), (long long)scan);
	if (md_baseline_read_scan(&b, db, scan)) {
		md_scan_info_release(&info);
		return -1;
	}
	fprintf(out, HEADER "%d\n", MD_FINGERPRINT_VERSION);
	fprintf(out, "# tree %s, linux %s, scan %lld, %s\n", info.tree, info.kernel_version,
		(long long)scan, info.started_at);
	write_entries(&b, 0, out);
	if (has_coccinelle_entries(&b)) {
		fprintf(out, COCCINELLE_MARK ": found by the fallback, fixed only by a scan that runs it\n");
		write_entries(&b, 1, out);
	}
	md_scan_info_release(&info);
	md_baseline_release(&b);
	return fflush(out) || ferror(out) ? md_error_errno("cannot write the baseline") : 0;
}

/* find - the entry with @fp (and, when @path is given, that path). */
static struct md_baseline_entry *find(struct md_baseline *b, const char *fp, const char *path)
{
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(b->v[mid].fingerprint, fp) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < b->n && !strcmp(b->v[lo].fingerprint, fp); lo++)
		if (!path || !strcmp(b->v[lo].path, path))
			return &b->v[lo];
	return NULL;
}

int md_baseline_has_path(const struct md_baseline *b, const char *path)
{
	return bsearch(&path, b->paths, b->npaths, sizeof(*b->paths), cmp_str) != NULL;
}

int md_baseline_contains(struct md_baseline *b, const struct md_finding *f,
			 char *const *vanished, size_t nvanished)
{
	struct md_baseline_entry *e = find(b, f->fingerprint, NULL);
	char fp[MD_FINGERPRINT_LEN + 1];

	if (!e && !md_baseline_has_path(b, f->path)) {
		for (size_t i = 0; !e && i < nvanished; i++) {
			md_fingerprint(f->rule, vanished[i], f->function, f->matched, f->occurrence, fp);
			e = find(b, fp, vanished[i]);
		}
	}
	if (e)
		e->matched = 1;
	return e != NULL;
}

void md_baseline_release(struct md_baseline *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].rule);
		free(b->v[i].path);
	}
	free(b->v);
	free(b->paths);
	free(b->source);
	memset(b, 0, sizeof(*b));
}
