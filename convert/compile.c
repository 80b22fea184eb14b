// SPDX-License-Identifier: GPL-2.0
/*
 * compile.c - the compile check: Kbuild's recorded command for the object,
 * run on the file as it is and on a scratch copy of its new text; only
 * the diagnostics the new text adds count.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "../kbuild/saved.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "check.h"

/* A header is compiled through at most this many of the .c files that include it. */
#define MAX_HEADER_USERS 3

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
	yes = !strcmp(path, p->source) || cv_same_path(path, p->source);
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

/*
 * saved_command - the compile command of @source in the .cmd file @path
 * (the savedcmd_ line, cmd_ before 6.3) into @argv; 0 when there is one.
 */
static int saved_command(const struct md_validate_ctx *c, const char *path, const char *source,
			 struct strv *argv)
{
	struct cmd_pick p = { .source = source, .build = c->build };

	kb_cmdfile_command(path, pick_compile, &p);
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
		line = cv_first_line(at);
	}
	if (!line)
		line = cv_last_line(out);
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
	struct cv_run r = { 0 };
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666), rc;

	if (fd >= 0)
		while (flock(fd, LOCK_EX) && errno == EINTR)
			;
	rc = cv_run(c->build, argv, out, c->timeout, &r);
	if (!rc && r.timed_out) {
		*why = xasprintf("%s: make %s took longer than %d s", rel, obj, c->timeout);
	} else if (!rc && r.status) {
		char *line = make_failure(c, r.out);

		*why = xasprintf("%s: no command recorded, and make %s failed: %s", rel, obj, line);
		free(line);
	}
	if (fd >= 0)
		close(fd);
	cv_run_release(&r);
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
		if (cv_same_path(c->tree, c->build))
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
			strv_push(&out, cv_same_path(p, e->header) ? e->header_copy : in->v[i]);
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
			struct cv_run *r, struct diags *d)
{
	char **argv = edited_argv(c, cmd, e);
	int rc = cv_run(c->build, argv, out_file, c->timeout, r);

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
		text = md_read_text(orig, NULL);
		if (!text) {
			md_error_errno("%s: cannot read", orig);
			free(orig);
			free(copy);
			return NULL;
		}
	}
	rc = cv_mkdir_parents(copy) || md_write_text(copy, text);
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
 * link_siblings - the other files of the directory of the changed header
 * @rel, as links in the scratch mirror @root beside its copy: a header
 * that includes it with quotes ("highmem-internal.h" from highmem.h) is
 * then itself found in the mirror, and finds the copy next to it.  The
 * compiler names a file by the path it opened, so a link's directory is
 * the mirror's.
 */
static void link_siblings(const struct md_validate_ctx *c, const char *root, const char *rel)
{
	char *dir = dir_of(rel), *from = md_path_join(c->tree, dir), *to = md_path_join(root, dir);
	DIR *d = opendir(from);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *target, *link;

		if (!md_path_has_suffix(e->d_name, ".h"))
			continue;
		target = md_path_join(from, e->d_name);
		link = md_path_join(to, e->d_name);
		/* the copy is already there: EEXIST keeps it */
		if (symlink(target, link) && errno != EEXIST)
			md_warning("%s: cannot link: %s", link, strerror(errno));
		free(target);
		free(link);
	}
	if (d)
		closedir(d);
	free(dir);
	free(from);
	free(to);
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
	link_siblings(c, root, j->path);
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
		  const struct cv_run *rb, const struct cv_run *ra, const struct diags *db,
		  const struct diags *da, struct md_verdict *v)
{
	const struct diag *d = first_new(db, da);

	if (rb->timed_out || ra->timed_out)
		cv_verdict_unvalidated(v, MD_STEP_COMPILE,
				    xasprintf("%s: the compile took longer than %d s", j->unit,
					      c->timeout));
	else if (d)
		cv_verdict_fail(v, MD_STEP_COMPILE, xstrdup(d->line));
	else if (ra->status && !rb->status)
		cv_verdict_fail(v, MD_STEP_COMPILE,
			     xasprintf("%s: the compiler failed (status %d) after the change",
				       j->unit, ra->status));
	else
		cv_verdict_ok(v);
}

/* reads - dependency file @dep (as -MMD writes it) lists @file. */
static int reads(const char *dep, const char *file)
{
	char *text = md_read_text(dep, NULL);
	const char *at = text;
	size_t n = strlen(file);
	int yes = 0;

	while (at && !yes && (at = strstr(at, file))) {
		yes = (at == text || strchr(" \t\n", at[-1])) && strchr(" \t\n\\", at[n]);
		at += n;
	}
	free(text);
	return yes;
}

/*
 * compile_unit - compile @j's unit as it is and as patched, into @v: 0; 1
 * with @why when the patched compile never read the changed header (the
 * unit does not include it here, or reaches the tree's own through a
 * quoted include of another header), so it proves nothing; -1 (reported).
 */
static int compile_unit(const struct md_validate_ctx *c, const struct unit_job *j,
			const struct cmd_pick *cmd, const char *tmp, struct md_verdict *v,
			char **why)
{
	char *root = md_path_join(tmp, "tree"), *out = md_path_join(tmp, "cc.out");
	char *obj = md_path_join(tmp, "unit.o"), *dep = md_path_join(tmp, "unit.d");
	struct compile_edit before = { .obj = obj, .dep = dep }, after = before;
	struct diags db = { 0 }, da = { 0 };
	struct cv_run rb = { 0 }, ra = { 0 };
	char *copies[2] = { NULL, NULL };
	int rc = -1;

	if (compile_once(c, cmd, &before, out, NULL, &rb, &db) ||
	    setup_after(c, j, cmd, root, &after, copies) ||
	    compile_once(c, cmd, &after, out, root, &ra, &da))
		goto out;
	judge(j, c, &rb, &ra, &db, &da, v);
	rc = 0;
	if (v->ok && copies[1] && !reads(dep, copies[1])) {
		*why = xasprintf("%s: compiling %s does not read it", j->path, j->unit);
		rc = 1;
	}
out:
	edit_release(&after);
	diags_release(&db);
	diags_release(&da);
	cv_run_release(&rb);
	cv_run_release(&ra);
	free(copies[0]);
	free(copies[1]);
	free(root);
	free(out);
	free(obj);
	free(dep);
	return rc;
}

/*
 * validate_units - compile each of @units with @path as @after; the first
 * failure ends it.  Units with no command, or that do not read @path, are
 * passed over; none left: unvalidated, with the first reason.
 */
static int validate_units(const struct md_validate_ctx *c, const char *path, const char *after,
			  const char *const *units, size_t n, const char *tmp, struct md_verdict *v)
{
	char *why = NULL;
	size_t compiled = 0;

	for (size_t i = 0; i < n && (v->ok || !compiled); i++) {
		struct unit_job j = { .unit = units[i], .path = path, .after = after };
		char *source = md_path_join(c->tree, units[i]), *w = NULL;
		struct cmd_pick cmd = { .source = source, .build = c->build };
		int rc = compile_command(c, units[i], tmp, &cmd.argv, &w);

		if (rc == 0)
			rc = compile_unit(c, &j, &cmd, tmp, v, &w);
		if (rc == 0)
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
		cv_verdict_unvalidated(v, MD_STEP_COMPILE,
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
	tmp = cv_scratch_dir(c);
	if (!tmp)
		return -1;
	rc = validate_units(c, path, after, units, n, tmp, v);
	cv_scratch_remove(tmp);
	return rc;
}

int md_validate_compile(const struct md_validate_ctx *c, const char *path, const char *after,
			const struct strv *users, struct md_verdict *v)
{
	struct cv_canon k;
	int rc;

	md_verdict_release(v);
	if (cv_canon_open(c, &k))
		return -1;
	rc = validate_compile(&k.c, path, after, users, v);
	cv_canon_release(&k);
	return rc;
}
