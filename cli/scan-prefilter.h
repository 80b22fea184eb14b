/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scan-prefilter.h - the TUs of a scan whose text can hold a finding
 * (scan-prefilter.c), shared by scan and compdb so both name the same
 * files.
 */
#ifndef MEMDESC_CLI_SCAN_PREFILTER_H
#define MEMDESC_CLI_SCAN_PREFILTER_H

#include "../kbuild/kbuild.h"
#include "cli.h"

/*
 * rules_salt - what a cached prefilter answer depends on besides the
 * files: memdesc's version and the ids of @rules; a new string.
 */
char *rules_salt(const struct md_rule *const *rules, size_t nrules);

/*
 * keep_candidates - drop from @tus the TUs whose text cannot hold a
 * finding of @rules, through the macros of the tree's headers (those of
 * the TUs' architecture) and the generated ones of the build directory.
 * The macro closure is cached under the cache directory of @opts while no
 * header changed.  Prints one line on stderr: kept, total, time.  When
 * the rules' patterns cannot be read, warns and keeps every TU.
 */
void keep_candidates(const struct md_tree *tree, const struct md_tree_opts *opts,
		     const struct md_rule *const *rules, size_t nrules, struct md_tu_list *tus);

#endif
