/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rules.h - the registry of rules, built from rules/rule_list.h: lookup by
 * id and the enabled set for a scan (--enable/--disable).
 */
#ifndef MEMDESC_RULES_H
#define MEMDESC_RULES_H

#include <jansson.h>
#include <stddef.h>

#include "rule.h"

/* md_rules - every rule, in list-rules order; count in @n. */
const struct md_rule *const *md_rules(size_t *n);

/* md_rule_find - the rule with @id, or NULL. */
const struct md_rule *md_rule_find(const char *id);

/*
 * md_rules_select - fill @out (room for every rule) with the rules named
 * in the comma-separated @enable (NULL: all) minus those in @disable.
 * Returns the count, or -1 with the unknown id in @bad.
 */
int md_rules_select(const char *enable, const char *disable,
		    const struct md_rule **out, char *bad, size_t badlen);

/*
 * md_rules_to_json - every rule's declaration as a JSON array, one object
 * per rule in list-rules order: id, summary, description, certainty,
 * gates_ci, records, fields [{record, name}], callees, casts [{from, to}],
 * tokens (textual search patterns, the token in the first capture group)
 * and hidden (identifiers a finding may sit on without a token).  NULL
 * when out of memory; the caller owns the reference.
 */
json_t *md_rules_to_json(void);

#endif
