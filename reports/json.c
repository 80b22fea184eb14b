// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - findings as JSON lines: one "finding" record of the ingest
 * format (db/README.md) per line, so `memdesc report --format json` output
 * can be imported again as it is.
 */
#include <stdlib.h>

#include "render.h"

static void json_finding(struct md_render *r, const struct md_finding *f)
{
	json_t *obj = md_finding_to_json(f);
	char *line = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII);

	if (line)
		fprintf(r->out, "%s\n", line);
	free(line);
	json_decref(obj);
}

const struct md_renderer md_render_json = {
	.name = "json",
	.description = "one JSON object per finding and line (the ingest format)",
	.finding = json_finding,
};
