// SPDX-License-Identifier: GPL-2.0
/* memdesc.c - main: the command table and the dispatch to cli/cmd-*.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct md_command commands[] = {
	{ "scan", cmd_scan, "scan a kernel tree into the database" },
	{ "patch", cmd_patch, "convert the findings: a checked patch series per MAINTAINERS section" },
	{ "check", cmd_check, "scan one file with compiler flags (Kbuild's CHECK=)" },
	{ "coverage", cmd_coverage, "account for every textual candidate of every rule in a scan" },
	{ "report", cmd_report, "print the findings of a stored scan" },
	{ "import", cmd_import, "add findings made elsewhere (JSON lines) to the database" },
	{ "merge", cmd_merge, "fold the scans of shard databases into one scan" },
	{ "gate", cmd_gate, "fail on findings that are new against a baseline" },
	{ "baseline", cmd_baseline, "write a scan's fingerprints as a baseline file" },
	{ "compdb", cmd_compdb, "write compile_commands.json for the files a scan would parse" },
	{ "list-rules", cmd_list_rules, "the rules, their ids and what they find" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_usage(FILE *out)
{
	fputs("usage: memdesc <command> [options]\n\ncommands:\n", out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'memdesc <command> --help' describes a command and its options.\n"
	      "Findings go to stdout as 'path:line:col: warning: message [rule-id]',\n"
	      "the summary and errors to stderr.\n"
	      "Exit status: 0 no findings, 1 findings, 2 error.\n", out);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd) {
		print_usage(stderr);
		return EXIT_ERROR;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		if (argc > 2 && strcmp(cmd, "help") == 0) {
			char *sub[] = { argv[2], "--help", NULL };

			for (size_t i = 0; i < NCOMMANDS; i++)
				if (!strcmp(commands[i].name, argv[2]))
					return commands[i].run(2, sub);
		}
		print_usage(stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("memdesc %s\n", MEMDESC_VERSION);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, cmd))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "memdesc: '%s' is not a memdesc command (see memdesc --help)\n", cmd);
	return EXIT_ERROR;
}
