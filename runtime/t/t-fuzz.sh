#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t-fuzz.sh - a short libFuzzer run of every layout over the committed corpus;
# skipped when clang with libFuzzer is not there (RT_FUZZ_AVAILABLE=0).  When
# it is (RT_FUZZ_AVAILABLE=1, as rt-check sets after building the targets), a
# missing target is a failure, not a skip.
#
# Environment: RT_FUZZ_DIR (build/runtime), RT_CORPUS (seed corpus),
# RT_FUZZ_SECONDS (mutation time per layout), RT_LAYOUTS, RT_FUZZ_AVAILABLE.
set -u
: "${RT_FUZZ_DIR:=build/runtime}" "${RT_CORPUS:=runtime/fuzz/corpus}" "${RT_FUZZ_SECONDS:=3}"
: "${RT_LAYOUTS:=legacy memdesc}" "${RT_FUZZ_AVAILABLE:=0}"

n=0
fail=0
for layout in $RT_LAYOUTS; do
	n=$((n + 1))
	bin="$RT_FUZZ_DIR/$layout/fuzz-ops"
	if [ ! -x "$bin" ] && [ "$RT_FUZZ_AVAILABLE" = 1 ]; then
		echo "not ok $n - fuzz $layout: $bin was not built"
		fail=$((fail + 1))
		continue
	fi
	if [ ! -x "$bin" ]; then
		echo "ok $n - fuzz $layout # SKIP clang with libFuzzer not available"
		continue
	fi
	log="$RT_FUZZ_DIR/$layout/fuzz-check.log"
	# the seed corpus first (each input once), then inputs mutated from it
	work="$RT_FUZZ_DIR/$layout/check-corpus"
	mkdir -p "$work"
	if "$bin" "$RT_CORPUS"/* >"$log" 2>&1 &&
	   "$bin" -seed=1 -max_total_time="$RT_FUZZ_SECONDS" -max_len=512 \
		"$work" "$RT_CORPUS" >>"$log" 2>&1; then
		echo "ok $n - fuzz $layout: seed corpus, then ${RT_FUZZ_SECONDS}s of mutated inputs"
	else
		echo "not ok $n - fuzz $layout"
		tail -20 "$log" | sed 's/^/# /'
		fail=$((fail + 1))
	fi
done
echo "1..$n"
[ "$fail" -eq 0 ]
