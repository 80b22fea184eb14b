// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-check.c - memdesc check: one file with compiler flags, as Kbuild's
 * checker hook calls it (make C=1 CHECK="memdesc check --root $PWD").
 * memdesc's own long options may stand anywhere; every other argument is
 * the compiler's.
 */
#include <clang-c/Index.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../db/query.h"
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
		"Findings are diagnostics: they go to stderr, as a compiler's warnings do,\n"
		"in every --format.  A file libclang cannot parse at all (the compiler\n"
		"rejects the arguments) is an error, with the compiler's message.\n"
		"Exit status: 0 no findings, 1 findings (unless --exit-zero), 2 error\n"
		"(also: the file could not be parsed, the worker crashed or timed out).\n",
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

/* takes_operand - @opt is a compiler option whose value is the next argument. */
static int takes_operand(const char *opt)
{
	static const char *const with_arg[] = {
		"-o", "-include", "-imacros", "-MF", "-MT", "-MQ", "-x", "-I", "-isystem",
		"-iquote", "-idirafter", "-D", "-U", "--param", "-Xclang",
	};
	size_t i;

	for (i = 0; i < sizeof(with_arg) / sizeof(with_arg[0]); i++) {
		if (!strcmp(opt, with_arg[i]))
			return 1;
	}
	return 0;
}

/*
 * check_tu - the TU of `memdesc check`: the one .c operand, flags from all.
 * $(CHECK) is called with one source file; a second one is an error that
 * names both (libclang would only say that it could not parse).
 */
static int check_tu(int argc, char **argv, struct md_tu *tu)
{
	const char *source = NULL;
	char real[PATH_MAX];

	for (int i = 0; i < argc; i++) {
		if (takes_operand(argv[i])) {
			i++;
			continue;
		}
		if (argv[i][0] == '-' || !md_path_has_suffix(argv[i], ".c"))
			continue;
		if (source)
			return md_error("check: two source files, %s and %s: the checker takes one",
					source, argv[i]);
		source = argv[i];
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

/* empty_id - @list (comma-separated rule ids) has an empty one. */
static int empty_id(const char *list)
{
	const char *p;

	if (!list)
		return 0;
	if (!*list || *list == ',')
		return 1;
	for (p = list; *p; p++) {
		if (*p == ',' && (p[1] == ',' || !p[1]))
			return 1;
	}
	return 0;
}

/* exists_in - @root/@name is a directory (@want_dir) or a regular file. */
static int exists_in(const char *root, const char *name, int want_dir)
{
	char *p = md_path_join(root, name);
	struct stat st;
	int ok = !stat(p, &st) && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));

	free(p);
	return ok;
}

/* The scan this process ran: the newest one of this tree, file and config. */
struct own_scan {
	const char *tree, *scope;
	int64_t after, id;
};

static int find_own_scan(void *data, const struct md_scan_info *s)
{
	struct own_scan *o = data;

	if (s->id > o->after && s->id > o->id && s->tree && !strcmp(s->tree, o->tree) &&
	    s->scope && !strcmp(s->scope, o->scope) && s->config && !strcmp(s->config, "check"))
		o->id = s->id;
	return 0;
}

/* What the scan did with the TU: its status and first error. */
struct tu_status {
	const char *path;
	char *status, *message;
};

static int find_tu_status(void *data, const struct md_file_record *rec)
{
	struct tu_status *t = data;

	if (strcmp(rec->path, t->path) || (rec->role && strcmp(rec->role, "tu")))
		return 0;
	t->status = xstrdup(rec->status ? rec->status : "");
	t->message = xstrdup_or_null(rec->message);
	return 1;
}

/*
 * clang_driver - the clang driver of the libclang we run: llvm-<major>'s,
 * else clang-<major> or clang on the PATH.
 */
static char *clang_driver(void)
{
	CXString v = clang_getClangVersion();
	const char *s = strstr(clang_getCString(v), "version ");
	int major = s ? atoi(s + 8) : 0;
	char *path = NULL;

	clang_disposeString(v);
	if (major > 0) {
		path = xasprintf("/usr/lib/llvm-%d/bin/clang", major);
		if (!access(path, X_OK))
			return path;
		free(path);
		return xasprintf("clang-%d", major);
	}
	return xstrdup("clang");
}

/*
 * run_driver - run the clang driver on the TU's arguments (preprocessing
 * only) and return what it printed on stderr; NULL when it could not run.
 */
static char *run_driver(const char *driver, const struct md_tu *tu)
{
	char **argv = xcalloc((size_t)tu->argc + 8, sizeof(*argv));
	size_t len = 0, cap = 4096;
	char *out = xmalloc(cap);
	int fd[2], status, n = 0;
	ssize_t got;
	pid_t pid;

	argv[n++] = (char *)driver;
	for (int i = 0; i < tu->argc; i++)
		argv[n++] = tu->argv[i];
	argv[n++] = "-E";
	argv[n++] = "-o";
	argv[n++] = "/dev/null";
	argv[n++] = tu->file;
	argv[n] = NULL;
	if (pipe(fd)) {
		free(argv);
		free(out);
		return NULL;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execvp(driver, argv);
		dprintf(2, "cannot run %s\n", driver);
		_exit(127);
	}
	close(fd[1]);
	free(argv);
	if (pid < 0) {
		close(fd[0]);
		free(out);
		return NULL;
	}
	while ((got = read(fd[0], out + len, cap - len - 1)) > 0) {
		len += (size_t)got;
		if (cap - len < 2)
			out = xrealloc(out, cap *= 2);
	}
	out[len] = '\0';
	close(fd[0]);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * print_driver_errors - "FILE: error: <message>" for each error the
 * compiler driver gives for the arguments libclang could not use; the
 * count printed.
 */
static int print_driver_errors(const struct md_tu *tu, const char *rel)
{
	char *driver = clang_driver(), *text = run_driver(driver, tu), *line, *save;
	int n = 0;

	free(driver);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *e = strstr(line, "error: ");

		if (!e)
			continue;
		fprintf(stderr, "%s: error: %s\n", rel, e + 7);
		n++;
	}
	free(text);
	return n;
}

/*
 * check_status - exit 2 when the TU was not analysed: libclang could not
 * parse it at all (the compiler's own message printed), or the worker
 * crashed or ran out of time.  A parse error leaves a partial AST that is
 * searched: it keeps the status of the findings.
 */
static int check_status(struct md_db *db, int64_t scan, const struct md_tu *tu, const char *rel)
{
	struct tu_status t = { .path = rel };
	int bad;

	if (md_query_files(db, scan, find_tu_status, &t) < 0)
		return EXIT_ERROR;
	if (!t.status) {
		md_error("check: %s: the scan recorded no result", rel);
		return EXIT_ERROR;
	}
	bad = !strcmp(t.status, "failed") || !strcmp(t.status, "crashed") ||
	      !strcmp(t.status, "timeout");
	if (!strcmp(t.status, "failed") && !print_driver_errors(tu, rel))
		fprintf(stderr, "%s: error: %s\n", rel,
			t.message ? t.message : "libclang could not parse the file");
	free(t.status);
	free(t.message);
	return bad ? EXIT_ERROR : 0;
}

int cmd_check(int argc, char **argv)
{
	struct md_tu_list tus = { 0 };
	struct md_tu tu = { 0 };
	struct own_scan own = { 0 };
	char real_root[PATH_MAX];
	const char *rel;
	struct md_engine_cfg cfg;
	struct md_scan_row row;
	struct md_db *db;
	int n, rc, st;

	scan_options_init(&so);
	so.db_path = NULL;
	so.jobs = 1;
	/* argv[0] stays the command name: check_tu writes the compiler's name there */
	n = md_parse_options(argc, argv, options, &usage, MD_PARSE_KEEP_UNKNOWN);
	if (empty_id(so.enable))
		md_usage_error(&usage, "--enable: empty rule id in '%s'", so.enable);
	if (empty_id(so.disable))
		md_usage_error(&usage, "--disable: empty rule id in '%s'", so.disable);
	scan_options_check(&so, &usage);
	/* the findings are printed below, on stderr, once the scan is stored */
	so.quiet = 1;
	so.notes_out = stderr;	/* diagnostics, as sparse and the compilers print them */
	for (int i = n; i > 0; i--)
		argv[i] = argv[i - 1];
	if (!realpath(root, real_root))
		return md_error_errno("check: --root %s", root), EXIT_ERROR;
	if (!exists_in(real_root, "Makefile", 0) && !exists_in(real_root, "include/linux", 1))
		md_warning("check: --root %s holds no Makefile and no include/linux: "
			   "is it the kernel tree?", real_root);
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
	own.tree = real_root;
	own.scope = rel;
	own.after = md_query_latest_scan(db);
	rc = own.after < 0 ? EXIT_ERROR : run_scan(&so, db, &tus, &cfg, &row, 0);
	if (rc != EXIT_ERROR && (md_query_scans(db, find_own_scan, &own) < 0 || !own.id))
		rc = EXIT_ERROR;
	if (rc != EXIT_ERROR) {
		if (md_render_scan(db, own.id, NULL, so.renderer, stderr) < 0)
			rc = EXIT_ERROR;
		st = check_status(db, own.id, &tus.v[0], rel);
		if (st)
			rc = st;
	}
	md_db_close(db);
	md_tu_list_release(&tus);
	return rc;
}
