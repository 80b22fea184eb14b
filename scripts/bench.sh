#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh TREE SCOPE... - time memdesc scan over SCOPE of TREE, side by side
# with ripgrep over the same files for the rules' tokens (the lower bound of
# any search), and print wall time, peak memory and the ratio between them,
# plus memdesc's per-file parse times from its database.  A benchmark: it
# measures, it asserts nothing.
set -eu
tree=$1
shift
memdesc=${MEMDESC:-./memdesc}
cache=${MEMDESC_CACHE:-.cache}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # name command... -> "name wall_s peak_mb"
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
	read -r wall kb <<EOT
$(tail -n 1 "$work/time")
EOT
	echo "$name $wall $((kb / 1024))"
}

# Warm the page cache and Kbuild's command cache, so neither run pays for them.
"$memdesc" scan -q --db "$work/warm.db" --cache "$cache/build" "$tree" "$@" >/dev/null 2>&1 || true
(cd "$tree" && cat $(printf '%s ' "$@") >/dev/null 2>&1) || true
rm -f "$work/warm.db"

# Every rule's textual tokens, as the rules declare them.
tokens=$("$memdesc" list-rules --format json |
	perl -MJSON::PP -0777 -ne 'print join "|", map { @{$_->{tokens}} } @{decode_json($_)}')
[ -n "$tokens" ] || { echo "bench.sh: no tokens from $memdesc list-rules --format json" >&2; exit 2; }
md=$(measure memdesc "$memdesc" scan -q --db "$work/bench.db" --cache "$cache/build" "$tree" "$@")
rg=$(cd "$tree" && measure ripgrep rg -c --no-messages -e "$tokens" -g '*.[ch]' "$@")

printf '%-10s %9s %9s %9s\n' tool wall_s peak_MB ratio
md_wall=$(echo "$md" | cut -d' ' -f2)
for row in "$md" "$rg"; do
	set -- $row
	printf '%-10s %9s %9s %9s\n' "$1" "$2" "$3" \
		"$(awk -v a="$md_wall" -v b="$2" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')"
done
echo "(ratio: memdesc time / that tool's time; ripgrep is textual, memdesc type-exact)"
sqlite3 "$work/bench.db" "
	WITH d AS (SELECT duration_ms AS ms, row_number() OVER (ORDER BY duration_ms) AS i,
			  count(*) OVER () AS n FROM scan_files WHERE role = 'tu')
	SELECT printf('memdesc: %d files, %d findings; per file: median %d ms, p90 %d ms, max %d ms',
		      max(n), (SELECT count(*) FROM findings),
		      max(CASE WHEN i = (n + 1) / 2 THEN ms END),
		      max(CASE WHEN i = (n * 9 + 9) / 10 THEN ms END), max(ms))
	FROM d"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
