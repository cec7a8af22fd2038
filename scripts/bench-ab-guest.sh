#!/usr/bin/env bash
# Runs INSIDE the guest (scripts/bench-ab.sh): two builds of swbinder, A and
# B, in interleaved rounds in one boot (order alternating per round); each
# round loads one build, runs the workloads, unloads it.
#   bench-ab-guest.sh <A.ko> <B.ko> <raw output file> [rounds, default 5]
set -euo pipefail

A=$1 B=$2 OUT=$3
ROUNDS=${4:-5}
# shellcheck source=bench-lib.sh
source "$(dirname "$0")/bench-lib.sh"
declare -A KO=([A]=$A [B]=$B)
DEV=/dev/swbbench
WORKLOADS=(
	"latency $DEV 0 3000" "latency $DEV 128 3000" "latency $DEV 4096 3000"
	"throughput $DEV 8 2 8" "oneway $DEV 1 4000" "oneway $DEV 4 1000"
)

: > "$OUT"
for round in $(seq 1 "$ROUNDS"); do
	if [ $((round % 2)) = 1 ]; then order=(A B); else order=(B A); fi
	echo "bench-ab-guest: round $round of $ROUNDS (${order[*]})"
	for build in "${order[@]}"; do
		bench_build "${KO[$build]}" "$round" "$build" "${WORKLOADS[@]}"
	done
done
echo "bench-ab-guest: $(wc -l < "$OUT") results in $OUT"
