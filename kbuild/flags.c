// SPDX-License-Identifier: GPL-2.0
/* flags.c - gcc command lines of Kbuild turned into arguments clang accepts. */
#include <clang-c/Index.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/path.h"
#include "../lib/strv.h"
#include "../lib/xalloc.h"
#include "internal.h"

/*
 * Flags of Kbuild's gcc command lines that are dropped before clang sees
 * them: gcc-only options that clang 14 rejects or warns about, and options
 * that only make sense when an object file is really produced.
 */
enum flag_match {
	FLAG_EXACT,	/* the argument equals .flag */
	FLAG_PREFIX,	/* the argument starts with .flag */
	FLAG_WITH_ARG,	/* .flag and the argument after it */
};

struct dropped_flag {
	const char *flag;
	enum flag_match match;
};

static const struct dropped_flag dropped_flags[] = {
	/* gcc's stack alignment as log2 bytes; clang spells it -mstack-alignment= */
	{ "-mpreferred-stack-boundary=", FLAG_PREFIX },
	/* gcc's retpoline thunks; clang uses -mretpoline-external-thunk */
	{ "-mindirect-branch=", FLAG_PREFIX },
	/* gcc's retpoline through a register only; unknown to clang */
	{ "-mindirect-branch-register", FLAG_EXACT },
	/* cs prefix on retpoline calls; unknown to clang 14 (added in 15) */
	{ "-mindirect-branch-cs-prefix", FLAG_EXACT },
	/* gcc's return thunks; clang 14 has no -mfunction-return= */
	{ "-mfunction-return=", FLAG_PREFIX },
	/* gcc's straight-line-speculation hardening; unused by clang 14 on x86 */
	{ "-mharden-sls=", FLAG_PREFIX },
	/* gcc's __mcount_loc records for ftrace; clang rejects it on x86 */
	{ "-mrecord-mcount", FLAG_EXACT },
	/* gcc's nop instead of the mcount call; clang rejects it on x86 */
	{ "-mnop-mcount", FLAG_EXACT },
	/* gcc's frame layout for old i386 configs; unknown to clang */
	{ "-maccumulate-outgoing-args", FLAG_EXACT },
	/* gcc's per-cpu stack canary symbol; unknown to clang 14 */
	{ "-mstack-protector-guard-symbol=", FLAG_PREFIX },
	/* gcc's memory-model switch for the kernel; unknown to clang */
	{ "-fno-allow-store-data-races", FLAG_EXACT },
	/* gcc's stack-size-versus-inlining heuristic; unknown to clang */
	{ "-fconserve-stack", FLAG_EXACT },
	/* its negation, which mm/kasan and lib/ add back; unknown to clang */
	{ "-fno-conserve-stack", FLAG_EXACT },
	/* gcc's jump alignment; clang ignores it with a warning */
	{ "-falign-jumps=", FLAG_PREFIX },
	/* gcc inliner tuning; clang ignores it with a warning */
	{ "-fno-inline-functions-called-once", FLAG_EXACT },
	/* gcc block reordering; clang ignores it with a warning */
	{ "-fno-reorder-blocks", FLAG_EXACT },
	/* =zero needs an opt-in flag in clang 14; codegen only anyway */
	{ "-ftrivial-auto-var-init=", FLAG_PREFIX },
	/* gcc 14's minimum function alignment; unknown to clang 14 */
	{ "-fmin-function-alignment=", FLAG_PREFIX },
	/* flexible-array strictness; unknown to clang 14 (added in 15) */
	{ "-fstrict-flex-arrays=", FLAG_PREFIX },
	/* register clearing on return; unknown to clang 14 (added in 15) */
	{ "-fzero-call-used-regs=", FLAG_PREFIX },
	/* gcc 15's padding initialisation; unknown to clang */
	{ "-fzero-init-padding-bits=", FLAG_PREFIX },
	/* gcc's scalar replacement of aggregates across calls; unknown to clang */
	{ "-fno-ipa-sra", FLAG_EXACT },
	/* gcc's constant-propagation cloning; unknown to clang */
	{ "-fno-ipa-cp-clone", FLAG_EXACT },
	/* gcc's partial inlining; unknown to clang */
	{ "-fno-partial-inlining", FLAG_EXACT },
	/* gcc's loop invariant motion (GCOV configs); unknown to clang */
	{ "-fno-tree-loop-im", FLAG_EXACT },
	/* gcc debug-info tuning; unknown to clang */
	{ "-fno-var-tracking-assignments", FLAG_EXACT },
	/* gcc's reduced debug info for structs; unknown to clang */
	{ "-femit-struct-debug-baseonly", FLAG_EXACT },
	/* gcc's KASAN shadow offset; clang takes it through -mllvm */
	{ "-fasan-shadow-offset=", FLAG_PREFIX },
	/* gcc's UBSAN bounds-strict sanitizer; clang has no such group */
	{ "-fsanitize=bounds-strict", FLAG_EXACT },
	/* gcc plugins (scripts/gcc-plugins/ *.so); clang cannot load them */
	{ "-fplugin=", FLAG_PREFIX },
	/* arguments of those gcc plugins */
	{ "-fplugin-arg-", FLAG_PREFIX },
	/* gcc tuning parameters (store races, KASAN, page size); clang ignores them */
	{ "--param=", FLAG_PREFIX },
	/* the same, spelled as two arguments */
	{ "--param", FLAG_WITH_ARG },
	/* gcc's fall-through comment levels; clang only has the plain warning */
	{ "-Wimplicit-fallthrough=", FLAG_PREFIX },
	/* CONFIG_WERROR: would turn clang-only warnings into parse errors */
	{ "-Werror", FLAG_EXACT },
	/* the same for single gcc warnings whose clang groups differ */
	{ "-Werror=", FLAG_PREFIX },
	/* fixdep dependency file through the preprocessor; we write no files */
	{ "-Wp,-MMD,", FLAG_PREFIX },
	/* the same with system headers */
	{ "-Wp,-MD,", FLAG_PREFIX },
	/* sparse's target from CHECKFLAGS, when run as make C=1 CHECK=...; not a compiler flag */
	{ "--arch=", FLAG_PREFIX },
	/* dependency file generation; we write no files */
	{ "-MD", FLAG_EXACT },
	/* dependency file generation without system headers */
	{ "-MMD", FLAG_EXACT },
	/* phony targets in the dependency file */
	{ "-MP", FLAG_EXACT },
	/* name of the dependency file */
	{ "-MF", FLAG_WITH_ARG },
	/* target name in the dependency file */
	{ "-MT", FLAG_WITH_ARG },
	/* quoted target name in the dependency file */
	{ "-MQ", FLAG_WITH_ARG },
};

/*
 * Arguments appended for clang. memdesc reports no warning, and with none
 * enabled clang also skips the analyses behind them (a CFG of every function
 * for -Wuninitialized, -Wunreachable-code and the like): a fifth of a parse of
 * a kernel TU. The -Werror= ones are dropped above, so none is left an error.
 */
static const char *const clang_extra_args[] = {
	"-w",
};

/* Options whose path argument is relative to the compile directory. */
static const char *const path_options[] = {
	"-I", "-iquote", "-isystem", "-idirafter", "-include", "-imacros",
};

/* include_dir_in - <lib>/clang/<version>/include when it holds stddef.h. */
static char *include_dir_in(const char *lib, const char *version)
{
	char *p = xasprintf("%s/clang/%s/include", lib, version);

	if (kb_file_in(p, "stddef.h"))
		return p;
	free(p);
	return NULL;
}

/* clang_version - "14.0.6" from libclang's version string, or NULL. */
static char *clang_version(void)
{
	CXString v = clang_getClangVersion();
	const char *s = strstr(clang_getCString(v), "version ");
	char *ver = s ? xstrndup(s + 8, strcspn(s + 8, " ()-")) : NULL;

	clang_disposeString(v);
	return ver;
}

/*
 * clang_include_dir - clang's builtin headers for the libclang we run: next
 * to the library as loaded, or in the llvm-<major> directory of its version.
 */
static const char *clang_include_dir(void)
{
	static char *dir;
	static int done;
	char *ver, *lib = NULL, *slash;
	Dl_info info;

	if (done)
		return dir;
	done = 1;
	ver = clang_version();
	if (!ver)
		return NULL;
	if (dladdr((void *)clang_getClangVersion, &info) && info.dli_fname) {
		lib = xstrdup(info.dli_fname);
		slash = strrchr(lib, '/');
		if (slash) {
			*slash = '\0';
			dir = include_dir_in(lib, ver);
		}
		free(lib);
	}
	if (!dir) {
		lib = xasprintf("/usr/lib/llvm-%.*s/lib", (int)strcspn(ver, "."), ver);
		dir = include_dir_in(lib, ver);
		free(lib);
	}
	free(ver);
	return dir;
}

/* is_compiler_include_dir - the -isystem of gcc's (or clang's) own headers. */
static int is_compiler_include_dir(const char *path)
{
	return md_path_has_suffix(path, "/include") &&
	       (strstr(path, "/gcc/") || strstr(path, "/gcc-cross/") || strstr(path, "/clang/"));
}

/* dropped_flag_args - how many arguments at @arg the table drops (0: keep). */
static int dropped_flag_args(const char *arg)
{
	size_t i;

	for (i = 0; i < sizeof(dropped_flags) / sizeof(dropped_flags[0]); i++) {
		const struct dropped_flag *d = &dropped_flags[i];

		switch (d->match) {
		case FLAG_EXACT:
			if (!strcmp(arg, d->flag))
				return 1;
			break;
		case FLAG_PREFIX:
			if (!strncmp(arg, d->flag, strlen(d->flag)))
				return 1;
			break;
		case FLAG_WITH_ARG:
			if (!strcmp(arg, d->flag))
				return 2;
			break;
		}
	}
	return 0;
}

static int is_wrapper(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	return !strcmp(base, "ccache") || !strcmp(base, "distcc") || !strcmp(base, "sccache");
}

/* is_source_arg - @arg names @source, possibly relative to the compile directory. */
static int is_source_arg(const char *arg, const char *source)
{
	size_t n = strlen(arg), m = strlen(source);

	if (arg[0] == '-')
		return 0;
	if (!strcmp(arg, source))
		return 1;
	while (arg[0] == '.' && arg[1] == '/')
		arg += 2, n -= 2;
	return arg[0] != '/' && m > n && !strcmp(source + m - n, arg) && source[m - n - 1] == '/';
}

/* guess_source - the last operand ending in .c, when the caller names none. */
static const char *guess_source(const char *const *argv, int argc)
{
	const char *src = "";
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") || dropped_flag_args(argv[i]) == 2)
			i++;
		else if (argv[i][0] != '-' && md_path_has_suffix(argv[i], ".c") &&
			 strcmp(argv[i - 1], "-include") && strcmp(argv[i - 1], "-imacros"))
			src = argv[i];
	}
	return src;
}

char **md_clang_args(const char *const *gcc_argv, int gcc_argc, const char *source, int *argc)
{
	struct strv out = STRV_INIT;
	const char *inc = clang_include_dir();
	int i = 1, skip;
	size_t k, n;
	char **v;

	if (!source)
		source = guess_source(gcc_argv, gcc_argc);
	if (gcc_argc > 1 && is_wrapper(gcc_argv[0]))
		i = 2;
	for (; i < gcc_argc; i++) {
		const char *a = gcc_argv[i];

		if (!strcmp(a, "-c") || (*source && is_source_arg(a, source)))
			continue;
		if (!strcmp(a, "-o")) {
			i++;
			continue;
		}
		if (!strncmp(a, "-o", 2))
			continue;
		skip = dropped_flag_args(a);
		if (skip) {
			i += skip - 1;
			continue;
		}
		if (!strcmp(a, "-isystem") && i + 1 < gcc_argc && inc &&
		    is_compiler_include_dir(gcc_argv[i + 1])) {
			strv_push(&out, a);
			strv_push(&out, inc);
			i++;
			continue;
		}
		strv_push(&out, a);
	}
	for (k = 0; k < sizeof(clang_extra_args) / sizeof(clang_extra_args[0]); k++)
		strv_push(&out, clang_extra_args[k]);
	v = strv_detach(&out, &n);
	*argc = (int)n;
	return v;
}

void kb_absolutize(char **argv, int argc, const char *dir)
{
	int i;
	size_t k;

	for (i = 0; i < argc; i++) {
		for (k = 0; k < sizeof(path_options) / sizeof(path_options[0]); k++) {
			const char *o = path_options[k];
			size_t n = strlen(o);
			char *p;

			if (strncmp(argv[i], o, n))
				continue;
			if (!argv[i][n] && i + 1 < argc) {
				i++;
				if (argv[i][0] != '/') {
					p = kb_join(dir, argv[i]);
					free(argv[i]);
					argv[i] = p;
				}
			} else if (argv[i][n] && argv[i][n] != '/' && !strcmp(o, "-I")) {
				p = kb_join(dir, argv[i] + n);
				free(argv[i]);
				argv[i] = xasprintf("-I%s", p);
				free(p);
			}
			break;
		}
	}
}

