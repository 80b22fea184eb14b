// SPDX-License-Identifier: GPL-2.0
/* cmd-list-rules.c - memdesc list-rules: every rule with its id and what it finds. */
#include <stdio.h>

#include "cli.h"

static const struct md_usage usage = {
	.command = "list-rules",
	.synopsis = "[options]",
};

int cmd_list_rules(int argc, char **argv)
{
	static const struct md_option options[] = { MD_OPT_END() };
	const struct md_rule *const *rules;
	size_t i, n;

	if (md_parse_options(argc, argv, options, &usage, 0))
		md_usage_error(&usage, "takes no operands");
	rules = md_rules(&n);
	for (i = 0; i < n; i++)
		printf("%-16s %s\n", rules[i]->id, rules[i]->summary);
	return EXIT_CLEAN;
}
