/* SPDX-License-Identifier: GPL-2.0 */
/*
 * table.h - the terminal table of `memdesc report --by`: findings per rule
 * and subsystem (a MAINTAINERS section, a directory, a file), each with its
 * change since an earlier scan, and which rules are ready to rename their
 * fields (no finding left, so new uses can be made to fail to build).
 */
#ifndef MEMDESC_TABLE_H
#define MEMDESC_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "../db/query.h"

enum md_group_by {
	MD_BY_SECTION, /* the most specific MAINTAINERS section (of the scan's tree) */
	MD_BY_DIR,     /* the first `depth` components of the path */
	MD_BY_FILE,
};

struct md_table_opts {
	int64_t scan;
	int64_t since;		  /* the scan the change is against; 0: no change column */
	enum md_group_by by;
	int depth;		  /* for MD_BY_DIR */
	const char *maintainer;	  /* only sections with this M: or R: address */
	const struct md_filter *filter;
};

/* md_print_table - the table; 0, or -1 after reporting. */
int md_print_table(struct md_db *db, const struct md_table_opts *o, FILE *out);

#endif
