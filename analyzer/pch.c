// SPDX-License-Identifier: GPL-2.0
/* pch.c - precompiled headers shared by the TUs of a scan (pch.h). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "../lib/ctoken.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/proc.h"
#include "../lib/strv.h"
#include "../lib/xalloc.h"
#include "pch.h"
#include "scan.h"

/*
 * A PCH pays for its build (about one TU's parse) only when shared: by
 * MIN_USERS TUs of a group, or MIN_PART_USERS of a directory part, whose
 * PCH serves them better than the group's would but costs a build more.
 */
#define MIN_USERS 3
#define MIN_PART_USERS 5
/* Keep adding headers while at least this share (in %) of the users stay. */
#define KEEP_PERCENT 60
#define MAX_HEADERS 32
#define MAX_PCH_PER_GROUP 8

/* The leading system includes of a TU, and whether a PCH of them is safe. */
struct lead {
	struct strv headers; /* <...> includes outside any conditional, in order */
	int safe;
};

/*
 * directive_name - the directive's name after the '#' at @lx's position
 * into @name, "" when there is none; @t gets the token after it (or the
 * next logical line's first token, with @more 0 when the text ended).
 */
static void directive_name(struct md_clexer *lx, struct md_ctok *t, int *more, char *name,
			   size_t size)
{
	*name = '\0';
	*more = md_clex(lx, t);
	if (*more && !t->bol && t->kind == MD_CTOK_IDENT) {
		snprintf(name, size, "%.*s", (int)t->len, t->text);
		*more = md_clex(lx, t);
	}
}

/* system_header - the name of the <...> include at @t into @sv; 1 if it was one. */
static int system_header(struct md_clexer *lx, struct md_ctok *t, int *more, struct strv *sv)
{
	struct strv name = STRV_INIT;
	char *s;
	int ok = 0;

	if (!*more || t->bol || !md_ctok_is(t, "<"))
		return 0;
	while ((*more = md_clex(lx, t)) && !t->bol) {
		if (md_ctok_is(t, ">")) {
			ok = 1;
			break;
		}
		strv_pushf(&name, "%.*s", (int)t->len, t->text);
	}
	if (ok && name.n) {
		size_t len = 0;

		for (size_t i = 0; i < name.n; i++)
			len += strlen(name.v[i]);
		s = xcalloc(len + 1, 1);
		for (size_t i = 0; i < name.n; i++)
			strcat(s, name.v[i]);
		strv_push_owned(sv, s);
	}
	strv_release(&name);
	return ok;
}

static int is_conditional(const char *d)
{
	static const char *const names[] = { "if", "ifdef", "ifndef", "elif", "else", "endif" };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(d, names[i]))
			return 1;
	return 0;
}

/*
 * scan_lead - the <...> includes @path starts with, into @lead: up to the
 * first thing that could change what a later header says (C code, a
 * macro it defines, a header of its own, #undef, #pragma), but for
 * conditionals and pr_fmt/dev_fmt (see pch.h).  Those inside conditionals
 * are left out: the TU may not include them.
 */
static void scan_lead(const char *path, struct lead *lead)
{
	struct md_clexer lx;
	struct md_ctok t;
	char name[16];
	int more, depth = 0;
	size_t len;
	char *text = md_read_text(path, &len);

	lead->safe = 0;
	if (!text)
		return;
	md_clexer_init(&lx, text, len);
	more = md_clex(&lx, &t);
	while (more && t.bol && md_ctok_is(&t, "#")) {
		directive_name(&lx, &t, &more, name, sizeof(name));
		if (!strcmp(name, "include") && more && !t.bol && md_ctok_is(&t, "<")) {
			if (depth == 0)
				system_header(&lx, &t, &more, &lead->headers);
		} else if (is_conditional(name)) {
			depth += !strncmp(name, "if", 2);
			depth -= !strcmp(name, "endif") && depth > 0;
		} else if (!(!strcmp(name, "define") && more && !t.bol &&
			     (md_ctok_is(&t, "pr_fmt") || md_ctok_is(&t, "dev_fmt")))) {
			break;
		}
		while (more && !t.bol)
			more = md_clex(&lx, &t);
	}
	lead->safe = lead->headers.n > 0;
	free(text);
}

/*
 * warning_flag - a -W option that only says which warnings to give: it
 * changes no parse, so TUs differing in it share a PCH (a -Werror= one
 * could make an error of a warning: those still split groups).
 */
static int warning_flag(const char *arg)
{
	return !strncmp(arg, "-W", 2) && strncmp(arg, "-Wp,", 4) && strncmp(arg, "-Wa,", 4) &&
	       strncmp(arg, "-Wl,", 4) && !strstr(arg, "error");
}

/* The per-object flags Kbuild adds: a TU's group ignores them. */
static int per_object_flag(const char *arg, const char *own_src, const char *own_build)
{
	static const char *const defines[] = {
		"-DKBUILD_MODFILE=", "-DKBUILD_BASENAME=", "-DKBUILD_MODNAME=", "-D__KBUILD_MODNAME=",
	};

	for (size_t i = 0; i < sizeof(defines) / sizeof(*defines); i++)
		if (!strncmp(arg, defines[i], strlen(defines[i])))
			return 1;
	return !strncmp(arg, "-I", 2) &&
	       (!strcmp(arg + 2, own_src) || (own_build && !strcmp(arg + 2, own_build)));
}

/*
 * group_argv - @tu's arguments without its per-object and warning flags:
 * what its group shares, and what its PCH is built with.
 */
static struct strv group_argv(const struct md_tu *tu, const char *srcdir)
{
	struct strv out = STRV_INIT;
	char *own_src = xstrdup(tu->file), *slash = strrchr(own_src, '/');
	const char *rel;
	char *own_build = NULL;

	if (slash)
		*slash = '\0';
	rel = md_path_under(srcdir, own_src);
	if (rel && tu->directory)
		own_build = *rel ? md_path_join(tu->directory, rel) : xstrdup(tu->directory);
	for (int i = 0; i < tu->argc; i++)
		if (!per_object_flag(tu->argv[i], own_src, own_build) && !warning_flag(tu->argv[i]))
			strv_push(&out, tu->argv[i]);
	free(own_src);
	free(own_build);
	return out;
}

static unsigned long long group_key(const struct md_tu *tu, const struct strv *argv)
{
	XXH3_state_t *st = XXH3_createState();
	unsigned long long h;

	XXH3_64bits_reset(st);
	if (tu->directory)
		XXH3_64bits_update(st, tu->directory, strlen(tu->directory) + 1);
	for (size_t i = 0; i < argv->n; i++)
		XXH3_64bits_update(st, argv->v[i], strlen(argv->v[i]) + 1);
	h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	return h;
}

struct member {
	size_t tu;		/* index into the TU list */
	unsigned long long key; /* its group */
	unsigned long long part; /* its directory's part of the group */
	struct lead lead;
	int taken;		/* given a PCH, or not safe */
};

/* A PCH to build: its headers, the flags of its group and who uses it. */
struct pch {
	char *header, *path;	/* the generated header and the PCH */
	const struct md_tu *model; /* a user: its directory and group flags build it */
	struct strv headers;
	size_t *users, nusers;
	int ok;
};

struct plan {
	struct member *m;
	size_t n;
	struct pch *p;
	size_t np, cap;
};

static int strv_has_text(const struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return 1;
	return 0;
}

static int lead_has(const struct lead *l, const char *h)
{
	return strv_has_text(&l->headers, h);
}

/* has_all - @m is untaken and includes every header of @hs. */
static int has_all(const struct member *m, const struct strv *hs)
{
	size_t j;

	if (m->taken)
		return 0;
	for (j = 0; j < hs->n && lead_has(&m->lead, hs->v[j]); j++)
		;
	return j == hs->n;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * most_shared - of the headers not in @hs, the one most of the members
 * of @g's range [@g0, @end) that include all of @hs include too; its
 * count in @count (0 when there is none).
 */
static const char *most_shared(struct plan *pl, size_t g0, size_t end, const struct strv *hs,
			       size_t *count)
{
	const char **all = NULL, *best = NULL;
	size_t n = 0, cap = 0;

	*count = 0;
	for (size_t i = g0; i < end; i++) {
		const struct member *m = &pl->m[i];

		if (!has_all(m, hs))
			continue;
		for (size_t k = 0; k < m->lead.headers.n; k++) {
			ALLOC_GROW(all, n + 1, cap);
			all[n++] = m->lead.headers.v[k];
		}
	}
	if (n)
		qsort(all, n, sizeof(*all), by_name);
	for (size_t i = 0, run; i < n; i += run) {
		for (run = 1; i + run < n && !strcmp(all[i], all[i + run]); run++)
			;
		if (run > *count && !strv_has_text(hs, all[i])) {
			*count = run;
			best = all[i];
		}
	}
	free(all);
	return best;
}

/*
 * choose_headers - the headers of one PCH for what is untaken of group
 * [@g0, @end): the header most of them include, then, one by one, the
 * header most of those include too, while KEEP_PERCENT of them stay.
 * Returns how many members take it; the headers in @hs are in the include
 * order of one of them.
 */
static size_t choose_headers(struct plan *pl, size_t g0, size_t end, size_t min_users,
			     struct strv *hs)
{
	size_t users = 0, count;
	const char *h;

	while (hs->n < MAX_HEADERS && (h = most_shared(pl, g0, end, hs, &count)) &&
	       count >= min_users && (!hs->n || count * 100 >= users * KEEP_PERCENT)) {
		strv_push(hs, h);
		users = count;
	}
	for (size_t i = g0; i < end && hs->n; i++) {
		const struct member *m = &pl->m[i];
		struct strv ordered = STRV_INIT;

		if (!has_all(m, hs))
			continue;
		for (size_t k = 0; k < m->lead.headers.n; k++)
			if (strv_has_text(hs, m->lead.headers.v[k]) &&
			    !strv_has_text(&ordered, m->lead.headers.v[k]))
				strv_push(&ordered, m->lead.headers.v[k]);
		strv_release(hs);
		*hs = ordered;
		break;
	}
	return hs->n ? users : 0;
}

static int by_group(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return x->tu < y->tu ? -1 : x->tu > y->tu;
}

/*
 * part_key - the first two directories of @tu's file under @srcdir
 * (drivers/gpu, net/ipv4, fs/ext4; mm): the TUs of one subsystem include
 * much the same headers, the TUs of a whole tree's group do not.
 */
static unsigned long long part_key(const struct md_tu *tu, const char *srcdir)
{
	const char *rel = md_path_under(srcdir, tu->file), *first, *second;
	size_t len = 0;

	if (!rel)
		rel = tu->file;
	first = strchr(rel, '/');
	if (first) {
		second = strchr(first + 1, '/');
		len = (size_t)((second ? second : first) - rel);
	}
	return XXH3_64bits(rel, len);
}

static void add_pch(struct plan *pl, size_t g0, size_t end, struct strv *hs,
		    const struct md_tu_list *tus, const char *dir)
{
	struct pch *p;

	ALLOC_GROW(pl->p, pl->np + 1, pl->cap);
	p = &pl->p[pl->np];
	memset(p, 0, sizeof(*p));
	p->headers = *hs;
	p->header = xasprintf("%s/pch-%zu.h", dir, pl->np);
	p->path = xasprintf("%s/pch-%zu.pch", dir, pl->np);
	p->users = xcalloc(end - g0, sizeof(*p->users));
	for (size_t i = g0; i < end; i++) {
		struct member *m = &pl->m[i];

		if (!has_all(m, hs))
			continue;
		m->taken = 1;
		p->users[p->nusers++] = m->tu;
		if (!p->model)
			p->model = &tus->v[m->tu];
	}
	pl->np++;
}

/* plan_range - up to MAX_PCH_PER_GROUP PCHs for the untaken of [@g0, @end). */
static void plan_range(struct plan *pl, size_t g0, size_t end, size_t min_users,
		       const struct md_tu_list *tus, const char *dir)
{
	for (int k = 0; k < MAX_PCH_PER_GROUP; k++) {
		struct strv hs = STRV_INIT;

		if (choose_headers(pl, g0, end, min_users, &hs) < min_users) {
			strv_release(&hs);
			break;
		}
		add_pch(pl, g0, end, &hs, tus, dir);
	}
}

/*
 * make_plan - the PCHs of @tus: first for each directory part of a group,
 * then for the group's TUs that none of those served.
 */
static void make_plan(struct plan *pl, const struct md_tu_list *tus, const char *srcdir,
		      const char *dir)
{
	pl->m = xcalloc(tus->n + 1, sizeof(*pl->m));
	for (size_t i = 0; i < tus->n; i++) {
		struct member *m = &pl->m[pl->n];
		struct strv argv = group_argv(&tus->v[i], srcdir);

		m->tu = i;
		m->key = group_key(&tus->v[i], &argv);
		m->part = part_key(&tus->v[i], srcdir);
		strv_release(&argv);
		scan_lead(tus->v[i].file, &m->lead);
		m->taken = !m->lead.safe;
		pl->n++;
	}
	qsort(pl->m, pl->n, sizeof(*pl->m), by_group);
	for (int whole = 0; whole < 2; whole++) {
		for (size_t g0 = 0, end; g0 < pl->n; g0 = end) {
			for (end = g0 + 1; end < pl->n && pl->m[end].key == pl->m[g0].key &&
					   (whole || pl->m[end].part == pl->m[g0].part); end++)
				;
			plan_range(pl, g0, end, whole ? MIN_USERS : MIN_PART_USERS, tus, dir);
		}
	}
}

/* build_in_child - the worker's side: build the PCH, write its report; never returns. */
static void build_in_child(const struct pch *p, const struct md_engine_cfg *cfg,
			   const char *dir)
{
	struct strv argv = group_argv(p->model, cfg->srcdir);
	struct md_tu header = {
		.file = p->header, .directory = p->model->directory,
		.argv = argv.v, .argc = (int)argv.n,
	};
	struct md_tu_result res;
	char *report = xasprintf("%s.report", p->path);

	if (header.directory && chdir(header.directory))
		_exit(2);
	if (md_engine_build_pch(&header, p->path, cfg, dir, &res))
		_exit(3);
	if (md_write_pch_report(report, &res, &header))
		_exit(4);
	_exit(0);
}

static int write_header(const struct pch *p)
{
	struct strv lines = STRV_INIT;
	size_t len = 0;
	char *text;
	int rc;

	for (size_t i = 0; i < p->headers.n; i++)
		strv_pushf(&lines, "#include <%s>\n", p->headers.v[i]);
	for (size_t i = 0; i < lines.n; i++)
		len += strlen(lines.v[i]);
	text = xcalloc(len + 1, 1);
	for (size_t i = 0; i < lines.n; i++)
		strcat(text, lines.v[i]);
	rc = md_write_text(p->header, text);
	free(text);
	strv_release(&lines);
	return rc;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A builder: its process, its PCH, when it started. */
struct builder {
	pid_t pid;
	size_t which;
	struct timespec start;
};

/*
 * reap - collect the builders that ended, and kill those past @timeout
 * seconds (0: none), as the scan's workers are: a stopped or hung build
 * costs its PCH (its TUs parse without), never the scan.  Returns how many
 * are still running.
 */
static int reap(struct plan *pl, struct builder *b, int jobs, int timeout)
{
	int running = 0, status;

	for (int i = 0; i < jobs; i++) {
		if (!b[i].pid)
			continue;
		if (waitpid(b[i].pid, &status, WNOHANG) == b[i].pid) {
			pl->p[b[i].which].ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
			b[i].pid = 0;
			continue;
		}
		if (timeout > 0 && seconds_since(&b[i].start) > timeout) {
			kill(b[i].pid, SIGKILL);
			waitpid(b[i].pid, &status, 0);
			b[i].pid = 0;
			continue;
		}
		running++;
	}
	return running;
}

/* build_all - build every PCH of @pl, @jobs at a time, each in a child. */
static int build_all(struct plan *pl, const struct md_engine_cfg *cfg, const char *dir, int jobs,
		     int timeout)
{
	struct builder *b = xcalloc((size_t)jobs, sizeof(*b));
	const struct timespec tick = { .tv_nsec = 5 * 1000 * 1000 };
	pid_t parent = getpid();
	size_t next = 0;
	int running = 0, rc = 0;

	while (next < pl->np || running) {
		for (int i = 0; i < jobs && next < pl->np; i++) {
			if (b[i].pid)
				continue;
			if (write_header(&pl->p[next])) {
				rc = -1;
				next = pl->np;
				break;
			}
			fflush(NULL);
			b[i].pid = fork();
			if (b[i].pid == 0) {
				md_die_with_parent(parent);
				build_in_child(&pl->p[next], cfg, dir);
			}
			if (b[i].pid < 0) {
				b[i].pid = 0;
				rc = md_error_errno("cannot start a worker");
				next = pl->np;
				break;
			}
			b[i].which = next++;
			clock_gettime(CLOCK_MONOTONIC, &b[i].start);
		}
		running = reap(pl, b, jobs, timeout);
		if (running)
			nanosleep(&tick, NULL);
	}
	free(b);
	return rc;
}

static void release_plan(struct plan *pl)
{
	for (size_t i = 0; i < pl->n; i++)
		strv_release(&pl->m[i].lead.headers);
	free(pl->m);
	for (size_t i = 0; i < pl->np; i++) {
		free(pl->p[i].header);
		free(pl->p[i].path);
		free(pl->p[i].users);
		strv_release(&pl->p[i].headers);
	}
	free(pl->p);
}

int md_pch_prepare(struct md_tu_list *tus, const struct md_engine_cfg *cfg, const char *dir,
		   int jobs, int timeout, FILE *log, struct md_pch_stats *stats)
{
	struct plan pl = { 0 };
	struct timespec t0, t1;
	int rc;

	memset(stats, 0, sizeof(*stats));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	make_plan(&pl, tus, cfg->srcdir, dir);
	rc = build_all(&pl, cfg, dir, jobs < 1 ? 1 : jobs, timeout);
	for (size_t i = 0; !rc && i < pl.np; i++) {
		struct pch *p = &pl.p[i];

		if (!p->ok) {
			stats->failed++;
			if (log)
				fprintf(log, "pch: %s (%zu header%s) did not build; its %zu TUs parse without\n",
					p->header, p->headers.n, p->headers.n == 1 ? "" : "s", p->nusers);
			continue;
		}
		stats->built++;
		for (size_t j = 0; j < p->nusers; j++) {
			free(tus->v[p->users[j]].pch);
			tus->v[p->users[j]].pch = xstrdup(p->path);
		}
		stats->users += p->nusers;
	}
	release_plan(&pl);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	stats->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}

char **md_pch_argv(const struct md_tu *tu, int *argc)
{
	struct strv out = STRV_INIT;
	size_t n;
	char **v;

	if (!tu->pch)
		BUG("md_pch_argv of a TU without a PCH");
	for (int i = 0; i < tu->argc; i++) {
		if (!strcmp(tu->argv[i], "-include") && i + 1 < tu->argc) {
			i++;
			continue;
		}
		strv_push(&out, tu->argv[i]);
	}
	strv_push(&out, "-include-pch");
	strv_push(&out, tu->pch);
	v = strv_detach(&out, &n);
	*argc = (int)n;
	return v;
}
