// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-check.c - memdesc check: one file with compiler flags, as Kbuild's
 * checker hook calls it (make C=1 CHECK="memdesc check --root $PWD").
 * memdesc's own long options may stand anywhere; every other argument is
 * the compiler's.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../kbuild/kbuild.h"
#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "cli.h"

static const struct md_usage usage = {
	.command = "check",
	.synopsis = "[options] [COMPILER FLAGS...] FILE.c",
	.about =
		"Arguments that are not memdesc's options go to the compiler, as Kbuild\n"
		"passes them to $(CHECK).  In a kernel tree:\n"
		"    make C=1 CHECK=\"memdesc check --root $PWD --exit-zero\"\n"
		"Exit status: 0 no findings, 1 findings (unless --exit-zero), 2 error.\n",
};

static struct scan_options so;
static const char *root = ".";

static const struct md_option options[] = {
	MD_OPT_STRING(0, "root", &root, "DIR", "the tree root; paths are relative to it (default .)"),
	MD_OPT_STRING(0, "db", &so.db_path, "PATH", "also store the findings here (default: none)"),
	MD_OPT_STRING(0, "enable", &so.enable, "IDS", "only these rules (comma-separated)"),
	MD_OPT_STRING(0, "disable", &so.disable, "IDS", "not these rules"),
	MD_OPT_STRING(0, "format", &so.format, "FMT", "text (default) or json finding lines"),
	MD_OPT_FLAG(0, "include-headers", &so.include_headers,
		    "also report findings in tree headers"),
	MD_OPT_FLAG(0, "census", &so.census, "also list the accesses of the rules' fields"),
	MD_OPT_FLAG(0, "exit-zero", &so.exit_zero, "findings do not make the exit status 1"),
	MD_OPT_INT(0, "timeout", &so.timeout, 1, 86400, "SEC", "give up after SEC seconds"),
	MD_OPT_END(),
};

/* check_tu - the TU of `memdesc check`: the last .c operand, flags from all. */
static int check_tu(int argc, char **argv, struct md_tu *tu)
{
	const char *source = NULL;
	char real[PATH_MAX];

	for (int i = argc - 1; i >= 0; i--) {
		if (md_path_has_suffix(argv[i], ".c")) {
			source = argv[i];
			break;
		}
	}
	if (!source)
		return md_error("check: no .c file among the arguments");
	if (!realpath(source, real))
		return md_error_errno("check: %s", source);
	/* Kbuild's $(CHECK) gets no compiler name: give the flags one */
	argv[-1] = "cc";
	tu->argv = md_clang_args((const char *const *)argv - 1, argc + 1, source, &tu->argc);
	tu->file = xstrdup(real);
	tu->directory = getcwd(NULL, 0);
	return tu->argv && tu->directory ? 0 : md_error("out of memory");
}

int cmd_check(int argc, char **argv)
{
	struct md_tu_list tus = { 0 };
	struct md_tu tu = { 0 };
	char real_root[PATH_MAX];
	const char *rel;
	struct md_engine_cfg cfg;
	struct md_scan_row row;
	struct md_db *db;
	int n, rc;

	scan_options_init(&so);
	so.db_path = NULL;
	so.jobs = 1;
	/* argv[0] stays the command name: check_tu writes the compiler's name there */
	n = md_parse_options(argc, argv, options, &usage, MD_PARSE_KEEP_UNKNOWN);
	scan_options_check(&so, &usage);
	for (int i = n; i > 0; i--)
		argv[i] = argv[i - 1];
	if (!realpath(root, real_root))
		return md_error_errno("check: --root %s", root), EXIT_ERROR;
	if (check_tu(n, argv + 1, &tu))
		return EXIT_ERROR;
	rel = md_path_under(real_root, tu.file);
	if (!rel || !*rel) {
		md_error("check: %s is outside the tree root %s (set --root)", tu.file, real_root);
		md_tu_list_add(&tus, &tu);
		md_tu_list_release(&tus);
		return EXIT_ERROR;
	}
	md_tu_list_add(&tus, &tu);
	db = open_scan_db(so.db_path ? so.db_path : ":memory:");
	if (!db) {
		md_tu_list_release(&tus);
		return EXIT_ERROR;
	}
	cfg = (struct md_engine_cfg){
		.srcdir = real_root, .scope = &rel, .nscope = 1,
		.include_headers = so.include_headers, .rules = so.rules, .nrules = so.nrules,
		.census = so.census,
	};
	row = (struct md_scan_row){
		.tree = real_root, .kernel_version = "", .config = "check", .scope = rel,
		.engine = "libclang", .tool_version = MEMDESC_VERSION, .rules = "",
		.tus_total = 1, .scope_c_files = -1,
	};
	rc = run_scan(&so, db, &tus, &cfg, &row, 0);
	md_db_close(db);
	md_tu_list_release(&tus);
	return rc;
}
