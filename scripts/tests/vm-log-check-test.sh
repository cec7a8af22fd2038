#!/usr/bin/env bash
# How scripts/vm-run.sh judges a guest's kernel log, on crafted logs: every
# report pattern fails a run, boot banners pass only before the command,
# and a ring buffer that wrapped during the command is judged from the
# console's copy (or fails the run when that copy is not whole either); a
# guest that never finished fails, naming the running test and the stack.
# Prints PASS/FAIL per case and an XCTest-style "Executed N tests" line.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../vm-run.sh
source "$ROOT/scripts/vm-run.sh"
set +e    # a failing case must be counted, not end the run
REL=test
CASES=0
FAILURES=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

START='[    1.000000] vm-run: guest command start\n'

# judged <case> <expected exit: 0 clean, 1 failed> <dmesg.log> <console.log> [kmemleak.log]
judged() {
	local name=$1 want=$2 rc=0
	CASES=$((CASES + 1))
	VMDIR=$WORK/$CASES
	mkdir -p "$VMDIR"
	echo 0 > "$VMDIR/guest.rc"
	touch "$VMDIR/start.uptime"
	printf '%b' "$3" > "$VMDIR/dmesg.log"
	printf '%b' "$4" > "$VMDIR/console.log"
	printf '%b' "${5:-}" > "$VMDIR/kmemleak.log"
	REASON=""
	check_kernel_log > "$VMDIR/output" 2>&1 || rc=$?
	if [ "$rc" = "$want" ]; then
		echo "PASS: $name${REASON:+ ($REASON)}"
	else
		echo "FAIL: $name: exit $rc, expected $want${REASON:+ ($REASON)}"
		sed 's/^/    /' "$VMDIR/output"
		FAILURES=$((FAILURES + 1))
	fi
}

judged "a clean log passes" 0 "$START[    2.0] swbinder: loaded\n" "$START"
for report in 'WARNING: CPU: 1 PID: 7 at kmod/x.c:1' 'BUG: KASAN: use-after-free in swb_x' \
	'Oops: 0000 [#1] SMP' 'UBSAN: shift-out-of-bounds' 'WARNING: possible circular locking dependency detected' \
	'list_del corruption. prev->next should be x' 'INFO: task x:1 blocked for more than 120 seconds.' \
	'general protection fault, probably for non-canonical address'; do
	judged "fails on: $report" 1 "$START[    2.0] $report\n" "$START"
done
judged "a boot banner before the command passes" 0 \
	'[    0.1] kmemleak: Kernel memory leak detector initialized (mem pool available: 15)\n'"$START" ""
judged "the same banner after the command start fails" 1 \
	"$START"'[    9.0] kmemleak: Kernel memory leak detector initialized (mem pool available: 15)\n' ""
judged "ring wrapped, console clean: passes" 0 \
	'[   90.0] binder_linux: 5:5 ioctl c0306201 0 returned -11\n' \
	"[    0.5] booting\n$START"'[   90.0] binder_linux: 5:5 ioctl c0306201 0 returned -11\n'
judged "ring wrapped, console lines end in CR LF, banners before the start pass" 0 \
	'[   90.0] spam\n' \
	'[    0.1] rcu: \tRCU lockdep checking is enabled.\r\n[    1.000000] vm-run: guest command start\r\n[    2.0] ok\r\n'
judged "ring wrapped, report only in the console's copy: fails" 1 \
	'[   90.0] binder_linux: 5:5 ioctl c0306201 0 returned -11\n' \
	"$START"'[    2.0] BUG: KASAN: slab-out-of-bounds in swb_translate\n[   90.0] spam\n'
judged "ring wrapped and the console dropped messages: fails" 1 \
	'[   90.0] spam\n' "$START"'** 12 printk messages dropped **\n'
judged "a leak in kmemleak.log fails" 1 "$START" "$START" \
	'unreferenced object 0xffff888012345678 (size 128):\n  comm "bfuzz", pid 7\n'

# A guest that never finished (a soft lockup panicked it): the run fails,
# and the output names the test that was running and shows the stack.
unfinished() {
	local name=$1 rc=0 want
	CASES=$((CASES + 1))
	VMDIR=$WORK/$CASES RESULTS=$WORK/$CASES/results
	mkdir -p "$RESULTS"
	touch "$VMDIR/start.uptime"
	printf "Test Case 'A.testOne' started at 1\nTest Case 'A.testOne' passed (1 seconds)\nTest Case 'A.testTwo' started at 2\n" \
		> "$RESULTS/test-swbinder.log"
	printf '%b' "$START"'[   40.1] watchdog: BUG: soft lockup - CPU#1 stuck for 27s! [SwiftBinderPack:147]\r\n[   40.2] Call Trace:\r\n[   40.3]  swb_read_one+0x7e/0x990 [swbinder]\r\n[   40.4] Kernel panic - not syncing: softlockup: hung tasks\r\n' \
		> "$VMDIR/console.log"
	REASON=""
	check_kernel_log > "$VMDIR/output" 2>&1 || rc=$?
	for want in "test-swbinder.log: Test Case 'A.testTwo' started" 'swb_read_one+0x7e' 'Kernel panic'; do
		grep -qF "$want" "$VMDIR/output" || rc="$rc, no \"$want\" in the output"
	done
	if [ "$rc" = 1 ]; then
		echo "PASS: $name ($REASON)"
	else
		echo "FAIL: $name: exit $rc, expected 1"
		sed 's/^/    /' "$VMDIR/output"
		FAILURES=$((FAILURES + 1))
	fi
}
unfinished "a guest that did not finish fails, naming the running test and the stack"

echo "Executed $CASES tests, with $FAILURES failures"
[ "$FAILURES" = 0 ]
