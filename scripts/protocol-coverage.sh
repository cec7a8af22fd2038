#!/usr/bin/env bash
# Writes docs/protocol-coverage.md from the coverage logs that the DriverTests
# left in build/results/<release>-coverage.log (see guest-driver-tests.sh),
# one per required kernel (6.1, 6.12 and 7.3): `binder-gen --coverage` names every
# BC_/BR_/ioctl of the spec with no test on swbinder on some kernel and then
# exits 1. A kernel whose run left no log covers nothing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RESULTS=${SWB_RESULTS_DIR:-$ROOT/build/results}
REQUIRED_KERNELS="6.1 6.12 7.3"

cd "$ROOT"
kernels=$(scripts/kernels.sh)
args=()
for label in $REQUIRED_KERNELS; do
	rel=$(awk -v l="$label" '$1 == l { print $2 }' <<< "$kernels")
	args+=(--coverage "$label=$RESULTS/${rel:-not-installed}-coverage.log")
done
exec swift run --skip-build binder-gen "${args[@]}"
