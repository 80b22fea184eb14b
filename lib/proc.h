/* SPDX-License-Identifier: GPL-2.0 */
/* proc.h - what a forked child of memdesc does about its parent. */
#ifndef MEMDESC_PROC_H
#define MEMDESC_PROC_H

#include <sys/types.h>

/*
 * md_die_with_parent - in a child just forked from @parent: SIGKILL when
 * @parent dies, so a worker stuck in a parse does not outlive a scan that a
 * signal ended; exits at once if @parent is already gone.
 */
void md_die_with_parent(pid_t parent);

#endif
