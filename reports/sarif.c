// SPDX-License-Identifier: GPL-2.0
/*
 * sarif.c - findings as one SARIF 2.1.0 log: the rules with their
 * descriptions, one result per finding with its location relative to the
 * tree (originalUriBaseIds SRCROOT), the versioned fingerprint in
 * partialFingerprints, and baselineState when compared with a baseline.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/xalloc.h"
#include "render.h"

#define FINGERPRINT_KEY "memdesc/v" MD_STR(MD_FINGERPRINT_VERSION)
#define MD_STR(x) MD_STR2(x)
#define MD_STR2(x) #x

struct sarif {
	json_t *log, *rules, *results;
	char **rule_ids;
	size_t nrules;
};

static int add_rule(void *data, const struct md_count *c)
{
	struct sarif *s = data;
	json_t *rule = json_object();
	char *help = xasprintf("%s. memdesc list-rules --format json describes what the rule "
			       "matches; README.md's rule table gives the safe rewrite.",
			       c->summary ? c->summary : c->key);

	json_object_set_new(rule, "id", json_string(c->key));
	json_object_set_new(rule, "shortDescription",
			    json_pack("{s:s}", "text", c->summary ? c->summary : c->key));
	json_object_set_new(rule, "fullDescription",
			    json_pack("{s:s}", "text", c->summary ? c->summary : c->key));
	json_object_set_new(rule, "help", json_pack("{s:s}", "text", help));
	json_object_set_new(rule, "defaultConfiguration", json_pack("{s:s}", "level", "warning"));
	json_array_append_new(s->rules, rule);
	s->rule_ids = xrealloc(s->rule_ids, (s->nrules + 1) * sizeof(*s->rule_ids));
	s->rule_ids[s->nrules++] = xstrdup(c->key);
	free(help);
	return 0;
}

/* file_uri - "file:///path/" of the tree root, percent-encoding what needs it. */
static char *file_uri(const char *dir)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(dir), k = 0;
	char *out = xmalloc(3 * n + 16);

	k += (size_t)sprintf(out, "file://");
	for (const unsigned char *p = (const unsigned char *)dir; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p)) {
			out[k++] = (char)*p;
		} else {
			out[k++] = '%';
			out[k++] = hex[*p >> 4];
			out[k++] = hex[*p & 15];
		}
	}
	if (!k || out[k - 1] != '/')
		out[k++] = '/';
	out[k] = '\0';
	return out;
}

static void sarif_begin(struct md_render *r)
{
	struct sarif *s = xcalloc(1, sizeof(*s));
	struct md_scan_info info;
	json_t *run, *driver;
	char *uri;

	s->rules = json_array();
	s->results = json_array();
	if (r->db)
		md_query_rule_counts(r->db, r->scan, add_rule, s);
	driver = json_pack("{s:s, s:s, s:s, s:O}", "name", "memdesc", "version", MEMDESC_VERSION,
			   "informationUri", "https://kernel.org/doc/html/latest/mm/",
			   "rules", s->rules);
	run = json_pack("{s:{s:o}, s:O}", "tool", "driver", driver, "results", s->results);
	if (r->db && md_query_scan(r->db, r->scan, &info) == 0) {
		uri = file_uri(info.tree);
		json_object_set_new(run, "originalUriBaseIds",
				    json_pack("{s:{s:s}}", "SRCROOT", "uri", uri));
		free(uri);
		md_scan_info_release(&info);
	}
	s->log = json_pack("{s:s, s:s, s:[o]}",
			   "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
			   "version", "2.1.0", "runs", run);
	r->priv = s;
}

static json_t *location(const struct md_finding *f)
{
	json_t *region = json_pack("{s:i, s:i}", "startLine", (json_int_t)f->line, "startColumn",
				   (json_int_t)f->col);

	if (f->source_line && *f->source_line)
		json_object_set_new(region, "snippet",
				    json_pack("{s:o}", "text",
					      md_json_textn(f->source_line, md_source_line_len(f))));
	return json_pack("{s:{s:{s:o, s:s}, s:o}}", "physicalLocation", "artifactLocation", "uri",
			 md_json_text(f->path), "uriBaseId", "SRCROOT", "region", region);
}

static void sarif_finding(struct md_render *r, const struct md_finding *f)
{
	struct sarif *s = r->priv;
	char *text = f->macro ? xasprintf("%s (via %s())", f->message, f->macro)
			      : xstrdup(f->message);
	json_t *result = json_object();
	size_t i;

	json_object_set_new(result, "ruleId", json_string(f->rule));
	for (i = 0; i < s->nrules && strcmp(s->rule_ids[i], f->rule); i++)
		;
	if (i < s->nrules)
		json_object_set_new(result, "ruleIndex", json_integer((json_int_t)i));
	json_object_set_new(result, "level", json_string("warning"));
	json_object_set_new(result, "message", json_pack("{s:o}", "text", md_json_text(text)));
	json_object_set_new(result, "locations", json_pack("[o]", location(f)));
	json_object_set_new(result, "partialFingerprints",
			    json_pack("{s:s}", FINGERPRINT_KEY, f->fingerprint));
	if (r->baseline_state)
		json_object_set_new(result, "baselineState", json_string(r->baseline_state));
	json_object_set_new(result, "properties",
			    json_pack("{s:s, s:s, s:s}", "engine", f->engine ? f->engine : "libclang",
				      "certainty", f->certainty ? f->certainty : "exact",
				      "function", f->function ? f->function : ""));
	json_array_append_new(s->results, result);
	free(text);
}

static void sarif_end(struct md_render *r)
{
	struct sarif *s = r->priv;

	json_dumpf(s->log, r->out, JSON_INDENT(2));
	fputc('\n', r->out);
	json_decref(s->log);
	json_decref(s->rules);
	json_decref(s->results);
	for (size_t i = 0; i < s->nrules; i++)
		free(s->rule_ids[i]);
	free(s->rule_ids);
	free(s);
}

const struct md_renderer md_render_sarif = {
	.name = "sarif",
	.description = "one SARIF 2.1.0 log (code scanning, CodeChecker, IDEs)",
	.begin = sarif_begin,
	.finding = sarif_finding,
	.end = sarif_end,
};
