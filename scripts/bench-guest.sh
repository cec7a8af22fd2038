#!/usr/bin/env bash
# Runs INSIDE the guest (make bench): interleaved rounds of every workload
# against Debian's binder_linux and swbinder in one boot.
#   bench-guest.sh <path/to/swbinder.ko> <raw output file> [rounds, default 5]
# Each round runs every workload on both drivers back to back, alternating
# which goes first (odd rounds binder_linux first, even rounds swbinder), so
# a drift of the machine hits both alike. Every result line of binder-bench
# is written with "kernel= round= driver=" in front; scripts/bench-report.py
# turns the file into ratios, spreads, a CSV and a chart.
set -euo pipefail

KO=$1 OUT=$2
ROUNDS=${3:-5}
BENCH=.build/release/binder-bench
REL=$(uname -r)

# binder_linux first: on 7.3 it registers the "binder" filesystem and the
# "binder" netlink family, and fails to load where swbinder already took
# them; swbinder, loaded second, falls back to "swbinder" for both.
modprobe binder_linux
insmod "$KO" devices=swbbench
# Debian's 6.1/6.12 make /dev/binder; where binderfs is built in (7.3) a
# mount gives binder_linux its device.
if [ -c /dev/binder ]; then
	BL_DEV=/dev/binder
else
	mkdir -p /dev/binderfs
	mount -t binder binder /dev/binderfs
	BL_DEV=/dev/binderfs/binder
fi
declare -A DEV=([binder_linux]=$BL_DEV [swbinder]=/dev/swbbench)

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
	echo "bench-guest: round $round of $ROUNDS (${order[*]})"
	for workload in "${WORKLOADS[@]}"; do
		for driver in "${order[@]}"; do
			# shellcheck disable=SC2086 # the workload is a word list
			args=(${workload/@/${DEV[$driver]}})
			"$BENCH" "${args[@]}" | sed "s|^|kernel=$REL round=$round driver=$driver |" >> "$OUT"
		done
	done
	"$BENCH" pipe 5000 | sed "s|^|kernel=$REL round=$round driver=pipe |" >> "$OUT"
done
echo "bench-guest: $(wc -l < "$OUT") results in $OUT"
