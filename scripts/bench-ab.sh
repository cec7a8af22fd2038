#!/usr/bin/env bash
# Two builds of swbinder against each other, in one boot of one kernel:
#   scripts/bench-ab.sh <git revision A> [kernel label, default 7.3]
# A is swbinder as of the revision, B the working tree. Used to show what a
# change costs on the call path (e.g. the tracepoints and transaction
# reports, with nobody listening: A = the commit before they came).
# Writes build/bench-ab/: A.ko, B.ko, <release>.raw and the report
# (ratio = B / A, median of interleaved rounds, min-max in brackets).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/bench-ab
cd "$ROOT"
[ $# -ge 1 ] || { echo "usage: $0 <revision A> [kernel label]" >&2; exit 2; }
rev=$1 label=${2:-7.3}
rel=$(scripts/kernels.sh | awk -v l="$label" '$1 == l { print $2 }')
[ -n "$rel" ] || { echo "bench-ab: kernel $label not installed (make deps)" >&2; exit 1; }

rm -rf "$OUT"; mkdir -p "$OUT/src-A"
git archive "$rev" kmod | tar -x -C "$OUT/src-A"
SWB_KMOD_DIR=$OUT/src-A/kmod scripts/build-kmod.sh "$rel"
cp "build/kmod/$rel/swbinder.ko" "$OUT/A.ko"
scripts/build-kmod.sh "$rel"
cp "build/kmod/$rel/swbinder.ko" "$OUT/B.ko"
swift build -c release --product binder-bench > "$OUT/bench-build.log" 2>&1
lsm=$(grep -qs '^CONFIG_SECURITY_SELINUX=y' "/boot/config-$rel" && echo "security=selinux selinux=1")
SWB_VM_DIR=$OUT/vm SWB_VM_SLUB_DEBUG= SWB_VM_APPEND_EXTRA="$lsm" \
	scripts/vm-run.sh "$rel" scripts/bench-ab-guest.sh "$OUT/A.ko" "$OUT/B.ko" "$OUT/$rel.raw" "${SWB_BENCH_ROUNDS:-5}"
echo "A = swbinder at $(git rev-parse --short "$rev"), B = the working tree ($(git rev-parse --short HEAD)$(git diff --quiet -- kmod || echo ', modified'))"
SWB_BENCH_DRIVERS="A B" scripts/bench-report.py "$OUT" "$OUT/$rel.raw"
