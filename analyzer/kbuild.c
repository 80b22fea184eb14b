// SPDX-License-Identifier: GPL-2.0
/*
 * kbuild.c - find, configure and prepare a kernel tree out of tree, and get
 * the compiler command line of every file in a scope from Kbuild itself.
 */
#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kbuild.h"

extern char **environ;

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

/* Arguments appended for clang, so its warnings do not bury real errors. */
static const char *const clang_extra_args[] = {
	/* gcc-only warning names Kbuild keeps (-Wno-maybe-uninitialized, ...) */
	"-Wno-unknown-warning-option",
	/* what a clang build of the kernel adds (scripts/Makefile.extrawarn) */
	"-Wno-gnu",
	/* x86 per-cpu __seg_gs twice over, a gcc-only config (USE_X86_SEG_SUPPORT) */
	"-Wno-duplicate-decl-specifier",
};

/* Options whose path argument is relative to the compile directory. */
static const char *const path_options[] = {
	"-I", "-iquote", "-isystem", "-idirafter", "-include", "-imacros",
};

#define MD_CACHE_FORMAT "memdesc-commands v1"
#define MD_STAMP "memdesc-prepared"

/* One compiler command line as Kbuild runs it. */
struct raw_cmd {
	char *file;	/* absolute source path */
	char *dir;	/* directory the command runs in */
	char **argv;	/* NULL-terminated, compiler first */
	int argc;
	size_t order;	/* position of discovery, for stable de-duplication */
	int forced;	/* from a dry run with the directory's config forced on */
};

struct raw_set {
	struct raw_cmd *v;
	size_t n, cap;
};

struct strv {
	char **v;
	int n, cap;
};

/* ---------------------------------------------------------------- helpers */

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fprintf(stderr, "fatal: out of memory\n");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		fprintf(stderr, "fatal: out of memory\n");
		exit(1);
	}
	return d;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = strndup(s, n);

	if (!d) {
		fprintf(stderr, "fatal: out of memory\n");
		exit(1);
	}
	return d;
}

__attribute__((format(printf, 1, 2)))
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0) {
		fprintf(stderr, "fatal: out of memory\n");
		exit(1);
	}
	return s;
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void strv_push_owned(struct strv *sv, char *s)
{
	if (sv->n + 1 >= sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 32;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

static void strv_push(struct strv *sv, const char *s)
{
	strv_push_owned(sv, xstrdup(s));
}

static void strv_clear(struct strv *sv)
{
	int i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

/* strv_finish - the NULL-terminated vector, allocated even when empty. */
static char **strv_finish(struct strv *sv, int *argc)
{
	if (!sv->v) {
		sv->v = xrealloc(NULL, sizeof(*sv->v));
		sv->v[0] = NULL;
	}
	*argc = sv->n;
	return sv->v;
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

static int file_in(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	int r = is_file(p);

	free(p);
	return r;
}

static time_t mtime_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_mtime;
}

/* join - @path if absolute, else @dir/@path without a leading "./". */
static char *join(const char *dir, const char *path)
{
	if (path[0] == '/')
		return xstrdup(path);
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (!strcmp(path, "."))
		return xstrdup(dir);
	return xasprintf("%s/%s", dir, path);
}

/* rel_to - @path relative to @root, or NULL when it lies outside. */
static const char *rel_to(const char *root, const char *path)
{
	size_t n = strlen(root);

	if (strncmp(path, root, n))
		return NULL;
	if (path[n] == '/')
		return path + n + 1;
	return path[n] ? NULL : path + n;
}

static int mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;
	int r = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			r = -1;
		*s = c;
		if (!c || r)
			break;
	}
	free(p);
	return r ? -1 : (is_dir(path) ? 0 : -1);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/* ------------------------------------------------------- tree and version */

/* read_version - "VERSION.PATCHLEVEL.SUBLEVEL[EXTRAVERSION]" from a top Makefile. */
static char *read_version(const char *makefile)
{
	static const char *const keys[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION" };
	char *val[4] = { NULL }, *line = NULL, *res = NULL;
	size_t cap = 0;
	int lines = 0, i;
	FILE *f = fopen(makefile, "r");

	if (!f)
		return NULL;
	while (lines++ < 50 && getline(&line, &cap, f) > 0) {
		for (i = 0; i < 4; i++) {
			size_t k = strlen(keys[i]);
			char *v = line + k;

			if (val[i] || strncmp(line, keys[i], k))
				continue;
			v += strspn(v, " \t");
			if (*v++ != '=')
				continue;
			v += strspn(v, " \t");
			val[i] = xstrndup(v, strcspn(v, " \t\r\n"));
		}
	}
	free(line);
	fclose(f);
	if (val[0] && val[1] && val[2] && *val[0] && *val[1] && *val[2])
		res = xasprintf("%s.%s.%s%s", val[0], val[1], val[2], val[3] ? val[3] : "");
	for (i = 0; i < 4; i++)
		free(val[i]);
	return res;
}

static int configured_in(const char *dir)
{
	return file_in(dir, ".config") && file_in(dir, "include/generated/autoconf.h");
}

static int prepared_in(const char *build)
{
	char *stamp = xasprintf("%s/" MD_STAMP, build);
	char *config = xasprintf("%s/.config", build);
	int r = is_file(stamp) && mtime_of(stamp) >= mtime_of(config) &&
		file_in(build, "include/generated/autoconf.h") &&
		file_in(build, "include/generated/asm-offsets.h");

	free(stamp);
	free(config);
	return r;
}

static char *default_cachedir(void)
{
	const char *env = getenv("MEMDESC_CACHE");
	const char *home = getenv("HOME");

	if (env && *env)
		return xstrdup(env);
	return xasprintf("%s/.cache/memdesc", home && *home ? home : "/tmp");
}

/* derive_builddir - <cachedir>/<basename>-<hash of realpath>-<config>. */
static char *derive_builddir(const char *srcdir, const struct md_tree_opts *opts,
			     const char *config)
{
	char *cache = opts->cachedir ? xstrdup(opts->cachedir) : default_cachedir();
	const char *base = strrchr(srcdir, '/');
	char *dir = xasprintf("%s/%s-%08x-%s", cache, base ? base + 1 : srcdir,
			      (unsigned int)(fnv1a(srcdir) & 0xffffffffu), config);

	free(cache);
	return dir;
}

/* ----------------------------------------------------------- running make */

/* make_env - our environment without the make variables of a parent make. */
static char **make_env(void)
{
	static const char *const drop[] = {
		"MAKEFLAGS=", "MFLAGS=", "MAKELEVEL=", "MAKEOVERRIDES=", "GNUMAKEFLAGS=",
	};
	struct strv env = { 0 };
	size_t i, k;
	int n;

	for (i = 0; environ[i]; i++) {
		for (k = 0; k < sizeof(drop) / sizeof(drop[0]); k++)
			if (starts_with(environ[i], drop[k]))
				break;
		if (k == sizeof(drop) / sizeof(drop[0]))
			strv_push(&env, environ[i]);
	}
	return strv_finish(&env, &n);
}

static void print_tail(const char *path, int lines)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	long size, from;
	size_t n;
	char *p;

	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	from = size > (long)sizeof(buf) - 1 ? size - (long)sizeof(buf) + 1 : 0;
	fseek(f, from, SEEK_SET);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = buf + n;
	if (p > buf && p[-1] == '\n')
		p--;
	for (; p > buf; p--)
		if (p[-1] == '\n' && --lines == 0)
			break;
	fputs(p, stderr);
}

/*
 * run_make - run "make -C <src> O=<build> <args...>" with stdout to @out
 * (truncated) and stderr appended to @log.  Returns the exit status, or -1
 * when make could not be started.
 */
static int run_make(const struct md_tree *tree, const struct md_tree_opts *opts,
		    const char *const *args, const char *out, const char *log)
{
	posix_spawn_file_actions_t fa;
	struct strv argv = { 0 };
	char **env = make_env();
	int status = -1, n;
	pid_t pid;

	strv_push(&argv, "make");
	strv_push(&argv, "-C");
	strv_push(&argv, tree->srcdir);
	strv_push_owned(&argv, xasprintf("O=%s", tree->builddir));
	for (; *args; args++)
		strv_push(&argv, *args);
	if (opts->verbose) {
		for (n = 0; n < argv.n; n++)
			fprintf(stderr, "%s%s", n ? " " : "+ ", argv.v[n]);
		fputc('\n', stderr);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0666);
	if (!posix_spawnp(&pid, "make", &fa, NULL, argv.v, env)) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	posix_spawn_file_actions_destroy(&fa);
	strv_clear(&argv);
	for (n = 0; env[n]; n++)
		free(env[n]);
	free(env);
	return status;
}

/* lock_build - serialise memdesc runs that share a build directory. */
static int lock_build(const char *build)
{
	char *path = xasprintf("%s/memdesc.lock", build);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	free(path);
	if (fd >= 0)
		flock(fd, LOCK_EX);
	return fd;
}

static void unlock_build(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int make_step(const struct md_tree *tree, const struct md_tree_opts *opts,
		     const char *const *args, const char *what, char *err, size_t errlen)
{
	char *log = xasprintf("%s/memdesc-prepare.log", tree->builddir);
	int status = run_make(tree, opts, args, log, log);
	int r = 0;

	if (status < 0)
		r = fail(err, errlen, "cannot run make: %s", strerror(errno));
	else if (status) {
		print_tail(log, 15);
		r = fail(err, errlen, "make %s failed (exit %d) in %s, see %s", what,
			 status, tree->builddir, log);
	}
	free(log);
	return r;
}

/* prepare_build - configure (unless a .config exists) and "make prepare". */
static int prepare_build(struct md_tree *tree, const struct md_tree_opts *opts,
			 char *err, size_t errlen)
{
	char jobs[32], *stamp;
	const char *config_args[] = { tree->config, NULL };
	const char *prepare_args[] = { jobs, "prepare", NULL };
	int fd, r = 0;
	FILE *f;

	if (mkdir_p(tree->builddir))
		return fail(err, errlen, "cannot create build directory %s: %s",
			    tree->builddir, strerror(errno));
	fd = lock_build(tree->builddir);
	if (prepared_in(tree->builddir))
		goto out;
	snprintf(jobs, sizeof(jobs), "-j%d",
		 opts->jobs > 0 ? opts->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN));
	if (!file_in(tree->builddir, ".config"))
		r = make_step(tree, opts, config_args, tree->config, err, errlen);
	if (!r)
		r = make_step(tree, opts, prepare_args, "prepare", err, errlen);
	if (r)
		goto out;
	stamp = xasprintf("%s/" MD_STAMP, tree->builddir);
	f = fopen(stamp, "w");
	if (f) {
		fprintf(f, "%s %s\n", tree->version, tree->config);
		fclose(f);
	}
	free(stamp);
out:
	unlock_build(fd);
	return r;
}

static char *compdb_dir(const char *compdb)
{
	char *real = realpath(compdb, NULL), *slash;

	if (!real || is_dir(real))
		return real;
	slash = strrchr(real, '/');
	if (slash == real)
		slash[1] = '\0';
	else
		*slash = '\0';
	return real;
}

/* make_dir - create @path and return its canonical name. */
static char *make_dir(const char *path, char *err, size_t errlen)
{
	char *real = NULL;

	if (mkdir_p(path) || !(real = realpath(path, NULL)))
		fail(err, errlen, "cannot create build directory %s: %s", path, strerror(errno));
	return real;
}

static int check_tree(const char *srcdir, char **real, char *err, size_t errlen)
{
	*real = realpath(srcdir, NULL);
	if (!*real || !is_dir(*real))
		return fail(err, errlen, "not a kernel tree: %s: no such directory", srcdir);
	if (!file_in(*real, "Makefile"))
		return fail(err, errlen, "not a kernel tree: %s: no Makefile", srcdir);
	if (!file_in(*real, "include/linux/mm_types.h"))
		return fail(err, errlen, "not a kernel tree: %s: no include/linux/mm_types.h",
			    srcdir);
	return 0;
}

int md_tree_open(const char *srcdir, const struct md_tree_opts *opts,
		 struct md_tree *tree, char *err, size_t errlen)
{
	static const struct md_tree_opts defaults;
	char *makefile;

	memset(tree, 0, sizeof(*tree));
	if (!opts)
		opts = &defaults;
	if (check_tree(srcdir, &tree->srcdir, err, errlen))
		goto fail;
	makefile = xasprintf("%s/Makefile", tree->srcdir);
	tree->version = read_version(makefile);
	free(makefile);
	if (!tree->version) {
		fail(err, errlen, "not a kernel tree: %s: no VERSION/PATCHLEVEL/SUBLEVEL in its Makefile",
		     srcdir);
		goto fail;
	}
	if (opts->compdb) {
		tree->config = xstrdup("compdb");
		tree->builddir = compdb_dir(opts->compdb);
		if (!tree->builddir) {
			fail(err, errlen, "cannot read compilation database %s: %s",
			     opts->compdb, strerror(errno));
			goto fail;
		}
		return 0;
	}
	if (configured_in(tree->srcdir)) {
		/* Kbuild refuses O= builds of such a tree: read it as it is. */
		tree->config = xstrdup("in-tree");
		tree->builddir = xstrdup(tree->srcdir);
		return 0;
	}
	tree->config = xstrdup(opts->config ? opts->config : "defconfig");
	if (opts->builddir) {
		tree->builddir = make_dir(opts->builddir, err, errlen);
	} else {
		/* absolute before make runs: make -C would read it from the tree */
		char *derived = derive_builddir(tree->srcdir, opts, tree->config);

		tree->builddir = make_dir(derived, err, errlen);
		free(derived);
	}
	if (!tree->builddir)
		goto fail;
	if (rel_to(tree->srcdir, tree->builddir)) {
		fail(err, errlen, "build directory %s is inside the tree %s", tree->builddir,
		     tree->srcdir);
		goto fail;
	}
	if (!prepare_build(tree, opts, err, errlen))
		return 0;
fail:
	md_tree_release(tree);
	return -1;
}

void md_tree_release(struct md_tree *tree)
{
	free(tree->srcdir);
	free(tree->builddir);
	free(tree->version);
	free(tree->config);
	memset(tree, 0, sizeof(*tree));
}

/* ------------------------------------------------------------ clang args */

/* include_dir_in - <lib>/clang/<version>/include when it holds stddef.h. */
static char *include_dir_in(const char *lib, const char *version)
{
	char *p = xasprintf("%s/clang/%s/include", lib, version);

	if (file_in(p, "stddef.h"))
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
	return ends_with(path, "/include") &&
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
			if (starts_with(arg, d->flag))
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
		else if (argv[i][0] != '-' && ends_with(argv[i], ".c") &&
			 strcmp(argv[i - 1], "-include") && strcmp(argv[i - 1], "-imacros"))
			src = argv[i];
	}
	return src;
}

char **md_clang_args(const char *const *gcc_argv, int gcc_argc, const char *source, int *argc)
{
	struct strv out = { 0 };
	const char *inc = clang_include_dir();
	int i = 1, skip;
	size_t k;

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
		if (starts_with(a, "-o"))
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
	return strv_finish(&out, argc);
}

/* absolutize - make the path arguments of include options absolute. */
static void absolutize(char **argv, int argc, const char *dir)
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
					p = join(dir, argv[i]);
					free(argv[i]);
					argv[i] = p;
				}
			} else if (argv[i][n] && argv[i][n] != '/' && !strcmp(o, "-I")) {
				p = join(dir, argv[i] + n);
				free(argv[i]);
				argv[i] = xasprintf("-I%s", p);
				free(p);
			}
			break;
		}
	}
}

/* ------------------------------------------------------ raw command sets */

static void raw_add(struct raw_set *set, const char *dir, const char *src, struct strv *argv)
{
	struct raw_cmd *c;
	char *joined, *real;

	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 256;
		set->v = xrealloc(set->v, set->cap * sizeof(*set->v));
	}
	c = &set->v[set->n];
	joined = join(dir, src);
	real = realpath(joined, NULL);
	c->file = real ? real : xstrdup(joined);
	free(joined);
	c->dir = xstrdup(dir);
	c->order = set->n++;
	c->forced = 0;
	c->argv = argv->v;
	c->argc = argv->n;
	memset(argv, 0, sizeof(*argv));
}

static void raw_cmd_release(struct raw_cmd *c)
{
	int k;

	free(c->file);
	free(c->dir);
	for (k = 0; k < c->argc; k++)
		free(c->argv[k]);
	free(c->argv);
}

static void raw_release(struct raw_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		raw_cmd_release(&set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/* raw_move - append the commands of @from to @to, marked @forced; empties @from. */
static void raw_move(struct raw_set *to, struct raw_set *from, int forced)
{
	size_t i;

	for (i = 0; i < from->n; i++) {
		if (to->n == to->cap) {
			to->cap = to->cap ? to->cap * 2 : 256;
			to->v = xrealloc(to->v, to->cap * sizeof(*to->v));
		}
		to->v[to->n] = from->v[i];
		to->v[to->n].order = to->n;
		to->v[to->n].forced |= forced;
		to->n++;
	}
	free(from->v);
	memset(from, 0, sizeof(*from));
}

static int raw_cmp(const void *a, const void *b)
{
	const struct raw_cmd *x = a, *y = b;
	int r = strcmp(x->file, y->file);

	if (r)
		return r;
	if (x->forced != y->forced)
		return x->forced - y->forced;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* raw_sort_unique - sort by file, keeping the first command seen per file. */
static void raw_sort_unique(struct raw_set *set)
{
	size_t i, j = 0;

	if (!set->n)
		return;
	qsort(set->v, set->n, sizeof(*set->v), raw_cmp);
	for (i = 0; i < set->n; i++) {
		if (j && !strcmp(set->v[j - 1].file, set->v[i].file)) {
			raw_cmd_release(&set->v[i]);
			continue;
		}
		set->v[j++] = set->v[i];
	}
	set->n = j;
}

/* ---------------------------------------------------------- shell words */

/*
 * shell_commands - split a shell command line into simple commands at
 * ; & | ( ) and newlines, with quotes and backslashes removed, and call
 * @fn on the words of each.  No expansion is done.
 */
static void shell_commands(const char *s, void (*fn)(struct strv *, void *), void *ctx)
{
	struct strv words = { 0 };
	char *w = xrealloc(NULL, strlen(s) + 1);
	size_t n = 0;
	int in_word = 0;

	for (;; s++) {
		char c = *s;

		if (c == '\'') {
			const char *e = strchr(s + 1, '\'');

			if (!e)
				e = s + strlen(s);
			memcpy(w + n, s + 1, e - s - 1);
			n += e - s - 1;
			in_word = 1;
			s = *e ? e : e - 1;
			continue;
		}
		if (c == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1] && strchr("$`\"\\\n", s[1]))
					s++;
				w[n++] = *s;
			}
			in_word = 1;
			if (!*s)
				s--;
			continue;
		}
		if (c == '\\' && s[1]) {
			if (s[1] != '\n')
				w[n++] = s[1], in_word = 1;
			s++;
			continue;
		}
		if (c == '#' && !in_word) {
			while (s[1] && s[1] != '\n')
				s++;
			continue;
		}
		if (c && !strchr(" \t;&|()\n", c)) {
			w[n++] = c;
			in_word = 1;
			continue;
		}
		if (in_word) {
			strv_push_owned(&words, xstrndup(w, n));
			n = 0;
			in_word = 0;
		}
		if (c == ' ' || c == '\t')
			continue;
		if (words.n)
			fn(&words, ctx);
		strv_clear(&words);
		if (!c)
			break;
	}
	free(w);
}

struct collect_ctx {
	struct raw_set *set;
	const char *dir;
};

/* compile_source - the .c file a kernel "-c -o x.o" command compiles, or NULL. */
static const char *compile_source(struct strv *cmd)
{
	const char *src = NULL;
	int i, c = 0, o = 0, kernel = 0;

	for (i = 1; i < cmd->n; i++) {
		const char *a = cmd->v[i];

		if (!strcmp(a, "-c"))
			c = 1;
		else if (!strcmp(a, "-D__KERNEL__"))
			kernel = 1;
		else if (!strcmp(a, "-o") && i + 1 < cmd->n)
			o = ends_with(cmd->v[++i], ".o");
		else if (a[0] == '-' && strlen(a) == 2 && strchr("IDUx", a[1]))
			i++;
		else if (!strcmp(a, "-include") || !strcmp(a, "-isystem") ||
			 !strcmp(a, "-imacros") || !strcmp(a, "-iquote"))
			i++;
		else if (a[0] != '-' && ends_with(a, ".c"))
			src = a;
	}
	return c && o && kernel ? src : NULL;
}

static void collect_command(struct strv *cmd, void *data)
{
	struct collect_ctx *ctx = data;
	const char *src = compile_source(cmd);

	if (src)
		raw_add(ctx->set, ctx->dir, src, cmd);
}

/* parse_dry_run - the kernel compile commands in "make -n V=1" output. */
static int parse_dry_run(const char *path, const char *dir, struct raw_set *set)
{
	struct collect_ctx ctx = { set, dir };
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0)
		if (strstr(line, "-D__KERNEL__") && strstr(line, " -c"))
			shell_commands(line, collect_command, &ctx);
	free(line);
	fclose(f);
	return 0;
}

/* make_unescape - undo Kbuild's escaping of a command saved in a .cmd file. */
static void make_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (starts_with(s, "$(pound)"))
			*d++ = '#', s += 8;
		else if (s[0] == '$' && s[1] == '$')
			*d++ = '$', s += 2;
		else
			*d++ = *s++;
	}
	*d = '\0';
}

/* parse_cmd_file - the command saved in one .<obj>.o.cmd file of a built object. */
static void parse_cmd_file(const char *path, const char *dir, struct raw_set *set)
{
	struct collect_ctx ctx = { set, dir };
	char *line = NULL, *cmd;
	size_t cap = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		if (!starts_with(line, "savedcmd_") && !starts_with(line, "cmd_"))
			continue;
		cmd = strstr(line, " := ");
		if (!cmd)
			continue;
		make_unescape(cmd + 4);
		shell_commands(cmd + 4, collect_command, &ctx);
		break;
	}
	free(line);
	fclose(f);
}

/* scan_cmd_files - the saved commands of every object built under @dir. */
static void scan_cmd_files(const char *dir, const char *build, struct raw_set *set)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, ".git"))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (e->d_name[0] == '.' && ends_with(e->d_name, ".o.cmd"))
			parse_cmd_file(p, build, set);
		else if (e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN && is_dir(p)))
			scan_cmd_files(p, build, set);
		free(p);
	}
	closedir(d);
}

/*
 * scan_tree_cmd_files - saved commands under the "dir/" entries of @targets
 * (no entries: the whole build directory).
 */
static void scan_tree_cmd_files(const struct md_tree *tree, const struct strv *targets,
				struct raw_set *set)
{
	int i;
	char *d;

	for (i = 0; i < targets->n; i++) {
		if (strchr(targets->v[i], '='))
			continue;	/* a variable override, not a directory */
		d = join(tree->builddir, targets->v[i]);
		scan_cmd_files(d, tree->builddir, set);
		free(d);
	}
	if (!targets->n)
		scan_cmd_files(tree->builddir, tree->builddir, set);
	raw_sort_unique(set);
}

/* ---------------------------------------------- compilation databases */

static void add_compdb_command(CXCompileCommand cc, struct raw_set *set)
{
	CXString dir = clang_CompileCommand_getDirectory(cc);
	CXString file = clang_CompileCommand_getFilename(cc);
	unsigned int i, n = clang_CompileCommand_getNumArgs(cc);
	struct strv argv = { 0 };

	for (i = 0; i < n; i++) {
		CXString a = clang_CompileCommand_getArg(cc, i);

		strv_push(&argv, clang_getCString(a));
		clang_disposeString(a);
	}
	if (ends_with(clang_getCString(file), ".c") && argv.n)
		raw_add(set, clang_getCString(dir), clang_getCString(file), &argv);
	strv_clear(&argv);
	clang_disposeString(dir);
	clang_disposeString(file);
}

/* load_compdb_dir - every .c entry of <dir>/compile_commands.json. */
static int load_compdb_dir(const char *dir, struct raw_set *set)
{
	CXCompilationDatabase_Error e;
	CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &e);
	CXCompileCommands cmds;
	unsigned int i, n;

	if (e != CXCompilationDatabase_NoError || !db) {
		if (db)
			clang_CompilationDatabase_dispose(db);
		return -1;
	}
	cmds = clang_CompilationDatabase_getAllCompileCommands(db);
	n = clang_CompileCommands_getSize(cmds);
	for (i = 0; i < n; i++)
		add_compdb_command(clang_CompileCommands_getCommand(cmds, i), set);
	clang_CompileCommands_dispose(cmds);
	clang_CompilationDatabase_dispose(db);
	return 0;
}

/*
 * load_compdb - read a compile_commands.json given as a file or its
 * directory; a file with another name is read through a symlink in a
 * temporary directory, since libclang only looks for that exact name.
 */
static int load_compdb(const char *path, struct raw_set *set, char *err, size_t errlen)
{
	char tmp[] = "/tmp/memdesc-compdb-XXXXXX", *link = NULL, *real;
	int r;

	if (is_dir(path)) {
		r = load_compdb_dir(path, set);
	} else {
		real = realpath(path, NULL);
		if (!real || !mkdtemp(tmp)) {
			free(real);
			return fail(err, errlen, "cannot read compilation database %s: %s",
				    path, strerror(errno));
		}
		link = xasprintf("%s/compile_commands.json", tmp);
		r = symlink(real, link) ? -1 : load_compdb_dir(tmp, set);
		unlink(link);
		rmdir(tmp);
		free(link);
		free(real);
	}
	if (r)
		return fail(err, errlen, "cannot read compilation database %s", path);
	return 0;
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* write_compdb - @set as <dir>/compile_commands.json, written atomically. */
static int write_compdb(const char *dir, const struct raw_set *set)
{
	char *tmp = xasprintf("%s/.compile_commands.json.%d", dir, (int)getpid());
	char *dst = xasprintf("%s/compile_commands.json", dir);
	FILE *f = fopen(tmp, "w");
	size_t i;
	int k, r = -1;

	if (!f)
		goto out;
	fputs("[\n", f);
	for (i = 0; i < set->n; i++) {
		fputs(i ? ",\n{\"directory\": " : "{\"directory\": ", f);
		json_string(f, set->v[i].dir);
		fputs(", \"file\": ", f);
		json_string(f, set->v[i].file);
		fputs(", \"arguments\": [", f);
		for (k = 0; k < set->v[i].argc; k++) {
			if (k)
				fputs(", ", f);
			json_string(f, set->v[i].argv[k]);
		}
		fputs("]}", f);
	}
	fputs("\n]\n", f);
	r = fclose(f) ? -1 : rename(tmp, dst);
	if (r)
		unlink(tmp);
out:
	free(tmp);
	free(dst);
	return r;
}

/* ------------------------------------------------- Kbuild dry runs + cache */

/* cache_dir - <build>/memdesc-commands/<hash of the make targets>. */
static char *cache_dir(const struct md_tree *tree, const struct strv *targets)
{
	char *key = xstrdup(MD_CACHE_FORMAT), *next, *dir;
	int i;

	for (i = 0; i < targets->n; i++) {
		next = xasprintf("%s %s", key, targets->v[i]);
		free(key);
		key = next;
	}
	dir = xasprintf("%s/memdesc-commands/%016llx", tree->builddir,
			(unsigned long long)fnv1a(key));
	free(key);
	return dir;
}

static int cache_fresh(const struct md_tree *tree, const char *dir)
{
	char *db = xasprintf("%s/compile_commands.json", dir);
	char *config = xasprintf("%s/.config", tree->builddir);
	char *autoconf = xasprintf("%s/include/generated/autoconf.h", tree->builddir);
	char *makefile = xasprintf("%s/Makefile", tree->srcdir);
	time_t t = mtime_of(db);
	int r = t && t >= mtime_of(config) && t >= mtime_of(autoconf) && t >= mtime_of(makefile);

	free(db);
	free(config);
	free(autoconf);
	free(makefile);
	return r;
}

static void write_cache_key(const char *dir, const struct strv *targets)
{
	char *path = xasprintf("%s/scope", dir);
	FILE *f = fopen(path, "w");
	int i;

	if (f) {
		fprintf(f, "%s\n", MD_CACHE_FORMAT);
		for (i = 0; i < targets->n; i++)
			fprintf(f, "%s\n", targets->v[i]);
		fclose(f);
	}
	free(path);
}

/*
 * dry_run - the commands Kbuild would run for @targets (directories with a
 * trailing slash, then VAR=value overrides; none: the whole tree), plus the
 * saved commands of objects already built there, which a dry run omits.
 */
static int dry_run(const struct md_tree *tree, const struct md_tree_opts *opts,
		   const struct strv *targets, struct raw_set *set, char *err, size_t errlen)
{
	char *out = xasprintf("%s/memdesc-dryrun.out", tree->builddir);
	char *log = xasprintf("%s/memdesc-dryrun.log", tree->builddir);
	struct strv args = { 0 };
	int i, status, r = 0;

	strv_push(&args, "-n");
	strv_push(&args, "V=1");
	if (!targets->n)
		strv_push(&args, "-k");	/* linking fails when nothing was built */
	for (i = 0; i < targets->n; i++)
		strv_push(&args, targets->v[i]);
	unlink(log);
	status = run_make(tree, opts, (const char *const *)args.v, out, log);
	if (status < 0)
		r = fail(err, errlen, "cannot run make: %s", strerror(errno));
	else if (parse_dry_run(out, tree->builddir, set) || (status && targets->n) ||
		 (!targets->n && !set->n)) {
		print_tail(log, 15);
		r = fail(err, errlen, "make -n failed (exit %d) in %s, see %s", status,
			 tree->builddir, log);
	}
	if (!r)
		scan_tree_cmd_files(tree, targets, set);
	strv_clear(&args);
	free(out);
	free(log);
	return r;
}

/*
 * kbuild_commands - dry_run through the cache in the build directory; the
 * commands are appended to @out, marked @forced.
 */
static int kbuild_commands(const struct md_tree *tree, const struct md_tree_opts *opts,
			   const struct strv *targets, int forced, struct raw_set *out,
			   char *err, size_t errlen)
{
	char *dir = cache_dir(tree, targets);
	int fd = lock_build(tree->builddir), r = 0;
	struct raw_set set = { 0 };

	if (!cache_fresh(tree, dir) || load_compdb_dir(dir, &set)) {
		raw_release(&set);
		r = dry_run(tree, opts, targets, &set, err, errlen);
		if (!r) {
			raw_sort_unique(&set);
			if (mkdir_p(dir) || write_compdb(dir, &set))
				fprintf(stderr, "warning: cannot cache commands in %s: %s\n",
					dir, strerror(errno));
			else
				write_cache_key(dir, targets);
		}
	}
	unlock_build(fd);
	free(dir);
	raw_move(out, &set, forced);
	raw_sort_unique(out);
	raw_release(&set);
	return r;
}

/* ------------------------------------------------------------- scopes */

struct scope_ent {
	char *rel;	/* "" for the whole tree, no trailing slash */
	int is_file;
	int found;
};

static void scope_release(struct scope_ent *sc, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(sc[i].rel);
	free(sc);
}

/* normalize_scope - check each scope path against the tree. */
static int normalize_scope(const struct md_tree *tree, const char *const *scope, size_t n,
			   struct scope_ent **out, char *err, size_t errlen)
{
	struct scope_ent *sc = xrealloc(NULL, (n ? n : 1) * sizeof(*sc));
	size_t i, len;

	memset(sc, 0, (n ? n : 1) * sizeof(*sc));
	*out = sc;
	for (i = 0; i < n; i++) {
		const char *p = scope[i], *rel = p[0] == '/' ? rel_to(tree->srcdir, p) : p;
		char *abs;

		if (!rel) {
			sc[i].rel = xstrdup("");
			return fail(err, errlen, "scope path outside the tree: %s", p);
		}
		while (rel[0] == '.' && rel[1] == '/')
			rel += 2;
		sc[i].rel = xstrdup(!strcmp(rel, ".") ? "" : rel);
		len = strlen(sc[i].rel);
		while (len && sc[i].rel[len - 1] == '/')
			sc[i].rel[--len] = '\0';
		if (strstr(sc[i].rel, ".."))
			return fail(err, errlen, "scope path outside the tree: %s", p);
		abs = join(tree->srcdir, sc[i].rel);
		sc[i].is_file = is_file(abs);
		if (!sc[i].is_file && !is_dir(abs)) {
			free(abs);
			return fail(err, errlen, "scope path not in the tree: %s", p);
		}
		free(abs);
		if (sc[i].is_file && !ends_with(sc[i].rel, ".c"))
			return fail(err, errlen, "scope path is neither a directory nor a .c file: %s",
				    p);
	}
	if (!n) {
		sc[0].rel = xstrdup("");
	}
	return 0;
}

static int under(const char *rel, const char *dir)
{
	size_t n = strlen(dir);

	return !n || (!strncmp(rel, dir, n) && (rel[n] == '/' || !rel[n]));
}

static char *parent_of(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash ? xstrndup(rel, slash - rel) : xstrdup("");
}

static int dir_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* make_targets - "dir/" targets for @dirs, dropping those a parent covers. */
static void make_targets(struct strv *dirs, struct strv *targets)
{
	int i, k;

	qsort(dirs->v, dirs->n, sizeof(*dirs->v), dir_cmp);
	for (i = 0; i < dirs->n; i++) {
		for (k = 0; k < i; k++)
			if (under(dirs->v[i], dirs->v[k]))
				break;
		if (k == i)
			strv_push_owned(targets, xasprintf("%s/", dirs->v[i]));
	}
}

static int has_makefile(const struct md_tree *tree, const char *rel)
{
	char *dir = join(tree->srcdir, rel);
	int r = file_in(dir, "Makefile") || file_in(dir, "Kbuild");

	free(dir);
	return r;
}

static int has_command_near(const struct raw_set *set, const struct md_tree *tree, const char *dir)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		const char *rel = rel_to(tree->srcdir, set->v[i].file);

		if (rel && under(rel, dir))
			return 1;
	}
	return 0;
}

/*
 * widen_search - move the search directory of each explicit file that has
 * no built object below it up to its parent.  Returns 1 when one moved.
 */
static int widen_search(const struct md_tree *tree, const struct raw_set *set,
			const struct scope_ent *sc, size_t n, char **search)
{
	int widened = 0;
	size_t i;
	char *p;

	for (i = 0; i < n; i++) {
		if (!sc[i].is_file || !*search[i] || has_command_near(set, tree, search[i]))
			continue;
		p = parent_of(search[i]);
		free(search[i]);
		search[i] = p;
		widened = 1;
	}
	return widened;
}

/*
 * collect - the raw commands for the directories in @search and the scope:
 * saved .cmd files for a tree configured in place, else a Kbuild dry run.
 * Directories without a Makefile build nothing and are skipped.
 */
static int collect(const struct md_tree *tree, const struct md_tree_opts *opts,
		   const struct scope_ent *sc, char **search, size_t n, struct raw_set *set,
		   char *err, size_t errlen)
{
	struct strv dirs = { 0 }, targets = { 0 };
	int whole = 0, r = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *rel = sc[i].is_file ? search[i] : sc[i].rel;

		if (!*rel)
			whole = 1;
		else if (has_makefile(tree, rel))
			strv_push(&dirs, rel);
	}
	if (!whole)
		make_targets(&dirs, &targets);
	strv_clear(&dirs);
	if (!whole && !targets.n)
		return 0;
	if (!strcmp(tree->config, "in-tree"))
		scan_tree_cmd_files(tree, &targets, set);
	else
		r = kbuild_commands(tree, opts, &targets, 0, set, err, errlen);
	strv_clear(&targets);
	return r;
}

/* config_gates - "CONFIG_X=y" for each obj-$(CONFIG_X) of a directory's Makefile. */
static void config_gates(const struct md_tree *tree, const char *rel, struct strv *out)
{
	char *path = xasprintf("%s/%s/Makefile", tree->srcdir, rel);
	char *line = NULL, *p, *name;
	size_t cap = 0;
	FILE *f = fopen(path, "r");
	int i;

	while (f && getline(&line, &cap, f) > 0) {
		for (p = line; (p = strstr(p, "obj-$(CONFIG_")); p++) {
			name = xstrndup(p + 6, strspn(p + 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
						      "abcdefghijklmnopqrstuvwxyz0123456789_"));
			for (i = 0; i < out->n; i++)
				if (!strncmp(out->v[i], name, strlen(name)) &&
				    out->v[i][strlen(name)] == '=')
					break;
			if (i == out->n)
				strv_push_owned(out, xasprintf("%s=y", name));
			free(name);
		}
	}
	if (f)
		fclose(f);
	free(line);
	free(path);
}

/*
 * force_unbuilt - for each explicit file whose directory builds nothing in
 * this configuration, a dry run of that directory with the options that
 * gate it forced on, so its own ccflags (e.g. fs/xfs's -I paths) apply.
 */
static int force_unbuilt(const struct md_tree *tree, const struct md_tree_opts *opts,
			 const struct scope_ent *sc, size_t n, char **search,
			 struct raw_set *set, char *err, size_t errlen)
{
	struct strv args = { 0 };
	size_t i;
	char *own;
	int r = 0;

	for (i = 0; !r && i < n; i++) {
		if (!sc[i].is_file || !*search[i] || has_command_near(set, tree, search[i]))
			continue;
		own = parent_of(sc[i].rel);
		if (!strcmp(own, search[i]) && has_makefile(tree, own)) {
			strv_push_owned(&args, xasprintf("%s/", own));
			config_gates(tree, own, &args);
			if (args.n > 1)
				r = kbuild_commands(tree, opts, &args, 1, set, err, errlen);
			strv_clear(&args);
		}
		free(own);
	}
	return r;
}

/* gather - commands for the scope, widening the search for unbuilt files. */
static int gather(const struct md_tree *tree, const struct md_tree_opts *opts,
		  const struct scope_ent *sc, size_t n, struct raw_set *set, char *err,
		  size_t errlen)
{
	char **search = xrealloc(NULL, n * sizeof(*search));
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		search[i] = sc[i].is_file ? parent_of(sc[i].rel) : xstrdup(sc[i].rel);
	if (!strcmp(tree->config, "compdb")) {
		r = load_compdb(opts->compdb, set, err, errlen);
		if (!r)
			raw_sort_unique(set);
	} else {
		do {
			r = collect(tree, opts, sc, search, n, set, err, errlen);
			if (!r && strcmp(tree->config, "in-tree"))
				r = force_unbuilt(tree, opts, sc, n, search, set, err, errlen);
		} while (!r && widen_search(tree, set, sc, n, search));
	}
	for (i = 0; i < n; i++)
		free(search[i]);
	free(search);
	return r;
}

/* ---------------------------------------------------------- borrowing */

static size_t common_dirs(const char *a, const char *b)
{
	size_t n = 0, i;

	for (i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			n++;
	return n;
}

static size_t depth_of(const char *rel)
{
	size_t n = 0;

	for (; *rel; rel++)
		n += *rel == '/';
	return n;
}

/*
 * nearest_command - the built object whose directory is closest to @rel:
 * the same directory, else the nearest parent directory that has one.
 */
static const struct raw_cmd *nearest_command(const struct md_tree *tree,
					     const struct raw_set *set, const char *rel)
{
	const struct raw_cmd *best = NULL;
	size_t best_common = 0, best_depth = 0, i;

	for (i = 0; i < set->n; i++) {
		const char *r = rel_to(tree->srcdir, set->v[i].file);
		size_t common, depth;

		if (!r)
			continue;
		common = common_dirs(rel, r);
		depth = depth_of(r);
		if (!best || common > best_common ||
		    (common == best_common && depth < best_depth)) {
			best = &set->v[i];
			best_common = common;
			best_depth = depth;
		}
	}
	return best;
}

/* rename_object - KBUILD_* defines of the borrowed object, for file @rel. */
static char *rename_object(const char *arg, const char *rel)
{
	const char *base = strrchr(rel, '/');
	char *stem = xstrndup(base ? base + 1 : rel, strlen(base ? base + 1 : rel) - 2);
	char *mod = xstrndup(rel, strlen(rel) - 2), *r = NULL;

	if (starts_with(arg, "-DKBUILD_BASENAME="))
		r = xasprintf("-DKBUILD_BASENAME=\"%s\"", stem);
	else if (starts_with(arg, "-DKBUILD_MODNAME="))
		r = xasprintf("-DKBUILD_MODNAME=\"%s\"", stem);
	else if (starts_with(arg, "-D__KBUILD_MODNAME="))
		r = xasprintf("-D__KBUILD_MODNAME=kmod_%s", stem);
	else if (starts_with(arg, "-DKBUILD_MODFILE="))
		r = xasprintf("-DKBUILD_MODFILE=\"%s\"", mod);
	free(stem);
	free(mod);
	return r ? r : xstrdup(arg);
}

/* ----------------------------------------------------------- the TU list */

static void add_tu(const struct md_tree *tree, const struct raw_cmd *c, const char *file,
		   int borrowed, struct md_tu_list *out)
{
	struct md_tu tu = { 0 };
	const char *rel = rel_to(tree->srcdir, file);
	int i;

	tu.file = xstrdup(file);
	tu.directory = xstrdup(c->dir);
	tu.argv = md_clang_args((const char *const *)c->argv, c->argc, c->file, &tu.argc);
	absolutize(tu.argv, tu.argc, c->dir);
	for (i = 0; borrowed && i < tu.argc; i++) {
		char *a = rename_object(tu.argv[i], rel);

		free(tu.argv[i]);
		tu.argv[i] = a;
	}
	tu.borrowed = borrowed;
	md_tu_list_add(out, &tu);
}

/* select_scope - the built files under the scope, then borrowed ones. */
static int select_scope(const struct md_tree *tree, struct scope_ent *sc, size_t n,
			const struct raw_set *set, struct md_tu_list *out, char *err,
			size_t errlen)
{
	size_t i, k;

	for (i = 0; i < set->n; i++) {
		const char *rel = rel_to(tree->srcdir, set->v[i].file);
		int hit = 0;

		for (k = 0; rel && k < n; k++) {
			if (sc[k].is_file ? !strcmp(rel, sc[k].rel) :
			    (!set->v[i].forced && under(rel, sc[k].rel))) {
				sc[k].found = 1;
				hit = 1;
			}
		}
		if (hit)
			add_tu(tree, &set->v[i], set->v[i].file, set->v[i].forced, out);
	}
	for (k = 0; k < n; k++) {
		const struct raw_cmd *c;
		char *file;

		if (!sc[k].is_file || sc[k].found)
			continue;
		c = nearest_command(tree, set, sc[k].rel);
		if (!c)
			return fail(err, errlen, "no built object near %s to borrow flags from",
				    sc[k].rel);
		file = join(tree->srcdir, sc[k].rel);
		add_tu(tree, c, file, 1, out);
		free(file);
		sc[k].found = 1;
	}
	return 0;
}

int md_tree_commands(struct md_tree *tree, const struct md_tree_opts *opts,
		     const char *const *scope, size_t nscope,
		     struct md_tu_list *out, char *err, size_t errlen)
{
	static const struct md_tree_opts defaults;
	struct raw_set set = { 0 };
	struct scope_ent *sc;
	size_t n = scope ? nscope : 0, before = out->n;
	int r;

	if (!opts)
		opts = &defaults;
	r = normalize_scope(tree, scope, n, &sc, err, errlen);
	if (!n)
		n = 1;
	if (!r)
		r = gather(tree, opts, sc, n, &set, err, errlen);
	if (!r && !set.n && !strcmp(tree->config, "in-tree"))
		r = fail(err, errlen,
			 "no built objects in %s: it is configured in place; pass a compile_commands.json or an unconfigured tree",
			 tree->srcdir);
	if (!r)
		r = select_scope(tree, sc, n, &set, out, err, errlen);
	if (!r && out->n == before)
		r = fail(err, errlen, "nothing in the scope is built by this configuration (%s)",
			 tree->config);
	raw_release(&set);
	scope_release(sc, n);
	return r;
}
