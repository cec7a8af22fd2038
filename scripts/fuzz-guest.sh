#!/usr/bin/env bash
# Runs INSIDE the guest (scripts/fuzz.sh boots it):
#   fuzz-guest.sh <release> <swbinder.ko> <binder-fuzz> <seconds> <seed> [both|swbinder]
# binder-fuzz for <seconds> against swbinder (insmod, /dev/swbtest0), then
# judged: every live counter of debugfs stats back to zero, the module
# refcount back to zero, rmmod succeeds, kmemleak finds nothing (scanned
# here, before binder_linux loads, so swbinder's unloaded frames are not
# blamed on it). Then binder-fuzz with the same seed against binder_linux
# (/dev/binder, or a binderfs device), which cannot be unloaded and whose
# stats keep dead nodes: only its run is judged here. The kernel log (KASAN,
# lockdep, UBSAN, list corruption, hung tasks) and the final kmemleak scan
# are vm-run.sh's. Writes $SWB_RESULTS_DIR/fuzz.log with one PASS/FAIL line
# per check and an XCTest-style "Executed N tests, with M failures" line.
set -euo pipefail
# A write to a closed terminal pipe returns EPIPE instead of killing us.
trap '' PIPE

CHECKS=0
FAILURES=0
# Work left after the last process exits (deferred release) settles within this.
SETTLE_S=30

say() { echo "fuzz-guest: $*" || true; echo "fuzz-guest: $*" > /dev/kmsg 2>/dev/null || true; }

# A result line goes to the log and to the terminal. Only the log counts:
# failing to show a line (the console gone, a broken pipe) must not decide
# the run, so the terminal copy is best effort and outside any pipeline.
record() {
	echo "$*" >> "$LOG"
	echo "$*" || true
}

check() {
	local name=$1; shift
	CHECKS=$((CHECKS + 1))
	if "$@" >> "$LOG" 2>&1; then
		record "PASS: $name"
	else
		record "FAIL: $name"
		FAILURES=$((FAILURES + 1))
		return 1
	fi
}

fuzz() {
	local device=$1 rc=0
	timeout -k 10 $((SECONDS_PER_DRIVER + 60)) "$FUZZ" --device "$device" --seconds "$SECONDS_PER_DRIVER" \
		--seed "$SEED" --procs 4 --threads 3 || rc=$?
	echo "binder-fuzz exit $rc"
	return "$rc"
}

STATS=/sys/kernel/debug/swbinder/stats
live_counts() { grep -E '^[a-z_]+: active ' "$STATS"; }
# Counters come back to zero once the released files' deferred work ran.
# (The counts are read once per try, then matched: with pipefail, a grep -q
# that stops reading early could fail the pipeline and pass a nonzero count.)
stats_back_to_zero() {
	local i counts
	for i in $(seq 1 "$SETTLE_S"); do
		counts=$(live_counts)
		if ! grep -qE 'active [1-9-]' <<< "$counts"; then
			echo "$counts"
			return 0
		fi
		sleep 1
	done
	echo "after ${SETTLE_S} s:"
	live_counts
	# What is left, for the failure's reader: procs, their threads, nodes, work.
	head -n 80 /sys/kernel/debug/swbinder/state || true
	return 1
}
module_refcount_zero() {
	local refs
	refs=$(cat /sys/module/swbinder/refcnt)
	echo "refcnt $refs"
	[ "$refs" = 0 ]
}
no_kmemleak() {
	local k=/sys/kernel/debug/kmemleak out=$RESULTS/fuzz-kmemleak-swbinder.log
	[ -w "$k" ] || { echo "no kmemleak in this kernel"; return 0; }
	sleep 5    # kmemleak ignores objects younger than 5 s
	echo scan > "$k" && echo scan > "$k" && cat "$k" > "$out"
	echo clear > "$k"
	[ ! -s "$out" ] || { head -n 30 "$out"; return 1; }
}

binder_linux_device() {
	if [ -c /dev/binder ]; then
		echo /dev/binder
	elif grep -qw binder /proc/filesystems; then
		mkdir -p /dev/binderfs && mount -t binder binder /dev/binderfs >&2 && echo /dev/binderfs/binder
	else
		return 1
	fi
}

fuzz_swbinder() {
	say "swbinder: binder-fuzz --seconds $SECONDS_PER_DRIVER --seed $SEED"
	check "insmod swbinder devices=swbtest0" insmod "$KO" devices=swbtest0 || return 0
	check "swbinder: binder-fuzz ran to its time bound" fuzz /dev/swbtest0 || true
	# What the run made the driver do: every nonzero BC_/BR_ count and ioctl.
	grep -E '^(BC|BR)_[A-Z_]+: ' "$STATS" > "$RESULTS/fuzz-swbinder-stats.log" || true
	cat /sys/kernel/debug/swbinder/extra_stats >> "$RESULTS/fuzz-swbinder-stats.log" 2>/dev/null || true
	check "swbinder: every live counter of debugfs stats back to zero" stats_back_to_zero || true
	# Workers that sent their own binder files to each other, unread, made cycles (kmod/file_cycles.c).
	record "swbinder: procs released by the binder-file cycle collector: $(sed -n 's/^file_cycle_procs_collected: //p' \
		/sys/kernel/debug/swbinder/extra_stats | grep . || echo 0)"
	check "swbinder: module refcount back to zero" module_refcount_zero || true
	check "swbinder: rmmod succeeds" rmmod swbinder || true
	check "swbinder: kmemleak finds nothing" no_kmemleak || true
}

fuzz_binder_linux() {
	local device
	say "binder_linux: binder-fuzz --seconds $SECONDS_PER_DRIVER --seed $SEED"
	if check "modprobe binder_linux and find its device" modprobe binder_linux; then
		device=$(binder_linux_device) || { check "binder_linux device" false || true; return 0; }
		check "binder_linux: binder-fuzz ran to its time bound" fuzz "$device" || true
	fi
}

main() {
	[ $# = 5 ] || [ $# = 6 ] || { echo "usage: $0 <release> <swbinder.ko> <binder-fuzz> <seconds> <seed> [both|swbinder]" >&2; exit 2; }
	REL=$1 KO=$(realpath "$2") FUZZ=$(realpath "$3") SECONDS_PER_DRIVER=$4 SEED=$5 DRIVERS=${6:-both}
	RESULTS=${SWB_RESULTS_DIR:-build/results}
	LOG=$RESULTS/fuzz.log
	[ "$(uname -r)" = "$REL" ] || { echo "running $(uname -r), expected $REL" >&2; exit 2; }
	mkdir -p "$RESULTS"
	: > "$LOG"
	fuzz_swbinder
	[ "$DRIVERS" = swbinder ] || fuzz_binder_linux
	record "Executed $CHECKS tests, with $FAILURES failures"
	[ "$FAILURES" = 0 ]
}

main "$@"
