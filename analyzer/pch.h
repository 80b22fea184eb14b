/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pch.h - precompiled headers shared by the TUs of a scan.
 *
 * Most of a kernel TU's parse is the same headers again: linux/mm.h and
 * linux/fs.h pull in half the tree.  Before the workers start, the TUs
 * are grouped by their flags (all but the ones Kbuild sets per object:
 * KBUILD_BASENAME, KBUILD_MODNAME, ... and the -I of the object's own
 * directory, and the -W options, which change no parse), and within a
 * group the system headers most of its TUs include first are built once
 * into a PCH, which each of those TUs is then parsed with.  A subsystem's
 * TUs (the first two directories: drivers/gpu, fs/ext4) get PCHs of their
 * own first, then the rest of the group shares the group's.
 *
 * A TU takes a PCH only when parsing with it reads the same text the same
 * way: the PCH's headers are all among the TU's own leading <...>
 * includes, and nothing before its last <...> include but <...> includes,
 * conditionals and a pr_fmt()/dev_fmt() definition (which changes only
 * format strings: printk.h defines it when the TU has not).  Its own
 * includes of those headers are then no-ops (their include guards are
 * set), the rest parses as before.  Should the parse with a PCH report an
 * error, the engine parses the TU again without it (engine.c), so a PCH
 * never costs a finding.
 */
#ifndef MEMDESC_PCH_H
#define MEMDESC_PCH_H

#include <stdio.h>

#include "../kbuild/tu.h"
#include "engine.h"

struct md_pch_stats {
	int built;	 /* PCHs written */
	int failed;	 /* PCHs that did not build (their TUs parse without) */
	size_t users;	 /* TUs given a PCH */
	double seconds;	 /* wall time of planning and building */
};

/*
 * md_pch_prepare - plan and build the PCHs for @tus into directory @dir
 * (which must exist and outlive the scan), @jobs at a time, each killed
 * after @timeout seconds (0: no limit) as a worker would be; what @cfg's
 * rules find in their headers is found then, once (engine.h).  Sets
 * tu->pch of each TU that takes one.  A PCH that fails to build is
 * reported on @log (when not NULL) and its TUs parse without.  Returns 0,
 * or -1 when @dir cannot be written (reported).
 */
int md_pch_prepare(struct md_tu_list *tus, const struct md_engine_cfg *cfg, const char *dir,
		   int jobs, int timeout, FILE *log, struct md_pch_stats *stats);

/*
 * md_pch_argv - @tu's arguments for a parse with its PCH: the -include
 * options left out (the PCH was built with them) and -include-pch added.
 * NULL-terminated, @argc set; free with strv_free().
 */
char **md_pch_argv(const struct md_tu *tu, int *argc);

#endif
