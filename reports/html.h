/* SPDX-License-Identifier: GPL-2.0 */
/*
 * html.h - the dashboard: a directory of static HTML pages over the read
 * API (db/query.h) that open from file:// and any static host; no script
 * or style is fetched from anywhere.
 *
 *   DIR/index.html         the trend of every rule over every scan of the
 *                          database (inline SVG), a burn-down projection,
 *                          findings per MAINTAINERS section and per
 *                          maintainer (tables sortable by their headers)
 *   DIR/rule-ID.html       every finding of one rule in the scan shown,
 *                          with its line of code and links
 *   DIR/patch-N.html       a validated ('clean') patch that resolves some
 *                          of those findings
 *
 * Every text from the database or the tree is HTML-escaped; the data
 * embedded in the page's <script type="application/json"> has '<', '>'
 * and '&' written as \u003c, \u003e, \u0026, so no text can close it.
 */
#ifndef MEMDESC_HTML_H
#define MEMDESC_HTML_H

#include <stdint.h>

#include "../db/query.h"

struct md_dashboard_opts {
	const char *dir; /* where the pages go; created when missing */
	/*
	 * a link for every finding, e.g.
	 * "https://elixir.bootlin.com/linux/v{version}/source/{path}#L{line}":
	 * {version} is the scan's kernel_version, {path} the finding's path
	 * (percent-encoded), {line} its line; NULL: no links
	 */
	const char *source_url;
	int64_t scan; /* the scan whose findings are listed; 0: the newest complete one */
	int64_t shown; /* set: the scan the pages show */
};

/*
 * md_write_dashboard - write the pages of @o for @db (and set @o->shown).  Returns the number
 * of findings of the scan shown, or -1 after reporting an error (a page
 * that cannot be written, a database error).
 */
long md_write_dashboard(struct md_db *db, struct md_dashboard_opts *o);

/*
 * md_source_url - @template with {version}, {path} and {line} replaced
 * ({path} and {version} percent-encoded, '/' kept in the path); a new string.
 */
char *md_source_url(const char *template, const char *version, const char *path,
		    unsigned int line);

#endif
