// SPDX-License-Identifier: GPL-2.0
/*
 * rt-bench.c - the cost of the memdesc indirection: pfn -> page -> folio,
 * page_folio(), a folio flag test, folio_nr_pages() and page_to_nid() over a memmap of
 * millions of pages, sequential and random, plus the memory each layout spends
 * on descriptors.  A benchmark, not a test: it prints "key value" lines that
 * bench/report.awk turns into a table comparing the layouts.
 *
 * Usage: rt-bench [nr_pages]   (default 1048576 pages = 4 GiB of RAM)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rt_mm.h"

#define REPS		9
#define GIB_PAGES	((1UL << 30) / PAGE_SIZE)

/* The folio-size mix the memmap is filled with: share of pages per order. */
static const struct {
	unsigned int order;
	unsigned int percent;
} bench_mix[] = {
	{ 9, 20 },	/* 2 MiB THPs */
	{ 4, 15 },	/* 64 KiB mTHP / large page cache */
	{ 2, 15 },	/* 16 KiB */
	{ 0, 50 },	/* 4 KiB: the rest */
};

static unsigned long nr_pages;
static uint32_t *random_pfns;
static volatile unsigned long sink;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The four operations, each over a pfn; the result feeds an accumulator. */
static __always_inline unsigned long op_pfn_folio(unsigned long pfn)
{
	struct folio *folio = pfn_folio(pfn);

	return folio ? folio_pfn(folio) : 0;
}

static __always_inline unsigned long op_page_folio(unsigned long pfn)
{
	return (unsigned long)page_folio(pfn_to_page(pfn));
}

static __always_inline unsigned long op_test_dirty(unsigned long pfn)
{
	struct folio *folio = page_folio(pfn_to_page(pfn));

	return folio ? folio_test_dirty(folio) : 0;
}

static __always_inline unsigned long op_nr_pages(unsigned long pfn)
{
	struct folio *folio = page_folio(pfn_to_page(pfn));

	return folio ? (unsigned long)folio_nr_pages(folio) : 0;
}

/* page16 has no flags word: the node comes from a per-section table. */
static __always_inline unsigned long op_page_nid(unsigned long pfn)
{
	return (unsigned long)page_to_nid(pfn_to_page(pfn));
}

#define BENCH_OP(op)								\
	static double bench_##op(bool random)					\
	{									\
		double times[REPS];						\
		unsigned long acc = 0;						\
										\
		for (int r = 0; r < REPS; r++) {				\
			double start = now_ns();				\
										\
			if (random)						\
				for (unsigned long i = 0; i < nr_pages; i++)	\
					acc += op(random_pfns[i]);		\
			else							\
				for (unsigned long i = 0; i < nr_pages; i++)	\
					acc += op(i);				\
			times[r] = (now_ns() - start) / nr_pages;		\
		}								\
		sink = acc;							\
		qsort(times, REPS, sizeof(times[0]), cmp_double);		\
		return times[REPS / 2];						\
	}
BENCH_OP(op_pfn_folio)
BENCH_OP(op_page_folio)
BENCH_OP(op_test_dirty)
BENCH_OP(op_nr_pages)
BENCH_OP(op_page_nid)

/* fill - allocate folios by bench_mix until memory is full; returns folios made. */
static unsigned long fill(void)
{
	unsigned long folios = 0;

	for (size_t m = 0; m < ARRAY_SIZE(bench_mix); m++) {
		unsigned int order = bench_mix[m].order;
		unsigned long want = nr_pages * bench_mix[m].percent / 100 >> order;

		for (unsigned long i = 0; i < want || (order == 0 && nr_free_pages()); i++) {
			struct folio *folio = folio_alloc(GFP_KERNEL, order);

			if (!folio)
				break;
			if (folios % 3 == 0)
				folio_set_dirty(folio);
			folios++;
		}
	}
	return folios;
}

/* small_folio_bytes - an order-0 folio without the large-folio fields, 16-byte aligned. */
static size_t small_folio_bytes(void)
{
#if RT_MEMDESC
	return (offsetof(struct folio, _large_mapcount) + MEMDESC_ALIGN - 1) & ~(MEMDESC_ALIGN - 1);
#else
	return 0;
#endif
}

/*
 * print_mix - folios per GiB for a mix given as percent of memory per order, and
 * the bytes of separately allocated folios: all full-size, or with order-0
 * folios in a smaller descriptor.
 */
static void print_mix(const char *name, const unsigned int *percent_by_order)
{
	double folios = 0, small = (double)GIB_PAGES * percent_by_order[0] / 100;

	for (unsigned int order = 0; order <= RT_MAX_ORDER; order++)
		folios += (double)GIB_PAGES * percent_by_order[order] / 100 / (1UL << order);
	printf("mix %s folios_per_gib %.0f desc_bytes_per_gib %.0f split_bytes_per_gib %.0f\n",
	       name, folios, RT_MEMDESC ? folios * sizeof(struct folio) : 0.0,
	       RT_MEMDESC ? (folios - small) * sizeof(struct folio) + small * small_folio_bytes()
			  : 0.0);
}

static void print_memory(unsigned long folios)
{
	unsigned int all_small[RT_MAX_ORDER + 1] = { [0] = 100 };
	unsigned int all_thp[RT_MAX_ORDER + 1] = { [9] = 100 };
	unsigned int bench[RT_MAX_ORDER + 1] = { 0 };

	for (size_t m = 0; m < ARRAY_SIZE(bench_mix); m++)
		bench[bench_mix[m].order] = bench_mix[m].percent;
	printf("layout %s\n", RT_LAYOUT_NAME);
	printf("page_bytes %zu\n", sizeof(struct page));
	printf("folio_bytes %zu\n", RT_MEMDESC ? sizeof(struct folio) : (size_t)0);
	printf("small_folio_bytes %zu\n", small_folio_bytes());
	printf("memmap_bytes_per_gib %lu\n", GIB_PAGES * sizeof(struct page));
#if RT_PAGE16
	printf("ext_bytes_per_gib %lu\n", GIB_PAGES * sizeof(struct rt_page_ext) +
	       (GIB_PAGES >> RT_MAX_ORDER));
#else
	printf("ext_bytes_per_gib 0\n");
#endif
	printf("nr_pages %lu\n", nr_pages);
	printf("folios %lu\n", folios);
	printf("folio_desc_bytes %lu\n", RT_MEMDESC ? folios * sizeof(struct folio) : 0UL);
	print_mix("all-4k", all_small);
	print_mix("bench", bench);
	print_mix("all-2m", all_thp);
}

int main(int argc, char **argv)
{
	unsigned long long x = 0x2545f4914f6cdd1dULL;
	unsigned long folios;

	nr_pages = argc > 1 ? strtoul(argv[1], NULL, 0) : 1UL << 20;
	if (memmap_init(nr_pages, 2))
		return 1;
	random_pfns = malloc(nr_pages * sizeof(*random_pfns));
	if (!random_pfns)
		return 1;
	for (unsigned long i = 0; i < nr_pages; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		random_pfns[i] = x % nr_pages;
	}
	folios = fill();
	print_memory(folios);
	for (int random = 0; random <= 1; random++) {
		const char *pattern = random ? "random" : "sequential";

		printf("op pfn_to_folio %s %.3f\n", pattern, bench_op_pfn_folio(random));
		printf("op page_folio %s %.3f\n", pattern, bench_op_page_folio(random));
		printf("op folio_test_dirty %s %.3f\n", pattern, bench_op_test_dirty(random));
		printf("op folio_nr_pages %s %.3f\n", pattern, bench_op_nr_pages(random));
		printf("op page_to_nid %s %.3f\n", pattern, bench_op_page_nid(random));
	}
	fflush(stdout);
	free(random_pfns);
	/* the folios die with the process: freeing a million of them is not measured */
	return 0;
}
