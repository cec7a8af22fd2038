#!/usr/bin/env bash
# make fuzz SECONDS=N SEED=S: binder-fuzz in the debug kernel (KASAN,
# lockdep, kmemleak), N seconds against swbinder, then N seconds against
# binder_linux in the same boot (scripts/fuzz-guest.sh), judged there and by
# vm-run.sh's kernel log and kmemleak checks.
#   scripts/fuzz.sh [seconds per driver] [seed]
# SEED defaults to a random one; it is printed, and a failing run prints the
# one command that reproduces it. Writes build/results/fuzz.{log,rc,seed}
# and build/vm/fuzz-<release>/ (kept apart from make kernel-test's VM logs).
# SWB_FUZZ_DRIVERS=swbinder: swbinder only. SWB_KMOD_DIR: build the module
# from another source tree (scripts/build-kmod.sh), e.g. a scratch revert.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SECS=${1:-60}
SEED=${2:-}
[ -n "$SEED" ] || SEED=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
RESULTS=${SWB_RESULTS_DIR:-$ROOT/build/results}
# SWB_FUZZ_KERNEL: another label of scripts/kernels.sh (a quicker smoke run).
REL=$(scripts/kernels.sh | awk -v l="${SWB_FUZZ_KERNEL:-debug}" '$1 == l { print $2 }')
REPRO="make fuzz SECONDS=$SECS SEED=$SEED"

mkdir -p "$RESULTS"
echo "$SEED" > "$RESULTS/fuzz.seed"
fail() {
	echo "fuzz: FAIL: $*"
	echo "fuzz: reproduce with: $REPRO"
	echo 1 > "$RESULTS/fuzz.rc"
	exit 1
}
[ -n "$REL" ] || { echo "no debug kernel installed" > "$RESULTS/fuzz.log"; fail "no debug (*-swbdebug) kernel installed (make deps)"; }
echo "fuzz: seed $SEED, $SECS s per driver, kernel $REL"

export PATH=/opt/swift/usr/bin:$PATH
swift build -c release --product binder-fuzz > "$RESULTS/fuzz-build.log" 2>&1 || { tail -n 20 "$RESULTS/fuzz-build.log"; fail "binder-fuzz build"; }
scripts/build-kmod.sh "$REL" > "$RESULTS/fuzz-kmod.log" 2>&1 || { tail -n 20 "$RESULTS/fuzz-kmod.log"; fail "module build"; }

rc=0
SWB_VM_DIR=$ROOT/build/vm/fuzz-$REL SWB_VM_TIMEOUT=$((2 * SECS + 900)) \
	scripts/vm-run.sh "$REL" scripts/fuzz-guest.sh "$REL" "build/kmod/$REL/swbinder.ko" \
	"$(swift build -c release --show-bin-path)/binder-fuzz" "$SECS" "$SEED" "${SWB_FUZZ_DRIVERS:-both}" || rc=$?
echo "$rc" > "$RESULTS/fuzz.rc"
grep -E 'commands in' "$RESULTS/fuzz.log" 2>/dev/null || true
if [ "$rc" != 0 ]; then
	fail "see $RESULTS/fuzz.log and build/vm/fuzz-$REL/ (verdict: $(cat "build/vm/fuzz-$REL/verdict" 2>/dev/null || echo none))"
fi
echo "fuzz: PASS (seed $SEED)"
