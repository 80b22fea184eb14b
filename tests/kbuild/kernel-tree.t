#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kernel-tree.t - scripts/kernel-tree.sh unpacks a linux-source package once,
# through a fake apt-get that serves a tiny .deb, and is idempotent after.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
script=$top/scripts/kernel-tree.sh
n=0
failed=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		echo "#   Failed test '$2' (status $1)" >&2
		failed=1
	fi
}

if ! command -v dpkg-deb >/dev/null 2>&1; then
	echo "1..0 # SKIP dpkg-deb is not installed"
	exit 0
fi

tmp=$(mktemp -d /tmp/memdesc-kernel-tree-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
version=0.0memdesctest
name=linux-source-$version

# A package like Debian's: usr/src/linux-source-V.tar.xz holding linux-source-V/.
mkdir -p "$tmp/pkg/DEBIAN" "$tmp/pkg/usr/src" "$tmp/t/$name/include/linux"
printf 'VERSION = 0\nPATCHLEVEL = 0\nSUBLEVEL = 0\n' > "$tmp/t/$name/Makefile"
echo 'struct page;' > "$tmp/t/$name/include/linux/mm_types.h"
tar -cJf "$tmp/pkg/usr/src/$name.tar.xz" -C "$tmp/t" "$name"
printf 'Package: %s\nVersion: 1\nArchitecture: all\nMaintainer: test <t@example.org>\nDescription: test\n' \
	"$name" > "$tmp/pkg/DEBIAN/control"
dpkg-deb -b "$tmp/pkg" "$tmp/${name}_1_all.deb" >/dev/null

mkdir -p "$tmp/bin"
cat > "$tmp/bin/apt-get" <<EOF
#!/bin/sh
echo "\$*" >> "$tmp/apt-calls"
[ "\$1 \$2" = "download $name" ] && cp "$tmp/${name}_1_all.deb" .
EOF
chmod +x "$tmp/bin/apt-get"
PATH=$tmp/bin:$PATH
export PATH

out=$("$script" "$version" "$tmp/dest" 2>"$tmp/err") && r=0 || r=$?
ok "$r" "first use downloads and unpacks"
[ "$out" = "$tmp/dest/src/$name" ] && r=0 || r=1
ok "$r" "prints the tree path: $out"
[ -f "$tmp/dest/src/$name/include/linux/mm_types.h" ] && r=0 || r=1
ok "$r" "the tree is complete"
[ -z "$(ls -A "$tmp/dest/debs" | grep -v '\.deb$' || true)" ] &&
	[ -z "$(ls -A "$tmp/dest/src" | grep -v "^$name\$" || true)" ] && r=0 || r=1
ok "$r" "no temporary directories are left"

out2=$("$script" "$version" "$tmp/dest" 2>>"$tmp/err") && r=0 || r=$?
[ "$r" = 0 ] && [ "$out2" = "$out" ] && [ "$(wc -l < "$tmp/apt-calls")" -eq 1 ] && r=0 || r=1
ok "$r" "a second use only prints the path"

mkdir -p "$tmp/dest2/src/$name"
"$script" "$version" "$tmp/dest2" >/dev/null 2>"$tmp/err2" && r=1 || r=0
grep -q "is not a kernel tree" "$tmp/err2" || r=1
ok "$r" "an incomplete directory in the way is reported, not used"

"$script" 0.0nosuchpkg "$tmp/dest3" >/dev/null 2>"$tmp/err3" && r=1 || r=0
grep -q "cannot download\|no linux-source-0.0nosuchpkg" "$tmp/err3" || r=1
ok "$r" "a package that cannot be fetched is an error"

# The plan comes last; a run that checked nothing fails.
if [ "$n" -eq 0 ]; then
	echo "not ok 1 - the test checked nothing"
	n=1
	failed=1
fi
echo "1..$n"
exit $failed
