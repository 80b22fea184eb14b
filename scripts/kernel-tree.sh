#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kernel-tree.sh - print the path of an unpacked Debian linux-source-VERSION
# tree under DESTDIR, unpacking it on first use.
#
# usage: scripts/kernel-tree.sh VERSION DESTDIR
#
# The tree comes from /usr/src/linux-source-VERSION.tar.xz when the package
# is installed, else from the .deb fetched with "apt-get download" into
# DESTDIR/debs (no root needed; nothing is installed).  It is unpacked into a
# temporary directory and renamed into place, so DESTDIR/src/linux-source-
# VERSION only ever holds a complete tree.
set -eu

die() {
	echo "kernel-tree.sh: $*" >&2
	exit 1
}

is_tree() {
	[ -f "$1/Makefile" ] && [ -f "$1/include/linux/mm_types.h" ]
}

[ $# -eq 2 ] || die "usage: kernel-tree.sh VERSION DESTDIR"
version=$1
dest=$2
case $version in
'' | */* | *' '*) die "bad version: $version" ;;
esac
name=linux-source-$version
tree=$dest/src/$name

if [ -e "$tree" ]; then
	is_tree "$tree" || die "$tree exists but is not a kernel tree"
	echo "$tree"
	exit 0
fi

mkdir -p "$dest/src"
tmp=
unpacked=
cleanup() {
	[ -z "$tmp" ] || rm -rf "$tmp"
	[ -z "$unpacked" ] || rm -rf "$unpacked"
}
trap cleanup EXIT
trap 'exit 130' HUP INT TERM

tarball=/usr/src/$name.tar.xz
if [ ! -f "$tarball" ]; then
	mkdir -p "$dest/debs"
	(cd "$dest/debs" && apt-get download "$name" >&2) ||
		die "cannot download $name: apt-get download failed"
	deb=$(ls -t "$dest/debs/${name}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || die "no $name .deb in $dest/debs after apt-get download"
	unpacked=$(mktemp -d "$dest/debs/.$name.XXXXXX")
	dpkg-deb -x "$deb" "$unpacked"
	tarball=$unpacked/usr/src/$name.tar.xz
	[ -f "$tarball" ] || die "no usr/src/$name.tar.xz in $deb"
fi

tmp=$(mktemp -d "$dest/src/.$name.XXXXXX")
tar -xJf "$tarball" -C "$tmp"
is_tree "$tmp/$name" || die "no $name/ kernel tree in $tarball"
# mv -T fails instead of moving into a tree another run renamed in meanwhile
if ! mv -T "$tmp/$name" "$tree" 2>/dev/null; then
	is_tree "$tree" || die "cannot move the tree into $tree"
fi
echo "$tree"
