// SPDX-License-Identifier: GPL-2.0
/*
 * series.c - the patch series of a conversion: the unified diff (git apply
 * and patch accept it on many generated pairs and rebuild the new text),
 * the diffstat (equal to git's), the grouping by MAINTAINERS section, the
 * subjects and messages, and the mails (git am, and b4 am when it is
 * installed, apply the series in a clone and give the new texts back).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convert/internal.h"
#include "convert/series.h"
#include "lib/maintainers.h"
#include "lib/xalloc.h"
#include "tests/tap.h"

static char *scratch;

/* --- helpers --- */

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int rc;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	rc = system(cmd);
	free(cmd);
	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	struct mdbuf sb = MDBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)))
		mdbuf_add(&sb, buf, n);
	fclose(f);
	return mdbuf_detach(&sb);
}

static char *capture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *capture(const char *fmt, ...)
{
	struct mdbuf sb = MDBUF_INIT;
	char buf[4096], *cmd;
	va_list ap;
	size_t n;
	FILE *p;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return xstrdup("");
	while ((n = fread(buf, 1, sizeof(buf), p)))
		mdbuf_add(&sb, buf, n);
	pclose(p);
	return mdbuf_detach(&sb);
}

static void spew(const char *path, const char *text)
{
	FILE *f;

	sh("mkdir -p \"$(dirname '%s')\"", path);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

static int have(const char *tool)
{
	return sh("command -v %s >/dev/null 2>&1", tool) == 0;
}

/* --- generated before/after pairs --- */

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

/* Lines from a small vocabulary, so that the texts repeat themselves. */
static void add_line(struct mdbuf *sb)
{
	static const char *const words[] = {
		"}", "", "\treturn 0;", "\tfolio_lock(folio);", "\tunlock_page(&folio->page);",
		"static int f(struct folio *folio)", "{", "\tint err;",
	};

	if (rnd(3))
		mdbuf_addf(sb, "\tx = %u;\n", rnd(40));
	else
		mdbuf_addf(sb, "%s\n", words[rnd(8)]);
}

static char *gen_text(int lines, int final_newline)
{
	struct mdbuf sb = MDBUF_INIT;

	for (int i = 0; i < lines; i++)
		add_line(&sb);
	if (!final_newline && sb.len)
		sb.buf[--sb.len] = '\0';
	return mdbuf_detach(&sb);
}

/* @before with lines replaced, inserted and deleted (kind picks where). */
static char *mutate(const char *before, int kind)
{
	struct mdbuf sb = MDBUF_INIT;
	int nlines = 0, line = 0;

	for (const char *p = before; *p; p++)
		nlines += *p == '\n';
	nlines += *before && before[strlen(before) - 1] != '\n';
	if (kind == 7)		/* everything deleted: an empty file stays */
		return xstrdup("");
	if (kind == 0)		/* insertion at the start */
		add_line(&sb);
	for (const char *p = before; *p; line++) {
		size_t n = strcspn(p, "\n");
		int edit = kind == 2 ? (line % 7 == 3 || line % 7 == 4) /* adjacent hunks */
				     : kind == 3 ? 0 : rnd(9) == 0;

		if (!edit) {
			mdbuf_add(&sb, p, n + (p[n] == '\n'));
		} else if (rnd(3) == 0) {
			/* deleted */
		} else {
			add_line(&sb);
			if (rnd(2))
				add_line(&sb);
		}
		p += n + (p[n] == '\n');
	}
	if (kind == 1 || kind == 3)	/* insertion at the end */
		add_line(&sb);
	if (kind == 4 && sb.len && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = '\0';	/* the new text loses its final newline */
	if (kind == 5 && sb.len && sb.buf[sb.len - 1] != '\n')
		mdbuf_addch(&sb, '\n');	/* ... or gains one */
	(void)nlines;
	return mdbuf_detach(&sb);
}

/* Our diffstat at 72 columns equals git's (git diff --stat=72 in @dir, a repository). */
static void check_diffstat(const char *dir, const char *diff)
{
	char *git = capture("cd %s && git diff --stat=72", dir);
	struct mdbuf ours = MDBUF_INIT;

	md_diffstat(&ours, diff, 72);
	if (!check(!strcmp(ours.buf, git)))
		diag("ours:\n%s\ngit's:\n%s", ours.buf, git);
	mdbuf_release(&ours);
	free(git);
}

/* A repository in @dir holding @before at @path, committed. */
static void make_fixture_repo(const char *dir, const char *path, const char *before)
{
	char *file = xasprintf("%s/%s", dir, path);

	sh("rm -rf %s && git init -q %s", dir, dir);
	spew(file, before);
	sh("cd %s && git add -A && git commit -q -m base", dir);
	free(file);
}

/*
 * @diff turns @before into @after under git apply and under patch -p1,
 * and the diffstat of the result is git's.
 */
static void check_applies(const char *path, const char *before, const char *after,
			  const char *diff, int n)
{
	char *dir = xasprintf("%s/apply-%d", scratch, n), *patch = xasprintf("%s.diff", dir);
	char *file = xasprintf("%s/%s", dir, path), *got;

	make_fixture_repo(dir, path, before);
	spew(patch, diff);
	check_int(sh("cd %s && git apply --whitespace=nowarn --check %s", dir, patch), ==, 0);
	check_int(sh("cd %s && patch -p1 --dry-run -s -f < %s >/dev/null", dir, patch), ==, 0);
	check_int(sh("cd %s && patch -p1 -s -f --no-backup-if-mismatch < %s", dir, patch), ==, 0);
	got = slurp(file);
	check(got && !strcmp(got, after));
	free(got);
	check_int(sh("cd %s && git checkout -q -- . && git apply --whitespace=nowarn %s", dir, patch), ==, 0);
	got = slurp(file);
	check(got && !strcmp(got, after));
	free(got);
	check_diffstat(dir, diff);
	sh("rm -rf %s %s", dir, patch);
	free(patch);
	free(file);
	free(dir);
}

static void t_generated(int kind, int cases)
{
	static int n;

	for (int i = 0; i < cases; i++) {
		int lines = kind == 3 && i == 0 ? 0 : 1 + rnd(60);
		char *before = gen_text(lines, kind == 5 ? 0 : kind == 6 ? i % 2 : 1);
		char *after = mutate(before, kind);
		char *diff = md_unified_diff("fs/ext4/inode.c", before, after);

		check(diff != NULL);
		if (!diff)
			continue;
		if (!strcmp(before, after)) {
			check(!strcmp(diff, ""));
		} else {
			check(!strncmp(diff, "diff --git a/fs/ext4/inode.c b/fs/ext4/inode.c\n", 47));
			check_applies("fs/ext4/inode.c", before, after, diff, n);
		}
		n++;
		free(diff);
		free(before);
		free(after);
	}
}

static void t_diff_form(void)
{
	char *d = md_unified_diff("mm/x.c", "a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\ne\nf\ng\nH");

	check(d != NULL);
	like_str(d, "--- a/mm/x.c\n+++ b/mm/x.c\n@@ -5,4 +5,4 @@ d\n e\n f\n g\n-h\n+H\n"
		    "\\ No newline at end of file\n", "git's hunk header and no-newline marker");
	free(d);
	d = md_unified_diff("mm/x.c", "same\n", "same\n");
	is_str(d, "", "equal texts: no diff");
	free(d);
	d = md_unified_diff("mm/x.c", "", "new\n");
	like_str(d, "@@ -0,0 +1 @@\n+new\n", "from an empty file");
	free(d);
	capture_stderr_begin();
	d = md_unified_diff("../etc/passwd", "a\n", "b\n");
	like_str(capture_stderr_end(), "not a plain path", "a path outside the tree is refused");
	check(d == NULL);
}

static void t_diffstat_long_names(void)
{
	struct mdbuf diff = MDBUF_INIT;
	char *before = gen_text(200, 1), *dir = xasprintf("%s/long", scratch);

	sh("rm -rf %s && git init -q %s", dir, dir);
	for (int i = 0; i < 3; i++) {
		char *file = xasprintf("%s/drivers/gpu/drm/amd/display/dc/dml/dcn%d/"
				       "display_mode_vba_util_%d.c", dir, 30 + i, i);

		spew(file, before);
		free(file);
	}
	sh("cd %s && git add -A && git commit -q -m base", dir);
	for (int i = 0; i < 3; i++) {
		char *path = xasprintf("drivers/gpu/drm/amd/display/dc/dml/dcn%d/"
				       "display_mode_vba_util_%d.c", 30 + i, i);
		char *file = xasprintf("%s/%s", dir, path);
		char *after = mutate(before, i == 1 ? 6 : 0);
		char *d = md_unified_diff(path, before, after);

		spew(file, after);
		mdbuf_adds(&diff, d);
		free(d);
		free(after);
		free(file);
		free(path);
	}
	check_diffstat(dir, diff.buf);
	sh("rm -rf %s", dir);
	mdbuf_release(&diff);
	free(before);
	free(dir);
}

/* --- grouping --- */

static const char maintainers_text[] =
	"EXT4 FILE SYSTEM\n"
	"M:\t\"Theodore Ts'o\" <tytso@mit.edu>\n"
	"M:\tAndreas Dilger <adilger.kernel@dilger.ca>\n"
	"L:\tlinux-ext4@vger.kernel.org\n"
	"S:\tMaintained\n"
	"F:\tfs/ext4/\n"
	"\n"
	"FILESYSTEMS (VFS and infrastructure)\n"
	"M:\tAlexander Viro <viro@zeniv.linux.org.uk>\n"
	"L:\tlinux-fsdevel@vger.kernel.org\n"
	"F:\tfs/*\n"
	"\n"
	"HUGETLB SUBSYSTEM\n"
	"M:\tMuchun Song <muchun.song@linux.dev>\n"
	"R:\tOscar Salvador <osalvador@suse.de>\n"
	"L:\tlinux-mm@kvack.org\n"
	"F:\tmm/hugetlb.c\n"
	"\n"
	"MEMORY MANAGEMENT - CORE\n"
	"M:\tAndrew Morton <akpm@linux-foundation.org>\n"
	"R:\tJan K\xc3\xa1ra <jack@suse.cz>\n"
	"L:\tlinux-mm@kvack.org\n"
	"L:\talsa-devel@alsa-project.org (moderated for non-subscribers)\n"
	"F:\tinclude/linux/mm.h\n"
	"F:\tmm/\n"
	"X:\tmm/hugetlb.c\n";

static struct md_file_change change(const char *path, const char *before, const char *after,
			       const char *rule, const char *cocci, long resolved)
{
	struct md_file_change c = { .path = xstrdup(path), .before = xstrdup(before),
			       .after = xstrdup(after), .resolved = resolved };

	if (rule)
		strv_push(&c.rules, rule);
	if (cocci)
		strv_push(&c.cocci, cocci);
	return c;
}

static const struct md_patch *patch_of(const struct md_series *s, const char *section)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].section, section))
			return &s->v[i];
	return NULL;
}

static int has(const struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return 1;
	return 0;
}

static void t_grouping(void)
{
	struct md_maintainers *m = md_maintainers_parse(maintainers_text, strlen(maintainers_text),
							 "MAINTAINERS");
	char *cocci = xasprintf("%s/folio_page_api.cocci", scratch);
	struct md_file_change c[7];
	struct md_series_opts o = { .maintainers = m };
	struct md_series s;
	const struct md_patch *p;

	spew(cocci, "// SPDX-License-Identifier: GPL-2.0\n"
		    "/// lock_page(&F->page) is folio_lock(F) on the head page: the very same call,\n"
		    "/// so nothing changes.\n"
		    "///\n"
		    "/// Second paragraph of the description.\n"
		    "//# caveat lines stay out\n"
		    "// Confidence: High\n");
	c[0] = change("fs/ext4/inode.c", "a\n", "b\n", "bh-page", NULL, 2);
	c[1] = change("fs/ext4/page-io.c", "a\n", "b\n", "folio-page", NULL, 1);
	c[2] = change("mm/hugetlb.c", "a\n", "b\n", "folio-page", NULL, 3);
	c[3] = change("mm/filemap.c", "a\n", "b\n", "folio-page", cocci, 4);
	c[4] = change("fs/buffer.c", "a\n", "b\n", "bh-page", NULL, 1);
	c[5] = change("drivers/misc/x.c", "a\n", "b\n", NULL, "bh_b_folio.cocci", 1);
	c[6] = change("include/linux/mm.h", "a\n", "b\n", "folio-page", NULL, 1);
	check_int(md_series_build(c, 7, &o, &s), ==, 0);
	check_uint(s.n, ==, 5);
	/* ordered by section name */
	is_str(s.v[0].section, "EXT4 FILE SYSTEM", "first by name");
	is_str(s.v[1].section, "FILESYSTEMS (VFS and infrastructure)", "second");
	is_str(s.v[2].section, "HUGETLB SUBSYSTEM", "third");
	is_str(s.v[3].section, "MEMORY MANAGEMENT - CORE", "fourth");
	is_str(s.v[4].section, "THE REST", "unmatched files: the rest");

	p = patch_of(&s, "EXT4 FILE SYSTEM");
	check(p && p->nchanges == 2 && p->resolved == 3);
	is_str(p->prefix, "ext4", "fs/ext4 -> ext4");
	is_str(p->subject, "ext4: Convert &folio->page uses and bh->b_page uses to the folio API",
	       "families from the rules");
	check(!strcmp(p->changes[0].path, "fs/ext4/inode.c") &&
	      !strcmp(p->changes[1].path, "fs/ext4/page-io.c"));
	check(p->to.n == 2 && has(&p->to, "\"Theodore Ts'o\" <tytso@mit.edu>"));
	check(p->cc.n == 1 && has(&p->cc, "linux-ext4@vger.kernel.org"));
	like_str(p->diff, "diff --git a/fs/ext4/inode.c b/fs/ext4/inode.c\n", "inode.c diff");
	like_str(p->diff, "diff --git a/fs/ext4/page-io.c b/fs/ext4/page-io.c\n", "page-io.c diff");

	p = patch_of(&s, "HUGETLB SUBSYSTEM");
	check(p && p->nchanges == 1 && !strcmp(p->changes[0].path, "mm/hugetlb.c"));
	is_str(p->prefix, "mm/hugetlb", "one file in mm: mm/<file>");
	check(has(&p->cc, "Oscar Salvador <osalvador@suse.de>") && has(&p->cc, "linux-mm@kvack.org"));

	p = patch_of(&s, "MEMORY MANAGEMENT - CORE");
	check(p && p->nchanges == 2 && !strcmp(p->changes[0].path, "include/linux/mm.h") &&
	      !strcmp(p->changes[1].path, "mm/filemap.c"));
	is_str(p->prefix, "mm/filemap", "a header beside a .c file: from the .c file");
	check(has(&p->cc, "alsa-devel@alsa-project.org"));
	like_str(p->body, "lock_page(&F->page) is folio_lock(F) on the head page: the very same\ncall, so nothing changes.\n\n"
			  "Second paragraph of the description.\n", "/// lines, wrapped at 72");
	check(!strstr(p->body, "caveat"));
	like_str(p->body, "32 and\nthen 16 bytes", "the memdesc motivation");
	for (const char *l = p->body; *l; l = strchrnul(l, '\n'), l += !!*l)
		check_uint(strcspn(l, "\n"), <=, 72);

	p = patch_of(&s, "FILESYSTEMS (VFS and infrastructure)");
	is_str(p->prefix, "fs/buffer", "one file in fs");
	p = patch_of(&s, "THE REST");
	check(p && p->to.n == 0 && p->cc.n == 0);
	is_str(p->prefix, "misc", "drivers/misc -> misc");
	is_str(p->subject, "misc: Convert bh->b_page uses to the folio API",
	       "families from the semantic patch name without a rule");
	like_str(p->body, "no functional change", "generic text without a readable cocci file");
	like_str(p->body, "use bh->b_folio and the folio API", "the family's own words");
	md_series_release(&s);
	md_maintainers_free(m);
	free(cocci);
}

/* The message of a change made by one of cocci/'s semantic patches quotes its description. */
static void t_real_cocci(void)
{
	static const char cocci[] = "cocci/folio_page.cocci";
	struct md_file_change c = change("mm/filemap.c", "a\n", "b\n", NULL, cocci, 1);
	struct md_series_opts o = { 0 };
	struct md_series s;

	if (access(cocci, R_OK)) {
		skip("%s: not here (run from the top of the repository)", cocci);
		return;
	}
	check_int(md_series_build(&c, 1, &o, &s), ==, 0);
	is_str(s.v[0].subject, "mm/filemap: Convert &folio->page uses to the folio API",
	       "the family from the semantic patch's name");
	like_str(s.v[0].body, "Pass the folio, not its first page, to the page API:",
		 "its /// description");
	check(!strstr(s.v[0].body, "Confidence") && !strstr(s.v[0].body, "SPDX"));
	check(!strstr(s.v[0].body, "The code holds a folio")); /* not said twice */
	md_series_release(&s);
}

/* The sections and prefixes of the kernel's own MAINTAINERS, when the tree is here. */
static void t_kernel_maintainers(void)
{
	const char *cache = getenv("MEMDESC_CACHE");
	char *path = xasprintf("%s/src/linux-source-6.12/MAINTAINERS", cache ? cache : ".cache");
	static const char *const want[][3] = {
		{ "fs/ext4/inode.c", "EXT4 FILE SYSTEM", "ext4" },
		{ "mm/hugetlb.c", "HUGETLB SUBSYSTEM", "mm/hugetlb" },
		{ "mm/filemap.c", "PAGE CACHE", "mm/filemap" },
		{ "include/linux/pagemap.h", "PAGE CACHE", "mm/filemap" },
		{ "drivers/gpu/drm/i915/gem/i915_gem_shmem.c", NULL, "drm/i915/gem" },
		{ "fs/btrfs/extent_io.c", "BTRFS FILE SYSTEM", "btrfs" },
	};
	struct md_file_change c[6];
	struct md_series_opts o = { 0 };
	struct md_series s;
	struct md_maintainers *m;

	if (access(path, R_OK)) {
		skip("%s: no kernel tree here", path);
		free(path);
		return;
	}
	m = md_maintainers_load(path);
	o.maintainers = m;
	for (size_t i = 0; i < 6; i++)
		c[i] = change(want[i][0], "a\n", "b\n", "folio-page", NULL, 1);
	check_int(md_series_build(c, 6, &o, &s), ==, 0);
	for (size_t i = 0; i < 6; i++) {
		const struct md_patch *p = NULL;

		for (size_t k = 0; k < s.n; k++)
			for (size_t j = 0; j < s.v[k].nchanges; j++)
				if (!strcmp(s.v[k].changes[j].path, want[i][0]))
					p = &s.v[k];
		if (!check(p))
			continue;
		if (want[i][1])
			is_str(p->section, want[i][1], "%s: section", want[i][0]);
		is_str(p->prefix, want[i][2], "%s: prefix", want[i][0]);
		check_uint(p->to.n, >, 0);
	}
	md_series_release(&s);
	md_maintainers_free(m);
	free(path);
}

/* --- end to end: a git repository, the series, git am in a clone --- */

static const char *const files[][3] = {
	{ "fs/ext4/inode.c",
	  "#include <linux/pagemap.h>\n\nstatic void f(struct folio *folio)\n{\n"
	  "\tlock_page(&folio->page);\n\tunlock_page(&folio->page);\n}\n",
	  "#include <linux/pagemap.h>\n\nstatic void f(struct folio *folio)\n{\n"
	  "\tfolio_lock(folio);\n\tfolio_unlock(folio);\n}\n" },
	{ "fs/ext4/page-io.c", "int g(struct buffer_head *bh)\n{\n\treturn !!bh->b_page;\n}",
	  "int g(struct buffer_head *bh)\n{\n\treturn !!bh->b_folio;\n}" },
	{ "mm/filemap.c", "void h(struct folio *folio)\n{\n\tput_page(&folio->page);\n}\n",
	  "void h(struct folio *folio)\n{\n\tfolio_put(folio);\n}\n" },
	{ "drivers/misc/x.c", "", "/* new text in an empty file */\n" },
};
#define NFILES (sizeof(files) / sizeof(*files))

static char *make_repo(void)
{
	char *repo = xasprintf("%s/repo", scratch);

	sh("git init -q %s", repo);
	for (size_t i = 0; i < NFILES; i++) {
		char *file = xasprintf("%s/%s", repo, files[i][0]);

		spew(file, files[i][1]);
		free(file);
	}
	{
		char *file = xasprintf("%s/MAINTAINERS", repo);

		spew(file, maintainers_text);
		free(file);
	}
	sh("cd %s && git add -A && git commit -q -m 'Initial import'", repo);
	/* The history the prefixes are learned from. */
	sh("cd %s && for s in 'ext4: fix a leak' 'ext4: tidy' 'fs/ext4: odd one'; do "
	   "echo \"$s\" >> fs/ext4/inode.c && git commit -q -am \"$s\"; done", repo);
	sh("cd %s && for s in 'filemap: speed up' 'filemap: more' 'mm/filemap: tidy'; do "
	   "echo \"/* $s */\" >> mm/filemap.c && git commit -q -am \"$s\"; done", repo);
	return repo;
}

/* The texts the fixtures start from, as the repository holds them now. */
static void build_series(const char *repo, struct md_series *s, struct md_series_opts *o)
{
	struct md_file_change c[NFILES];

	for (size_t i = 0; i < NFILES; i++) {
		char *path = xasprintf("%s/%s", repo, files[i][0]);
		char *before = slurp(path), *after;
		size_t keep = strlen(files[i][1]);

		/* the after text keeps the lines the history appended */
		after = xasprintf("%s%s", files[i][2], before + keep);
		c[i] = change(files[i][0], before, after, i == 1 ? "bh-page" : "folio-page", NULL, 1);
		free(before);
		free(after);
		free(path);
	}
	check_int(md_series_build(c, NFILES, o, s), ==, 0);
}

static void check_tree(const char *clone, const struct md_series *s)
{
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->v[i].nchanges; k++) {
			char *got = xasprintf("%s/%s", clone, s->v[i].changes[k].path);
			char *text = slurp(got);

			if (!check(text && !strcmp(text, s->v[i].changes[k].after)))
				diag("%s differs", got);
			free(text);
			free(got);
		}
}

static void t_end_to_end(void)
{
	char *repo = make_repo(), *out = xasprintf("%s/out", scratch), *clone, *log, *mail;
	struct md_maintainers *m = md_maintainers_parse(maintainers_text, strlen(maintainers_text),
							 "MAINTAINERS");
	struct md_series_opts o = {
		.tree = repo, .maintainers = m, .signoff = 1,
		.author = "Ren\xc3\xa9 Dupont <rene@example.org>",
		.date = "Wed, 2 Dec 2026 19:00:00 +0000",
	};
	struct md_series s;

	build_series(repo, &s, &o);
	check_uint(s.n, ==, 3);
	is_str(patch_of(&s, "EXT4 FILE SYSTEM")->prefix, "ext4", "prefix learned from git log");
	is_str(patch_of(&s, "MEMORY MANAGEMENT - CORE")->prefix, "filemap",
	       "the most common prefix of the file's history");
	is_str(patch_of(&s, "THE REST")->prefix, "misc", "no history: from the path");
	check_int(md_series_write(&s, &o, out), ==, 0);

	log = capture("ls %s", out);
	is_str(log, "0000-cover-letter.patch\n"
		    "0001-ext4-Convert-folio-page-uses-and-bh-b_page-uses-to-t.patch\n"
		    "0002-filemap-Convert-folio-page-uses-to-the-folio-API.patch\n"
		    "0003-misc-Convert-folio-page-uses-to-the-folio-API.patch\n",
	       "file names as git format-patch spells them");
	free(log);

	mail = capture("cat %s/0001-*", out);
	like_str(mail, "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
		       "From: =?UTF-8?q?Ren=C3=A9_Dupont?= <rene@example.org>\n"
		       "Date: Wed, 2 Dec 2026 19:00:00 +0000\n"
		       "Subject: [PATCH 1/3] ext4: Convert &folio->page uses and bh->b_page uses to\n"
		       " the folio API\n"
		       "To: \"Theodore Ts'o\" <tytso@mit.edu>,\n"
		       "    Andreas Dilger <adilger.kernel@dilger.ca>\n"
		       "Cc: linux-ext4@vger.kernel.org\n", "the headers, folded");
	like_str(mail, "\nSigned-off-by: Ren\xc3\xa9 Dupont <rene@example.org>\n---\n"
		       " fs/ext4/inode.c   | 4 ++--\n fs/ext4/page-io.c | 2 +-\n"
		       " 2 files changed, 3 insertions(+), 3 deletions(-)\n\ndiff --git",
		 "trailer, diffstat");
	like_str(mail, "Content-Type: text/plain; charset=UTF-8\n", "8-bit body declared");
	like_str(mail, "\n-- \nmemdesc ", "signature");
	free(mail);
	mail = capture("cat %s/0000-*", out);
	like_str(mail, "Subject: [PATCH 0/3] Convert page uses to the folio API\n", "cover subject");
	like_str(mail, "3 patches, 4 files, 4 findings resolved:\n", "cover totals");
	like_str(mail, "  bh-page ", "per rule");
	like_str(mail, "Ren\xc3\xa9 Dupont (3):\n  ext4: Convert &folio->page uses and bh->b_page uses to the folio API\n"
		       "  filemap: ", "shortlog, wrapped");
	like_str(mail, "\n\n drivers/misc/x.c  | 1 +\n fs/ext4/inode.c   | 4 ++--\n"
		       " fs/ext4/page-io.c | 2 +-\n mm/filemap.c      | 2 +-\n"
		       " 4 files changed, 5 insertions(+), 4 deletions(-)\n", "total diffstat, by path");
	free(mail);

	/* git am, the cover letter skipped */
	clone = xasprintf("%s/clone", scratch);
	check_int(sh("git clone -q %s %s && cd %s && git am -q %s/000[1-9]-*.patch",
		     repo, clone, clone, out), ==, 0);
	check_tree(clone, &s);
	log = capture("cd %s && git log --format='%%an|%%s' -3 --reverse", clone);
	is_str(log, "Ren\xc3\xa9 Dupont|ext4: Convert &folio->page uses and bh->b_page uses to the folio API\n"
		    "Ren\xc3\xa9 Dupont|filemap: Convert &folio->page uses to the folio API\n"
		    "Ren\xc3\xa9 Dupont|misc: Convert &folio->page uses to the folio API\n",
	       "git am: authors and unfolded subjects");
	free(log);
	/* the stat and the diff are what git format-patch writes for the commit */
	{
		char *ours = capture("sed -n '/^---$/,/^-- $/p' %s/0001-*", out);
		char *git = capture("cd %s && git format-patch -1 --stdout HEAD~2 | "
				    "sed -n '/^---$/,/^-- $/p'", clone);

		is_str(ours, git, "diffstat and diff equal git format-patch's");
		free(ours);
		free(git);
	}
	log = capture("cd %s && git log -1 --format=%%B HEAD~2", clone);
	like_str(log, "\n\nSigned-off-by: Ren\xc3\xa9 Dupont <rene@example.org>\n", "sign-off kept");
	check(!strstr(log, "---"));
	free(log);

	md_series_release(&s);
	md_maintainers_free(m);
	free(clone);
	free(out);
	free(repo);
}

/*
 * b4 am over the thread as one mbox, then git am of what it writes.  b4
 * 0.12 (Debian 12) fails on any folded Subject: header, git format-patch's
 * own as well (it re-sets the header with the line break in it), so this
 * series is one whose subjects fit on one line.
 */
static void t_b4(void)
{
	char *repo = xasprintf("%s/repo", scratch), *out = xasprintf("%s/out-b4", scratch);
	char *clone = xasprintf("%s/clone-b4", scratch), *msgid;
	struct md_maintainers *m = md_maintainers_parse(maintainers_text, strlen(maintainers_text),
							 "MAINTAINERS");
	struct md_series_opts o = { .tree = repo, .maintainers = m, .signoff = 1,
				    .author = "Ren\xc3\xa9 Dupont <rene@example.org>" };
	struct md_file_change c[2];
	struct md_series s;

	if (!have("b4")) {
		skip("b4 is not installed");
		goto out;
	}
	for (size_t i = 0; i < 2; i++) {
		char *path = xasprintf("%s/%s", repo, files[i + 2][0]);
		char *before = slurp(path);
		char *after = xasprintf("%s%s", files[i + 2][2], before + strlen(files[i + 2][1]));

		c[i] = change(files[i + 2][0], before, after, "folio-page", NULL, 1);
		free(before);
		free(after);
		free(path);
	}
	check_int(md_series_build(c, 2, &o, &s), ==, 0);
	check_int(md_series_write(&s, &o, out), ==, 0);
	msgid = capture("sed -n 's/^Message-ID: <\\(.*\\)>$/\\1/p' %s/0000-*", out);
	msgid[strcspn(msgid, "\n")] = '\0';
	check_int(sh("cd %s && cat out-b4/*.patch > thread.mbox && mkdir -p b4 && "
		     "b4 -q am -C -m thread.mbox -o b4 '%s' >b4.log 2>&1", scratch, msgid), ==, 0);
	check_int(sh("git clone -q %s %s && cd %s && git am -q %s/b4/*.mbx",
		     repo, clone, clone, scratch), ==, 0);
	check_tree(clone, &s);
	/* no date given: now, in RFC 2822 form */
	check_int(sh("grep -Eq '^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [1-9][0-9]? [A-Z][a-z]{2} "
		     "[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}$' %s/0001-*", out), ==, 0);
	free(msgid);
	md_series_release(&s);
out:
	md_maintainers_free(m);
	free(clone);
	free(out);
	free(repo);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");

	if (!have("git"))
		return skip("git is not installed"), done_testing();
	scratch = xasprintf("%s/memdesc-series.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch))
		abort();
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	/* a configuration of our own: b4 stops without user.name */
	{
		char *config = xasprintf("%s/gitconfig", scratch);

		spew(config, "[user]\n\tname = Fixture User\n\temail = fixture@example.org\n");
		setenv("GIT_CONFIG_GLOBAL", config, 1);
		free(config);
	}
	setenv("GIT_AUTHOR_NAME", "Fixture Author", 1);
	setenv("GIT_AUTHOR_EMAIL", "fixture@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Fixture Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", "fixture@example.org", 1);

	TEST(t_diff_form(), "unified diff in git's form");
	if (have("patch")) {
		TEST(t_generated(0, 25), "generated pairs: insertions at the start");
		TEST(t_generated(1, 25), "generated pairs: insertions at the end");
		TEST(t_generated(2, 25), "generated pairs: adjacent hunks");
		TEST(t_generated(3, 10), "generated pairs: from an empty file, append only");
		TEST(t_generated(4, 25), "generated pairs: the new text loses its final newline");
		TEST(t_generated(5, 25), "generated pairs: the new text gains a final newline");
		TEST(t_generated(6, 25), "generated pairs: random edits, with and without newline");
		TEST(t_generated(7, 10), "generated pairs: the new text is empty");
	} else {
		skip("patch is not installed");
	}
	TEST(t_diffstat_long_names(), "diffstat with long names, as git shortens them");
	TEST(t_grouping(), "grouping by MAINTAINERS section, subjects, messages, recipients");
	TEST(t_real_cocci(), "a semantic patch of cocci/ describes its change");
	TEST(t_kernel_maintainers(), "the sections and prefixes of the 6.12 tree's MAINTAINERS");
	TEST(t_end_to_end(), "a written series: git am applies it in a clone, cover letter skipped");
	TEST(t_b4(), "b4 am takes the thread, and git am applies what it writes");
	if (!getenv("MD_KEEP_SCRATCH"))
		sh("rm -rf %s", scratch);
	free(scratch);
	return done_testing();
}
