/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rule_list.h - the one table of rules: RULE(c_name) per line, in the order
 * list-rules prints them.  Each c_name is a `const struct md_rule` defined
 * in rules/<id>.c.
 */
RULE(rule_page_lru)
RULE(rule_page_mapping)
RULE(rule_folio_page)
RULE(rule_bh_page)
RULE(rule_compound_head)
RULE(rule_page_pool)
RULE(rule_page_memcg)
RULE(rule_page_flag)
RULE(rule_page_index)
RULE(rule_page_private)
RULE(rule_folio_null)
