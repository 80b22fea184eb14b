// SPDX-License-Identifier: GPL-2.0
/* summary.c - the table printed at the end of a scan, from the read API. */
#include <string.h>

#include "render.h"

struct totals {
	FILE *out;
	long findings;
};

static int print_rule(void *data, const struct md_count *c)
{
	struct totals *t = data;

	fprintf(t->out, "%-16s %8ld %8ld\n", c->key, c->findings, c->files);
	t->findings += c->findings;
	return 0;
}

static void print_scan_line(const struct md_scan_info *s, FILE *out)
{
	fprintf(out,
		"scan %lld (%s, linux %s, scope %s): %d of %d files scanned, "
		"%d failed, %d with parse errors, %.1f s\n",
		(long long)s->id, s->status, s->kernel_version,
		s->scope && s->scope[0] ? s->scope : "whole tree", s->tus_done, s->tus_total,
		s->tus_failed, s->tus_parse_errors, s->seconds);
	if (s->scope_c_files >= 0)
		fprintf(out, "the scope has %d .c files; the %d others are not built by this config%s\n",
			s->scope_c_files, s->scope_c_files - s->tus_total,
			s->engine && !strcmp(s->engine, "libclang") ?
			" or cannot hold a finding (the prefilter)" : "");
}

int md_print_summary(struct md_db *db, int64_t scan, FILE *out)
{
	struct totals t = { .out = out };
	struct md_scan_info s;
	int rc;

	fprintf(out, "%-16s %8s %8s\n", "rule", "findings", "files");
	if (md_query_rule_counts(db, scan, print_rule, &t))
		return -1;
	fprintf(out, "%-16s %8ld\n", "total", t.findings);
	rc = md_query_scan(db, scan, &s);
	if (rc == 0)
		print_scan_line(&s, out);
	md_scan_info_release(&s);
	return rc < 0 ? -1 : 0;
}
