// SPDX-License-Identifier: GPL-2.0
/*
 * t-checks.c - each runtime check fires on a deliberately wrong call, names the
 * pfn, owner and call site, and stays quiet on the converted form.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt_mm.h"
#include "../../tests/tap.h"

#define NR_PAGES	(16UL << 10)

static struct kmem_cache cache = { .name = "t-checks", .object_size = 128 };

/* fired - did exactly @check fire (once or more) since the last reset, and nothing else? */
static bool fired(enum rt_check check)
{
	bool ok = rt_check_count(check) > 0 && rt_check_count(check) == rt_check_total();

	if (!ok)
		diag("expected %s, counts: %s=%lu total=%lu, last: %s", rt_check_name(check),
		     rt_check_name(check), rt_check_count(check), rt_check_total(),
		     rt_check_last_report());
	rt_check_reset();
	return ok;
}

static bool quiet(void)
{
	bool ok = rt_check_total() == 0;

	if (!ok)
		diag("unexpected report: %s", rt_check_last_report());
	rt_check_reset();
	return ok;
}

/* check_report - the last report names the check, the pfn, the owner and this file. */
static void check_report(const char *check, unsigned long pfn, const char *owner)
{
	const char *report = rt_check_last_report();
	char hex[32];

	snprintf(hex, sizeof(hex), "pfn %#lx", pfn);
	check(strstr(report, check) != NULL);
	check(strstr(report, hex) != NULL);
	check(strstr(report, owner) != NULL);
	check(strstr(report, "t-checks.c:") != NULL);
}

static void t_compound_head(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 3);
	struct slab *slab = slab_alloc(&cache, GFP_KERNEL, 1);
	struct page *bare = alloc_pages(__GFP_COMP, 2);
	struct page *tail = folio_page(folio, 6), *head;

	head = compound_head(tail);			/* the page form */
	check_ptr(head, ==, folio_page(folio, 0));	/* the best answer either way */
	if (RT_MEMDESC) {
		check_report("compound_head", page_to_pfn(tail), "folio");
		check(fired(RT_CHECK_COMPOUND_HEAD));
		compound_head(slab_page(slab) + 1);
		check_report("compound_head", page_to_pfn(slab_page(slab)) + 1, "slab");
		check(fired(RT_CHECK_COMPOUND_HEAD));
	} else {
		check(quiet());			/* legal in today's layout */
	}
	check_ptr(page_folio(tail), ==, folio);		/* the converted form */
	check_ptr(compound_head(bare + 3), ==, bare);	/* bare pages keep compound_head() */
	check(quiet());
	folio_put(folio);
	slab_free(slab);
	__free_pages(bare, 2);
}

static void t_page_folio_null(void)
{
	struct slab *slab = slab_alloc(&cache, GFP_KERNEL, 0);
	struct ptdesc *pt = pagetable_alloc(GFP_KERNEL, 0);
	struct page *bare = alloc_pages(__GFP_COMP, 1);
	struct folio *folio = folio_alloc(GFP_KERNEL, 1);

	if (!RT_MEMDESC) {
		check_ptr(page_folio(slab_page(slab)), ==, slab_page(slab));
		skip("page_folio() never returns NULL in the legacy layout");
	} else {
		check_ptr(page_folio(slab_page(slab)), ==, NULL);
		check_ptr(page_folio(ptdesc_page(pt)), ==, NULL);
		check_ptr(page_folio(bare + 1), ==, NULL);
		check_ptr(page_folio(pfn_to_page(max_pfn - 1)), ==, NULL);	/* free */
		check_ptr(page_folio(folio_page(folio, 1)), ==, folio);
	}
	check(quiet());
	slab_free(slab);
	pagetable_free(pt);
	__free_pages(bare, 1);
	folio_put(folio);
}

static void t_folio_flag_via_page(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 2);
	struct page *tail = folio_page(folio, 1);

	folio_set_dirty(folio);
	check(PageDirty(tail));				/* same answer in both layouts */
	if (RT_MEMDESC) {
		check_report("folio_flag_via_page", page_to_pfn(tail), "folio");
		check(strstr(rt_check_last_report(), "dirty") != NULL);
		check(fired(RT_CHECK_FOLIO_FLAG_VIA_PAGE));
		SetPageLRU(folio_page(folio, 0));
		check(fired(RT_CHECK_FOLIO_FLAG_VIA_PAGE));
		folio_clear_lru(folio);
	} else {
		check(quiet());
	}
	check(folio_test_dirty(page_folio(tail)));	/* the converted form */
	check(!PageHWPoison(tail));			/* page-level flags stay */
	check(quiet());
	folio_put(folio);
}

static void t_page_tail_out_of_line(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 5);
	struct ptdesc *pt = pagetable_alloc(GFP_KERNEL, 2);
	struct page *bare = alloc_pages(__GFP_COMP, 3);

	for (int i = 0; i < 32; i++)
		check_int(PageTail(folio_page(folio, i)), ==, i != 0);
	for (int i = 0; i < 4; i++)
		check_int(PageTail(ptdesc_page(pt) + i), ==, i != 0);
	for (int i = 0; i < 8; i++)
		check_int(PageTail(bare + i), ==, i != 0);
	check(!PageTail(pfn_to_page(max_pfn - 1)));
#if RT_MEMDESC
	/* nothing in the page says "tail": the answer is a pfn compare */
	check_ptr(folio_page(folio, 7)->memdesc, ==, folio_page(folio, 0)->memdesc);
#endif
	check(quiet());
	folio_put(folio);
	pagetable_free(pt);
	__free_pages(bare, 3);
}

static void t_tail_flag_modify(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 2);
	struct page *tail = folio_page(folio, 2);

	SetPageUptodate(tail);		/* PF_NO_TAIL: modifying through a tail */
	check(fired(RT_MEMDESC ? RT_CHECK_FOLIO_FLAG_VIA_PAGE : RT_CHECK_TAIL_FLAG_MODIFY));
	folio_set_uptodate(folio);	/* the converted form */
	check(folio_test_uptodate(folio));
	check(quiet());
	folio_put(folio);
}

static void t_compound_flag(void)
{
	struct page *bare = alloc_pages(__GFP_COMP, 1), *single = alloc_pages(GFP_KERNEL, 0);

	SetPageReserved(bare + 1);
	check(fired(RT_CHECK_COMPOUND_FLAG));
	ClearPageReserved(bare + 1);
	rt_check_reset();
	SetPageReserved(single);
	check(PageReserved(single));
	ClearPageReserved(single);
	check(quiet());
	__free_pages(bare, 1);
	__free_pages(single, 0);
}

static void t_no_folio(void)
{
	struct slab *slab = slab_alloc(&cache, GFP_KERNEL, 0);
	struct page *page = slab_page(slab);

	lock_page(page);
	if (RT_MEMDESC) {
		check_report("no_folio", page_to_pfn(page), "slab");
		check(fired(RT_CHECK_NO_FOLIO));
	} else {
		check(quiet());		/* today it locks the slab page */
		unlock_page(page);
	}
	check(quiet());
	slab_free(slab);
}

static void t_ref_not_folio(void)
{
	struct ptdesc *pt = pagetable_alloc(GFP_KERNEL, 0);
	struct folio *folio = folio_alloc(GFP_KERNEL, 0);

	get_page(ptdesc_page(pt));
	if (RT_MEMDESC) {
		check(fired(RT_CHECK_REF_NOT_FOLIO));
	} else {
		check(quiet());
		put_page(ptdesc_page(pt));
	}
	get_page(folio_page(folio, 0));		/* folios keep their refcount */
	check_int(folio_ref_count(folio), ==, 2);
	folio_put(folio);
	check(quiet());
	pagetable_free(pt);
	folio_put(folio);
}

static void t_bad_free_and_deadlock(void)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 1);

	__free_pages(folio_page(folio, 0), 1);	/* a folio is freed by folio_put() */
	check_report("bad_free", folio_pfn(folio), "folio");
	check(fired(RT_CHECK_BAD_FREE));
	folio_lock(folio);
	folio_lock(folio);
	check(fired(RT_CHECK_DEADLOCK));
	folio_unlock(folio);
	check(quiet());
	folio_put(folio);
}

/* aborts_with - run @fn in abort mode in a child: did it abort, saying @needle? */
static bool aborts_with(void (*fn)(void), const char *needle)
{
	int pipefd[2], status;
	char buf[1024] = "";
	ssize_t len;
	pid_t pid;

	if (pipe(pipefd))
		return false;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 2);
		rt_check_set_mode(RT_CHECK_ABORT);
		fn();
		_exit(0);
	}
	close(pipefd[1]);
	len = read(pipefd[0], buf, sizeof(buf) - 1);
	buf[len > 0 ? len : 0] = '\0';
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT) {
		diag("child did not abort (status %#x)", status);
		return false;
	}
	if (!strstr(buf, needle)) {
		diag("child said: %s", buf);
		return false;
	}
	return true;
}

static void wrong_compound_head(void)
{
	compound_head(folio_page(folio_alloc(GFP_KERNEL, 2), 1));
}

static void double_lock(void)
{
	struct page *page = folio_page(folio_alloc(GFP_KERNEL, 0), 0);

	lock_page(page);
	lock_page(page);
}

static void t_abort_mode(void)
{
	check(aborts_with(double_lock, "BUG: deadlock: pfn"));
	if (RT_MEMDESC)
		check(aborts_with(wrong_compound_head, "BUG: compound_head: pfn"));
}

int main(void)
{
	if (memmap_init(NR_PAGES, 1))
		return 1;
	rt_check_set_mode(RT_CHECK_COUNT);
	note("layout %s", RT_LAYOUT_NAME);
	TEST(t_compound_head(), "compound_head() on a folio or slab page is a BUG in memdesc");
	TEST(t_page_folio_null(), "page_folio() of a page outside a folio is NULL");
	TEST(t_folio_flag_via_page(), "a folio-only flag read through the page is caught");
	TEST(t_page_tail_out_of_line(), "PageTail() out of line: pfn against the owner");
	TEST(t_tail_flag_modify(), "modifying a PF_NO_TAIL flag through a tail is caught");
	TEST(t_compound_flag(), "PF_NO_COMPOUND flags refuse compound pages");
	TEST(t_no_folio(), "lock_page() on a slab page has no folio in memdesc");
	TEST(t_ref_not_folio(), "get_page() on a page table has no refcount in memdesc");
	TEST(t_bad_free_and_deadlock(), "freeing a folio as pages, locking twice");
	TEST(t_abort_mode(), "outside test mode a check reports and aborts");
	memmap_release();
	return done_testing();
}
