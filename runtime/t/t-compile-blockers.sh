#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t-compile-blockers.sh - every rewrite's forms compile where they should: the
# page form of a "compile" blocker must fail to compile in the memdesc layouts
# (for want of a field), every other form must compile in every layout.
#
# Environment: RT_CC (compiler), RT_DIR (runtime/ sources), RT_LIST (a built
# t-rewrites binary, run with --list), RT_TMP (scratch directory),
# RT_COMPILE_LAYOUTS (the -DRT_LAYOUT_* flags; legacy first).
set -u
: "${RT_CC:=cc}" "${RT_DIR:=runtime}" "${RT_TMP:=/tmp}"
: "${RT_COMPILE_LAYOUTS:=-DRT_LAYOUT_LEGACY -DRT_LAYOUT_MEMDESC}"

n=0
fail=0
tu="$RT_TMP/compile-probe.c"
log="$RT_TMP/compile-probe.log"

# compiles LAYOUT_FLAG EXPR - 0 if EXPR compiles in that layout
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
		"$1" -I"$RT_DIR/include" "$tu" >"$log" 2>&1
}

table=$("$RT_LIST" --list) || { echo "1..0 # SKIP cannot list the rewrites"; exit 0; }
tab=$(printf '\t')
while IFS="$tab" read -r name rule domain blocker check before after; do
	[ "$name" = name ] && continue
	n=$((n + 1))
	why=""
	for layout in $RT_COMPILE_LAYOUTS; do
		name_of=${layout#-DRT_LAYOUT_}
		compiles "$layout" "$after" || why="$why; folio form does not compile in $name_of"
		if [ "$layout" = -DRT_LAYOUT_LEGACY ] || [ "$blocker" != compile ]; then
			compiles "$layout" "$before" ||
				why="$why; page form does not compile in $name_of"
		elif compiles "$layout" "$before"; then
			why="$why; page form compiles in $name_of"
		elif ! grep -q "no member named" "$log"; then
			why="$why; page form fails in $name_of for another reason: $(head -3 "$log")"
		fi
	done
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
