#!/usr/bin/env bash
# Runs INSIDE the guest (make bench): interleaved rounds of every workload
# against Debian's binder_linux and swbinder in one boot, and of a few call
# workloads against swbinder with and without its transaction reports and
# tracepoints (nobody listening).
#   bench-guest.sh <swbinder.ko> <no-observe swbinder.ko> <raw output file> [rounds, default 5]
# Each round:
#  1. observe: the two swbinder builds, the one with reports and tracepoints
#     ("observe-on", the module make test tests) and the one built with
#     SWB_NO_OBSERVE=1 ("observe-off"), each loaded alone in turn, running
#     OBSERVE_WORKLOADS, twice each in the order A B B A (B A A B in even
#     rounds);
#  2. drivers: every workload on both drivers back to back, alternating
#     which goes first (odd rounds binder_linux first, even rounds swbinder).
# So a drift of the machine hits both sides of each comparison alike. Every
# result line of binder-bench is written with "kernel= round= driver=" in
# front; scripts/bench-report.py turns the file into ratios, spreads, a CSV
# and a chart.
set -euo pipefail

KO=$1 KO_OFF=$2 OUT=$3
ROUNDS=${4:-5}
SWB_DEV=/dev/swbbench
# shellcheck source=bench-lib.sh
source "$(dirname "$0")/bench-lib.sh"

# swbinder first, then binder_linux: with its default names (auto) swbinder
# leaves "binder" to a kernel binder that registers it, so both load in
# either order.
insmod "$KO" devices=swbbench
modprobe binder_linux
# Debian's 6.1/6.12 make /dev/binder; where binderfs is built in (7.3) a
# mount gives binder_linux its device.
if [ -c /dev/binder ]; then
	BL_DEV=/dev/binder
else
	mkdir -p /dev/binderfs
	mount -t binder binder /dev/binderfs
	BL_DEV=/dev/binderfs/binder
fi
declare -A DEV=([binder_linux]=$BL_DEV [swbinder]=$SWB_DEV)
declare -A OBSERVE_KO=([observe-on]=$KO [observe-off]=$KO_OFF)

# The call path: where a tracepoint or report check would cost something.
OBSERVE_WORKLOADS=(
	"latency $SWB_DEV 0 2000" "latency $SWB_DEV 128 2000" "latency $SWB_DEV 4096 2000"
	"throughput $SWB_DEV 8 2 8" "oneway $SWB_DEV 1 4000" "oneway $SWB_DEV 4 1000"
)

# Phase 1 of a round; swbinder (observe-on) is loaded again afterwards.
observe_round() {
	local round=$1 build order
	# A B B A: each build runs twice, so an effect of going first (the
	# previous round's workloads just ended) or a drift cancels out within
	# the round; bench-report.py averages the two.
	if [ $((round % 2)) = 1 ]; then
		order=(observe-on observe-off observe-off observe-on)
	else
		order=(observe-off observe-on observe-on observe-off)
	fi
	rmmod swbinder
	for build in "${order[@]}"; do
		bench_build "${OBSERVE_KO[$build]}" "$round" "$build" "${OBSERVE_WORKLOADS[@]}"
	done
	insmod "$KO" devices=swbbench
}

WORKLOADS=(
	"latency @ 0 2000" "latency @ 128 2000" "latency @ 4096 2000"
	"latency @ 65536 1000" "latency @ 1048576 100"
	"throughput @ 1 2 8" "throughput @ 2 2 8" "throughput @ 4 2 8" "throughput @ 8 2 8"
	"oneway @ 1 4000" "oneway @ 4 1000"
	"memory @ 2000"
)

: > "$OUT"
for round in $(seq 1 "$ROUNDS"); do
	if [ $((round % 2)) = 1 ]; then order=(binder_linux swbinder); else order=(swbinder binder_linux); fi
	echo "bench-guest: round $round of $ROUNDS (${order[*]}; reports and tracepoints on/off)"
	observe_round "$round"
	for workload in "${WORKLOADS[@]}"; do
		for driver in "${order[@]}"; do
			# shellcheck disable=SC2086 # the workload is a word list
			args=(${workload/@/${DEV[$driver]}})
			bench_tagged "$round" "$driver" "${args[@]}"
		done
	done
	bench_tagged "$round" pipe pipe 5000
done
echo "bench-guest: $(wc -l < "$OUT") results in $OUT"
