// SPDX-License-Identifier: GPL-2.0
/*
 * codeclimate.c - findings as a Code Climate issue array, the format GitLab
 * reads as a code-quality report.
 */
#include <stdlib.h>

#include "../lib/xalloc.h"
#include "render.h"

static void cc_begin(struct md_render *r)
{
	r->priv = json_array();
}

static void cc_finding(struct md_render *r, const struct md_finding *f)
{
	json_t *issue = json_pack("{s:s, s:o, s:s, s:[s], s:s, s:s, s:{s:o, s:{s:i}}}",
				  "type", "issue", "description", md_json_text(f->message),
				  "check_name", f->rule, "categories", "Compatibility",
				  "fingerprint", f->fingerprint, "severity", "minor",
				  "location", "path", md_json_text(f->path), "lines", "begin",
				  (json_int_t)f->line);

	json_array_append_new(r->priv, issue);
}

static void cc_end(struct md_render *r)
{
	json_dumpf(r->priv, r->out, JSON_INDENT(2));
	fputc('\n', r->out);
	json_decref(r->priv);
}

const struct md_renderer md_render_codeclimate = {
	.name = "codeclimate",
	.description = "a Code Climate issue array (GitLab code quality)",
	.begin = cc_begin,
	.finding = cc_finding,
	.end = cc_end,
};
