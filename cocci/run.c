// SPDX-License-Identifier: GPL-2.0
/*
 * run.c - run spatch over files of a kernel tree (cocci/run.h).
 *
 * One scheduler in the calling process keeps up to @jobs spatch processes
 * running: each file is copied to a scratch directory and the semantic
 * patches are applied to that copy one after the other (--in-place), so a
 * file's patches run in order while different files run in parallel.
 * Measured on 50 files of mm/ and fs/ with three semantic patches on two
 * cores, this is as fast as spatch's own --jobs over a directory, and it
 * keeps one file's failure or timeout from touching any other file.
 *
 * Types: by default spatch reads no headers (--no-includes) and knows the
 * types the file itself declares.  Measured on 50 files of mm/ and fs/
 * (three semantic patches, 2 jobs): --no-includes took 25 s and made 114
 * line rewrites in 27 files; the tree's headers for types only
 * (--all-includes --include-headers-for-types, -I of include/,
 * arch/x86/include, their uapi/ and generated/ directories, and the
 * original file's directory for its local includes) took 79 s and made
 * 115: one more, through a struct declared in a header
 * (fbatch.folios[i]->page in mm/gup.c).  A rule without its types does
 * not match, so the cheaper run misses a rewrite, never makes a wrong one;
 * MD_SPATCH_TYPES=headers in the environment selects the header run.
 * (--include-headers-for-types alone, without --all-includes, reads no
 * header at all: it is the same run as --no-includes.)
 *
 * spatch runs with its working directory in the scratch directory, never
 * in the tree: the tree's .cocciconfig (--use-gitgrep) is not read.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "internal.h"
#include "run.h"
#include "../lib/file.h"

extern char **environ;

/* A file being rewritten: its scratch copy and the next patch to apply. */
struct rewrite_job {
	const char *path;	/* relative to the tree */
	char *copy;		/* the scratch copy */
	char *log;		/* spatch's output */
	char *before;		/* the text as read from the tree */
	char *current;		/* the text before the running step */
	size_t step;		/* index of the semantic patch running or next */
	struct strv changed_by;
	char *error;
	pid_t pid;
	struct timespec started;
};

const char *md_spatch_program(const struct md_spatch_opts *o)
{
	const char *env = getenv("SPATCH");

	if (o->spatch)
		return o->spatch;
	return env && *env ? env : "spatch";
}

const char *md_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int is_ident_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* push_include - -I @tree/@dir when that directory exists. */
static void push_include(struct strv *argv, const char *tree, const char *dir)
{
	char *path = md_path_join(tree, dir);
	struct stat st;

	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		strv_push(argv, "-I");
		strv_push_owned(argv, path);
	} else {
		free(path);
	}
}

/* push_type_options - how spatch learns the types (see the top of the file). */
static void push_type_options(struct strv *argv, const char *tree, const char *file)
{
	static const char *const dirs[] = {
		"arch/x86/include", "arch/x86/include/generated", "include",
		"arch/x86/include/uapi", "arch/x86/include/generated/uapi", "include/uapi",
	};
	const char *types = getenv("MD_SPATCH_TYPES");
	char *local;

	if (!types || strcmp(types, "headers")) {
		strv_push(argv, "--no-includes");
		return;
	}
	strv_push(argv, "--all-includes");
	strv_push(argv, "--include-headers-for-types");
	strv_push(argv, "--relax-include-path");
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		push_include(argv, tree, dirs[i]);
	local = xstrdup(file);
	if (strrchr(local, '/'))
		*strrchr(local, '/') = '\0';
	else
		*local = '\0';
	push_include(argv, tree, *local ? local : ".");
	free(local);
}

/*
 * declares_virtual - @cocci declares "virtual @name" (spatch refuses a -D
 * of a virtual rule the semantic patch does not declare).
 */
static int declares_virtual(const char *cocci, const char *name)
{
	char *text = md_read_text(cocci, NULL), *line, *save = NULL;
	size_t len = strlen(name);
	int found = 0;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "virtual", 7) || !strchr(" \t", line[7]))
			continue;
		for (char *p = strstr(line, name); p && !found; p = strstr(p + 1, name))
			found = !is_ident_byte(p[-1]) && !is_ident_byte(p[len]);
	}
	free(text);
	return found;
}

/*
 * spatch_argv - the command line of one run of @cocci over @target in
 * @mode ("patch", "report"), for the tree file @file.
 */
void md_spatch_argv(struct strv *argv, const struct md_spatch_opts *o, const char *mode,
			const char *cocci, const char *tree, const char *file, const char *target)
{
	strv_push(argv, md_spatch_program(o));
	strv_push(argv, "--sp-file");
	strv_push(argv, cocci);
	strv_push(argv, "-D");
	strv_push(argv, mode);
	for (size_t i = 0; i < o->defines.n; i++) {
		if (!declares_virtual(cocci, o->defines.v[i]))
			continue;
		strv_push(argv, "-D");
		strv_push(argv, o->defines.v[i]);
	}
	push_type_options(argv, tree, file);
	strv_push(argv, "--very-quiet");
	if (!strcmp(mode, "patch"))
		strv_push(argv, "--in-place");
	else
		strv_push(argv, "--noif0-passing");	/* report #if 0 code too */
	strv_push(argv, target);
}

/*
 * spawn_spatch - start @argv in @dir with its output in @log (its errors
 * in @err, or in @log too when @err is NULL), in memdesc's own process
 * group, so an interrupt from the terminal stops spatch too (spatch runs
 * no children of its own without --jobs, so a timeout kills the one
 * process).  0, or an errno.
 */
static int spawn_spatch(pid_t *pid, char **argv, const char *dir, const char *log,
			const char *err)
{
	posix_spawn_file_actions_t fa;
	int r;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addchdir_np(&fa, dir);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (err)
		posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	else
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	r = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return r;
}

static double seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

/*
 * A pool of spatch processes: md_pool_wait() returns the index of a
 * finished run and how it ended; the caller starts the next.
 */
struct spatch_pool {
	pid_t *pid;
	struct timespec *started;
	int *timed_out;
	size_t n;
	int timeout;
};

/* pool_reap - wait for a run to end: its slot, its status in @status. */
static size_t pool_reap(struct spatch_pool *p, int *status, int *timed_out)
{
	const struct timespec tick = { 0, 20 * 1000 * 1000 };

	for (;;) {
		pid_t pid = waitpid(-1, status, WNOHANG);

		if (pid < 0 && errno != EINTR)
			BUG("waitpid: %s", strerror(errno));
		for (size_t i = 0; pid > 0 && i < p->n; i++) {
			if (p->pid[i] == pid) {
				p->pid[i] = 0;
				*timed_out = p->timed_out[i];
				return i;
			}
		}
		for (size_t i = 0; p->timeout && i < p->n; i++) {
			if (p->pid[i] > 0 && !p->timed_out[i] &&
			    seconds_since(&p->started[i]) > p->timeout) {
				p->timed_out[i] = 1;
				kill(p->pid[i], SIGKILL);
			}
		}
		if (pid <= 0)
			nanosleep(&tick, NULL);
	}
}

/* log_tail - the last lines of spatch's output @log, on one line: a new string. */
static char *log_tail(const char *log)
{
	char *text = md_read_text(log, NULL);
	size_t len;
	char *p, *start;

	if (!text)
		return xstrdup("no output");
	len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	start = text;
	for (int lines = 0; (p = strrchr(text, '\n')) && lines < 3; lines++) {
		start = p + 1;
		*p = lines < 2 ? '\x01' : '\0';
	}
	start = xstrdup(*start ? start : "no output");
	for (p = start; *p; p++)
		if (*p == '\x01')
			*p = ' ';
	free(text);
	return start;
}

/* no_rule_applies - spatch's exit 255 when no rule is enabled in this mode: not an error. */
static int no_rule_applies(const char *log)
{
	char *text = md_read_text(log, NULL);
	int yes = text && strstr(text, "No rules apply");

	free(text);
	return yes;
}

/* run_failed - why a run ended badly, or NULL when it did not: a new string. */
char *md_spatch_failed(int status, int timed_out, int timeout, const char *log)
{
	char *tail;

	if (timed_out)
		return xasprintf("spatch timed out after %d s", timeout);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return NULL;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 255 && no_rule_applies(log))
		return NULL;
	tail = log_tail(log);
	if (WIFSIGNALED(status)) {
		char *why = xasprintf("spatch killed by signal %d: %s", WTERMSIG(status), tail);

		free(tail);
		return why;
	}
	char *why = xasprintf("spatch exited with %d: %s", WEXITSTATUS(status), tail);
	free(tail);
	return why;
}

static int make_dirs(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST) {
			md_error_errno("%s: cannot create", p);
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* job_prepare - read the file and write its scratch copy; -1 records an error. */
static void job_prepare(struct rewrite_job *j, const char *tree, const char *scratch, size_t i)
{
	char *src = md_path_join(tree, j->path);
	char *dir = xasprintf("%s/%zu", scratch, i);

	j->copy = xasprintf("%s/%s", dir, j->path);
	j->log = xasprintf("%s/%zu.log", scratch, i);
	j->before = md_read_text(src, NULL);
	if (!j->before)
		j->error = xasprintf("cannot read: %s", strerror(errno));
	else if (make_dirs(j->copy) || md_write_text(j->copy, j->before))
		j->error = xasprintf("cannot write the scratch copy %s", j->copy);
	else
		j->current = xstrdup(j->before);
	free(dir);
	free(src);
}

/* job_start - start the next semantic patch on @j's copy; 0, or -1 if spatch cannot run. */
static int job_start(struct rewrite_job *j, const char *tree, const char *scratch,
		     const struct md_spatch_opts *o)
{
	struct strv argv = STRV_INIT;
	int r;

	md_spatch_argv(&argv, o, "patch", o->cocci[j->step], tree, j->path, j->copy);
	r = spawn_spatch(&j->pid, argv.v, scratch, j->log, NULL);
	strv_release(&argv);
	if (r) {
		errno = r;
		return md_error_errno("%s: cannot run", md_spatch_program(o));
	}
	clock_gettime(CLOCK_MONOTONIC, &j->started);
	return 0;
}

/* job_finish_step - note what the finished step did to the copy. */
static void job_finish_step(struct rewrite_job *j, const struct md_spatch_opts *o, int status,
			    int timed_out)
{
	char *why = md_spatch_failed(status, timed_out, o->timeout, j->log);
	char *now;

	if (why) {
		j->error = xasprintf("%s: %s", md_base_name(o->cocci[j->step]), why);
		free(why);
		return;
	}
	now = md_read_text(j->copy, NULL);
	if (!now) {
		j->error = xasprintf("%s: the scratch copy is gone", md_base_name(o->cocci[j->step]));
		return;
	}
	if (strcmp(now, j->current))
		strv_push(&j->changed_by, md_base_name(o->cocci[j->step]));
	free(j->current);
	j->current = now;
	j->step++;
}

static void kill_running(struct rewrite_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].pid > 0) {
			kill(jobs[i].pid, SIGKILL);
			waitpid(jobs[i].pid, NULL, 0);
			jobs[i].pid = 0;
		}
	}
}

/*
 * run_jobs - every step of every job, @o->jobs at a time.  Returns 0, or -1
 * when spatch cannot be started.
 */
static int run_jobs(struct rewrite_job *jobs, size_t n, const char *tree, const char *scratch,
		    const struct md_spatch_opts *o)
{
	size_t slots = o->jobs > 0 ? (size_t)o->jobs : 1, running = 0, next = 0;
	struct spatch_pool pool = { .n = slots, .timeout = o->timeout };
	size_t *job_of = xcalloc(slots, sizeof(*job_of));
	int rc = 0;

	pool.pid = xcalloc(slots, sizeof(*pool.pid));
	pool.started = xcalloc(slots, sizeof(*pool.started));
	pool.timed_out = xcalloc(slots, sizeof(*pool.timed_out));
	for (;;) {
		/* fill the free slots with the next file that has work */
		for (size_t s = 0; s < slots && !rc; s++) {
			if (pool.pid[s])
				continue;
			while (next < n && (jobs[next].error || !o->ncocci))
				next++;
			if (next == n)
				break;
			if (job_start(&jobs[next], tree, scratch, o)) {
				rc = -1;
				break;
			}
			pool.pid[s] = jobs[next].pid;
			pool.started[s] = jobs[next].started;
			pool.timed_out[s] = 0;
			job_of[s] = next++;
			running++;
		}
		if (!running || rc)
			break;

		int status, timed_out;
		size_t s = pool_reap(&pool, &status, &timed_out);
		struct rewrite_job *j = &jobs[job_of[s]];

		running--;
		j->pid = 0;
		job_finish_step(j, o, status, timed_out);
		if ((j->error || j->step >= o->ncocci) && o->done)
			o->done(o->done_data, j->path);
		/* the same file's next patch takes the slot at once */
		if (!j->error && j->step < o->ncocci) {
			if (job_start(j, tree, scratch, o)) {
				rc = -1;
				break;
			}
			pool.pid[s] = j->pid;
			pool.started[s] = j->started;
			pool.timed_out[s] = 0;
			running++;
		}
	}
	kill_running(jobs, n);
	free(pool.pid);
	free(pool.started);
	free(pool.timed_out);
	free(job_of);
	return rc;
}

static void job_release(struct rewrite_job *j)
{
	free(j->copy);
	free(j->log);
	free(j->before);
	free(j->current);
	free(j->error);
	strv_release(&j->changed_by);
}

/* collect - the jobs that changed or failed, as rewrites. */
static void collect(struct rewrite_job *jobs, size_t n, struct md_rewrite_set *out)
{
	size_t alloc = 0;

	for (size_t i = 0; i < n; i++) {
		struct rewrite_job *j = &jobs[i];
		struct md_file_rewrite *rw;

		if (!j->error && (!j->current || !strcmp(j->current, j->before)))
			continue;
		ALLOC_GROW(out->v, out->n + 1, alloc);
		rw = &out->v[out->n++];
		memset(rw, 0, sizeof(*rw));
		rw->path = xstrdup(j->path);
		rw->before = j->before ? j->before : xstrdup("");
		rw->after = j->error ? xstrdup(rw->before) : j->current;
		rw->cocci = j->changed_by;
		rw->error = j->error;
		if (j->error)
			free(j->current);
		j->before = j->current = j->error = NULL;
		j->changed_by = (struct strv)STRV_INIT;
	}
}

int md_spatch_rewrite(const char *tree, const char *const *files, size_t nfiles,
		      const struct md_spatch_opts *o, struct md_rewrite_set *out)
{
	struct rewrite_job *jobs;
	char *scratch;
	int rc;

	out->v = NULL;
	out->n = 0;
	scratch = md_scratch_dir("memdesc-spatch");
	if (!scratch)
		return -1;
	jobs = xcalloc(nfiles + 1, sizeof(*jobs));
	for (size_t i = 0; i < nfiles; i++) {
		jobs[i].path = files[i];
		job_prepare(&jobs[i], tree, scratch, i);
	}
	rc = run_jobs(jobs, nfiles, tree, scratch, o);
	if (!rc)
		collect(jobs, nfiles, out);
	for (size_t i = 0; i < nfiles; i++)
		job_release(&jobs[i]);
	free(jobs);
	md_remove_tree(scratch);
	free(scratch);
	return rc;
}

void md_rewrite_set_release(struct md_rewrite_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].path);
		free(set->v[i].before);
		free(set->v[i].after);
		free(set->v[i].error);
		strv_release(&set->v[i].cocci);
	}
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

int md_spatch_run_all(char ***argvs, const char *const *logs, const char *const *errs, size_t n,
		      const char *dir, const struct md_spatch_opts *o, int *status, int *timed_out)
{
	size_t slots = o->jobs > 0 ? (size_t)o->jobs : 1, running = 0, next = 0;
	struct spatch_pool pool = { .n = slots, .timeout = o->timeout };
	size_t *run_of = xcalloc(slots, sizeof(*run_of));
	int rc = 0;

	pool.pid = xcalloc(slots, sizeof(*pool.pid));
	pool.started = xcalloc(slots, sizeof(*pool.started));
	pool.timed_out = xcalloc(slots, sizeof(*pool.timed_out));
	for (;;) {
		for (size_t s = 0; s < slots && next < n && !rc; s++) {
			int r;

			if (pool.pid[s])
				continue;
			r = spawn_spatch(&pool.pid[s], argvs[next], dir, logs[next], errs[next]);
			if (r) {
				errno = r;
				rc = md_error_errno("%s: cannot run", md_spatch_program(o));
				pool.pid[s] = 0;
				break;
			}
			clock_gettime(CLOCK_MONOTONIC, &pool.started[s]);
			pool.timed_out[s] = 0;
			run_of[s] = next++;
			running++;
		}
		if (!running)
			break;
		int st, to;
		size_t s = pool_reap(&pool, &st, &to);

		status[run_of[s]] = st;
		timed_out[run_of[s]] = to;
		running--;
	}
	free(pool.pid);
	free(pool.started);
	free(pool.timed_out);
	free(run_of);
	return rc;
}
