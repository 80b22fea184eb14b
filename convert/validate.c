// SPDX-License-Identifier: GPL-2.0
/*
 * validate.c - the checks a conversion passes before it is emitted: it
 * applies, it compiles with nothing new, checkpatch finds nothing new.
 *
 * Every program runs in a directory of its own under the scratch
 * directory (the checks of several files run at once), with its output
 * captured, in its own process group so a timeout kills all of it, and
 * with LC_ALL=C so the diagnostics compared are spelled alike.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kbuild/internal.h"
#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "validate.h"

/* A header is compiled through at most this many of the .c files that include it. */
#define MAX_HEADER_USERS 3

extern char **environ;

const char *md_step_name(enum md_step step)
{
	switch (step) {
	case MD_STEP_APPLY:
		return "apply";
	case MD_STEP_COMPILE:
		return "compile";
	case MD_STEP_CHECKPATCH:
		return "checkpatch";
	case MD_STEP_RESCAN:
		return "rescan";
	}
	BUG("unknown step %d", (int)step);
}

void md_verdict_release(struct md_verdict *v)
{
	free(v->reason);
	memset(v, 0, sizeof(*v));
}

static void verdict_ok(struct md_verdict *v)
{
	md_verdict_release(v);
	v->ok = 1;
}

/* verdict_fail - @v failed at @step for @reason (taken over). */
static void verdict_fail(struct md_verdict *v, enum md_step step, char *reason)
{
	md_verdict_release(v);
	v->failed_step = step;
	v->reason = reason;
}

/* verdict_unvalidated - @v could not be checked here, for @reason (taken over). */
static void verdict_unvalidated(struct md_verdict *v, enum md_step step, char *reason)
{
	verdict_fail(v, step, reason);
	v->unvalidated = 1;
}

/* --- the context, with its directories absolute --- */

/* The caller's context with the tree, build and scratch directories canonical. */
struct canon {
	struct md_validate_ctx c;
	char *tree, *build, *scratch;
};

static void canon_release(struct canon *k)
{
	free(k->tree);
	free(k->build);
	free(k->scratch);
}

/*
 * canon_open - @in with its directories canonical (the scratch directory
 * created first): commands run in the build directory, so every path
 * given to them is absolute.
 */
static int canon_open(const struct md_validate_ctx *in, struct canon *k)
{
	memset(k, 0, sizeof(*k));
	if (!in->tree || !in->build || !in->scratch)
		BUG("md_validate_ctx needs a tree, a build and a scratch directory");
	k->tree = realpath(in->tree, NULL);
	k->build = realpath(in->build, NULL);
	if (!kb_mkdir_p(in->scratch))
		k->scratch = realpath(in->scratch, NULL);
	if (!k->tree || !k->build || !k->scratch) {
		md_error_errno("%s: no such directory", !k->tree ? in->tree :
				  !k->build ? in->build : in->scratch);
		canon_release(k);
		return -1;
	}
	k->c = (struct md_validate_ctx){ .tree = k->tree, .build = k->build,
					 .scratch = k->scratch, .timeout = in->timeout };
	return 0;
}

/* --- files --- */

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	size_t len = strlen(text);

	int bad;

	if (!f)
		return md_error_errno("%s: cannot create", path);
	bad = fwrite(text, 1, len, f) != len;
	if (fclose(f) || bad)
		return md_error_errno("%s: cannot write", path);
	return 0;
}

/* read_file - the whole of @path, a new string; NULL when it cannot be read. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = ferror(f) ? NULL : xstrdup("");
	}
	fclose(f);
	return buf;
}

/* mkdir_parents - create the directories leading to file @path. */
static int mkdir_parents(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		rc = kb_mkdir_p(dir) ? md_error_errno("%s: cannot create", dir) : 0;
	}
	free(dir);
	return rc;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* scratch_dir - a new directory of our own under the context's scratch directory. */
static char *scratch_dir(const struct md_validate_ctx *c)
{
	char *dir = xasprintf("%s/validate-XXXXXX", c->scratch);

	if (!mkdtemp(dir)) {
		md_error_errno("%s: cannot create a directory there", c->scratch);
		free(dir);
		return NULL;
	}
	return dir;
}

static void scratch_remove(char *dir)
{
	if (dir)
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* --- running programs --- */

struct run {
	int status;	/* exit status; 128 + signal when killed */
	int timed_out;
	char *out;	/* stdout and stderr, interleaved */
};

static void run_release(struct run *r)
{
	free(r->out);
	memset(r, 0, sizeof(*r));
}

/* child_env - our environment without a parent make's variables, in the C locale. */
static char **child_env(void)
{
	static const char *const drop[] = {
		"MAKEFLAGS=", "MFLAGS=", "MAKELEVEL=", "MAKEOVERRIDES=", "GNUMAKEFLAGS=",
		"LC_ALL=", "LANGUAGE=", "GCC_COLORS=",
	};
	struct strv env = STRV_INIT;
	size_t i, k, n = sizeof(drop) / sizeof(drop[0]);

	for (i = 0; environ[i]; i++) {
		for (k = 0; k < n; k++)
			if (!strncmp(environ[i], drop[k], strlen(drop[k])))
				break;
		if (k == n)
			strv_push(&env, environ[i]);
	}
	strv_push(&env, "LC_ALL=C");
	return strv_detach(&env, NULL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* wait_for - wait for @pid, killing its process group after @timeout seconds (0: never). */
static int wait_for(pid_t pid, int timeout, struct run *r)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	double deadline = now() + timeout;
	int status;

	for (;;) {
		pid_t got = waitpid(pid, &status, timeout ? WNOHANG : 0);

		if (got == pid)
			break;
		if (got < 0 && errno != EINTR)
			return md_error_errno("waitpid");
		if (timeout && now() > deadline && !r->timed_out) {
			r->timed_out = 1;
			kill(-pid, SIGKILL);
			timeout = 0;	/* now wait for it to go */
		}
		if (timeout)
			nanosleep(&tick, NULL);
	}
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}

/*
 * run - @argv in directory @dir, standard input from @input (NULL:
 * /dev/null), output captured through the file @out_file.  Returns 0
 * when the program ran, whatever its status, or -1 (reported) when it
 * could not be started.
 */
static int run(const char *dir, char *const argv[], const char *input, const char *out_file,
	       int timeout, struct run *r)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char **env = child_env();
	pid_t pid;
	int err;

	memset(r, 0, sizeof(*r));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, input ? input : "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_addchdir_np(&fa, dir);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	err = posix_spawnp(&pid, argv[0], &fa, &attr, argv, env);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	strv_free(env);
	if (err) {
		errno = err;
		return md_error_errno("cannot run %s in %s", argv[0], dir);
	}
	if (wait_for(pid, timeout, r))
		return -1;
	r->out = read_file(out_file);
	if (!r->out)
		r->out = xstrdup("");
	unlink(out_file);
	return 0;
}

/* first_line - the first non-empty line of @s, a new string. */
static char *first_line(const char *s)
{
	while (*s == '\n')
		s++;
	return xstrndup(s, strcspn(s, "\n"));
}

/* failed_line - the first line of patch's output that is not "checking file". */
static char *failed_line(const char *s)
{
	while (!strncmp(s, "checking file ", 14) && strchr(s, '\n'))
		s = strchr(s, '\n') + 1;
	return first_line(s);
}

/* last_line - the last non-empty line of @s, a new string. */
static char *last_line(const char *s)
{
	size_t n = strlen(s);
	const char *start;

	while (n && s[n - 1] == '\n')
		n--;
	start = s + n;
	while (start > s && start[-1] != '\n')
		start--;
	return xstrndup(start, s + n - start);
}

/* same_path - @a and @b name the same existing file or directory. */
static int same_path(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

/* --- apply --- */

/* is_git_top - @tree is the top of a git work tree (not just somewhere inside one). */
static int is_git_top(const struct md_validate_ctx *c, const char *tmp)
{
	char *argv[] = { "git", "rev-parse", "--show-toplevel", NULL };
	char *out = md_path_join(tmp, "git.out"), *top;
	struct run r = { 0 };
	int yes = 0;

	if (!run(c->tree, argv, NULL, out, c->timeout, &r) && !r.status && !r.timed_out) {
		top = first_line(r.out);
		yes = same_path(top, c->tree);
		free(top);
	}
	run_release(&r);
	free(out);
	return yes;
}

static int validate_apply(const struct md_validate_ctx *c, const char *diff, struct md_verdict *v)
{
	char *tmp = scratch_dir(c), *file = NULL, *out = NULL;
	char *git[] = { "git", "apply", "--check", NULL, NULL };
	char *patch[] = { "patch", "-p1", "--dry-run", "--batch", "--fuzz=0", "-i", NULL, NULL };
	struct run r = { 0 };
	int rc = -1;

	md_verdict_release(v);
	if (!tmp)
		return -1;
	file = md_path_join(tmp, "change.diff");
	out = md_path_join(tmp, "apply.out");
	if (write_file(file, diff))
		goto out;
	git[3] = file;
	patch[6] = file;
	if (run(c->tree, is_git_top(c, tmp) ? git : patch, NULL, out, c->timeout, &r))
		goto out;
	rc = 0;
	if (r.timed_out)
		verdict_fail(v, MD_STEP_APPLY, xasprintf("the apply check took longer than %d s",
							 c->timeout));
	else if (r.status)
		verdict_fail(v, MD_STEP_APPLY, *r.out ? failed_line(r.out)
						      : xasprintf("exit status %d", r.status));
	else
		verdict_ok(v);
out:
	run_release(&r);
	free(file);
	free(out);
	scratch_remove(tmp);
	return rc;
}

int md_validate_apply(const struct md_validate_ctx *c, const char *diff, struct md_verdict *v)
{
	struct canon k;
	int rc;

	md_verdict_release(v);
	if (canon_open(c, &k))
		return -1;
	rc = validate_apply(&k.c, diff, v);
	canon_release(&k);
	return rc;
}

/* --- the compile command Kbuild recorded --- */

struct cmd_pick {
	const char *source;	/* absolute path of the file compiled */
	const char *build;
	struct strv argv;	/* the first command compiling it */
};

/* is_source - word @w, read from the build directory, names @p->source. */
static int is_source(const struct cmd_pick *p, const char *w)
{
	char *path;
	int yes;

	if (w[0] == '-' || !md_path_has_suffix(w, ".c"))
		return 0;
	path = kb_join(p->build, w);
	yes = !strcmp(path, p->source) || same_path(path, p->source);
	free(path);
	return yes;
}

static void pick_compile(struct strv *words, void *data)
{
	struct cmd_pick *p = data;
	int c = 0, src = 0;

	if (p->argv.n)
		return;
	for (size_t i = 1; i < words->n; i++) {
		c |= !strcmp(words->v[i], "-c");
		src |= is_source(p, words->v[i]);
	}
	if (c && src) {
		p->argv = *words;
		memset(words, 0, sizeof(*words));
	}
}

/* make_unescape - undo Kbuild's escaping of a command saved in a .cmd file. */
static void make_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (!strncmp(s, "$(pound)", 8))
			*d++ = '#', s += 8;
		else if (s[0] == '$' && s[1] == '$')
			*d++ = '$', s += 2;
		else
			*d++ = *s++;
	}
	*d = '\0';
}

/*
 * saved_command - the compile command of @source in the .cmd file @path
 * (the savedcmd_ line, cmd_ before 6.3) into @argv; 0 when there is one.
 */
static int saved_command(const struct md_validate_ctx *c, const char *path, const char *source,
			 struct strv *argv)
{
	struct cmd_pick p = { .source = source, .build = c->build };
	FILE *f = fopen(path, "r");
	char *line = NULL, *cmd;
	size_t cap = 0;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		if (strncmp(line, "savedcmd_", 9) && strncmp(line, "cmd_", 4))
			continue;
		cmd = strstr(line, " := ");
		if (!cmd)
			continue;
		make_unescape(cmd + 4);
		kb_shell_commands(cmd + 4, pick_compile, &p);
		break;
	}
	free(line);
	fclose(f);
	*argv = p.argv;
	return argv->n ? 0 : -1;
}

/* object_of - "dir/name.o" of "dir/name.c". */
static char *object_of(const char *rel)
{
	return xasprintf("%.*s.o", (int)(strlen(rel) - 2), rel);
}

/* cmd_file_of - <build>/dir/.name.o.cmd of "dir/name.c". */
static char *cmd_file_of(const struct md_validate_ctx *c, const char *rel)
{
	const char *base = strrchr(rel, '/');
	size_t dirlen = base ? (size_t)(base - rel + 1) : 0;
	char *name, *path;

	base = base ? base + 1 : rel;
	name = xasprintf("%.*s.%.*s.o.cmd", (int)dirlen, rel, (int)(strlen(base) - 2), base);
	path = md_path_join(c->build, name);
	free(name);
	return path;
}

static char *relative_line(const struct md_validate_ctx *c, const char *line,
			   const char *copy_root);

/*
 * make_failure - what says best why make failed in its output @out: the
 * first compiler error, else make's first "***" line, else its last line.
 */
static char *make_failure(const struct md_validate_ctx *c, const char *out)
{
	static const char *const marks[] = { ": fatal error: ", ": error: ", "*** " };
	char *line = NULL, *rel;

	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]) && !line; k++) {
		const char *at = strstr(out, marks[k]);

		if (!at)
			continue;
		while (at > out && at[-1] != '\n')
			at--;
		line = first_line(at);
	}
	if (!line)
		line = last_line(out);
	rel = relative_line(c, line, NULL);
	free(line);
	return rel;
}

/*
 * build_object - make -C <tree> O=<build> @rel's object, under the build
 * directory's lock (the one kbuild/ takes), so Kbuild records its
 * command.  @why says why when make fails or runs past the timeout.
 */
static int build_object(const struct md_validate_ctx *c, const char *rel, const char *tmp,
			char **why)
{
	char *lock = md_path_join(c->build, "memdesc.lock");
	char *obj = object_of(rel), *odir = xasprintf("O=%s", c->build);
	char *out = md_path_join(tmp, "make.out");
	char *argv[] = { "make", "--no-print-directory", "-C", (char *)c->tree, odir, obj, NULL };
	struct run r = { 0 };
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666), rc;

	if (fd >= 0)
		while (flock(fd, LOCK_EX) && errno == EINTR)
			;
	rc = run(c->build, argv, NULL, out, c->timeout, &r);
	if (!rc && r.timed_out) {
		*why = xasprintf("%s: make %s took longer than %d s", rel, obj, c->timeout);
	} else if (!rc && r.status) {
		char *line = make_failure(c, r.out);

		*why = xasprintf("%s: no command recorded, and make %s failed: %s", rel, obj, line);
		free(line);
	}
	if (fd >= 0)
		close(fd);
	run_release(&r);
	free(out);
	free(odir);
	free(obj);
	free(lock);
	return rc;
}

/*
 * compile_command - Kbuild's command for @rel into @argv: 0; 1 with @why
 * when there is none (the configuration does not build the file); -1
 * (reported) when make could not be run.
 */
static int compile_command(const struct md_validate_ctx *c, const char *rel, const char *tmp,
			   struct strv *argv, char **why)
{
	char *cmd = cmd_file_of(c, rel), *source = md_path_join(c->tree, rel);
	int rc = 0;

	*why = NULL;
	if (!kb_is_file(cmd)) {
		if (same_path(c->tree, c->build))
			*why = xasprintf("%s is not built, and building it would write to the tree",
					 rel);
		else
			rc = build_object(c, rel, tmp, why);
	}
	if (!rc && !*why && saved_command(c, cmd, source, argv))
		*why = xasprintf("%s: this configuration does not build it", rel);
	free(cmd);
	free(source);
	return rc ? -1 : *why ? 1 : 0;
}

/* --- compiling --- */

/* What changes in Kbuild's command for one compile of ours. */
struct compile_edit {
	const char *source;	/* the file compiled instead; NULL: as recorded */
	const char *obj, *dep;	/* -o and the dependency file, in scratch */
	struct strv quote_dirs;	/* -iquote, searched as the original file's directory */
	char *inc_dir;		/* an -I directory of the tree holding the header... */
	char *inc_copy;		/* ...and the copy searched before it */
	char *header;		/* the tree's header, for a forced -include of it... */
	const char *header_copy; /* ...which takes the copy instead */
};

static char *resolve(const struct md_validate_ctx *c, const char *w)
{
	return kb_join(c->build, w);
}

/* edited_argv - Kbuild's @cmd with @e applied, NULL-terminated, for posix_spawn. */
static char **edited_argv(const struct md_validate_ctx *c, const struct cmd_pick *cmd,
			  const struct compile_edit *e)
{
	struct strv out = STRV_INIT;
	const struct strv *in = &cmd->argv;

	strv_push(&out, in->v[0]);
	for (size_t i = 0; i < e->quote_dirs.n; i++) {
		strv_push(&out, "-iquote");
		strv_push(&out, e->quote_dirs.v[i]);
	}
	for (size_t i = 1; i < in->n; i++) {
		const char *w = in->v[i];

		if ((!strcmp(w, "-o") || !strcmp(w, "-MF")) && i + 1 < in->n) {
			strv_push(&out, w);
			strv_push(&out, !strcmp(w, "-o") ? e->obj : e->dep);
			i++;
		} else if (!strncmp(w, "-Wp,-MMD,", 9) || !strncmp(w, "-Wp,-MD,", 8)) {
			strv_pushf(&out, "-Wp,-MMD,%s", e->dep);
		} else if (e->source && is_source(cmd, w)) {
			strv_push(&out, e->source);
		} else if (e->header && !strcmp(w, "-include") && i + 1 < in->n) {
			char *p = resolve(c, in->v[++i]);

			strv_push(&out, w);
			strv_push(&out, same_path(p, e->header) ? e->header_copy : in->v[i]);
			free(p);
		} else if (e->inc_dir && !strncmp(w, "-I", 2)) {
			const char *d = w[2] ? w + 2 : (i + 1 < in->n ? in->v[i + 1] : "");
			char *p = resolve(c, d);

			if (!strcmp(p, e->inc_dir))
				strv_pushf(&out, "-I%s", e->inc_copy);
			strv_push(&out, w);
			if (!w[2] && i + 1 < in->n)
				strv_push(&out, in->v[++i]);
			free(p);
		} else {
			strv_push(&out, w);
		}
	}
	return strv_detach(&out, NULL);
}

/* One compiler diagnostic: "where: kind: message", where without line and column. */
struct diag {
	char *key;	/* file, kind and message: what is compared */
	char *line;	/* the whole line, as reported */
};

struct diags {
	struct diag *v;
	size_t n, alloc;
};

static void diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].key);
		free(d->v[i].line);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* strip_position - "file" of "file:line:col" or "file:line". */
static size_t strip_position(const char *where, size_t n)
{
	for (int k = 0; k < 2; k++) {
		size_t m = n;

		while (m && where[m - 1] >= '0' && where[m - 1] <= '9')
			m--;
		if (m == n || !m || where[m - 1] != ':')
			break;
		n = m - 1;
	}
	return n;
}

/*
 * relative_line - @line with @copy_root (the scratch mirror of the tree)
 * read as the tree, and paths under the tree or the build directory
 * relative.  A new string.
 */
static char *relative_line(const struct md_validate_ctx *c, const char *line,
			   const char *copy_root)
{
	const char *roots[3] = { copy_root, c->tree, c->build };
	struct strv parts = STRV_INIT;
	char *out;

	while (*line) {
		const char *best = NULL;
		size_t blen = 0;

		for (int k = 0; k < 3; k++) {
			const char *at = roots[k] ? strstr(line, roots[k]) : NULL;
			size_t len = roots[k] ? strlen(roots[k]) : 0;

			if (at && at[len] == '/' && (!best || at < best || (at == best && len > blen)))
				best = at, blen = len;
		}
		if (!best) {
			strv_push(&parts, line);
			break;
		}
		strv_push_owned(&parts, xstrndup(line, best - line));
		line = best + blen + 1;
	}
	out = xstrdup("");
	for (size_t i = 0; i < parts.n; i++) {
		char *next = xasprintf("%s%s", out, parts.v[i]);

		free(out);
		out = next;
	}
	strv_release(&parts);
	return out[0] == '.' && out[1] == '/' ? memmove(out, out + 2, strlen(out) - 1) : out;
}

/* parse_diags - the error and warning lines of compiler output @out. */
static void parse_diags(const struct md_validate_ctx *c, const char *out, const char *copy_root,
			struct diags *d)
{
	static const char *const kinds[] = { ": fatal error: ", ": error: ", ": warning: " };

	while (*out) {
		size_t len = strcspn(out, "\n");
		char *raw = xstrndup(out, len), *line = relative_line(c, raw, copy_root);

		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			char *at = strstr(line, kinds[k]);

			if (!at)
				continue;
			ALLOC_GROW(d->v, d->n + 1, d->alloc);
			d->v[d->n].key = xasprintf("%.*s%s", (int)strip_position(line, at - line),
						   line, at);
			d->v[d->n++].line = xstrdup(line);
			break;
		}
		free(line);
		free(raw);
		out += len + (out[len] == '\n');
	}
}

/* first_new - the first diagnostic of @after that @before does not also have, or NULL. */
static const struct diag *first_new(const struct diags *before, const struct diags *after)
{
	char *used = xcalloc(before->n + 1, 1);
	const struct diag *found = NULL;

	for (size_t i = 0; i < after->n && !found; i++) {
		size_t k;

		for (k = 0; k < before->n; k++)
			if (!used[k] && !strcmp(before->v[k].key, after->v[i].key))
				break;
		if (k < before->n)
			used[k] = 1;
		else
			found = &after->v[i];
	}
	free(used);
	return found;
}

/* compile_once - the compile @e describes, its diagnostics into @d. */
static int compile_once(const struct md_validate_ctx *c, const struct cmd_pick *cmd,
			const struct compile_edit *e, const char *out_file, const char *copy_root,
			struct run *r, struct diags *d)
{
	char **argv = edited_argv(c, cmd, e);
	int rc = run(c->build, argv, NULL, out_file, c->timeout, r);

	strv_free(argv);
	if (!rc)
		parse_diags(c, r->out, copy_root, d);
	return rc;
}

/* A compile through one .c file: the unit, and what is changed in it. */
struct unit_job {
	const char *unit;	/* the .c file compiled, relative */
	const char *path;	/* the file changed: @unit or a header */
	const char *after;	/* its new text */
};

/* write_copy - @text (NULL: the tree's own @rel) as @root/@rel; its path or NULL. */
static char *write_copy(const struct md_validate_ctx *c, const char *root, const char *rel,
			const char *text)
{
	char *copy = md_path_join(root, rel), *orig = NULL;
	int rc;

	if (!text) {
		orig = md_path_join(c->tree, rel);
		text = read_file(orig);
		if (!text) {
			md_error_errno("%s: cannot read", orig);
			free(orig);
			free(copy);
			return NULL;
		}
	}
	rc = mkdir_parents(copy) || write_file(copy, text);
	if (orig) {
		free((char *)text);
		free(orig);
	}
	if (rc) {
		free(copy);
		return NULL;
	}
	return copy;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, slash - path) : xstrdup(".");
}

/* include_dir_of - the -I directory of @cmd that holds the tree's @header, or NULL. */
static char *include_dir_of(const struct md_validate_ctx *c, const struct cmd_pick *cmd,
			    const char *header)
{
	char *best = NULL;

	for (size_t i = 1; i < cmd->argv.n; i++) {
		const char *w = cmd->argv.v[i];
		char *dir;

		if (strncmp(w, "-I", 2) || (!w[2] && i + 1 == cmd->argv.n))
			continue;
		dir = resolve(c, w[2] ? w + 2 : cmd->argv.v[++i]);
		if (md_path_under(c->tree, dir) && md_path_under(dir, header) &&
		    (!best || strlen(dir) > strlen(best))) {
			free(best);
			best = dir;
		} else {
			free(dir);
		}
	}
	return best;
}

/*
 * setup_after - the scratch mirror @root of the files the patched compile
 * reads instead of the tree's: the unit, the header, and the edit that
 * points the compiler at them.
 */
static int setup_after(const struct md_validate_ctx *c, const struct unit_job *j,
		       const struct cmd_pick *cmd, const char *root, struct compile_edit *e,
		       char **copies)
{
	int header = strcmp(j->unit, j->path) != 0;
	char *dir;

	copies[0] = write_copy(c, root, j->unit, header ? NULL : j->after);
	copies[1] = header ? write_copy(c, root, j->path, j->after) : NULL;
	if (!copies[0] || (header && !copies[1]))
		return -1;
	e->source = copies[0];
	dir = dir_of(j->unit);
	strv_push_owned(&e->quote_dirs, md_path_join(c->tree, dir));
	free(dir);
	if (!header)
		return 0;
	dir = dir_of(j->path);
	strv_push_owned(&e->quote_dirs, md_path_join(c->tree, dir));
	free(dir);
	e->header = md_path_join(c->tree, j->path);
	e->header_copy = copies[1];
	e->inc_dir = include_dir_of(c, cmd, e->header);
	if (e->inc_dir)
		e->inc_copy = md_path_join(root, md_path_under(c->tree, e->inc_dir));
	return 0;
}

static void edit_release(struct compile_edit *e)
{
	strv_release(&e->quote_dirs);
	free(e->header);
	free(e->inc_dir);
	free(e->inc_copy);
}

/* judge - the verdict of one unit's two compiles. */
static void judge(const struct unit_job *j, const struct md_validate_ctx *c,
		  const struct run *rb, const struct run *ra, const struct diags *db,
		  const struct diags *da, struct md_verdict *v)
{
	const struct diag *d = first_new(db, da);

	if (rb->timed_out || ra->timed_out)
		verdict_unvalidated(v, MD_STEP_COMPILE,
				    xasprintf("%s: the compile took longer than %d s", j->unit,
					      c->timeout));
	else if (d)
		verdict_fail(v, MD_STEP_COMPILE, xstrdup(d->line));
	else if (ra->status && !rb->status)
		verdict_fail(v, MD_STEP_COMPILE,
			     xasprintf("%s: the compiler failed (status %d) after the change",
				       j->unit, ra->status));
	else
		verdict_ok(v);
}

/* compile_unit - compile @j's unit as it is and as patched, into @v. */
static int compile_unit(const struct md_validate_ctx *c, const struct unit_job *j,
			const struct cmd_pick *cmd, const char *tmp, struct md_verdict *v)
{
	char *root = md_path_join(tmp, "tree"), *out = md_path_join(tmp, "cc.out");
	char *obj = md_path_join(tmp, "unit.o"), *dep = md_path_join(tmp, "unit.d");
	struct compile_edit before = { .obj = obj, .dep = dep }, after = before;
	struct diags db = { 0 }, da = { 0 };
	struct run rb = { 0 }, ra = { 0 };
	char *copies[2] = { NULL, NULL };
	int rc = -1;

	if (compile_once(c, cmd, &before, out, NULL, &rb, &db) ||
	    setup_after(c, j, cmd, root, &after, copies) ||
	    compile_once(c, cmd, &after, out, root, &ra, &da))
		goto out;
	judge(j, c, &rb, &ra, &db, &da, v);
	rc = 0;
out:
	edit_release(&after);
	diags_release(&db);
	diags_release(&da);
	run_release(&rb);
	run_release(&ra);
	free(copies[0]);
	free(copies[1]);
	free(root);
	free(out);
	free(obj);
	free(dep);
	return rc;
}

/* validate_units - compile each of @units with @path as @after; the first failure ends it. */
static int validate_units(const struct md_validate_ctx *c, const char *path, const char *after,
			  const char *const *units, size_t n, const char *tmp, struct md_verdict *v)
{
	char *why = NULL;
	size_t compiled = 0;

	for (size_t i = 0; i < n && (v->ok || !compiled); i++) {
		struct unit_job j = { .unit = units[i], .path = path, .after = after };
		struct cmd_pick cmd = { .source = NULL, .build = c->build };
		char *source = md_path_join(c->tree, units[i]), *w = NULL;
		int rc = compile_command(c, units[i], tmp, &cmd.argv, &w);

		cmd.source = source;
		if (rc == 0)
			rc = compile_unit(c, &j, &cmd, tmp, v);
		if (rc == 0 && !w)
			compiled++;
		strv_release(&cmd.argv);
		free(source);
		if (w && !why)
			why = w;
		else
			free(w);
		if (rc < 0) {
			free(why);
			return -1;
		}
	}
	if (!compiled)
		verdict_unvalidated(v, MD_STEP_COMPILE,
				    why ? why : xasprintf("%s: nothing to compile it through", path));
	else
		free(why);
	return 0;
}

static int validate_compile(const struct md_validate_ctx *c, const char *path, const char *after,
			const struct strv *users, struct md_verdict *v)
{
	const char *units[MAX_HEADER_USERS];
	size_t n = 0;
	char *tmp;
	int rc;

	md_verdict_release(v);
	if (md_path_has_suffix(path, ".c")) {
		units[n++] = path;
	} else {
		for (size_t i = 0; users && i < users->n && n < MAX_HEADER_USERS; i++)
			if (md_path_has_suffix(users->v[i], ".c"))
				units[n++] = users->v[i];
	}
	tmp = scratch_dir(c);
	if (!tmp)
		return -1;
	rc = validate_units(c, path, after, units, n, tmp, v);
	scratch_remove(tmp);
	return rc;
}

int md_validate_compile(const struct md_validate_ctx *c, const char *path, const char *after,
			const struct strv *users, struct md_verdict *v)
{
	struct canon k;
	int rc;

	md_verdict_release(v);
	if (canon_open(c, &k))
		return -1;
	rc = validate_compile(&k.c, path, after, users, v);
	canon_release(&k);
	return rc;
}

/* --- checkpatch --- */

/* One checkpatch report: "ERROR:TYPE: message" and the place it points at. */
struct cp_issue {
	int error;	/* ERROR, else WARNING */
	char *type;
	char *text;	/* "path:line: ERROR:TYPE: message" */
	int hunk;	/* the hunk of the mail it is in, 0: the message */
};

struct cp_issues {
	struct cp_issue *v;
	size_t n, alloc;
};

static void cp_issues_release(struct cp_issues *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].type);
		free(s->v[i].text);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* hunk_at - the number of hunk headers in @mail up to its line @lineno (1-based). */
static int hunk_at(const char *mail, long lineno)
{
	int hunks = 0;

	for (long n = 1; *mail && n <= lineno; n++) {
		hunks += !strncmp(mail, "@@ ", 3);
		mail = strchrnul(mail, '\n');
		if (*mail)
			mail++;
	}
	return hunks;
}

/*
 * parse_checkpatch - the ERROR and WARNING reports of checkpatch.pl
 * --show-types output @out on @mail: a "TYPE:NAME: message" line, then
 * "#N: FILE: path:line:" (or just "#N:") naming the line of the mail.
 */
static void parse_checkpatch(const char *out, const char *mail, struct cp_issues *s)
{
	struct cp_issue *last = NULL;

	while (*out) {
		size_t len = strcspn(out, "\n");
		char *line = xstrndup(out, len), *colon;
		long n;
		int error = !strncmp(line, "ERROR:", 6);

		if ((error || !strncmp(line, "WARNING:", 8)) &&
		    (colon = strchr(line + (error ? 6 : 8), ':'))) {
			ALLOC_GROW(s->v, s->n + 1, s->alloc);
			last = &s->v[s->n++];
			last->error = error;
			last->type = xstrndup(line + (error ? 6 : 8), colon - line - (error ? 6 : 8));
			last->text = xstrdup(line);
			last->hunk = 0;
		} else if (last && line[0] == '#' && sscanf(line, "#%ld:", &n) == 1) {
			const char *file = strstr(line, ": FILE: ");
			char *text;

			last->hunk = hunk_at(mail, n);
			if (file) {
				text = xasprintf("%.*s: %s", (int)strcspn(file + 8, "\n") -
					 (md_path_has_suffix(file, ":") ? 1 : 0), file + 8, last->text);
				free(last->text);
				last->text = text;
			}
			last = NULL;
		} else {
			last = NULL;
		}
		free(line);
		out += len + (out[len] == '\n');
	}
}

/* parse_range - "-a,b" or "-a" (b = 1) at @s, the sign given; the end, or NULL. */
static const char *parse_range(const char *s, char sign, long *start, long *count)
{
	char *end;

	if (*s != sign)
		return NULL;
	*start = strtol(s + 1, &end, 10);
	*count = 1;
	if (*end == ',')
		*count = strtol(end + 1, &end, 10);
	return end;
}

/* hunk_header - the ranges of "@@ -a,b +c,d @@"; the " @@" after them, or NULL. */
static const char *hunk_header(const char *line, long r[4])
{
	const char *p;

	if (strncmp(line, "@@ ", 3))
		return NULL;
	p = parse_range(line + 3, '-', &r[0], &r[1]);
	if (!p || *p != ' ')
		return NULL;
	p = parse_range(p + 1, '+', &r[2], &r[3]);
	return p && !strncmp(p, " @@", 3) ? p : NULL;
}

/*
 * reverse_mail - @mail with its change turned around: in each hunk, - and
 * + lines swapped and the header's ranges with them.  Every line keeps its
 * place, so a report on the same hunk of both is at the same place.
 */
static char *reverse_mail(const char *mail)
{
	char *r = xmalloc(strlen(mail) * 2 + 64), *d = r;
	long old_left = 0, new_left = 0, h[4];

	while (*mail) {
		size_t n = strcspn(mail, "\n");
		const char *rest;

		n += mail[n] == '\n';
		if (!old_left && !new_left && (rest = hunk_header(mail, h))) {
			d += sprintf(d, "@@ -%ld,%ld +%ld,%ld", h[2], h[3], h[0], h[1]);
			memcpy(d, rest, n - (rest - mail));
			d += n - (rest - mail);
			old_left = h[1];
			new_left = h[3];
			mail += n;
			continue;
		}
		memcpy(d, mail, n);
		if (*mail == '-' && old_left)
			*d = '+', old_left--;
		else if (*mail == '+' && new_left)
			*d = '-', new_left--;
		else if ((*mail == ' ' || *mail == '\n') && old_left && new_left)
			old_left--, new_left--;
		else if (*mail != '\\')
			old_left = new_left = 0;	/* the hunk ended early */
		d += n;
		mail += n;
	}
	*d = '\0';
	return r;
}

/* checkpatch_on - checkpatch.pl on @mail into @s; -1 (reported) when it does not run. */
static int checkpatch_on(const struct md_validate_ctx *c, const char *mail, const char *tmp,
			 const char *name, struct cp_issues *s)
{
	char *file = md_path_join(tmp, name), *out = xasprintf("%s.out", file);
	char *argv[] = { "perl", "scripts/checkpatch.pl", "--show-types", "--no-signoff",
			 file, NULL };
	struct run r = { 0 };
	int rc = -1;

	if (write_file(file, mail) || run(c->tree, argv, NULL, out, c->timeout, &r))
		goto out;
	if (r.timed_out) {
		md_error("scripts/checkpatch.pl took longer than %d s", c->timeout);
	} else if (!strstr(r.out, "\ntotal: ") && strncmp(r.out, "total: ", 7)) {
		char *why = first_line(r.out);

		md_error("scripts/checkpatch.pl did not check the patch: %s",
			 *why ? why : "no output");
		free(why);
	} else {
		parse_checkpatch(r.out, mail, s);
		rc = 0;
	}
out:
	run_release(&r);
	free(out);
	free(file);
	return rc;
}

/* drawn_by - a report of @type at @hunk in @s. */
static int drawn_by(const struct cp_issues *s, const char *type, int hunk)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].type, type) && s->v[i].hunk == hunk)
			return 1;
	return 0;
}

/* judge_checkpatch - the first error, or warning the reverse change does not draw. */
static int judge_checkpatch(const struct md_validate_ctx *c, const char *mail, const char *tmp,
			    const struct cp_issues *fwd, struct md_verdict *v)
{
	struct cp_issues rev = { 0 };
	char *reversed = NULL;
	const struct cp_issue *bad = NULL;
	int rc = 0;

	for (size_t i = 0; i < fwd->n && !bad; i++)
		if (fwd->v[i].error)
			bad = &fwd->v[i];
	if (!bad && fwd->n) {
		reversed = reverse_mail(mail);
		rc = checkpatch_on(c, reversed, tmp, "reverse.patch", &rev);
		for (size_t i = 0; !rc && i < fwd->n && !bad; i++)
			if (!drawn_by(&rev, fwd->v[i].type, fwd->v[i].hunk))
				bad = &fwd->v[i];
	}
	if (!rc && bad)
		verdict_fail(v, MD_STEP_CHECKPATCH, xstrdup(bad->text));
	else if (!rc)
		verdict_ok(v);
	cp_issues_release(&rev);
	free(reversed);
	return rc;
}

static int validate_checkpatch(const struct md_validate_ctx *c, const char *mail, struct md_verdict *v)
{
	char *script = md_path_join(c->tree, "scripts/checkpatch.pl"), *tmp = NULL;
	struct cp_issues fwd = { 0 };
	int rc = -1;

	md_verdict_release(v);
	if (!kb_is_file(script)) {
		md_error("%s: no such file", script);
		goto out;
	}
	tmp = scratch_dir(c);
	if (tmp && !checkpatch_on(c, mail, tmp, "change.patch", &fwd))
		rc = judge_checkpatch(c, mail, tmp, &fwd, v);
out:
	cp_issues_release(&fwd);
	scratch_remove(tmp);
	free(script);
	return rc;
}

int md_validate_checkpatch(const struct md_validate_ctx *c, const char *mail, struct md_verdict *v)
{
	struct canon k;
	int rc;

	md_verdict_release(v);
	if (canon_open(c, &k))
		return -1;
	rc = validate_checkpatch(&k.c, mail, v);
	canon_release(&k);
	return rc;
}
