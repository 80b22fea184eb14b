// SPDX-License-Identifier: GPL-2.0
/*
 * scan-prefilter.c - the prefilter step of a scan (scan-prefilter.h): the
 * macro closure of the tree's headers, learnt or read from its cache, and
 * the TUs it keeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../analyzer/prefilter.h"
#include "../kbuild/saved.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/path.h"
#include "../lib/xalloc.h"
#include "scan-prefilter.h"

/* can_hold_finding - md_tu_list_filter's test: the prefilter keeps @tu. */
static int can_hold_finding(const struct md_tu *tu, void *pf)
{
	return md_prefilter_match_file(pf, tu->file) != 0;
}

/* tu_arch - the architecture the TUs are compiled for: the <x> of their -I.../arch/<x>/include. */
static char *tu_arch(const struct md_tu_list *tus)
{
	for (int i = 0; tus->n && i < tus->v[0].argc; i++) {
		const char *a = strstr(tus->v[0].argv[i], "/arch/"), *end;

		if (a && (end = strchr(a + 6, '/')) && !strncmp(end, "/include", 8))
			return xstrndup(a + 6, (size_t)(end - a - 6));
	}
	return NULL;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

char *rules_salt(const struct md_rule *const *rules_in, size_t nrules)
{
	const char *ids[64];
	char *rules, *salt;

	for (size_t i = 0; i < nrules; i++)
		ids[i] = rules_in[i]->id;
	rules = join_words(ids, nrules);
	salt = xasprintf("%s %s", MEMDESC_VERSION, rules);
	free(rules);
	return salt;
}

/* closure_cache - the file caching the macro closure for these headers and rules. */
static char *closure_cache(const struct md_tree *tree, const struct md_tree_opts *opts,
			   const char *salt, const char *arch)
{
	const char *dirs[2] = { tree->srcdir, tree->builddir };
	size_t ndirs = strcmp(tree->builddir, tree->srcdir) &&
		       !md_path_under(tree->srcdir, tree->builddir) ? 2 : 1;
	char *cache = md_cache_dir(opts), *path;

	path = xasprintf("%s/prefilter/%016llx.macros", cache,
			 md_prefilter_headers_key(dirs, ndirs, arch, salt));
	free(cache);
	return path;
}

/* load_closure - the cached macro names into @pf: 1, or 0 when there is no cache. */
static int load_closure(struct md_prefilter *pf, const char *cache)
{
	size_t len;
	char *text = md_read_text(cache, &len), *line, *save = NULL;

	if (!text)
		return 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		md_prefilter_mark_macro(pf, line);
	md_prefilter_close(pf);
	free(text);
	return 1;
}

/* save_closure - @pf's macro names into @cache; a cache that cannot be written is only slower. */
static void save_closure(const struct md_prefilter *pf, const char *cache)
{
	struct strv names = STRV_INIT;
	char *dir = xstrdup(cache), *tmp = xasprintf("%s.%d", cache, (int)getpid());
	char *text;

	*strrchr(dir, '/') = '\0';
	md_prefilter_macro_names(pf, &names);
	strv_push(&names, "");
	text = join_words((const char *const *)names.v, names.n);
	for (char *p = text; *p; p++)
		*p = *p == ' ' ? '\n' : *p;
	if (kb_mkdir_p(dir) || md_write_text(tmp, text) || rename(tmp, cache))
		unlink(tmp);
	strv_release(&names);
	free(text);
	free(tmp);
	free(dir);
}

/* learn_closure - the macros of the tree's headers (those of @arch) and the generated ones. */
static long learn_closure(struct md_prefilter *pf, const struct md_tree *tree, const char *arch)
{
	long headers = md_prefilter_learn_tree(pf, tree->srcdir, arch);

	if (strcmp(tree->builddir, tree->srcdir) && !md_path_under(tree->srcdir, tree->builddir))
		headers += md_prefilter_learn_tree(pf, tree->builddir, arch);
	md_prefilter_close(pf);
	return headers;
}

void keep_candidates(const struct md_tree *tree, const struct md_tree_opts *opts,
		     const struct md_rule *const *rules, size_t nrules, struct md_tu_list *tus)
{
	struct md_prefilter *pf = md_prefilter_new(rules, nrules);
	char *arch = tu_arch(tus), *cache, *how, *salt;
	struct timespec t0;
	size_t before = tus->n, dropped;

	if (!pf) {
		md_warning("no prefilter: every file of the scope is parsed");
		free(arch);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	salt = rules_salt(rules, nrules);
	cache = closure_cache(tree, opts, salt, arch);
	free(salt);
	if (load_closure(pf, cache)) {
		how = xstrdup("cached");
	} else {
		long headers = learn_closure(pf, tree, arch);

		save_closure(pf, cache);
		how = xasprintf("of %ld %s headers", headers, arch ? arch : "");
	}
	dropped = md_tu_list_filter(tus, can_hold_finding, pf);
	fprintf(stderr, "prefilter: %zu of %zu files can hold a finding (%zu macros %s reach a token), %.1f s\n",
		before - dropped, before, md_prefilter_macros(pf), how, seconds_since(&t0));
	md_prefilter_free(pf);
	free(cache);
	free(how);
	free(arch);
}
