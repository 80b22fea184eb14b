// SPDX-License-Identifier: GPL-2.0
/*
 * scan-fallback.c - what the configuration does not compile, still
 * covered.  After the libclang workers, every .c and .h file of the scope
 * that no parsed TU read (a .c file no configuration here builds, a
 * header no built file includes, another architecture's code) and whose
 * text can hold a finding (the prefilter) goes through the coccinelle
 * engine, into the same scan: its findings say engine "coccinelle",
 * certainty "typed".
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../db/query.h"
#include "../kbuild/saved.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "scan-fallback.h"

/* Top-level directories of host programs and user space: no kernel object includes them. */
static const char *const not_kernel[] = { "tools", "scripts", "Documentation", "usr", NULL };

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int sorted_has(const struct strv *sorted, const char *s)
{
	return sorted->n && bsearch(&s, sorted->v, sorted->n, sizeof(*sorted->v), str_cmp);
}

void scan_fallback_built(struct scan_fallback *fb, const struct md_tu_list *tus)
{
	for (size_t i = 0; i < tus->n; i++) {
		const char *rel = md_path_under(fb->srcdir, tus->v[i].file);

		if (rel)
			strv_push(&fb->built, rel);
	}
	if (fb->built.n)
		qsort(fb->built.v, fb->built.n, sizeof(*fb->built.v), str_cmp);
}

/*
 * What the prefilter said of each file at the last walk, with the file's
 * size, mtime and inode then: a file that still stats the same is not
 * read again.  (A .c file that another includes is walked by itself too,
 * so the includer's answer going stale loses nothing.)
 */
struct seen {
	char *rel;
	long long size, mtime_ns, ino;
	int match;
};

/* The walk's state: nftw passes no data. */
static struct walk {
	struct scan_fallback *fb;
	const struct strv *read;
	struct strv out;
	long headers, c_files;
	struct seen *before, *now;
	size_t nbefore, nnow, now_cap;
} walk;

static int seen_cmp(const void *a, const void *b)
{
	return strcmp(((const struct seen *)a)->rel, ((const struct seen *)b)->rel);
}

static void load_seen(const char *cache)
{
	size_t len, cap = 0;
	char *text = cache ? md_read_text(cache, &len) : NULL, *line, *save = NULL;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct seen e;
		int at = 0;

		if (sscanf(line, "%d %lld %lld %lld %n", &e.match, &e.size, &e.mtime_ns, &e.ino, &at) < 4 ||
		    !at)
			continue;
		e.rel = xstrdup(line + at);
		ALLOC_GROW(walk.before, walk.nbefore + 1, cap);
		walk.before[walk.nbefore++] = e;
	}
	free(text);
	if (walk.nbefore)
		qsort(walk.before, walk.nbefore, sizeof(*walk.before), seen_cmp);
}

static void save_seen(const char *cache)
{
	char *tmp, *dir;
	FILE *f;

	if (!cache)
		return;
	dir = xstrdup(cache);
	*strrchr(dir, '/') = '\0';
	tmp = xasprintf("%s.%d", cache, (int)getpid());
	f = kb_mkdir_p(dir) ? NULL : fopen(tmp, "w");
	for (size_t i = 0; f && i < walk.nnow; i++)
		fprintf(f, "%d %lld %lld %lld %s\n", walk.now[i].match, walk.now[i].size,
			walk.now[i].mtime_ns, walk.now[i].ino, walk.now[i].rel);
	if (!f || fclose(f) || rename(tmp, cache))
		unlink(tmp);	/* no cache: the next walk reads every file again */
	free(tmp);
	free(dir);
}

static void release_seen(void)
{
	for (size_t i = 0; i < walk.nbefore; i++)
		free(walk.before[i].rel);
	for (size_t i = 0; i < walk.nnow; i++)
		free(walk.now[i].rel);
	free(walk.before);
	free(walk.now);
}

/* can_hold_finding - the prefilter's answer for @path, from the last walk when it stats the same. */
static int can_hold_finding(const char *path, const char *rel, const struct stat *st)
{
	struct seen key = { .rel = (char *)rel }, *was, e = {
		.size = st->st_size, .ino = (long long)st->st_ino,
		.mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec,
	};

	was = walk.nbefore ? bsearch(&key, walk.before, walk.nbefore, sizeof(key), seen_cmp) : NULL;
	if (was && was->size == e.size && was->mtime_ns == e.mtime_ns && was->ino == e.ino)
		e.match = was->match;
	else
		e.match = md_prefilter_match_file(walk.fb->pf, path) != 0;
	e.rel = xstrdup(rel);
	ALLOC_GROW(walk.now, walk.nnow + 1, walk.now_cap);
	walk.now[walk.nnow++] = e;
	return e.match;
}

static int is_not_kernel(const char *rel)
{
	for (size_t i = 0; not_kernel[i]; i++) {
		size_t n = strlen(not_kernel[i]);

		if (!strncmp(rel, not_kernel[i], n) && (!rel[n] || rel[n] == '/'))
			return 1;
	}
	return 0;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *rel = md_path_under(walk.fb->srcdir, path);
	int is_c = md_path_has_suffix(path, ".c");

	if (!rel)
		return FTW_CONTINUE;
	if (type == FTW_D)
		return path[ftw->base] == '.' || is_not_kernel(rel) ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
	if (type != FTW_F || (!is_c && !md_path_has_suffix(path, ".h")))
		return FTW_CONTINUE;
	if (sorted_has(walk.read, rel) || (is_c && sorted_has(&walk.fb->built, rel)))
		return FTW_CONTINUE;
	if (!can_hold_finding(path, rel, st))
		return FTW_CONTINUE;
	strv_push(&walk.out, rel);
	walk.c_files += is_c;
	walk.headers += !is_c;
	return FTW_CONTINUE;
}

/* uncovered - the files of the scope no TU read that can hold a finding, sorted. */
static void uncovered(struct scan_fallback *fb, const struct strv *read)
{
	walk = (struct walk){ .fb = fb, .read = read, .out = STRV_INIT };
	load_seen(fb->seen_cache);
	if (!fb->nscope)
		nftw(fb->srcdir, visit, 64, FTW_PHYS | FTW_ACTIONRETVAL);
	for (size_t i = 0; i < fb->nscope; i++) {
		char *path = md_path_join(fb->srcdir, fb->scope[i]);

		if (md_path_has_suffix(path, ".c")) {
			free(path);
			continue;	/* a file named in the scope is a TU, built or borrowed */
		}
		nftw(path, visit, 64, FTW_PHYS | FTW_ACTIONRETVAL);
		free(path);
	}
	if (walk.out.n)
		qsort(walk.out.v, walk.out.n, sizeof(*walk.out.v), str_cmp);
	save_seen(fb->seen_cache);
	release_seen();
}

/*
 * reuse_unchanged - with --incremental: copy the record and findings of
 * each file of @files whose contents hash as when the reuse scan ran
 * spatch on it (its findings depend on nothing else), keeping the others
 * in @files.  With --since, a file the reuse scan ran spatch on is
 * unchanged unless git says it changed, and is not read.  How many were
 * reused, or -1.
 */
/* unchanged - @path (at @abs) is as the reuse scan saw it: by git's word, or its hash @then. */
static int unchanged(const struct scan_options *so, const char *path, const char *abs,
		     const char *then, char *now)
{
	if (so->changed)
		return !so->changed(so->changed_data, path);
	return !md_file_hash(abs, now) && !strcmp(now, then);
}

static long reuse_unchanged(struct scan_fallback *fb, struct md_db *db, int64_t scan,
			    struct strv *files)
{
	struct strv rest = STRV_INIT;
	long reused = 0;
	int rc = md_db_begin(db);

	for (size_t i = 0; !rc && i < files->n; i++) {
		char *abs = md_path_join(fb->srcdir, files->v[i]), now[17], then[17];
		int known = md_query_file_hash(db, fb->so->reuse_from, files->v[i], then, sizeof(then));

		if (known < 0)
			rc = -1;
		else if (known && unchanged(fb->so, files->v[i], abs, then, now) &&
			 md_db_reuse_tu(db, scan, fb->so->reuse_from, files->v[i]) >= 0)
			reused++;
		else
			strv_push(&rest, files->v[i]);
		free(abs);
	}
	rc = rc ? (md_db_rollback(db), -1) : md_db_commit(db);
	strv_release(files);
	*files = rest;
	return rc ? -1 : reused;
}

/* run_uncovered - spatch over the files no parsed TU read; how many failed, or -1. */
static int run_uncovered(struct scan_fallback *fb, struct md_db *db, int64_t scan)
{
	struct strv read = STRV_INIT, failed = STRV_INIT;
	int rc = 0;

	if (md_query_scan_inputs(db, scan, &read))
		return -1;
	uncovered(fb, &read);
	strv_release(&read);
	if (!walk.out.n) {
		strv_release(&walk.out);
		return 0;
	}
	fprintf(stderr, "fallback: %ld .c files and %ld headers no parsed file read can hold a finding: %s\n",
		walk.c_files, walk.headers, fb->cocci);
	if (md_db_scan_add_tus(db, scan, (int)walk.c_files)) {
		strv_release(&walk.out);
		return -1;
	}
	if (fb->so->reuse_from) {
		long reused = reuse_unchanged(fb, db, scan, &walk.out);

		if (reused < 0)
			return -1;
		fprintf(stderr, "fallback: %ld unchanged files reused from scan %lld, %zu to spatch\n",
			reused, (long long)fb->so->reuse_from, walk.out.n);
		if (!walk.out.n) {
			strv_release(&walk.out);
			return 0;
		}
	}
	if (!md_program_found(fb->spatch)) {
		md_warning("fallback: %s not found (apt-get install coccinelle): %zu files not covered",
			   fb->spatch, walk.out.n);
		rc = (int)walk.out.n;
		strv_release(&walk.out);
		return rc;
	}
	rc = cocci_ingest(fb->so, db, scan, fb->srcdir, &walk.out, fb->cocci, &failed);
	strv_release(&walk.out);
	rc = rc ? -1 : (int)failed.n;
	strv_release(&failed);
	return rc;
}

/* The skipped lines of a scan, as md_query_skipped() gives them: by path and line. */
struct skipped_set {
	struct skipped_lines *v;
	size_t n, cap;
};

static void release_skipped(struct skipped_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->v[i].path);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

static int add_skipped(void *data, const char *path, unsigned int first, unsigned int last)
{
	struct skipped_set *set = data;

	ALLOC_GROW(set->v, set->n + 1, set->cap);
	set->v[set->n++] = (struct skipped_lines){ .path = xstrdup(path), .first = first,
						   .last = last };
	return 0;
}

/*
 * can_hold_finding_on - the lines @v[0..@n) of one file can hold a finding.
 * Only a census needs to ask: elsewhere the workers kept only such lines.
 */
static int can_hold_finding_on(struct scan_fallback *fb, const struct skipped_lines *v, size_t n)
{
	char *abs = md_path_join(fb->srcdir, v[0].path), *text, *lines = NULL;
	size_t size, len = 0;
	int match = 0;

	text = md_read_text(abs, &size);
	for (size_t i = 0; text && i < n; i++) {
		size_t k;
		const char *from = md_text_lines(text, size, v[i].first, v[i].last, &k);

		lines = xrealloc(lines, len + k + 1);
		memcpy(lines + len, from, k);
		len += k;
		lines[len++] = '\n';
	}
	if (lines)
		match = md_prefilter_match_text(fb->pf, lines, len);
	free(lines);
	free(text);
	free(abs);
	return match;
}

/*
 * reuse_skipped - with --incremental: @path was skipped on the same lines
 * in the scan reused from and reads as it did then, so what spatch found
 * on them then is copied (a census reads them again, to note them).  1
 * reused, 0 not, -1.
 */
static int reuse_skipped(struct scan_fallback *fb, struct md_db *db, int64_t scan,
			 const char *path)
{
	int same;

	if (!fb->so->reuse_from || fb->so->store_census)
		return 0;
	same = md_query_skipped_unchanged(db, scan, fb->so->reuse_from, path);
	if (same <= 0)
		return same;
	return md_db_reuse_skipped_findings(db, scan, fb->so->reuse_from, path) < 0 ? -1 : 1;
}

/*
 * pick_skipped - of the skipped lines @all (by path), those spatch is to
 * read into @files and @keep (all of them but the files reused, counted in
 * @reused, and in a census those that cannot hold a finding).  0, or -1.
 */
static int pick_skipped(struct scan_fallback *fb, struct md_db *db, int64_t scan,
			const struct skipped_set *all, struct strv *files, struct skipped_set *keep,
			size_t *reused)
{
	size_t i = 0;

	if (md_db_begin(db))
		return -1;
	while (i < all->n) {
		size_t from = i;
		int r;

		while (i < all->n && !strcmp(all->v[i].path, all->v[from].path))
			i++;
		r = reuse_skipped(fb, db, scan, all->v[from].path);
		if (r < 0) {
			md_db_rollback(db);
			return -1;
		}
		*reused += r > 0;
		if (r || (fb->so->store_census && !can_hold_finding_on(fb, &all->v[from], i - from)))
			continue;
		strv_push(files, all->v[from].path);
		for (size_t k = from; k < i; k++)
			add_skipped(keep, all->v[k].path, all->v[k].first, all->v[k].last);
	}
	return md_db_commit(db);
}

/*
 * run_disabled - spatch over the files parsed TUs read whose lines the
 * preprocessor skipped can hold a finding (the prefilter, on those lines
 * alone), keeping the findings on those lines: the other side of an
 * #ifdef, #if 0.  The skipped lines are those the scan stored for its TUs,
 * parsed or reused; a file skipped on the same lines in the scan reused
 * from, and unchanged since, keeps what spatch found there.  A file spatch
 * fails on stays as libclang saw it: warned about, not counted as failed.
 * 0, or -1.
 */
static int run_disabled(struct scan_fallback *fb, struct md_db *db, int64_t scan)
{
	struct scan_options *so = fb->so;
	struct strv files = STRV_INIT, failed = STRV_INIT;
	struct skipped_set all = { 0 }, keep = { 0 };
	size_t reused = 0;
	int rc = md_query_skipped(db, scan, add_skipped, &all) ? -1 :
		 pick_skipped(fb, db, scan, &all, &files, &keep, &reused);

	if (!rc && (files.n || reused))
		fprintf(stderr, "fallback: %zu parsed files have lines the preprocessor skipped "
			"that can hold a finding\n", files.n + reused);
	if (!rc && reused)
		fprintf(stderr, "fallback: %zu of them skipped as in scan %lld and reused, %zu to spatch\n",
			reused, (long long)so->reuse_from, files.n);
	if (!rc && files.n) {
		if (!md_program_found(fb->spatch))
			md_warning("fallback: %s not found: the skipped lines of %zu files not covered",
				   fb->spatch, files.n);
		else
			rc = cocci_ingest_lines(so, db, scan, fb->srcdir, &files, keep.v, keep.n,
						fb->cocci, &failed);
	}
	for (size_t i = 0; i < failed.n; i++)
		md_warning("%s: its skipped lines are not covered", failed.v[i]);
	release_skipped(&all);
	release_skipped(&keep);
	strv_release(&files);
	strv_release(&failed);
	return rc;
}

int scan_fallback_run(void *data, struct md_db *db, int64_t scan, struct md_render *render)
{
	struct scan_fallback *fb = data;
	struct md_filter coccinelle = { .engine = "coccinelle" };
	int rc = run_uncovered(fb, db, scan);

	if (rc >= 0 && run_disabled(fb, db, scan))
		rc = -1;
	if (rc >= 0 && !fb->so->quiet)
		md_query_findings(db, scan, &coccinelle, md_render_finding, render);
	return rc;
}

void scan_fallback_release(struct scan_fallback *fb)
{
	strv_release(&fb->built);
	free(fb->seen_cache);
	fb->seen_cache = NULL;
	md_prefilter_free(fb->pf);
	fb->pf = NULL;
}
