/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt_check.h - runtime checks of the memdesc model: a BUG report, then abort or count.
 *
 * A check fires where code uses struct page in a way the memdesc layout cannot
 * support (compound_head() on a folio, a folio-only flag read through a page,
 * ...).  The report names the check, the pfn, the owner type and the call site:
 *
 *	BUG: compound_head: pfn 0x1200 owned by folio at t/t-checks.c:42 (test_x)
 *
 * In the default mode the process then aborts, as BUG() would.  Tests switch to
 * RT_CHECK_COUNT, where each firing is counted per check and the last report is
 * kept, and the model carries on with the best answer it has.
 */
#ifndef RT_CHECK_H
#define RT_CHECK_H

#include <stdbool.h>

/* Every check, with the name used in reports and in the fuzz/test output. */
#define RT_CHECKS(X)								\
	X(COMPOUND_HEAD, "compound_head")	/* compound_head() on folio/slab/ptdesc page */ \
	X(FOLIO_FLAG_VIA_PAGE, "folio_flag_via_page") /* folio-only flag through struct page */ \
	X(TAIL_FLAG_MODIFY, "tail_flag_modify")	/* PF_NO_TAIL flag set on a tail page */ \
	X(COMPOUND_FLAG, "compound_flag")	/* PF_NO_COMPOUND flag used on a compound page */ \
	X(NO_FOLIO, "no_folio")			/* folio operation on a page that has no folio */ \
	X(REF_NOT_FOLIO, "ref_not_folio")	/* get_page()/put_page() on slab or ptdesc page */ \
	X(FOLIO_FIELD, "folio_field")		/* folio-only field on a plain compound page */ \
	X(BAD_FREE, "bad_free")			/* freeing memory the way it was not allocated */ \
	X(DEADLOCK, "deadlock")			/* lock_page() on a locked page (would sleep forever) */

enum rt_check {
#define RT_CHECK_ENUM(id, name) RT_CHECK_##id,
	RT_CHECKS(RT_CHECK_ENUM)
#undef RT_CHECK_ENUM
	RT_CHECK_NR
};

enum rt_check_mode {
	RT_CHECK_ABORT,		/* report and abort(): the BUG() of the model */
	RT_CHECK_COUNT,		/* report into a buffer, count, continue */
};

/* Where an API call was written: filled in by the API macros. */
struct rt_site {
	const char *file;
	int line;
	const char *func;
};

#define RT_HERE ((struct rt_site){ __FILE__, __LINE__, __func__ })

struct page;

/*
 * rt_check_fail - report that @check fired on @page (may be NULL) at @site.
 * @owner names what owns the page ("folio", "slab", ...), @detail adds one
 * fact (may be NULL).  Aborts in RT_CHECK_ABORT mode; otherwise counts and
 * returns so the caller can go on with its best answer.
 */
void rt_check_fail(enum rt_check check, const struct page *page, const char *owner,
		   struct rt_site site, const char *detail);

/* rt_check_set_mode - select abort or count; returns the previous mode. */
enum rt_check_mode rt_check_set_mode(enum rt_check_mode mode);

/* rt_check_count - how many times @check fired since the last rt_check_reset(). */
unsigned long rt_check_count(enum rt_check check);

/* rt_check_total - firings of all checks since the last rt_check_reset(). */
unsigned long rt_check_total(void);

/* rt_check_last_report - text of the last report in count mode ("" if none). */
const char *rt_check_last_report(void);

/* rt_check_reset - zero the counters and forget the last report. */
void rt_check_reset(void);

/* rt_check_name - the report name of @check. */
const char *rt_check_name(enum rt_check check);

/*
 * rt_bug - report a broken invariant of the model itself (not of the code under
 * test) and abort, in every mode.
 */
void rt_bug(const char *file, int line, const char *cond) __attribute__((__noreturn__));

#define RT_BUG_ON(cond)								\
	do {									\
		if (__builtin_expect(!!(cond), 0))				\
			rt_bug(__FILE__, __LINE__, #cond);			\
	} while (0)

#endif /* RT_CHECK_H */
