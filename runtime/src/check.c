// SPDX-License-Identifier: GPL-2.0
/* check.c - reporting, counting and aborting for the runtime checks of the model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_check.h"
#include "rt_mm.h"

static enum rt_check_mode check_mode = RT_CHECK_ABORT;
static unsigned long check_counts[RT_CHECK_NR];
static char last_report[512];

static const char *const check_names[RT_CHECK_NR] = {
#define RT_CHECK_NAME(id, name) [RT_CHECK_##id] = name,
	RT_CHECKS(RT_CHECK_NAME)
#undef RT_CHECK_NAME
};

const char *rt_check_name(enum rt_check check)
{
	return check < RT_CHECK_NR ? check_names[check] : "unknown";
}

void rt_check_fail(enum rt_check check, const struct page *page, const char *owner,
		   struct rt_site site, const char *detail)
{
	char pfn[32] = "no page";

	if (page)
		snprintf(pfn, sizeof(pfn), "pfn %#lx", page_to_pfn(page));
	snprintf(last_report, sizeof(last_report), "BUG: %s: %s owned by %s%s%s at %s:%d (%s)",
		 rt_check_name(check), pfn, owner ? owner : "nothing", detail ? ", " : "",
		 detail ? detail : "", site.file, site.line, site.func);
	if (check_mode == RT_CHECK_ABORT) {
		fprintf(stderr, "%s\n", last_report);
		fflush(stderr);
		abort();
	}
	check_counts[check]++;
}

enum rt_check_mode rt_check_set_mode(enum rt_check_mode mode)
{
	enum rt_check_mode old = check_mode;

	check_mode = mode;
	return old;
}

unsigned long rt_check_count(enum rt_check check)
{
	return check_counts[check];
}

unsigned long rt_check_total(void)
{
	unsigned long total = 0;

	for (int i = 0; i < RT_CHECK_NR; i++)
		total += check_counts[i];
	return total;
}

const char *rt_check_last_report(void)
{
	return last_report;
}

void rt_check_reset(void)
{
	memset(check_counts, 0, sizeof(check_counts));
	last_report[0] = '\0';
}

void rt_bug(const char *file, int line, const char *cond)
{
	fprintf(stderr, "model bug: %s at %s:%d\n", cond, file, line);
	abort();
}
