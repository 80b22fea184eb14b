#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t-fuzz-build.sh - rt-check with a fuzz target that does not compile fails,
# with or without the binary of an earlier build, and leaves no binary to
# run.  Runs rt-check of the legacy layout alone on a copy of runtime/;
# skipped when clang with libFuzzer is not there.
#
# Environment: RT_DIR (runtime), RT_TMP (a scratch directory), RT_CC (CC).
set -u
: "${RT_DIR:=runtime}" "${RT_TMP:=/tmp}" "${RT_CC:=cc}"

work=$(mktemp -d "$RT_TMP/fuzz-build.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tests"
cp -r "$RT_DIR" "$work/runtime"
cp "$RT_DIR/../tests/tap.c" "$RT_DIR/../tests/tap.h" "$work/tests/"
rm -rf "$work/runtime/build"

echo "1..4"
probe='int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }'
if ! echo "$probe" | ${RT_CLANG:-clang} -fsanitize=fuzzer -x c - -o "$work/probe" 2>/dev/null; then
	for i in 1 2 3 4; do
		echo "ok $i # SKIP clang with libFuzzer not available"
	done
	exit 0
fi

# rt_check - rt-check of the copy, one layout, one C test and t-fuzz.
rt_check() {
	(cd "$work" && make -f runtime/runtime.mk rt-check CC="$RT_CC" RT_LAYOUTS=legacy \
		RT_TESTS=t-layout RT_SH_TESTS=build/runtime/t-fuzz RT_FUZZ_CHECK_SECONDS=1) \
		>"$work/log" 2>&1
}

fail=0
bin="$work/build/runtime/legacy/fuzz-ops"
if rt_check && [ -x "$bin" ]; then
	echo "ok 1 - rt-check builds and runs the fuzz target"
else
	echo "not ok 1 - rt-check builds and runs the fuzz target"
	sed 's/^/# /' "$work/log" | tail -20
	fail=1
fi

echo '#error the fuzz target no longer compiles' >>"$work/runtime/fuzz/fuzz-ops.c"
if rt_check; then
	echo "not ok 2 - a fuzz target that does not compile fails rt-check (stale binary there)"
	sed 's/^/# /' "$work/log" | tail -20
	fail=1
else
	echo "ok 2 - a fuzz target that does not compile fails rt-check (stale binary there)"
fi
if [ -e "$bin" ]; then
	echo "not ok 3 - no stale fuzz binary is left to run"
	fail=1
else
	echo "ok 3 - no stale fuzz binary is left to run"
fi

rm -rf "$work/build"
if rt_check; then
	echo "not ok 4 - ... and on a clean tree, rather than skipping"
	sed 's/^/# /' "$work/log" | tail -20
	fail=1
else
	echo "ok 4 - ... and on a clean tree, rather than skipping"
fi
exit $fail
