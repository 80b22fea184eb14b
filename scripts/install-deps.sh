#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# install-deps.sh GROUP... - install the Debian packages memdesc needs for
# each GROUP (build, test, scan, patch, bench, progress) when they are missing.  Works as root or
# through sudo; does nothing when everything is there.
set -eu

packages_for() {
	case "$1" in
	build) echo "gcc make libc6-dev libclang-dev libsqlite3-dev libjansson-dev libxxhash-dev" ;;
	test) echo "perl sqlite3 clang libclang-rt-14-dev git chromium python3-jsonschema linux-source-6.12 xz-utils flex bison bc libelf-dev libssl-dev python3 coccinelle patch b4" ;;
	scan) echo "xz-utils flex bison bc libelf-dev libssl-dev python3 coccinelle" ;;
	bench) echo "ripgrep coccinelle clang-tools perl time sqlite3" ;;
	patch) echo "coccinelle git patch perl" ;;
	progress) echo "linux-source-6.1 linux-source-6.12 sqlite3" ;;
	*) echo "install-deps.sh: unknown group '$1' (build, test, scan, patch, bench, progress)" >&2; exit 2 ;;
	esac
}

missing=""
for group in "$@"; do
	for pkg in $(packages_for "$group"); do
		status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
		case "$status" in
		*" installed") ;;
		*) missing="$missing $pkg" ;;
		esac
	done
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	as_root=""
elif command -v sudo >/dev/null 2>&1; then
	as_root="sudo"
else
	echo "install-deps.sh: missing packages:$missing; install them as root" >&2
	exit 1
fi
echo "install-deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
# shellcheck disable=SC2086
$as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
