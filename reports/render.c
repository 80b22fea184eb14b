// SPDX-License-Identifier: GPL-2.0
/* render.c - the table of renderers and the begin/finding/end driver. */
#include <string.h>

#include "render.h"

static const struct md_renderer *const renderers[] = {
	&md_render_text,
	&md_render_json,
	&md_render_sarif,
	&md_render_codeclimate,
};

#define NRENDERERS (sizeof(renderers) / sizeof(renderers[0]))

const struct md_renderer *md_renderer_find(const char *name)
{
	for (size_t i = 0; i < NRENDERERS; i++)
		if (!strcmp(renderers[i]->name, name))
			return renderers[i];
	return NULL;
}

const char *md_renderer_names(void)
{
	static char names[256];

	if (!names[0]) {
		for (size_t i = 0; i < NRENDERERS; i++) {
			if (i)
				strncat(names, ", ", sizeof(names) - strlen(names) - 1);
			strncat(names, renderers[i]->name, sizeof(names) - strlen(names) - 1);
		}
	}
	return names;
}

void md_render_begin(struct md_render *r, const struct md_renderer *ops, FILE *out,
		     struct md_db *db, int64_t scan)
{
	memset(r, 0, sizeof(*r));
	r->ops = ops;
	r->out = out;
	r->db = db;
	r->scan = scan;
	if (ops->begin)
		ops->begin(r);
}

int md_render_finding(void *data, const struct md_finding *f)
{
	struct md_render *r = data;

	r->ops->finding(r, f);
	r->count++;
	return 0;
}

void md_render_end(struct md_render *r)
{
	if (r->ops->end)
		r->ops->end(r);
	fflush(r->out);
}

long md_render_scan(struct md_db *db, int64_t scan, const struct md_filter *filter,
		    const struct md_renderer *ops, FILE *out)
{
	struct md_render r;
	long n;

	md_render_begin(&r, ops, out, db, scan);
	n = md_query_findings(db, scan, filter, md_render_finding, &r);
	md_render_end(&r);
	return n;
}
