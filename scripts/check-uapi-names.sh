#!/usr/bin/env bash
# Every binder name a kernel's own uapi headers declare must exist in ours.
# (The compile-time ABI check proves the values of everything the spec has;
# this proves the spec is not missing anything that kernel has.)
# Usage: scripts/check-uapi-names.sh <kernel build dir>
set -euo pipefail

build=$1
ours=kmod/include/uapi/linux/android
# Debian splits a header tree in two: the flavour's Makefile includes the
# common tree's Makefile, which holds include/uapi.
tree=$(readlink -f "$build")
common=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$tree/Makefile" | head -1)
theirs=$tree/include/uapi/linux/android
[ -f "$theirs/binder.h" ] || theirs=${common:-$tree}/include/uapi/linux/android
[ -f "$theirs/binder.h" ] || { echo "check-uapi-names: no binder.h under $build" >&2; exit 1; }

names() {
	grep -ohE '\b(BINDER|BC|BR|TF|FLAT_BINDER|B_TYPE|B_PACK|BINDERFS)_[A-Z0-9_]*[A-Z0-9]\b|(struct|enum) [a-z_]+ \{' "$@" |
		sed 's/ {$//' | sort -u
}

missing=$(comm -23 <(names "$theirs"/binder*.h) <(names "$ours"/binder*.h))
if [ -n "$missing" ]; then
	echo "check-uapi-names: $theirs declares names the spec lacks:" >&2
	echo "$missing" | sed 's/^/  /' >&2
	exit 1
fi
echo "check-uapi-names: every name of $theirs is in the spec"
