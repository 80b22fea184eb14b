#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t-compile-blockers.sh - every rewrite's forms compile where they should: the
# page form of a "compile" blocker must fail to compile in the memdesc layout
# (for want of a field), every other form must compile in both layouts.
#
# Environment: RT_CC (compiler), RT_DIR (runtime/ sources), RT_LIST (a built
# t-rewrites binary, run with --list), RT_TMP (scratch directory).
set -u
: "${RT_CC:=cc}" "${RT_DIR:=runtime}" "${RT_TMP:=/tmp}"

n=0
fail=0
tu="$RT_TMP/compile-probe.c"
log="$RT_TMP/compile-probe.log"

# compiles LAYOUT EXPR - 0 if EXPR compiles in LAYOUT
compiles () {
	cat >"$tu" <<EOC
#include "rt_mm.h"
long probe(struct page *P, struct folio *F, struct buffer_head *BH, struct list_head *L);
long probe(struct page *P, struct folio *F, struct buffer_head *BH, struct list_head *L)
{
	(void)P; (void)F; (void)BH; (void)L;
	$2;
	return 0;
}
EOC
	"$RT_CC" -std=gnu11 -fsyntax-only -Wall -Werror -Wno-unused-value \
		-DRT_LAYOUT_"$1" -I"$RT_DIR/include" "$tu" >"$log" 2>&1
}

table=$("$RT_LIST" --list) || { echo "1..0 # SKIP cannot list the rewrites"; exit 0; }
tab=$(printf '\t')
while IFS="$tab" read -r name rule domain blocker check before after; do
	[ "$name" = name ] && continue
	n=$((n + 1))
	why=""
	compiles LEGACY "$before" || why="$why; page form does not compile in legacy"
	compiles LEGACY "$after" || why="$why; folio form does not compile in legacy"
	compiles MEMDESC "$after" || why="$why; folio form does not compile in memdesc"
	if [ "$blocker" = compile ]; then
		if compiles MEMDESC "$before"; then
			why="$why; page form compiles in memdesc"
		elif ! grep -q "has no member named" "$log"; then
			why="$why; page form fails in memdesc for another reason: $(head -3 "$log")"
		fi
	else
		compiles MEMDESC "$before" || why="$why; page form does not compile in memdesc"
	fi
	if [ -z "$why" ]; then
		echo "ok $n - $name [$blocker]: $before"
	else
		echo "not ok $n - $name [$blocker]: $before"
		echo "# ${why#; }"
		fail=$((fail + 1))
	fi
done <<EOT
$table
EOT
echo "1..$n"
[ "$n" -gt 0 ] && [ "$fail" -eq 0 ]
