// SPDX-License-Identifier: GPL-2.0
/* proc.c - what a forked child of memdesc does about its parent. */
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "proc.h"

void md_die_with_parent(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* the parent died between fork() and prctl(): no signal will come */
	if (getppid() != parent)
		_exit(1);
}
