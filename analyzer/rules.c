// SPDX-License-Identifier: GPL-2.0
/* rules.c - the rule table and the selection of enabled rules. */
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

/* check_ids - every id in @list names a rule; else the first bad one. */
static int check_ids(const char *list, char *bad, size_t badlen)
{
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char id[64];

		snprintf(id, sizeof(id), "%.*s", (int)len, p);
		if (!md_rule_find(id)) {
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
