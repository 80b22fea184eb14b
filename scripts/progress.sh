#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# progress.sh - scan Debian's linux-source trees of several kernel versions
# into one database and write the dashboard over it (memdesc report --html).
#
# usage: scripts/progress.sh        (settings from the environment)
#
#   MEMDESC             the binary (default ./memdesc)
#   CACHE               where the trees are unpacked and configured (default .cache)
#   PROGRESS_VERSIONS   the versions, scanned in this order (default "6.1 6.12")
#   PROGRESS_SCOPE      what part of each tree (default "mm fs")
#   PROGRESS_DIR        the dashboard (default build/progress)
#   PROGRESS_DB         the database (default PROGRESS_DIR/progress.db)
#   PROGRESS_RESCAN=1   scan a version again although the database has a
#                       complete scan of its tree and scope
#   PROGRESS_SOURCE_URL the --source-url template (default: elixir.bootlin.com)
#   KCONFIG             defconfig (default) or allmodconfig
#
# With chromium installed, PROGRESS_DIR/dashboard.png is a screenshot of the page.
# Each tree comes from scripts/kernel-tree.sh and is configured out of tree
# by memdesc in CACHE/build; the trees are never written to.
set -eu

die() {
	echo "progress.sh: $*" >&2
	exit 1
}

here=$(cd "$(dirname "$0")/.." && pwd)
memdesc=${MEMDESC:-$here/memdesc}
cache=${CACHE:-$here/.cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd) # the database keeps absolute tree paths
versions=${PROGRESS_VERSIONS:-6.1 6.12}
scope=${PROGRESS_SCOPE:-mm fs}
dir=${PROGRESS_DIR:-$here/build/progress}
db=${PROGRESS_DB:-$dir/progress.db}
elixir='https://elixir.bootlin.com/linux/v{version}/source/{path}#L{line}'
url=${PROGRESS_SOURCE_URL:-$elixir}
kconfig=${KCONFIG:-defconfig}

[ -x "$memdesc" ] || die "no memdesc binary at $memdesc (make first)"
command -v sqlite3 >/dev/null 2>&1 || die "the sqlite3 program is needed (scripts/install-deps.sh progress)"
mkdir -p "$dir" "$(dirname "$db")"

# scanned TREE - the database has a complete scan of TREE with this scope
scanned() {
	[ -f "$db" ] || return 1
	q=$(printf '%s' "$1" | sed "s/'/''/g")
	s=$(printf '%s' "$scope" | sed "s/'/''/g")
	n=$(sqlite3 -batch "file:$db?mode=ro" "SELECT count(*) FROM scans
		WHERE tree = '$q' AND scope = '$s' AND status = 'complete'") || return 1
	[ "$n" -gt 0 ]
}

for v in $versions; do
	tree=$("$here/scripts/kernel-tree.sh" "$v" "$cache") ||
		die "no linux-source-$v tree"
	if [ "${PROGRESS_RESCAN:-0}" != 1 ] && scanned "$tree"; then
		echo "progress.sh: $tree ($scope) is scanned already; PROGRESS_RESCAN=1 scans it again" >&2
		continue
	fi
	echo "progress.sh: scanning $tree ($scope)" >&2
	rc=0
	# shellcheck disable=SC2086
	"$memdesc" scan -q --db "$db" --cache "$cache/build" --config "$kconfig" "$tree" $scope || rc=$?
	case $rc in
	0 | 1) ;;
	3) echo "progress.sh: the scan of $tree is partial: some files could not be scanned" >&2 ;;
	*) die "the scan of $tree failed (exit $rc)" ;;
	esac
done

rc=0
"$memdesc" report --db "$db" --html "$dir" --source-url "$url" || rc=$?
case $rc in
0 | 1 | 3) ;;
*) die "memdesc report --html failed (exit $rc)" ;;
esac

# A picture of it, when a headless browser is there.
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$chromium" ]; then
	profile=$(mktemp -d)
	case $dir in /*) page=$dir ;; *) page=$(pwd)/$dir ;; esac
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$profile" --screenshot="$page/dashboard.png" \
		--window-size=1280,2000 "file://$page/index.html" >/dev/null 2>&1 &&
		echo "progress.sh: screenshot $dir/dashboard.png" >&2
	rm -rf "$profile"
fi
echo "progress.sh: open $dir/index.html" >&2
