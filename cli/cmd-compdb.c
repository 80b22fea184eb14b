// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-compdb.c - memdesc compdb: the TUs memdesc scan would parse, as a
 * compile_commands.json with the very arguments libclang is given, so
 * another tool (clang-query, clangd, clang -fsyntax-only) reads the same
 * files the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kbuild/kbuild.h"
#include "../lib/xalloc.h"
#include "cli.h"
#include "scan-prefilter.h"

static const struct md_usage usage = {
	.command = "compdb",
	.synopsis = "[options] TREE [SCOPE...]",
	.about =
		"Writes compile_commands.json (-o) for the translation units of SCOPE that\n"
		"memdesc scan would parse: those the configuration builds and, unless\n"
		"--no-prefilter, whose text can hold a finding.  Each entry's arguments are\n"
		"\"clang\", the arguments libclang gets for the file, \"-c\" and the file.\n"
		"The tree is configured as memdesc scan does it and never written to.\n"
		"Exit status: 0 written, 2 error.\n",
};

static struct scan_options so;
static struct md_tree_opts tree_opts = { .config = "defconfig" };
static const char *output = "compile_commands.json";
static int no_prefilter;

static int config_option(const struct md_option *opt, const char *arg)
{
	(void)opt;
	tree_opts.config = config_name(&usage, arg);
	return 0;
}

static const struct md_option options[] = {
	MD_OPT_STRING('o', "output", &output, "FILE",
		      "where to write (default compile_commands.json; - for stdout)"),
	MD_OPT_STRING(0, "compdb", &tree_opts.compdb, "PATH",
		      "flags from this compile_commands.json (file or directory)"),
	MD_OPT_STRING(0, "build", &tree_opts.builddir, "DIR", "build directory for an unconfigured tree"),
	MD_OPT_CALLBACK(0, "config", NULL, "NAME", "defconfig (default) or allmodconfig",
			config_option),
	MD_OPT_STRING(0, "cache", &tree_opts.cachedir, "DIR", "where memdesc keeps build directories"),
	MD_OPT_FLAG(0, "no-prefilter", &no_prefilter,
		    "every built file of the scope, also those that cannot hold a finding"),
	MD_OPT_STRING(0, "enable", &so.enable, "IDS", "the prefilter keeps files for these rules only"),
	MD_OPT_STRING(0, "disable", &so.disable, "IDS", "not for these rules"),
	MD_OPT_INT('j', "jobs", &so.jobs, 1, 1024, "N", "make -j when configuring (default: online CPUs)"),
	MD_OPT_END(),
};

int cmd_compdb(int argc, char **argv)
{
	struct md_tu_list tus = { 0 };
	struct md_tree tree = { 0 };
	const char **scope;
	int n, rc = EXIT_ERROR;

	scan_options_init(&so);
	n = md_parse_options(argc, argv, options, &usage, 0);
	scan_options_check(&so, &usage);
	if (n < 1)
		md_usage_error(&usage, "which kernel tree? (memdesc compdb TREE [SCOPE...])");
	scope = xcalloc((size_t)n, sizeof(*scope));
	for (int i = 1; i < n; i++)
		/* accept Kbuild's M=dir spelling too */
		scope[i - 1] = strncmp(argv[i], "M=", 2) ? argv[i] : argv[i] + 2;
	tree_opts.jobs = so.jobs;
	if (md_tree_open(argv[0], &tree_opts, &tree) ||
	    md_tree_commands(&tree, &tree_opts, scope, (size_t)(n - 1), &tus))
		goto out;
	if (!no_prefilter)
		keep_candidates(&tree, &tree_opts, so.rules, so.nrules, &tus);
	md_tu_list_by_cost(&tus);
	if (!md_tu_list_write_compdb(&tus, output)) {
		fprintf(stderr, "compdb: %zu files in %s\n", tus.n,
			strcmp(output, "-") ? output : "standard output");
		rc = EXIT_CLEAN;
	}
out:
	md_tu_list_release(&tus);
	md_tree_release(&tree);
	free(scope);
	return rc;
}
