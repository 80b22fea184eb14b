// SPDX-License-Identifier: GPL-2.0
/*
 * t-rewrites.c - differential test of every rewrite in rt_rewrites.def: the page
 * form and the folio form agree on random states in the legacy layout; in the
 * memdesc layout the folio form still works and the page form trips its check.
 *
 * "t-rewrites --list" prints the table as TSV for other tools ("-": no rule).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_mm.h"
#include "../../tests/tap.h"

#define NR_PAGES	(32UL << 10)
#define NR_STATES	256
#define RT_CHECK_NONE	RT_CHECK_NR
#define TEST_FLAGS	(BIT(PG_locked) | BIT(PG_writeback) | BIT(PG_referenced) |	\
			 BIT(PG_uptodate) | BIT(PG_dirty) | BIT(PG_lru) |		\
			 BIT(PG_active) | BIT(PG_swapbacked))

enum domain { ANY, FOLIO, HEAD };
enum blocker { NONE, RUNTIME, COMPILE };
static const char *const domain_names[] = { "any", "folio", "head" };
static const char *const blocker_names[] = { "none", "runtime", "compile" };

/* One generated state: a page, its owner, and the folio state forced on it. */
struct rt_state {
	struct page *page;
	struct folio *folio;	/* NULL when the owner is no folio (memdesc) */
	enum rt_owner owner;
	unsigned long pfn, head_pfn;
	unsigned int order;
	int nid;
	unsigned long flags;	/* TEST_FLAGS bits of the folio */
	int refs;
	struct address_space *mapping;
	unsigned long index;
};

/* rt_digest - the folio's flags and refcount after a statement, as the oracle sees them. */
static long rt_digest(const struct rt_state *S, unsigned long set, unsigned long clear, int refs)
{
	return (long)((((S->flags | set) & ~clear) & TEST_FLAGS) << 8) | (S->refs + refs);
}

static long obs_state(const struct folio *folio)
{
	return (long)((folio->flags & TEST_FLAGS) << 8) | folio_ref_count(folio);
}

static long obs_page(const struct page *page)
{
	return page ? (long)page_to_pfn(page) : -1L;
}

static long obs_folio(const struct folio *folio)
{
	return folio ? (long)folio_pfn(folio) : -1L;
}

#define obs_ptr(x) _Generic((x), struct page * : obs_page, struct folio * : obs_folio)(x)

typedef long (*rw_fn)(struct page *P, struct folio *F, struct buffer_head *BH,
		      struct list_head *L);

#define RW_OBS_VALUE(e)	return (long)(e)
#define RW_OBS_PTR(e)	return obs_ptr(e)
#define RW_OBS_STATE(e)	e; return obs_state(F)
#define RW_OBS_LIST(e)	e; return L->next == &F->lru ? (long)folio_pfn(F) : -1L

#define RW_FN(fname, observe, expr)						\
	static long fname(struct page *P, struct folio *F, struct buffer_head *BH, \
			  struct list_head *L)					\
	{									\
		(void)P; (void)F; (void)BH; (void)L;				\
		RW_OBS_##observe(expr);						\
	}

/* A before form that does not compile in the memdesc layout is left out of it. */
#define RW_BEFORE_NONE(name, observe, expr)	RW_FN(before_##name, observe, expr)
#define RW_BEFORE_RUNTIME(name, observe, expr)	RW_FN(before_##name, observe, expr)
#if RT_MEMDESC
#define RW_BEFORE_COMPILE(name, observe, expr)
#define RW_BEFORE_PTR_COMPILE(name)		NULL
#else
#define RW_BEFORE_COMPILE(name, observe, expr)	RW_FN(before_##name, observe, expr)
#define RW_BEFORE_PTR_COMPILE(name)		before_##name
#endif
#define RW_BEFORE_PTR_NONE(name)		before_##name
#define RW_BEFORE_PTR_RUNTIME(name)		before_##name

#define RT_REWRITE(name, rule, domain, blocker, check, observe, set, clear, before, after, \
		   oracle, family, mode, guard)					\
	RW_BEFORE_##blocker(name, observe, before)				\
	RW_FN(after_##name, observe, after)					\
	static long oracle_##name(const struct rt_state *S)			\
	{									\
		(void)S;							\
		return (long)(oracle);						\
	}
#include "rt_rewrites.def"
#undef RT_REWRITE

struct rewrite {
	const char *name, *rule, *before_text, *after_text;
	enum domain domain;
	enum blocker blocker;
	enum rt_check check;
	unsigned long set, clear;
	rw_fn before, after;
	long (*oracle)(const struct rt_state *S);
};

static const struct rewrite rewrites[] = {
#define RT_REWRITE(nm, rl, dom, blk, chk, observe, st, clr, bef, aft, orc, ...)	\
	{ .name = #nm, .rule = rl, .before_text = #bef, .after_text = #aft,	\
	  .domain = dom, .blocker = blk, .check = RT_CHECK_##chk, .set = st,	\
	  .clear = clr, .before = RW_BEFORE_PTR_##blk(nm), .after = after_##nm,	\
	  .oracle = oracle_##nm },
#include "rt_rewrites.def"
#undef RT_REWRITE
};

/* ---- the pool of owners states are drawn from ------------------------------------ */

struct owner {
	enum rt_owner owner;
	unsigned int order;
	struct page *first;
	unsigned long nr;	/* pages that share this owner's identity */
};

static struct owner pool[64];
static int pool_size, pool_folios;	/* folios first, then the rest */
static struct address_space mappings[4];
static struct kmem_cache cache = { .name = "t-rewrites", .object_size = 256 };
static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned long rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned long)rng_state;
}

static void pool_add(enum rt_owner owner, unsigned int order, struct page *first,
		     unsigned long nr)
{
	pool[pool_size++] = (struct owner){ owner, order, first, nr };
}

static void pool_build(void)
{
	struct page *page;

	for (unsigned int order = 0; order <= RT_MAX_ORDER; order++)
		for (int n = 0; n < 2; n++)
			pool_add(RT_OWNER_FOLIO, order,
				 folio_page(folio_alloc_node(n, GFP_KERNEL, order), 0), 1UL << order);
	pool_folios = pool_size;
	for (unsigned int order = 0; order <= 2; order++)
		pool_add(RT_OWNER_SLAB, order, slab_page(slab_alloc(&cache, GFP_KERNEL, order)),
			 1UL << order);
	for (unsigned int order = 0; order <= 1; order++)
		pool_add(RT_OWNER_PTDESC, order, ptdesc_page(pagetable_alloc(GFP_KERNEL, order)),
			 1UL << order);
	pool_add(RT_OWNER_BARE, 0, alloc_pages(GFP_KERNEL, 0), 1);
	pool_add(RT_OWNER_BARE, 3, alloc_pages(__GFP_COMP, 3), 8);
	page = alloc_pages(GFP_KERNEL, 2);	/* four independent pages */
	for (int i = 0; i < 4; i++)
		pool_add(RT_OWNER_BARE, 0, page + i, 1);
}

static void pool_release(void)
{
	for (int i = 0; i < pool_size; i++) {
		struct owner *o = &pool[i];

		switch (o->owner) {
		case RT_OWNER_FOLIO:	/* forced state only: on no list, unlocked */
			page_folio(o->first)->flags &= ~TEST_FLAGS;
			atomic_set(&page_folio(o->first)->_refcount, 1);
			folio_put(page_folio(o->first));
			break;
		case RT_OWNER_SLAB:
			slab_free(page_slab(o->first));
			break;
		case RT_OWNER_PTDESC:
			pagetable_free(page_ptdesc(o->first));
			break;
		default:
			break;
		}
	}
	__free_pages(pool[pool_size - 6].first, 0);
	__free_pages(pool[pool_size - 5].first, 3);
	__free_pages(pool[pool_size - 4].first, 2);
	pool_size = 0;
}

/* state_generate - a random page of the domain, with random folio state. */
static void state_generate(struct rt_state *S, enum domain domain)
{
	int n = domain == ANY ? pool_size : pool_folios;
	const struct owner *o = &pool[rng() % n];
	unsigned long idx = 0;

	if (domain != HEAD && rng() % 3)
		idx = rng() % o->nr;
	memset(S, 0, sizeof(*S));
	S->page = o->first + idx;
	S->owner = o->owner;
	S->order = o->order;
	S->pfn = page_to_pfn(S->page);
	S->head_pfn = page_to_pfn(o->first);
	S->nid = page_to_nid(S->page);
	S->folio = page_folio(S->page);
	if (o->owner != RT_OWNER_FOLIO)
		return;
	S->flags = rng() & TEST_FLAGS;
	S->refs = 2 + rng() % 3;
	S->mapping = &mappings[rng() % ARRAY_SIZE(mappings)];
	S->index = rng() % 100000;
}

/* state_apply - force @S (with the pair's preconditions) onto the folio before a run. */
static void state_apply(struct rt_state *S, const struct rewrite *rw)
{
	struct folio *folio = S->folio;

	rt_check_reset();
	if (S->owner != RT_OWNER_FOLIO)
		return;
	S->flags = (S->flags | rw->set) & ~rw->clear;
	folio->flags = (folio->flags & ~TEST_FLAGS) | S->flags;
	atomic_set(&folio->_refcount, S->refs);
	folio->mapping = S->mapping;
	folio->index = S->index;
}

static long run(rw_fn fn, struct rt_state *S, const struct rewrite *rw)
{
	struct buffer_head bh = { .b_folio = S->folio, .b_size = PAGE_SIZE };
	struct list_head list;

	INIT_LIST_HEAD(&list);
	state_apply(S, rw);
	return fn(S->page, S->folio, &bh, &list);
}

static bool fires_on(const struct rt_state *S)
{
	return S->owner == RT_OWNER_FOLIO || S->owner == RT_OWNER_SLAB ||
	       S->owner == RT_OWNER_PTDESC;
}

static void report_state(const struct rewrite *rw, const struct rt_state *S, const char *what,
			 long got, long want)
{
	diag("%s: %s on pfn %#lx (%s order %u, head %#lx): got %ld, want %ld; %s", rw->name,
	     what, S->pfn, rt_owner_name(S->owner), S->order, S->head_pfn, got, want,
	     rt_check_last_report());
}

/* One state in the legacy layout: both forms agree with each other and the oracle. */
static bool legacy_state(const struct rewrite *rw, struct rt_state *S)
{
	long before = run(rw->before, S, rw), after;
	unsigned long fired = rt_check_total();

	after = run(rw->after, S, rw);
	fired += rt_check_total();
	if (before != after || after != rw->oracle(S) || fired) {
		report_state(rw, S, "before/after", before, after);
		return false;
	}
	return true;
}

/* One state in the memdesc layout: the folio form works, the page form trips. */
static bool memdesc_state(const struct rewrite *rw, struct rt_state *S)
{
	long after = run(rw->after, S, rw), before;

	if (rt_check_total() || after != rw->oracle(S)) {
		report_state(rw, S, "after form", after, rw->oracle(S));
		return false;
	}
	if (rw->blocker == COMPILE)
		return true;
	before = run(rw->before, S, rw);
	if (rw->blocker == RUNTIME && fires_on(S)) {
		if (rt_check_count(rw->check) == 0 || rt_check_count(rw->check) != rt_check_total()) {
			report_state(rw, S, "page form did not trip", before, after);
			return false;
		}
		return true;
	}
	if (rt_check_total() || (rw->blocker == NONE && before != after)) {
		report_state(rw, S, "page form", before, after);
		return false;
	}
	return true;
}

static void t_rewrite(const struct rewrite *rw)
{
	unsigned long states = 0, ok = 0, tails = 0, tripped = 0;
	struct rt_state S;

	for (int i = 0; i < NR_STATES; i++) {
		state_generate(&S, rw->domain);
		states++;
		tails += S.pfn != S.head_pfn;
		if (RT_MEMDESC ? memdesc_state(rw, &S) : legacy_state(rw, &S))
			ok++;
		else if (states - ok > 3)
			break;	/* enough examples */
		tripped += RT_MEMDESC && rw->blocker == RUNTIME && fires_on(&S);
	}
	check_uint(ok, ==, states);
	check_uint(states, ==, NR_STATES);
	if (rw->domain != HEAD)
		check_uint(tails, >, 0);	/* the states did include tail pages */
	if (RT_MEMDESC && rw->blocker == RUNTIME)
		check_uint(tripped, >, 0);
	rt_check_reset();
}

static void list_table(void)
{
	printf("name\trule\tdomain\tblocker\tcheck\tbefore\tafter\n");
	for (size_t i = 0; i < ARRAY_SIZE(rewrites); i++) {
		const struct rewrite *rw = &rewrites[i];

		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", rw->name, *rw->rule ? rw->rule : "-",
		       domain_names[rw->domain], blocker_names[rw->blocker],
		       rw->check < RT_CHECK_NR ? rt_check_name(rw->check) : "-",
		       rw->before_text, rw->after_text);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--list")) {
		list_table();
		return 0;
	}
	if (getenv("RT_SEED"))
		rng_state = strtoull(getenv("RT_SEED"), NULL, 0) | 1;
	if (memmap_init(NR_PAGES, 2))
		return 1;
	rt_check_set_mode(RT_CHECK_COUNT);
	note("layout %s, seed %#llx, %d states per pair", RT_LAYOUT_NAME, rng_state,
	     NR_STATES);
	pool_build();
	for (size_t i = 0; i < ARRAY_SIZE(rewrites); i++) {
		const struct rewrite *rw = &rewrites[i];
		const char *what = !RT_MEMDESC ? "page and folio forms agree" :
				   rw->blocker == RUNTIME ? "folio form works, page form trips" :
				   rw->blocker == COMPILE ? "folio form works (page form: compile blocker)" :
				   "both forms work";

		TEST(t_rewrite(rw), "%s [%s]: %s: %s -> %s", rw->name,
		     *rw->rule ? rw->rule : "no rule", what, rw->before_text, rw->after_text);
	}
	pool_release();
	check_uint(nr_free_pages(), ==, NR_PAGES);
	memmap_release();
	return done_testing();
}
