#!/usr/bin/env bash
# How scripts/vm-run.sh judges a guest's kernel log, on crafted logs: every
# report pattern fails a run, boot banners pass only before the command,
# and a ring buffer that wrapped during the command is judged from the
# console's copy (or fails the run when that copy is not whole either); a
# guest that never finished fails, naming the running test and the stack,
# except once for a trap in the kernel's own code patching.
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

# outcome <case> <got> <expected> <file shown under a failure>
outcome() {
	if [ "$2" = "$3" ]; then
		echo "PASS: $1"
	else
		echo "FAIL: $1: got $2, expected $3"
		sed 's/^/    /' "$4"
		FAILURES=$((FAILURES + 1))
	fi
}

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
	outcome "$name${REASON:+ ($REASON)}" "$rc" "$want" "$VMDIR/output"
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
	printf '%b' '[    0.1] rcu: \tRCU lockdep checking is enabled.\r\n'"$START"'[   39.0] BUG: unable to handle page fault for address: ff11000012345678\r\n[   39.1] CPU: 1 UID: 0 PID: 0 Comm: swapper/1 Not tainted 7.3.4-swbnext\r\n[   39.2] RIP: 0010:srcu_irq_work+0x1c/0x40\r\n[   39.3] RIP: 0010:later_one+0x1/0x2\r\n[   40.1] watchdog: BUG: soft lockup - CPU#1 stuck for 27s! [SwiftBinderPack:147]\r\n[   40.2] Call Trace:\r\n[   40.3]  swb_read_one+0x7e/0x990 [swbinder]\r\n[   40.4] Kernel panic - not syncing: softlockup: hung tasks\r\n' \
		> "$VMDIR/console.log"
	REASON=""
	check_kernel_log > "$VMDIR/output" 2>&1 || rc=$?
	for want in "test-swbinder.log: Test Case 'A.testTwo' started" 'swb_read_one+0x7e' 'Kernel panic'; do
		grep -qF "$want" "$VMDIR/output" || rc="$rc, no \"$want\" in the output"
	done
	# The verdict line itself names the report, where the CPU was and the task.
	for want in 'BUG: unable to handle page fault' 'RIP srcu_irq_work+0x1c/0x40' 'task swapper/1'; do
		[[ "$REASON" == *"$want"* ]] || rc="$rc, no \"$want\" in the verdict"
	done
	outcome "$name ($REASON)" "$rc" 1 "$VMDIR/output"
}
unfinished "a guest that did not finish fails, naming the running test and the stack"

# A trap in the kernel's own code patching (7.3 under TCG): recognised only
# by its fingerprint, and the guest runs again once.
INT3_OOPS='[    8.689132] Oops: int3: 0000 [#1] SMP NOPTI\r\n[    8.690114] CPU: 1 UID: 0 PID: 108 Comm: SwiftBinderPack Tainted: G O 7.3.4-swbnext #1\r\n'
INT3_CODE='[    8.691513] Code: c7 43 18 00 00 00 00 66 <90> 48 8b 83 08 03 00 00\r\n'
INT3_TAIL='[    8.693878] Call Trace:\r\n[    8.694081]  try_to_wake_up+0x298/0x6d0\r\n[    8.697986] Kernel panic - not syncing: Fatal exception in interrupt\r\n'
# patching_trap <case> <expected: 0 recognised, 1 not> <console.log>
patching_trap() {
	local name=$1 want=$2 rc=0
	CASES=$((CASES + 1))
	VMDIR=$WORK/$CASES RESULTS=$WORK/$CASES/results
	mkdir -p "$RESULTS"
	touch "$VMDIR/start.uptime"
	printf '%b' "$START$3" > "$VMDIR/console.log"
	echo "partial" > "$RESULTS/$REL-swbinder.log"
	rerun_after_patching_trap > "$WORK/$CASES.out" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		# Kept aside, said once, and a second trap is not run again.
		[ -s "$VMDIR/patching-trap-rerun/console.log" ] && [ -s "$VMDIR/patching-trap-rerun/$REL-swbinder.log" ] ||
			rc="$rc, the first run's logs not kept"
		grep -q "Oops: int3.*RIP ttwu_do_activate+0x8f/0x180; task SwiftBinderPack" "$VMDIR/rerun.log" 2>/dev/null ||
			rc="$rc, rerun.log does not name the trap"
		printf '%b' "$START$3" > "$VMDIR/console.log"
		rerun_after_patching_trap > /dev/null 2>&1 && rc="$rc, a second trap was run again too"
	fi
	outcome "$name" "$rc" "$want" "$WORK/$CASES.out"
}
patching_trap "int3 Oops in kernel text, breakpoint already gone: run again once" 0 \
	"$INT3_OOPS"'[    8.691043] RIP: 0010:ttwu_do_activate+0x8f/0x180\r\n'"$INT3_CODE$INT3_TAIL"
patching_trap "int3 Oops, the int3 still there (a jump into padding): a failure" 1 \
	"$INT3_OOPS"'[    8.691043] RIP: 0010:ttwu_do_activate+0x8f/0x180\r\n[    8.6915] Code: 00 00 00 cc <cc> cc cc\r\n'"$INT3_TAIL"
patching_trap "int3 Oops in swbinder's text: a failure" 1 \
	"$INT3_OOPS"'[    8.691043] RIP: 0010:swb_read_one+0x8f/0x180 [swbinder]\r\n'"$INT3_CODE$INT3_TAIL"
patching_trap "a report before the int3 Oops: a failure" 1 \
	'[    8.1] BUG: KASAN: use-after-free in swb_x\r\n'"$INT3_OOPS"'[    8.691043] RIP: 0010:ttwu_do_activate+0x8f/0x180\r\n'"$INT3_CODE$INT3_TAIL"
patching_trap "another kind of Oops: a failure" 1 \
	'[    8.6] Oops: general protection fault, probably for non-canonical address\r\n[    8.691043] RIP: 0010:ttwu_do_activate+0x8f/0x180\r\n'"$INT3_CODE$INT3_TAIL"

# The whole of main() with boot() stubbed: the first boot dies of such a
# trap, the second finishes clean; the run passes, says so, and boots twice.
# With two traps in a row it fails.
BOOTS=$WORK/boots
boot() {
	local n
	n=$(( $(cat "$BOOTS" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$BOOTS"
	echo 1 > "$VMDIR/start.uptime"
	if [ "$n" -le "$TRAPS" ]; then
		printf '%b' "$START$INT3_OOPS"'[    8.691043] RIP: 0010:ttwu_do_activate+0x8f/0x180\r\n'"$INT3_CODE$INT3_TAIL" > "$VMDIR/console.log"
		return 255
	fi
	printf '%b' "$START" > "$VMDIR/console.log"
	printf '%b' "$START" > "$VMDIR/dmesg.log"
	echo 0 > "$VMDIR/guest.rc"
}
whole_run() {
	local name=$1 want=$2 rc=0
	CASES=$((CASES + 1))
	TRAPS=$3
	rm -f "$BOOTS"
	(SWB_VM_DIR=$WORK/$CASES SWB_RESULTS_DIR=$WORK/$CASES-results VM_LOCK=$WORK/vm.lock main test true) \
		> "$WORK/$CASES.out" 2>&1 || rc=$?
	[ "$rc" = 0 ] || rc=1
	[ "$(cat "$BOOTS")" = "$((TRAPS > 1 ? 2 : TRAPS + 1))" ] || rc="$rc, booted $(cat "$BOOTS") times"
	if [ "$want" = 0 ]; then
		[ -s "$WORK/$CASES/rerun.log" ] || rc="$rc, no rerun.log"
		grep -q "running the guest again, once" "$WORK/$CASES.out" || rc="$rc, the output does not say it runs again"
	fi
	outcome "$name" "$rc" "$want" "$WORK/$CASES.out"
}
whole_run "vm-run: a patching trap, then a clean run: passes, booted twice, said so" 0 1
whole_run "vm-run: a patching trap twice: fails, booted twice" 1 2

echo "Executed $CASES tests, with $FAILURES failures"
[ "$FAILURES" = 0 ]
