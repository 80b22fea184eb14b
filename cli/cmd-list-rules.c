// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-list-rules.c - memdesc list-rules: every rule with its id and what it
 * finds; --format json prints what each rule declares it matches (records,
 * fields, callees, casts, textual tokens), which the tests' textual
 * accounting and the benchmark read.
 */
#include <stdio.h>
#include <string.h>

#include "../lib/error.h"
#include "cli.h"

static const struct md_usage usage = {
	.command = "list-rules",
	.synopsis = "[--format text|json]",
};

static const char *format = "text";

static const struct md_option options[] = {
	MD_OPT_STRING(0, "format", &format, "FMT", "text (default: id, gate or advisory, summary) or json"),
	MD_OPT_END(),
};

static int print_json(void)
{
	json_t *all = md_rules_to_json();
	int rc = all ? json_dumpf(all, stdout, JSON_INDENT(2)) : -1;

	json_decref(all);
	if (rc || putchar('\n') == EOF || fflush(stdout))
		return md_error("list-rules: cannot write the rules"), EXIT_ERROR;
	return EXIT_CLEAN;
}

int cmd_list_rules(int argc, char **argv)
{
	const struct md_rule *const *rules;
	size_t i, n;

	if (md_parse_options(argc, argv, options, &usage, 0))
		md_usage_error(&usage, "unexpected operand '%s'", argv[0]);
	if (!strcmp(format, "json"))
		return print_json();
	if (strcmp(format, "text"))
		md_usage_error(&usage, "--format: '%s' is neither text nor json", format);
	rules = md_rules(&n);
	for (i = 0; i < n; i++)
		printf("%-16s %-8s %s\n", rules[i]->id,
		       rules[i]->advisory ? "advisory" : "gate", rules[i]->summary);
	return EXIT_CLEAN;
}
