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

# Names of binder.h, binderfs.h and binder_netlink.h (7.3+): BINDER_ covers
# the netlink family's BINDER_FAMILY_, BINDER_A_, BINDER_CMD_ and
# BINDER_MCGRP_ names; its enum sentinels start with two underscores.
names() {
	grep -ohE '(\b|\b__)(BINDER|BC|BR|TF|FLAT_BINDER|B_TYPE|B_PACK|BINDERFS)_[A-Z0-9_]*[A-Z0-9]\b|(struct|enum) [a-z_]+ \{' "$@" |
		sed 's/ {$//' | sort -u
}

# Every header the kernel has in linux/android/ must be generated too.
headers() { (cd "$1" && ls -- *.h) | sort; }
missing_headers=$(comm -23 <(headers "$theirs") <(headers "$ours"))
if [ -n "$missing_headers" ]; then
	echo "check-uapi-names: $theirs has headers the spec does not generate:" >&2
	echo "$missing_headers" | sed 's/^/  /' >&2
	exit 1
fi

status=0
for header in $(headers "$theirs"); do
	missing=$(comm -23 <(names "$theirs/$header") <(names "$ours/$header"))
	if [ -n "$missing" ]; then
		echo "check-uapi-names: $theirs/$header declares names the spec lacks:" >&2
		echo "$missing" | sed 's/^/  /' >&2
		status=1
	fi
done
[ $status -eq 0 ] || exit 1
echo "check-uapi-names: every name of $theirs ($(headers "$theirs" | tr '\n' ' ' | sed 's/ $//')) is in the spec"
