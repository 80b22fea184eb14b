// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-ops.c - libFuzzer target: random sequences of allocations, frees,
 * references, locks, flags, LRU and memcg operations, and deliberately wrong
 * page calls, checked against a layout-independent expectation after every step.
 *
 * Each input byte string is a program: one opcode byte, then argument bytes.
 * Built once per layout; the expectations are the same for both, except where
 * the memdesc layout must fire a runtime check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_mm.h"

#define NR_PAGES	(8UL << 10)
#define MAX_OBJS	48
#define FUZZ_FLAGS	(BIT(PG_dirty) | BIT(PG_uptodate) | BIT(PG_referenced) |	\
			 BIT(PG_active) | BIT(PG_workingset))

#define FUZZ_ASSERT(cond)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "invariant broken: %s at %s:%d (%s)\n",	\
				#cond, __FILE__, __LINE__, rt_check_last_report()); \
			abort();						\
		}								\
	} while (0)

/* What the model must say about one live allocation. */
struct obj {
	enum rt_owner owner;
	unsigned int order;
	bool compound;
	struct page *first;
	struct folio *folio;
	struct slab *slab;
	struct ptdesc *ptdesc;
	int refs;
	unsigned long flags;	/* FUZZ_FLAGS set on the folio */
	bool locked, on_lru, charged;
};

static struct obj objs[MAX_OBJS];
static int nr_objs;
static unsigned long pages_in_use;
static struct mem_cgroup memcg = { .name = "fuzz" };
static struct kmem_cache cache = { .name = "fuzz", .object_size = 64 };

struct input {
	const uint8_t *data;
	size_t size, pos;
};

static unsigned int next(struct input *in)
{
	return in->pos < in->size ? in->data[in->pos++] : 0;
}

static struct obj *pick(struct input *in)
{
	return nr_objs ? &objs[next(in) % nr_objs] : NULL;
}

static struct page *pick_page(struct input *in, struct obj *o)
{
	return o->first + (o->compound ? next(in) % (1U << o->order) : 0);
}

static void add(struct obj o)
{
	if (!o.first)
		return;
	objs[nr_objs++] = o;
	pages_in_use += 1UL << o.order;
}

static void op_alloc(struct input *in, unsigned int kind)
{
	unsigned int arg = next(in), order;
	struct obj o = { .refs = 1, .compound = true };

	if (nr_objs == MAX_OBJS)
		return;
	switch (kind) {
	case 0:
		o.owner = RT_OWNER_FOLIO;
		o.order = arg % 7;
		o.folio = folio_alloc_node((int)(arg >> 7), GFP_KERNEL, o.order);
		o.first = o.folio ? folio_page(o.folio, 0) : NULL;
		break;
	case 1:
		o.owner = RT_OWNER_SLAB;
		o.order = arg % 3;
		o.slab = slab_alloc(&cache, GFP_KERNEL, o.order);
		o.first = o.slab ? slab_page(o.slab) : NULL;
		break;
	case 2:
		o.owner = RT_OWNER_PTDESC;
		o.order = arg % 2;
		o.ptdesc = pagetable_alloc(GFP_KERNEL, o.order);
		o.first = o.ptdesc ? ptdesc_page(o.ptdesc) : NULL;
		break;
	default:
		order = arg % 4;
		o.owner = RT_OWNER_BARE;
		o.order = order;
		o.compound = (arg & 0x80) && order;
		o.first = alloc_pages(o.compound ? __GFP_COMP : GFP_KERNEL, order);
		break;
	}
	add(o);
}

static void op_free(struct obj *o)
{
	switch (o->owner) {
	case RT_OWNER_FOLIO:
		if (o->locked)
			folio_unlock(o->folio);
		while (o->refs-- > 1)
			folio_put(o->folio);
		folio_put(o->folio);
		break;
	case RT_OWNER_SLAB:
		slab_free(o->slab);
		break;
	case RT_OWNER_PTDESC:
		pagetable_free(o->ptdesc);
		break;
	default:
		while (o->refs-- > 1)
			put_page(o->first);
		__free_pages(o->first, o->order);
		break;
	}
	for (unsigned long i = 0; i < 1UL << o->order; i++)
		FUZZ_ASSERT(rt_page_owner(o->first + i) == RT_OWNER_FREE);
	pages_in_use -= 1UL << o->order;
	*o = objs[--nr_objs];
}

/* op_wrong_call - page calls that the memdesc layout must refuse, and only those. */
static void op_wrong_call(struct input *in, struct obj *o)
{
	struct page *page = pick_page(in, o), *head;
	bool owned = o->owner != RT_OWNER_BARE;

	rt_check_reset();
	head = compound_head(page);
	FUZZ_ASSERT(head == (o->compound ? o->first : page));
	FUZZ_ASSERT(rt_check_count(RT_CHECK_COMPOUND_HEAD) == (RT_MEMDESC && owned));
	rt_check_reset();
	if (o->owner == RT_OWNER_FOLIO) {
		FUZZ_ASSERT(PageDirty(page) == !!(o->flags & BIT(PG_dirty)));
		FUZZ_ASSERT(rt_check_count(RT_CHECK_FOLIO_FLAG_VIA_PAGE) == RT_MEMDESC);
		FUZZ_ASSERT(folio_test_dirty(page_folio(page)) == !!(o->flags & BIT(PG_dirty)));
	}
	rt_check_reset();
}

static void op_folio(struct input *in, struct obj *o, unsigned int what)
{
	struct page *page = pick_page(in, o);
	unsigned int bit = next(in) % 5;
	static const enum pageflags flags[] = { PG_dirty, PG_uptodate, PG_referenced,
						PG_active, PG_workingset };

	if (o->owner != RT_OWNER_FOLIO)
		return;
	switch (what) {
	case 0:
		get_page(page);
		o->refs++;
		break;
	case 1:
		if (o->refs > 1) {
			put_page(page);
			o->refs--;
		}
		break;
	case 2:
		if (o->flags & BIT(flags[bit]))
			o->folio->flags &= ~BIT(flags[bit]);
		else
			o->folio->flags |= BIT(flags[bit]);
		o->flags ^= BIT(flags[bit]);
		break;
	case 3:
		if (o->locked)
			unlock_page(page);
		else
			lock_page(page);
		o->locked = !o->locked;
		break;
	case 4:
		if (o->on_lru)
			FUZZ_ASSERT(folio_isolate_lru(o->folio));
		else
			folio_add_lru(o->folio);
		o->on_lru = !o->on_lru;
		break;
	default:
		if (!o->charged)
			FUZZ_ASSERT(folio_charge_memcg(o->folio, &memcg) == 0);
		o->charged = true;
		break;
	}
}

/* op_make_folio - a bare compound page becomes a folio. */
static void op_make_folio(struct obj *o)
{
	if (o->owner != RT_OWNER_BARE || (o->order && !o->compound) || o->refs != 1)
		return;
	o->folio = page_rmappable_folio(o->first);
	FUZZ_ASSERT(o->folio);
	o->owner = RT_OWNER_FOLIO;
	o->compound = true;
}

static void check_obj(const struct obj *o)
{
	unsigned long nr = 1UL << o->order;

	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = o->first + i;
		bool in_block = o->compound || i == 0;

		FUZZ_ASSERT(rt_page_owner(page) == o->owner);
		FUZZ_ASSERT(page_to_nid(page) == page_to_nid(o->first));
		if (in_block)
			FUZZ_ASSERT(PageTail(page) == (i != 0));
		if (o->owner == RT_OWNER_FOLIO) {
			FUZZ_ASSERT(page_folio(page) == o->folio);
		} else if (RT_MEMDESC) {
			FUZZ_ASSERT(page_folio(page) == NULL);
		}
	}
	if (o->owner == RT_OWNER_SLAB)
		FUZZ_ASSERT(page_slab(o->first + nr - 1) == o->slab);
	if (o->owner == RT_OWNER_PTDESC)
		FUZZ_ASSERT(page_ptdesc(o->first + nr - 1) == o->ptdesc);
	if (o->owner != RT_OWNER_FOLIO)
		return;
	FUZZ_ASSERT(folio_nr_pages(o->folio) == (long)nr);
	FUZZ_ASSERT(folio_ref_count(o->folio) == o->refs);
	FUZZ_ASSERT((o->folio->flags & FUZZ_FLAGS) == o->flags);
	FUZZ_ASSERT(folio_test_locked(o->folio) == o->locked);
	FUZZ_ASSERT(folio_test_lru(o->folio) == o->on_lru);
	FUZZ_ASSERT(folio_memcg(o->folio) == (o->charged ? &memcg : NULL));
	FUZZ_ASSERT(folio_nid(o->folio) == page_to_nid(o->first));
	FUZZ_ASSERT(folio_pfn(o->folio) % nr == 0);
}

static void check_all(void)
{
	long charged = 0;

	FUZZ_ASSERT(nr_free_pages() + pages_in_use == NR_PAGES);
	for (int i = 0; i < nr_objs; i++) {
		check_obj(&objs[i]);
		if (objs[i].charged)
			charged += 1L << objs[i].order;
	}
	FUZZ_ASSERT(memcg.nr_pages[MEMCG_FOLIO] == charged);
	FUZZ_ASSERT(rt_check_total() == 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (memmap_init(NR_PAGES, 2))
		abort();
	rt_check_set_mode(RT_CHECK_COUNT);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size, 0 };

	while (in.pos < in.size) {
		unsigned int op = next(&in) % 16;
		struct obj *o;

		if (op < 4) {
			op_alloc(&in, op);
		} else if ((o = pick(&in))) {
			if (op == 4)
				op_free(o);
			else if (op == 5)
				op_wrong_call(&in, o);
			else if (op == 6)
				op_make_folio(o);
			else
				op_folio(&in, o, op - 7);
		}
		check_all();
	}
	while (nr_objs)
		op_free(&objs[0]);
	FUZZ_ASSERT(nr_free_pages() == NR_PAGES);
	FUZZ_ASSERT(memcg.nr_pages[MEMCG_FOLIO] == 0);
	return 0;
}
