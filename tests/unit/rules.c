// SPDX-License-Identifier: GPL-2.0
/*
 * rules.c - what a rule declares is what it does: the rules look their
 * events up in their struct md_match table, so a field taken out of the
 * table is no longer found; the per-TU hooks run once around each TU;
 * md_rules_to_json() prints the declarations.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/engine.h"
#include "kbuild/kbuild.h"
#include "analyzer/rules.h"
#include "tests/tap.h"

#define FIXTURE "tests/fixtures/page-lru/positive-members.c"

/* run_on - the findings of @rules on @fixture; -1 when it cannot be scanned. */
static int run_on(const char *fixture, const struct md_rule *const *rules, size_t nrules,
		  struct md_tu_result *res)
{
	const char *const gcc[] = { "cc", "-Itests/fixtures/include", "-std=gnu11", fixture };
	char root[PATH_MAX], file[PATH_MAX];
	struct md_engine_cfg cfg = { .srcdir = root, .rules = rules, .nrules = nrules };
	struct md_tu tu = { .file = file };
	int rc;

	if (!realpath(".", root) || !realpath(fixture, file))
		return -1;
	tu.argv = md_clang_args(gcc, 4, fixture, &tu.argc);
	if (!tu.argv)
		return -1;
	rc = md_engine_run(&tu, &cfg, res);
	for (int i = 0; i < tu.argc; i++)
		free(tu.argv[i]);
	free(tu.argv);
	return rc || res->errors ? -1 : 0;
}

static int run(const struct md_rule *const *rules, size_t nrules, struct md_tu_result *res)
{
	return run_on(FIXTURE, rules, nrules, res);
}

/* count - the findings of @res whose message starts with @prefix. */
static size_t count(const struct md_tu_result *res, const char *prefix)
{
	size_t i, n = 0;

	for (i = 0; i < res->nfindings; i++)
		n += !strncmp(res->findings[i].message, prefix, strlen(prefix));
	return n;
}

/* without - a copy of @table without the FIELD @name, in @out (room for all). */
static void without(const struct md_match *table, const char *name, struct md_match *out)
{
	for (; table->kind != MD_MATCH_END; table++) {
		if (table->kind != MD_MATCH_FIELD || strcmp(table->name, name))
			*out++ = *table;
	}
	*out = *table;
}

static void test_declaration_drives_page_lru(void)
{
	const struct md_rule *lru = md_rule_find("page-lru");
	struct md_match table[32];
	struct md_rule edited;
	const struct md_rule *rules[1] = { &edited };
	struct md_tu_result before, after;
	size_t n = 0;

	while (lru->matches[n].kind != MD_MATCH_END)
		n++;
	if (!ok(n < 32, "page-lru declares %zu matches", n))
		return;
	if (!ok(!run(&lru, 1, &before), "page-lru scans " FIXTURE))
		return;
	ok(count(&before, "page->mlock_count") == 1 && count(&before, "page->__filler") == 1,
	   "as declared: page->mlock_count and page->__filler are found");
	edited = *lru;
	without(lru->matches, "mlock_count", table);
	edited.matches = table;
	if (ok(!run(rules, 1, &after), "page-lru without mlock_count scans " FIXTURE)) {
		ok(count(&after, "page->mlock_count") == 0,
		   "mlock_count taken out of the declaration: page->mlock_count is not found");
		ok(after.nfindings + 1 == before.nfindings &&
		   count(&after, "page->__filler") == 1 && count(&after, "page->lru") ==
		   count(&before, "page->lru"), "every other finding stays (%zu of %zu)",
		   after.nfindings, before.nfindings);
		md_tu_result_release(&after);
	}
	md_tu_result_release(&before);
}

/* A rule with a per-TU state: its callbacks see what tu_begin stored. */
struct hook_state {
	int begun, ended, events_with_state, events;
};

static struct hook_state hooks;

static void *hook_begin(struct md_visit *v, const struct md_rule *self)
{
	(void)v;
	(void)self;
	hooks.begun++;
	return &hooks;
}

static void hook_end(struct md_visit *v, const struct md_rule *self, void *state)
{
	(void)v;
	(void)self;
	hooks.ended += state == &hooks;
}

static void hook_member(struct md_visit *v, const struct md_rule *self, const struct md_member *m)
{
	(void)m;
	hooks.events++;
	hooks.events_with_state += md_rule_state(v, self) == &hooks;
}

static void test_tu_hooks(void)
{
	const struct md_rule hook_rule = {
		.id = "hooks", .summary = "test", .tu_begin = hook_begin, .tu_end = hook_end,
		.member = hook_member,
	};
	const struct md_rule *rules[1] = { &hook_rule };
	struct md_tu_result res;

	if (!ok(!run(rules, 1, &res), "a rule with TU hooks scans " FIXTURE))
		return;
	ok(hooks.begun == 1 && hooks.ended == 1, "tu_begin and tu_end run once each (%d, %d)",
	   hooks.begun, hooks.ended);
	ok(hooks.events > 0 && hooks.events_with_state == hooks.events,
	   "every event sees the state tu_begin stored (%d of %d)", hooks.events_with_state,
	   hooks.events);
	md_tu_result_release(&res);
}

/*
 * compound-head keeps its verdicts in per-TU state: two TUs in one process
 * give the same findings, and what tu_begin allocated tu_end frees (the
 * ASan build checks for leaks when this program exits; scan workers
 * _exit() without that check).
 */
static void test_compound_head_state(void)
{
	const char *fixture = "tests/fixtures/compound-head/positive-pageflag-accessors.c";
	const struct md_rule *head = md_rule_find("compound-head");
	struct md_tu_result a, b;

	if (!ok(head->tu_begin && head->tu_end, "compound-head has TU hooks"))
		return;
	if (!ok(!run_on(fixture, &head, 1, &a), "compound-head scans %s", fixture))
		return;
	if (ok(!run_on(fixture, &head, 1, &b), "and again, in the same process")) {
		ok(a.nfindings > 0 && a.nfindings == b.nfindings,
		   "the same findings both times (%zu, %zu)", a.nfindings, b.nfindings);
		md_tu_result_release(&b);
	}
	md_tu_result_release(&a);
}

/* has_string - the JSON array @a holds the string @s. */
static int has_string(json_t *a, const char *s)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e) {
		if (json_is_string(e) && !strcmp(json_string_value(e), s))
			return 1;
	}
	return 0;
}

static void test_json(void)
{
	json_t *all = md_rules_to_json(), *r, *lru = NULL;
	size_t i, nrules, gating = 0, exact = 0;
	const struct md_rule *const *rules = md_rules(&nrules);

	if (!ok(json_is_array(all) && json_array_size(all) == nrules,
		"md_rules_to_json: one object per rule (%zu)", nrules)) {
		json_decref(all);
		return;
	}
	json_array_foreach(all, i, r) {
		gating += json_is_true(json_object_get(r, "gates_ci"));
		exact += !strcmp(json_string_value(json_object_get(r, "certainty")), "exact");
		if (!strcmp(json_string_value(json_object_get(r, "id")), rules[i]->id) &&
		    !strcmp(rules[i]->id, "page-lru"))
			lru = r;
	}
	ok(gating == 5 && exact == nrules,
	   "the five first rules gate CI, the other %zu are advisory; every rule is exact",
	   nrules - 5);
	ok(lru && has_string(json_object_get(lru, "records"), "page") &&
	   json_array_size(json_object_get(lru, "fields")) == 3 &&
	   has_string(json_object_get(lru, "callees"), "page_is_pfmemalloc") &&
	   has_string(json_object_get(lru, "tokens"), "(?:->|\\.)\\s*(mlock_count)\\b"),
	   "page-lru: its record, fields, callees and a field's textual token");
	json_decref(all);
}

int main(void)
{
	test_declaration_drives_page_lru();
	test_tu_hooks();
	test_compound_head_state();
	test_json();
	return done_testing();
}
