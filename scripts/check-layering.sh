#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check-layering.sh - report #include edges between the parts of the project
# that the layering forbids.
#
#   scripts/check-layering.sh [ROOT]      (default: this repository)
#
# The parts are top-level folders; any of them may be absent:
#
#   lib/       common code             must not include anything else of the project
#   db/        the finding record, the store, ingest, the read API
#                                      must not include analyzer, kbuild, reports, cli
#   kbuild/    tree and Kbuild handling
#                                      must not include analyzer, db, reports, cli
#   analyzer/  the libclang engine     must not include reports, cli
#   analyzer/rules/  the rules         as analyzer, and not db either
#   reports/   the renderers           must not include analyzer, kbuild, cli
#   convert/   patches and their checks
#                                      must not include analyzer, reports, cli
#   runtime/   src, include, fuzz and bench include nothing outside runtime/
#   cli/, tests/, runtime/t/ and top-level files may include anything.
#
# An include "X" is resolved relative to the including file, then to ROOT;
# an include <X> only relative to ROOT.  One that resolves to no file there
# (a system header, a generated one, one found through -I) is not checked.
# Each violation is printed as
#
#   FILE:LINE: error: includes X (part A must not depend on part B) [layering]
#
# Exit status: 0 if there is none, 1 if there are, 2 on a usage error.
set -eu

if [ $# -gt 1 ]; then
	echo "usage: $0 [ROOT]" >&2
	exit 2
fi
root=${1:-$(dirname "$0")/..}
if [ ! -d "$root" ]; then
	echo "$0: $root: no such directory" >&2
	exit 2
fi
root=$(cd "$root" && pwd -P)

# part_of PATH - the part of a path relative to the root.
part_of() {
	case $1 in
	analyzer/rules/*)			echo analyzer/rules ;;
	runtime/src/* | runtime/include/* | runtime/fuzz/* | runtime/bench/*)
						echo runtime ;;
	runtime/t/*)				echo runtime/t ;;
	*/*)					echo "${1%%/*}" ;;
	*)					echo "$1" ;;
	esac
}

# forbidden A B - does the layering forbid part A to include a file of part B?
forbidden() {
	[ "$1" = "$2" ] && return 1
	case $1 in
	lib)		return 0 ;;
	db)		case $2 in analyzer | analyzer/rules | kbuild | reports | cli) return 0 ;; esac ;;
	kbuild)		case $2 in analyzer | analyzer/rules | db | reports | cli) return 0 ;; esac ;;
	analyzer)	case $2 in reports | cli) return 0 ;; esac ;;
	analyzer/rules)	case $2 in reports | cli | db) return 0 ;; esac ;;
	reports)	case $2 in analyzer | analyzer/rules | kbuild | cli) return 0 ;; esac ;;
	convert)	case $2 in analyzer | analyzer/rules | reports | cli) return 0 ;; esac ;;
	runtime)	case $2 in runtime | runtime/t) return 1 ;; *) return 0 ;; esac ;;
	esac
	return 1
}

# resolve FILE INCLUDE QUOTED - the included file relative to the root, or nothing.
resolve() {
	if [ "$3" = quoted ] && [ -f "$root/$(dirname "$1")/$2" ]; then
		realpath -m --relative-to="$root" "$root/$(dirname "$1")/$2"
	elif [ -f "$root/$2" ]; then
		realpath -m --relative-to="$root" "$root/$2"
	fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-layering.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$root"
for dir in lib db kbuild analyzer reports runtime/src runtime/include runtime/fuzz runtime/bench; do
	[ -d "$dir" ] || continue
	find "$dir" -type f \( -name '*.[ch]' -o -name '*.def' -o -name '*.inc' \) | sort
done > "$tmp/files"

while read -r file; do
	from=$(part_of "$file")
	grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]' "$file" |
	while IFS= read -r hit; do
		line=${hit%%:*}
		text=${hit#*:}
		case $text in
		*\"*)	inc=${text#*\"}; inc=${inc%%\"*}; kind=quoted ;;
		*)	inc=${text#*<}; inc=${inc%%>*}; kind=angle ;;
		esac
		target=$(resolve "$file" "$inc" "$kind")
		[ -n "$target" ] || continue
		to=$(part_of "$target")
		if forbidden "$from" "$to"; then
			echo "$file:$line: error: includes $target (part $from must not depend on part $to) [layering]"
		fi
	done
done < "$tmp/files" > "$tmp/errors"

cat "$tmp/errors"
[ ! -s "$tmp/errors" ]
