#!/bin/sh
# run.sh - run one libFuzzer target for a while and print how many runs and crashes.
#
# usage: fuzz/run.sh NAME BINARY SECONDS WORKDIR NEW-CORPUS [CORPUS...] [-flag=value...]
#
# New inputs go to NEW-CORPUS (the first corpus directory libFuzzer is
# given), crash inputs to WORKDIR/artifacts, the output to WORKDIR/log; the
# other CORPUS directories are only read.  Prints "NAME: N runs, 0 crashes",
# and exits non-zero after a crash, a leak, a failed check or a timeout.
set -u
name=$1 bin=$2 secs=$3 work=$4 new=$5
shift 5
mkdir -p "$new" "$work/artifacts" || exit 1
log=$work/log
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$new" "$@" >"$log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
if [ $rc -eq 0 ]; then
	echo "$name: ${runs:-0} runs, 0 crashes"
	exit 0
fi
unit=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
echo "$name: ${runs:-?} runs, 1 crash (exit $rc; input ${unit:-none}; log $log)"
grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*check failed)' "$log" | head -n 5 >&2
exit 1
