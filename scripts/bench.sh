#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh TREE [SCOPE...] - memdesc scan side by side with the other ways of
# finding the same code, on one copy of TREE and one file set (every .c and
# .h file of SCOPE, the whole tree by default, less tools/, scripts/,
# Documentation/ and usr/): ripgrep over the rules' tokens, spatch with
# cocci/blockers.cocci (no includes, the tree's headers for types,
# --recursive-includes, --use-idutils), clang-query with matchers of the
# five gate rules over the TUs memdesc parses and over every TU built,
# memdesc scan cold (with and
# without the spatch fallback) and --incremental after an edit of one .c
# file and of one header.  Prints one table (or JSON with
# BENCH_FORMAT=json) through scripts/bench-table.pl.  A benchmark: it
# measures, it asserts nothing; a tool that is missing is a row saying so.
#
# The tree is never written to: everything runs on a hard-link copy under
# $MEMDESC_CACHE/bench (kept between runs), and an edit writes a new file
# and renames it over the link, which breaks the link and leaves TREE as
# it was.
#
# Environment: MEMDESC (./memdesc), MEMDESC_CACHE (.cache: build
# directories in build/, the copy and the run in bench/), BENCH_FORMAT
# (text, json), BENCH_JOBS (online CPUs), BENCH_TIMEOUT (900 s per row),
# BENCH_HEADER (include/linux/buffer_head.h), BENCH_C_FILE (the largest TU
# memdesc parses), BENCH_COCCI (cocci/blockers.cocci), BENCH_SKIP (rows
# not to run, by name, comma-separated: "spatch --recursive-includes",
# which takes hours on the whole tree), SPATCH, CLANG_QUERY.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
[ $# -ge 1 ] || { echo "usage: bench.sh TREE [SCOPE...]" >&2; exit 2; }
tree=$(cd "$1" && pwd -P)
shift
memdesc=$(cd "$(dirname "${MEMDESC:-./memdesc}")" && pwd -P)/$(basename "${MEMDESC:-./memdesc}")
cache=${MEMDESC_CACHE:-.cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd -P)
format=${BENCH_FORMAT:-text}
jobs=${BENCH_JOBS:-$(nproc)}
limit=${BENCH_TIMEOUT:-900}
header=${BENCH_HEADER:-include/linux/buffer_head.h}
cocci=${BENCH_COCCI:-$here/../cocci/blockers.cocci}
spatch=${SPATCH:-spatch}
clang_query=${CLANG_QUERY:-clang-query}
scope="$*"

say() { echo "bench: $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
# skipped NAME - BENCH_SKIP names the row NAME: a row saying so instead.
skipped() {
	case ",${BENCH_SKIP:-}," in
	*",$1,"*) row "$1" "skipped" "" "" "" "" "BENCH_SKIP"; return 0;;
	esac
	return 1
}

[ -f "$tree/Makefile" ] || { echo "bench.sh: $tree: not a kernel tree" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench.sh: /usr/bin/time is missing (Debian: time)" >&2; exit 2; }

# The copy: hard links to TREE; the files an earlier run edited are linked
# back to TREE's, so every run starts from TREE's text.
copy=$cache/bench/$(basename "$tree")
work=$cache/bench/run
if [ -d "$copy" ] && [ "$(stat -c %i "$copy/Makefile")" != "$(stat -c %i "$tree/Makefile")" ]; then
	say "$copy is not a copy of $tree: made again"
	rm -rf "$copy"
fi
if [ ! -d "$copy" ]; then
	say "hard-link copy of $tree in $copy"
	mkdir -p "$cache/bench"
	rm -rf "$copy.tmp"
	cp -al "$tree" "$copy.tmp"
	mv "$copy.tmp" "$copy"
fi
if [ -f "$cache/bench/edited" ]; then
	while read -r f; do
		[ -n "$f" ] && ln -f "$tree/$f" "$copy/$f"
	done <"$cache/bench/edited"
	rm -f "$cache/bench/edited"
fi
rm -rf "$work"
mkdir -p "$work"
cd "$work"	# spatch reads the .cocciconfig of the current directory, not the tree's

# The file set, relative to the copy.
if [ -z "$scope" ]; then
	set -- .
	excl="-g !/tools/ -g !/scripts/ -g !/Documentation/ -g !/usr/"
else
	set -- $scope
	excl=
fi
if have rg; then
	# shellcheck disable=SC2086
	(cd "$copy" && rg --files --no-ignore --hidden -g '*.[ch]' $excl "$@") | sed 's|^\./||' | sort >"$work/files"
else
	(cd "$copy" && find "$@" -type f -name '*.[ch]') | sed 's|^\./||' |
		grep -Ev '^(tools|scripts|Documentation|usr)/' | sort >"$work/files"
fi
nc=$(grep -c '\.c$' "$work/files" || true)
nh=$(grep -c '\.h$' "$work/files" || true)
sed "s|^|$copy/|" "$work/files" >"$work/abs-files"

# What the rules declare: the gate rules' ids, every rule's tokens.
"$memdesc" list-rules --format json >"$work/rules.json"
gates=$(perl -MJSON::PP -0777 -ne 'print join " ", map { $_->{id} } grep { $_->{gates_ci} } @{decode_json($_)}' "$work/rules.json")
tokens=$(perl -MJSON::PP -0777 -ne 'print join "|", map { @{$_->{tokens}} } @{decode_json($_)}' "$work/rules.json")
[ -n "$tokens" ] || { echo "bench.sh: no tokens from $memdesc list-rules --format json" >&2; exit 2; }

# Warm-up, not measured: the copy's build directory (configured and
# prepared once), Kbuild's commands, the prefilter's macro closure, the
# TUs memdesc parses (for clang-query), and the page cache.
say "warm-up: memdesc compdb (configures the copy's build directory the first time)"
"$memdesc" compdb --cache "$cache/build" -j "$jobs" -o "$work/compile_commands.json" \
	"$copy" $scope 2>"$work/compdb.err" || { cat "$work/compdb.err" >&2; exit 2; }
built=$(sed -n 's/^prefilter: [0-9]* of \([0-9]*\) files.*/\1/p' "$work/compdb.err")
parsed=$(perl -MJSON::PP -0777 -ne 'print scalar @{decode_json($_)}' "$work/compile_commands.json")
perl -MJSON::PP -0777 -ne 'print "$_->{file}\n" for @{decode_json($_)}' \
	"$work/compile_commands.json" >"$work/tus"
# Every TU the configuration builds, for clang-query as a user would run it.
mkdir -p "$work/built"
"$memdesc" compdb --no-prefilter --cache "$cache/build" -j "$jobs" \
	-o "$work/built/compile_commands.json" "$copy" $scope 2>"$work/compdb-built.err" ||
	{ cat "$work/compdb-built.err" >&2; exit 2; }
perl -MJSON::PP -0777 -ne 'print "$_->{file}\n" for @{decode_json($_)}' \
	"$work/built/compile_commands.json" >"$work/built/tus"
tr '\n' '\0' <"$work/abs-files" | xargs -0 cat >/dev/null

rows=$work/rows
: >"$rows"
# row TOOL STATUS WALL CPU PEAK_KB FINDINGS NOTE
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"; }

# measure NAME CMD... - run CMD under the time limit; sets rc, wall, cpu, kb.
# Its output is in $work/NAME.out and .err.
measure() {
	name=$1
	shift
	say "$name"
	rc=0
	/usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" \
		timeout -k 10 "$limit" "$@" <"/dev/null" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
	set -- $(tail -n 1 "$work/$name.time")
	wall=${1:-0}
	cpu=$(awk -v u="${2:-0}" -v s="${3:-0}" 'BEGIN { printf "%.2f", u + s }')
	kb=${4:-0}
}

# status_of OK_CODES... - "ok", "timeout" or "failed (exit N)" for $rc.
status_of() {
	[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && { echo timeout; return; }
	for ok in "$@"; do
		[ "$rc" -eq "$ok" ] && { echo ok; return; }
	done
	echo "failed (exit $rc)"
}

# Findings in the files of the set, counted once per place and rule.
gate_re=$(echo "$gates" | sed 's/ /|/g')
spatch_findings() { # spatch's report lines: path:line:col-col: message [rule]
	perl -ne 'BEGIN { $re = qr/^(\S+?):(\d+):(\d+)(?:-\d+)?: .*\[('"$gate_re"')\]$/ }
		  $s{"$1:$2:$3:$4"} = 1 if /$re/; END { print scalar keys %s }' "$1"
}
clang_query_findings() { # clang-query's notes: path:line:col: note: "rule" binds here
	perl -e 'open F, "<", $ARGV[0] or die; chomp(my @f = <F>); my %in = map { $_ => 1 } @f;
		 open O, "<", $ARGV[1] or die;
		 while (<O>) { $s{"$1:$2:$3:$4"} = 1 if /^(\S+?):(\d+):(\d+): note: "([\w-]+)" binds here$/ && $in{$1} }
		 print scalar keys %s' "$work/abs-files" "$1"
}
db_findings() { # the gate rules' findings of the newest scan of a database
	sqlite3 "$1" "SELECT count(*) FROM findings WHERE scan_id = (SELECT max(id) FROM scans)
		      AND rule IN ('$(echo "$gates" | sed "s/ /','/g")')"
}

# 1. ripgrep: the textual floor, every rule's tokens. (?-u) makes \b and \s
# ASCII: with Unicode classes ripgrep's DFA gives up on this many
# alternatives, and mm fs takes 7.4 s instead of 0.1 s, with the same matches.
if have rg; then
	cd "$copy"
	# shellcheck disable=SC2086
	measure ripgrep rg --no-ignore --hidden --no-messages --count-matches -g '*.[ch]' $excl \
		-e "(?-u)$tokens" "$@"
	cd "$work"
	row ripgrep "$(status_of 0 1)" "$wall" "$cpu" "$kb" \
		"$(awk -F: '{ s += $NF } END { print s + 0 }' "$work/ripgrep.out")" \
		"textual matches of every rule's tokens"
else
	row ripgrep "not installed" "" "" "" "" "Debian: ripgrep"
fi

# 2. memdesc scan, cold: a new database each, then --incremental on the first.
mdscan() { # NAME DB FLAGS...
	n=$1 db=$2
	shift 2
	skipped "$n" && return
	measure "$n" "$memdesc" scan -q --db "$db" --cache "$cache/build" -j "$jobs" "$@" "$copy" $scope
	st=$(status_of 0 1)
	[ "$rc" -eq 3 ] && st="partial"
	note=$(sed -n 's/^prefilter: \([0-9]*\) of \([0-9]*\) files.*, \([0-9.]* s\)$/prefilter keeps \1 of \2 TUs in \3/p' \
		"$work/$n.err" | head -n 1)
	reuse=$(sed -n 's/^\([0-9]*\) unchanged files reused from scan [0-9]*, \([0-9]*\) parsed$/; \1 reused, \2 parsed/p' \
		"$work/$n.err")
	row "$n" "$st" "$wall" "$cpu" "$kb" "$([ -f "$db" ] && db_findings "$db")" "$note$reuse"
}
if have spatch; then
	mdscan "memdesc cold" "$work/cold.db"
else
	mdscan "memdesc cold" "$work/cold.db"
	sed -i '$ s/$/; spatch missing: the fallback files are not scanned/' "$rows"
fi
mdscan "memdesc cold --no-fallback" "$work/nofb.db" --no-fallback

# edit FILE - append a line to the copy's FILE as a new file (the link to
# TREE breaks), remembered for the next run to link back.
edit() {
	echo "$1" >>"$cache/bench/edited"
	{ cat "$copy/$1"; echo '/* bench */'; } >"$copy/$1.bench"
	mv "$copy/$1.bench" "$copy/$1"
}
cfile=${BENCH_C_FILE:-$(head -n 1 "$work/tus" | sed "s|^$copy/||")}
if [ -n "$cfile" ] && [ -f "$copy/$cfile" ]; then
	edit "$cfile"
	mdscan "memdesc --incremental, .c edited" "$work/cold.db" --incremental
	sed -i '$ s|\t\([^\t]*\)$|\t\1; '"$cfile"'|' "$rows"
else
	row "memdesc --incremental, .c edited" "skipped" "" "" "" "" "no .c file to edit"
fi
if [ -f "$copy/$header" ]; then
	edit "$header"
	mdscan "memdesc --incremental, .h edited" "$work/cold.db" --incremental
	sed -i '$ s|\t\([^\t]*\)$|\t\1; '"$header"'|' "$rows"
else
	row "memdesc --incremental, .h edited" "skipped" "" "" "" "" "no $header in the tree"
fi
# The other tools read the text of TREE again.
while read -r f; do ln -f "$tree/$f" "$copy/$f"; done <"$cache/bench/edited"
rm -f "$cache/bench/edited"

# 3. spatch, report mode, the semantic patch of memdesc's coccinelle engine.
# One file per group; --include-headers has the .h files reported too.
sed 's/$/\n/' "$work/abs-files" >"$work/groups"
# The tree's include paths: the -I of a TU, less those of its own directory.
incs=$(COPY=$copy perl -MJSON::PP -0777 -ne '
	my ($e) = @{decode_json($_)}; exit unless $e;
	(my $dir = $e->{file}) =~ s{^\Q$ENV{COPY}\E/}{};
	$dir =~ s{/[^/]*$}{};
	for (@{$e->{arguments}}) { print "-I $1 " if /^-I(.+)/ && $1 !~ m{/\Q$dir\E$} }
	' "$work/compile_commands.json")
sp() { # NAME NOTE SPATCH-FLAGS...
	n=$1 note=$2
	shift 2
	skipped "$n" && return
	measure "$n" "$spatch" --sp-file "$cocci" -D report --very-quiet --noif0-passing \
		--include-headers --jobs "$jobs" "$@"
	row "$n" "$(status_of 0)" "$wall" "$cpu" "$kb" \
		"$([ "$rc" -ne 124 ] && spatch_findings "$work/$n.out")" "$note"
}
if have "$spatch"; then
	# shellcheck disable=SC2086
	sp "spatch" "--no-includes" --no-includes --file-groups "$work/groups"
	# shellcheck disable=SC2086
	sp "spatch --all-includes" "--include-headers-for-types, -I of the tree" \
		--all-includes --include-headers-for-types --relax-include-path $incs \
		--file-groups "$work/groups"
	# shellcheck disable=SC2086
	sp "spatch --recursive-includes" "--include-headers-for-types, -I of the tree" \
		--recursive-includes --include-headers-for-types --relax-include-path $incs \
		--file-groups "$work/groups"
	if skipped "spatch --use-idutils"; then
		:
	elif have mkid; then
		export DIRS
		DIRS=$(for d in $scope; do printf '%s ' "$copy/$d"; done)
		t0=$(date +%s.%N)
		tr '\n' '\0' <"$work/abs-files" | mkid -o "$work/ID" --files0-from=- 2>"$work/mkid.err" || true
		t1=$(date +%s.%N)
		# --dir per directory of the scope: with a rule that names no
		# token spatch reads every file under --dir, not only lid's
		n="spatch --use-idutils"
		measure "$n" sh -c 'sp=$1; shift; for d in ${DIRS:-$0}; do
			"$sp" --sp-file "$@" --dir "$d" || exit; done' "$copy" "$spatch" "$cocci" \
			-D report --very-quiet --noif0-passing --include-headers --jobs "$jobs" \
			--no-includes --use-idutils "$work/ID"
		row "$n" "$(status_of 0)" "$wall" "$cpu" "$kb" \
			"$([ "$rc" -ne 124 ] && spatch_findings "$work/$n.out")" \
			"--no-includes, --dir per directory; mkid index $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, not counted"
	else
		row "spatch --use-idutils" "not installed" "" "" "" "" "Debian: id-utils"
	fi
else
	for n in "spatch" "spatch --all-includes" "spatch --recursive-includes" "spatch --use-idutils"; do
		row "$n" "not installed" "" "" "" "" "Debian: coccinelle"
	done
fi

# 4. clang-query with memdesc's flags, one process per TU, as many at a time
# as memdesc has workers: over the TUs memdesc parses (its prefilter handed
# to clang-query), then over every TU the configuration builds (what a
# clang-query user runs, compile_commands.json in hand).
cq() { # NAME DIR NOTE - clang-query over DIR/tus with DIR/compile_commands.json
	n=$1 dir=$2 note=$3
	skipped "$n" && return
	measure "$n" sh -c 'tr "\n" "\0" <"$1" | xargs -0 -n 1 -P "$2" "$3" -p "$4" -f "$5"' \
		sh "$dir/tus" "$jobs" "$clang_query" "$dir" "$here/bench-clang-query.txt"
	errs=$(grep -c ': error: ' "$work/$n.err" || true)
	row "$n" "$(status_of 0 123)" "$wall" "$cpu" "$kb" \
		"$([ "$rc" -ne 124 ] && clang_query_findings "$work/$n.out")" \
		"$note, one process each; $errs errors"
}
if have "$clang_query"; then
	cq clang-query "$work" "the $parsed TUs memdesc parses"
	cq "clang-query, every built TU" "$work/built" "the $(wc -l <"$work/built/tus") TUs built"
else
	row clang-query "not installed" "" "" "" "" "Debian: clang-tools"
	row "clang-query, every built TU" "not installed" "" "" "" "" "Debian: clang-tools"
fi

# The header of the table.
version=$(sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p; s/^SUBLEVEL = //p' "$tree/Makefile" | paste -sd.)
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
perl "$here/bench-table.pl" --format "$format" \
	--meta "tree=$tree" --meta "version=$version" --meta "scope=${scope:-(whole tree)}" \
	--meta "c_files=$nc" --meta "h_files=$nh" --meta "tus_built=${built:-?}" \
	--meta "tus_parsed=$parsed" --meta "cores=$(nproc)" --meta "jobs=$jobs" \
	--meta "cpu=$cpu_model" --meta "timeout=$limit" --meta "gate_rules=$gates" \
	--meta "memdesc=$("$memdesc" --version)" \
	--meta "spatch=$( (have "$spatch" && "$spatch" --version 2>/dev/null | head -n 1) || echo none)" \
	--meta "clang_query=$( (have "$clang_query" && "$clang_query" --version 2>/dev/null | grep -m1 -i version | sed 's/^ *//') || echo none)" \
	--meta "ripgrep=$( (have rg && rg --version | head -n 1) || echo none)" \
	"$rows"
