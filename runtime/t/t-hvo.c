// SPDX-License-Identifier: GPL-2.0
/*
 * t-hvo.c - compound_info under the vmemmap optimisation: with a naturally
 * aligned memmap and a power-of-two struct page, the tail pages of one order are
 * identical, so one physical frame of them can back every folio's tail memmap
 * (memfd + mmap, as HVO remaps vmemmap) and compound_head() needs no fake-head
 * logic.  The old encoding, remapping onto the head's own frame, shows the
 * fake heads that logic existed for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rt_mm.h"
#include "../../tests/tap.h"

#define NR_PAGES	(16UL << 10)
#define FRAME		4096UL
#define PAGES_PER_FRAME	(FRAME / sizeof(struct page))
/* a folio whose memmap spans eight frames in either layout */
#define HVO_ORDER	(RT_MEMDESC ? 10 : 9)
#define FRAMES_PER_FOLIO ((sizeof(struct page) << HVO_ORDER) / FRAME)
#define NR_FOLIOS	10

static int memmap_fd, shared_fd;
static char *memmap_base;
static size_t memmap_bytes;
static struct folio *folios[NR_FOLIOS];
static unsigned long aliases;

/* memmap_frame - virtual address of memmap frame @i. */
static char *memmap_frame(unsigned long i)
{
	return memmap_base + i * FRAME;
}

static unsigned long folio_first_frame(const struct folio *folio)
{
	return folio_pfn(folio) / PAGES_PER_FRAME;
}

/* map_frame - make memmap frame @i show frame @off of @fd, read-only unless restoring. */
static bool map_frame(unsigned long i, int fd, off_t off, int prot)
{
	return mmap(memmap_frame(i), FRAME, prot, MAP_SHARED | MAP_FIXED, fd, off) !=
	       MAP_FAILED;
}

static bool restore_frames(void)
{
	bool ok = true;

	for (int f = 0; f < NR_FOLIOS; f++)
		for (unsigned long j = 1; j < FRAMES_PER_FOLIO; j++) {
			unsigned long i = folio_first_frame(folios[f]) + j;

			ok &= map_frame(i, memmap_fd, i * FRAME, PROT_READ | PROT_WRITE);
		}
	return ok;
}

/* A memmap in a memfd, at an address aligned to the largest folio's memmap. */
static int setup(void)
{
	size_t align = memmap_alignment();
	char *reserve;

	memmap_bytes = NR_PAGES * sizeof(struct page);
	memmap_fd = memfd_create("rt-memmap", 0);
	shared_fd = memfd_create("rt-shared-tails", 0);
	if (memmap_fd < 0 || shared_fd < 0 || ftruncate(memmap_fd, memmap_bytes) ||
	    ftruncate(shared_fd, FRAME))
		return -errno;
	reserve = mmap(NULL, memmap_bytes + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (reserve == MAP_FAILED)
		return -errno;
	memmap_base = (char *)(((unsigned long)reserve + align - 1) & ~(align - 1));
	if (mmap(memmap_base, memmap_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 memmap_fd, 0) == MAP_FAILED)
		return -errno;
	return 0;
}

static void t_misaligned(void)
{
	struct page *off = (struct page *)(memmap_base + sizeof(struct page));

	capture_stderr_begin();
	check_int(memmap_init_at(off, NR_PAGES - 1024, 1), ==, -EINVAL);
	check(strstr(capture_stderr_end(), "compound_info needs the memmap aligned") != NULL);
	check_int(memmap_init_at((struct page *)memmap_base, NR_PAGES, 1), ==, 0);
}

static void t_tail_frames_identical(void)
{
	const char *model;

	for (int f = 0; f < NR_FOLIOS; f++) {
		folios[f] = folio_alloc(GFP_KERNEL, HVO_ORDER);
		if (!check(folios[f]))
			return;
	}
	/* legacy: frames 1.. are pure tails, alike across folios; memdesc: within one */
	for (int f = 0; f < NR_FOLIOS; f++) {
		unsigned long first = folio_first_frame(folios[f]);

		model = memmap_frame(RT_MEMDESC ? first : folio_first_frame(folios[0]) + 1);
		for (unsigned long j = 1; j < FRAMES_PER_FOLIO; j++)
			check(!memcmp(memmap_frame(first + j), model, FRAME));
	}
#if RT_MEMDESC
	/* the memdesc word points at the folio: no sharing across folios */
	check(memcmp(memmap_frame(folio_first_frame(folios[0])),
		     memmap_frame(folio_first_frame(folios[1])), FRAME) != 0);
#endif
}

/* check_folios - every page of every folio finds its folio, no page looks like a head. */
static void check_folios(void)
{
	for (int f = 0; f < NR_FOLIOS; f++) {
		struct folio *folio = folios[f];
		unsigned long bad = 0;

		for (unsigned long i = 0; i < 1UL << HVO_ORDER; i++) {
			struct page *page = folio_page(folio, i);

			bad += page_folio(page) != folio;
			bad += PageHead(page) != (i == 0);
			bad += PageTail(page) != (i != 0);
			if (!RT_MEMDESC)
				bad += compound_head(page) != folio_page(folio, 0);
		}
		check_uint(bad, ==, 0);
		check_int(folio_nr_pages(folio), ==, 1L << HVO_ORDER);
	}
}

static void t_shared_tail_frame(void)
{
	char *probe;
	unsigned long seen = 0;

	/* legacy: one frame for all; memdesc: each folio's own first frame */
	aliases = 0;
	if (!RT_MEMDESC &&
	    pwrite(shared_fd, memmap_frame(folio_first_frame(folios[0]) + 1), FRAME, 0) != FRAME)
		return (void)check(false);
	for (int f = 0; f < NR_FOLIOS; f++) {
		unsigned long first = folio_first_frame(folios[f]);

		for (unsigned long j = 1; j < FRAMES_PER_FOLIO; j++) {
			bool ok = RT_MEMDESC ?
				  map_frame(first + j, memmap_fd, first * FRAME, PROT_READ) :
				  map_frame(first + j, shared_fd, 0, PROT_READ);

			aliases += check(ok);
		}
	}
	check_folios();
	if (!RT_MEMDESC) {
		/* the copies are one frame: a write through the memfd shows in all of them */
		probe = mmap(NULL, FRAME, PROT_READ | PROT_WRITE, MAP_SHARED, shared_fd, 0);
		if (!check(probe != MAP_FAILED))
			return;
		((struct page *)probe)[3].private = 0x5ca1ab1e;
		for (int f = 0; f < NR_FOLIOS; f++)
			for (unsigned long j = 1; j < FRAMES_PER_FOLIO; j++)
				seen += ((struct page *)memmap_frame(folio_first_frame(folios[f]) + j))[3]
						.private == 0x5ca1ab1e;
		((struct page *)probe)[3].private = 0;
		munmap(probe, FRAME);
		check_uint(seen, ==, aliases);
		check_uint(aliases, >=, 64);
	}
	note("%lu virtual copies of %s", aliases,
	     RT_MEMDESC ? "each folio's first frame" : "one tail-page frame");
	check(restore_frames());
}

static void t_head_frame_alias_makes_fake_heads(void)
{
	struct folio *folio = folios[0];
	unsigned long first = folio_first_frame(folio), fake = 0;

	/* old HVO: remap the tail frames onto the frame that holds the head */
	for (unsigned long j = 1; j < FRAMES_PER_FOLIO; j++)
		check(map_frame(first + j, memmap_fd, first * FRAME, PROT_READ));
	for (unsigned long i = PAGES_PER_FRAME; i < 1UL << HVO_ORDER; i += PAGES_PER_FRAME)
		fake += PageHead(folio_page(folio, i));
	if (RT_MEMDESC)
		check_uint(fake, ==, 0);	/* head-ness is a pfn compare, not a bit */
	else
		check_uint(fake, ==, FRAMES_PER_FOLIO - 1);	/* a fake head per alias */
	note("%lu fake heads after aliasing onto the head frame", fake);
	check(restore_frames());
	rt_check_reset();
}

static void t_release(void)
{
	for (int f = 0; f < NR_FOLIOS; f++)
		folio_put(folios[f]);
	check_uint(nr_free_pages(), ==, NR_PAGES);
	memmap_release();
	check(munmap(memmap_base, memmap_bytes) == 0);
}

int main(void)
{
	int ret = setup();

	if (ret) {
		printf("1..0 # SKIP memfd/mmap unavailable: %s\n", strerror(-ret));
		return 0;
	}
	rt_check_set_mode(RT_CHECK_COUNT);
	note("layout %s: order-%d folios, %zu-byte pages, %lu memmap frames per folio",
	     RT_LAYOUT_NAME, HVO_ORDER, sizeof(struct page), FRAMES_PER_FOLIO);
	TEST(t_misaligned(), "a misaligned memmap is refused, an aligned one taken");
	TEST(t_tail_frames_identical(), "tail memmap frames are byte-identical");
	TEST(t_shared_tail_frame(), "shared tail frames: every folio still finds its head");
	TEST(t_head_frame_alias_makes_fake_heads(), "aliasing onto the head frame: fake heads");
	TEST(t_release(), "frames restored, folios freed");
	close(memmap_fd);
	close(shared_fd);
	return done_testing();
}
