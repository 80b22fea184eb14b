// SPDX-License-Identifier: GPL-2.0
/* text.c - findings as compiler diagnostics: path:line:col: warning: message [rule-id]. */
#include "render.h"

static void text_finding(struct md_render *r, const struct md_finding *f)
{
	fprintf(r->out, "%s:%u:%u: warning: %s", f->path, f->line, f->col, f->message);
	if (f->macro)
		fprintf(r->out, " (via %s())", f->macro);
	if (f->carried_from)
		fprintf(r->out, " (not rescanned: carried from scan %lld)", f->carried_from);
	fprintf(r->out, " [%s]\n", f->rule);
}

const struct md_renderer md_render_text = {
	.name = "text",
	.description = "compiler-style lines: path:line:col: warning: message [rule-id]",
	.finding = text_finding,
};
