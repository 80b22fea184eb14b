/* SPDX-License-Identifier: GPL-2.0 */
/*
 * render.h - everything memdesc prints about findings is a renderer over
 * the read API (db/query.h): begin, one call per finding, end.  One file
 * per format; adding a format is one file and one line in renderers[]
 * (render.c).  Renderers never see analyzer output, only the records the
 * database hands back.
 */
#ifndef MEMDESC_RENDER_H
#define MEMDESC_RENDER_H

#include <stdint.h>
#include <stdio.h>

#include "../db/query.h"

struct md_render;

struct md_renderer {
	const char *name;	 /* the --format value */
	const char *description; /* for --help */
	void (*begin)(struct md_render *r);
	void (*finding)(struct md_render *r, const struct md_finding *f);
	void (*end)(struct md_render *r);
};

/* One rendering in progress. */
struct md_render {
	const struct md_renderer *ops;
	FILE *out;
	struct md_db *db;	    /* where the findings come from (rules, scan) */
	int64_t scan;		    /* the scan rendered */
	const char *baseline_state; /* "new", "unchanged", ... when compared; else NULL */
	long count;		    /* findings rendered so far */
	void *priv;		    /* the renderer's own state */
};

/* md_renderer_find - the renderer called @name, or NULL. */
const struct md_renderer *md_renderer_find(const char *name);

/* md_renderer_names - "text, json": the names, for messages and --help. */
const char *md_renderer_names(void);

/* md_render_begin - start rendering findings of scan @scan of @db to @out. */
void md_render_begin(struct md_render *r, const struct md_renderer *ops, FILE *out,
		     struct md_db *db, int64_t scan);

/* md_render_finding - render one finding; an md_finding_fn for md_query_findings(). */
int md_render_finding(void *r, const struct md_finding *f);

void md_render_end(struct md_render *r);

/*
 * md_render_scan - begin, every finding of @scan that passes @filter, end.
 * Returns how many were rendered, or -1 on a database error (reported).
 */
long md_render_scan(struct md_db *db, int64_t scan, const struct md_filter *filter,
		    const struct md_renderer *ops, FILE *out);

/*
 * md_print_summary - the rule x count table of @scan (every rule of the
 * database's rules table, zeros included), TUs scanned and failed, and the
 * time the scan took.  Returns 0, or -1 on a database error (reported).
 */
int md_print_summary(struct md_db *db, int64_t scan, FILE *out);

extern const struct md_renderer md_render_text;
extern const struct md_renderer md_render_json;
extern const struct md_renderer md_render_sarif;
extern const struct md_renderer md_render_codeclimate;

#endif
