#!/usr/bin/env bash
# Build swbinder.ko for one kernel release:
#   scripts/build-kmod.sh <release>   ->  build/kmod/<release>/swbinder.ko
# The sources are copied to a per-release directory so builds for several
# kernels never share objects. Built with W=1; any warning fails the build.
# SWB_KMOD_DIR overrides the source directory (default: kmod/).
# SWB_NO_OBSERVE=1 builds swbinder with transaction reports and tracepoints
# compiled out (make bench's baseline for what they cost), into
# build/kmod/<release>-no-observe/ instead.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "build-kmod: $*" >&2; exit 1; }

# Fresh copy every time: a partial rebuild would not recompile unchanged
# files and so would hide their warnings from the W=1 check below.
copy_sources() {
	local src=$1 dst=$2
	rm -rf "$dst"
	mkdir -p "$dst"
	tar -C "$src" -cf - \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='*.a' --exclude='.*.cmd' --exclude='.tmp_*' \
		--exclude='Module.symvers' --exclude='modules.order' . |
		tar -C "$dst" -xf -
}

main() {
	[ $# -eq 1 ] || die "usage: $0 <kernel-release>"
	local rel=$1 src=${SWB_KMOD_DIR:-$ROOT/kmod}
	local kdir=/lib/modules/$rel/build out=$ROOT/build/kmod/$rel flags=()
	local warnings log
	if [ "${SWB_NO_OBSERVE:-0}" = 1 ]; then
		out=$ROOT/build/kmod/$rel-no-observe
		flags=(SWB_NO_OBSERVE=1)
	fi
	log=$out/build.log
	[ -d "$src" ] || die "no module sources in $src"
	[ -e "$kdir/Makefile" ] || die "no kernel build tree at $kdir (run make deps)"

	copy_sources "$src" "$out"
	if ! make -C "$kdir" M="$out" W=1 "${flags[@]}" -j"$(nproc)" modules > "$log" 2>&1; then
		grep -E -i 'error|warning:' "$log" | head -n 40 >&2 || tail -n 40 "$log" >&2
		die "build failed for $rel (full log: ${log#"$ROOT"/})"
	fi
	# Case-insensitive: also catches modpost's "WARNING:" lines.
	warnings=$(grep -i 'warning:' "$log" || true)
	if [ -n "$warnings" ]; then
		echo "$warnings" >&2
		die "$(echo "$warnings" | wc -l) warning line(s) building for $rel (full log: ${log#"$ROOT"/})"
	fi
	[ -f "$out/swbinder.ko" ] || die "build for $rel produced no swbinder.ko"
	echo "build-kmod: ${out#"$ROOT"/}/swbinder.ko"
}

main "$@"
