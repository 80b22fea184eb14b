// SPDX-License-Identifier: GPL-2.0
/*
 * rules.c - the rule table, the selection of enabled rules and what the
 * rules declare they match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

#define RULE(name) extern const struct md_rule name;
#include "rules/rule_list.h"
#undef RULE

static const struct md_rule *const rule_table[] = {
#define RULE(name) &name,
#include "rules/rule_list.h"
#undef RULE
};

#define NRULES (sizeof(rule_table) / sizeof(rule_table[0]))

const struct md_rule *const *md_rules(size_t *n)
{
	*n = NRULES;
	return rule_table;
}

const struct md_rule *md_rule_find(const char *id)
{
	size_t i;

	for (i = 0; i < NRULES; i++) {
		if (!strcmp(rule_table[i]->id, id))
			return rule_table[i];
	}
	return NULL;
}

/* in_list - @id is one of the comma-separated ids of @list. */
static int in_list(const char *list, const char *id)
{
	size_t n = strlen(id);
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, id, n))
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/*
 * check_ids - every id in @list names a rule; else the first bad one.  An
 * empty id, wherever it stands (",a", "a,", "a,,b", ""), is an error too,
 * with @bad left empty.
 */
static int check_ids(const char *list, char *bad, size_t badlen)
{
	const char *p = list;

	while (p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char id[64];

		snprintf(id, sizeof(id), "%.*s", (int)len, p);
		if (!len || !md_rule_find(id)) {
			snprintf(bad, badlen, "%s", id);
			return -1;
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

int md_rules_select(const char *enable, const char *disable,
		    const struct md_rule **out, char *bad, size_t badlen)
{
	size_t i;
	int n = 0;

	if (check_ids(enable, bad, badlen) || check_ids(disable, bad, badlen))
		return -1;
	for (i = 0; i < NRULES; i++) {
		if (enable && !in_list(enable, rule_table[i]->id))
			continue;
		if (disable && in_list(disable, rule_table[i]->id))
			continue;
		out[n++] = rule_table[i];
	}
	return n;
}

const struct md_match *md_rule_match(const struct md_rule *rule, enum md_match_kind kind,
				     const char *record, const char *name)
{
	const struct md_match *m;

	for (m = rule->matches; m && m->kind != MD_MATCH_END; m++) {
		if (m->kind == kind && md_streq(m->name, name) &&
		    (!record || !m->record || md_streq(m->record, record)))
			return m;
	}
	return NULL;
}

static const char *const certainty_names[] = {
	[MD_CERTAINTY_EXACT] = "exact",
	[MD_CERTAINTY_TYPED] = "typed",
	[MD_CERTAINTY_TEXTUAL] = "textual",
};

/* append_unique - append string @s to the JSON array @a unless it is there. */
static int append_unique(json_t *a, const char *s)
{
	size_t i;

	for (i = 0; i < json_array_size(a); i++) {
		if (!strcmp(json_string_value(json_array_get(a, i)), s))
			return 0;
	}
	return json_array_append_new(a, json_string(s));
}

/* match_token - the textual search pattern for @m, in @buf. */
static const char *match_token(const struct md_match *m, char *buf, size_t len)
{
	switch (m->kind) {
	case MD_MATCH_FIELD:
		snprintf(buf, len, "(?:->|\\.)\\s*(%s)\\b", m->name);
		break;
	case MD_MATCH_CALL:
		snprintf(buf, len, "\\b(%s)\\s*\\(", m->name);
		break;
	case MD_MATCH_CAST:
		snprintf(buf, len, "\\(\\s*struct\\s+(%s)\\s*\\*\\s*\\)", m->name);
		break;
	default:
		buf[0] = '\0';
		break;
	}
	return buf;
}

static json_t *pair(const char *k1, const char *v1, const char *k2, const char *v2)
{
	return json_pack("{s:s, s:s}", k1, v1, k2, v2);
}

static int append_strings(json_t *a, const char *const *v)
{
	int rc = 0;

	while (v && *v)
		rc |= append_unique(a, *v++);
	return rc;
}

static json_t *rule_to_json(const struct md_rule *r)
{
	json_t *records = json_array(), *fields = json_array(), *callees = json_array();
	json_t *casts = json_array(), *tokens = json_array(), *hidden = json_array();
	const struct md_match *m;
	char buf[256];
	int rc = 0;

	if (!records || !fields || !callees || !casts || !tokens || !hidden)
		rc = -1;
	for (m = r->matches; !rc && m && m->kind != MD_MATCH_END; m++) {
		switch (m->kind) {
		case MD_MATCH_FIELD:
			rc |= append_unique(records, m->record);
			rc |= json_array_append_new(fields, pair("record", m->record, "name", m->name));
			break;
		case MD_MATCH_CALL:
			rc |= append_unique(callees, m->name);
			break;
		case MD_MATCH_CAST:
			rc |= append_unique(records, m->record);
			rc |= append_unique(records, m->name);
			rc |= json_array_append_new(casts, pair("from", m->record, "to", m->name));
			break;
		default:
			break;
		}
		if (!(m->flags & MD_MATCH_NO_TOKEN))
			rc |= append_unique(tokens, match_token(m, buf, sizeof(buf)));
	}
	if (!rc)
		rc = append_strings(tokens, r->tokens) | append_strings(hidden, r->hidden);
	if (rc) {
		json_decref(records);
		json_decref(fields);
		json_decref(callees);
		json_decref(casts);
		json_decref(tokens);
		json_decref(hidden);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:s?, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "id", r->id, "summary", r->summary, "description", r->description,
			 "certainty", certainty_names[r->certainty], "gates_ci", !r->advisory,
			 "records", records, "fields", fields, "callees", callees,
			 "casts", casts, "tokens", tokens, "hidden", hidden);
}

json_t *md_rules_to_json(void)
{
	json_t *all = json_array();
	size_t i;

	for (i = 0; all && i < NRULES; i++) {
		json_t *r = rule_to_json(rule_table[i]);

		if (!r || json_array_append_new(all, r)) {
			json_decref(all);
			return NULL;
		}
	}
	return all;
}
