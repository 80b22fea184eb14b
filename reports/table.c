// SPDX-License-Identifier: GPL-2.0
/* table.c - findings per rule and subsystem, with the change since an earlier scan. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/maintainers.h"
#include "../lib/path.h"
#include "../lib/strv.h"
#include "../lib/xalloc.h"
#include "table.h"

#define MAX_RULES 64

struct row {
	char *group;
	long now[MAX_RULES], before[MAX_RULES];
	long total;
};

/* One scan's side of the table: how its paths map to groups. */
struct side {
	struct md_maintainers *maint;
	char *last_path;	/* a one-entry cache: findings come sorted by path */
	const struct md_maint_section *last_section;
};

struct table {
	const struct md_table_opts *o;
	char *rules[MAX_RULES];
	size_t nrules;
	struct row *rows;
	size_t nrows, alloc;
	struct side *side;
	int counting_before;
	struct strv scope;	/* the scan's scope: the earlier scan is compared within it */
	long skipped;	/* outside the maintainer's sections */
};

static int add_rule(void *data, const struct md_count *c)
{
	struct table *t = data;

	if (t->nrules < MAX_RULES)
		t->rules[t->nrules++] = xstrdup(c->key);
	return 0;
}

static size_t rule_index(const struct table *t, const char *rule)
{
	size_t i;

	for (i = 0; i < t->nrules && strcmp(t->rules[i], rule); i++)
		;
	return i;
}

static struct row *row_for(struct table *t, const char *group)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (!strcmp(t->rows[i].group, group))
			return &t->rows[i];
	ALLOC_GROW(t->rows, t->nrows + 1, t->alloc);
	memset(&t->rows[t->nrows], 0, sizeof(t->rows[0]));
	t->rows[t->nrows].group = xstrdup(group);
	return &t->rows[t->nrows++];
}

static const struct md_maint_section *section_of(struct side *s, const char *path)
{
	if (!s->maint)
		return NULL;
	if (!s->last_path || strcmp(s->last_path, path)) {
		free(s->last_path);
		s->last_path = xstrdup(path);
		s->last_section = md_maintainers_match(s->maint, path);
	}
	return s->last_section;
}

/* group_of - the row a finding belongs to, written to @buf. */
static const char *group_of(struct table *t, const char *path, char *buf, size_t len)
{
	const struct md_maint_section *sec;
	const char *p = path;
	int depth = t->o->depth > 0 ? t->o->depth : 2;

	switch (t->o->by) {
	case MD_BY_FILE:
		return path;
	case MD_BY_SECTION:
		sec = section_of(t->side, path);
		if (sec)
			return sec->name;
		/* no section: say where, by directory */
		/* fall through */
	case MD_BY_DIR:
		for (int d = 0; d < depth && p; d++) {
			p = strchr(p, '/');
			if (p && d + 1 < depth)
				p++;
		}
		snprintf(buf, len, "%.*s%s", p ? (int)(p - path) : (int)strlen(path), path,
			 t->o->by == MD_BY_SECTION ? " (no MAINTAINERS section)" : "");
		return buf;
	}
	return path;
}

static int count_finding(void *data, const struct md_finding *f)
{
	struct table *t = data;
	size_t r = rule_index(t, f->rule);
	char buf[4096];
	struct row *row;

	if (r >= t->nrules)
		return 0;
	if (t->counting_before &&
	    !md_path_in_scope(f->path, (const char *const *)t->scope.v, t->scope.n))
		return 0;
	if (t->o->maintainer) {
		const struct md_maint_section *sec = section_of(t->side, f->path);

		if (!sec || !md_maint_has_person(sec, t->o->maintainer)) {
			t->skipped++;
			return 0;
		}
	}
	row = row_for(t, group_of(t, f->path, buf, sizeof(buf)));
	if (t->counting_before) {
		row->before[r]++;
	} else {
		row->now[r]++;
		row->total++;
	}
	return 0;
}

/* open_side - the MAINTAINERS of @scan's tree, when the grouping needs it. */
static void open_side(struct md_db *db, int64_t scan, const struct md_table_opts *o, struct side *s)
{
	struct md_scan_info info;
	char *path;

	memset(s, 0, sizeof(*s));
	if ((o->by != MD_BY_SECTION && !o->maintainer) || md_query_scan(db, scan, &info))
		return;
	path = md_path_join(info.tree, "MAINTAINERS");
	if (access(path, R_OK) == 0)
		s->maint = md_maintainers_load(path);
	else
		md_warning("%s: not there; grouping scan %lld by directory", path, (long long)scan);
	free(path);
	md_scan_info_release(&info);
}

static void close_side(struct side *s)
{
	md_maintainers_free(s->maint);
	free(s->last_path);
}

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->group, y->group);
}

/* used_rules - the columns: rules with a finding in either scan. */
static int used(const struct table *t, size_t r)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].now[r] || t->rows[i].before[r])
			return 1;
	return 0;
}

static void print_cell(FILE *out, long now, long before, int with_change)
{
	char cell[32];

	if (!with_change)
		snprintf(cell, sizeof(cell), "%ld", now);
	else if (!now && before)
		snprintf(cell, sizeof(cell), "done(-%ld)", before);
	else if (now == before)
		snprintf(cell, sizeof(cell), "%ld", now);
	else
		snprintf(cell, sizeof(cell), "%ld(%+ld)", now, now - before);
	fprintf(out, " %14s", cell);
}

static void print_rows(const struct table *t, FILE *out, int with_change)
{
	long now[MAX_RULES] = { 0 }, before[MAX_RULES] = { 0 }, total = 0;

	fprintf(out, "%-44s", t->o->by == MD_BY_SECTION ? "section" :
			      t->o->by == MD_BY_DIR ? "directory" : "file");
	for (size_t r = 0; r < t->nrules; r++)
		if (used(t, r))
			fprintf(out, " %14s", t->rules[r]);
	fprintf(out, " %8s\n", "total");
	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *row = &t->rows[i];

		if (!row->total && !with_change)
			continue;
		fprintf(out, "%-44.44s", row->group);
		for (size_t r = 0; r < t->nrules; r++) {
			now[r] += row->now[r];
			before[r] += row->before[r];
			if (used(t, r))
				print_cell(out, row->now[r], row->before[r], with_change);
		}
		fprintf(out, " %8ld\n", row->total);
		total += row->total;
	}
	fprintf(out, "%-44s", "total");
	for (size_t r = 0; r < t->nrules; r++)
		if (used(t, r))
			print_cell(out, now[r], before[r], with_change);
	fprintf(out, " %8ld\n", total);
	for (size_t r = 0; r < t->nrules; r++)
		if (!now[r] && before[r])
			fprintf(out, "%s: no findings left; ready to rename its fields so new uses "
				"fail to build\n", t->rules[r]);
}

int md_print_table(struct md_db *db, const struct md_table_opts *o, FILE *out)
{
	struct table t = { .o = o };
	struct side now, before;
	int rc = 0;

	struct md_scan_info info;

	if (md_query_rule_counts(db, o->scan, add_rule, &t))
		return -1;
	if (md_query_scan(db, o->scan, &info) == 0) {
		for (char *w = strtok(info.scope, " "); w; w = strtok(NULL, " "))
			strv_push(&t.scope, w);
		md_scan_info_release(&info);
	}
	open_side(db, o->scan, o, &now);
	t.side = &now;
	if (md_query_findings(db, o->scan, o->filter, count_finding, &t) < 0)
		rc = -1;
	if (!rc && o->since) {
		open_side(db, o->since, o, &before);
		t.side = &before;
		t.counting_before = 1;
		if (md_query_findings(db, o->since, o->filter, count_finding, &t) < 0)
			rc = -1;
		close_side(&before);
	}
	close_side(&now);
	if (!rc) {
		qsort(t.rows, t.nrows, sizeof(*t.rows), cmp_rows);
		if (o->since)
			fprintf(out, "scan %lld, change since scan %lld\n", (long long)o->scan,
				(long long)o->since);
		print_rows(&t, out, o->since != 0);
	}
	for (size_t i = 0; i < t.nrows; i++)
		free(t.rows[i].group);
	free(t.rows);
	for (size_t i = 0; i < t.nrules; i++)
		free(t.rules[i]);
	strv_release(&t.scope);
	return rc;
}
