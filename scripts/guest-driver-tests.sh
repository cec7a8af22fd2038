#!/usr/bin/env bash
# Runs INSIDE the guest (scripts/vm-run.sh boots it):
#   guest-driver-tests.sh <release> <path/to/swbinder.ko> <test-command...>
# (a) insmod swbinder with two test devices, run the test command on
#     /dev/swbtest0, then again on a device that BINDER_CTL_ADD created in a
#     binderfs instance (suite swbinder-binderfs), rmmod; (b) 20 insmod/rmmod
#     cycles; (c) a bad device name
#     must be refused; (e) the allocator's in-kernel self-test passes;
#     with kmemleak, nothing may leak up to here;
#     (d) modprobe Debian's binder_linux (it cannot be unloaded, so it goes
#     last) and run the same test command on /dev/binder, or on
#     /dev/binderfs/binder where binderfs is built in (7.3); there, (f)
#     swbinder loads again under its own names ("swbinder"), and asking for
#     the upstream names is refused; (g) asked for, the upstream names are
#     swbinder's while binder_linux is not loaded; (h) before (d): swbinder
#     loaded first, binder_linux still loads.
# Writes to $SWB_RESULTS_DIR (default build/results):
#   <release>-swbinder.log/.rc, <release>-swbinder-binderfs.log/.rc,
#   <release>-binder_linux.log/.rc: test command output, exit code;
#   <release>-coverage.log: "<test> <item>" per protocol item a test made swbinder count;
#   <release>-swbinder-load.log/.rc: the module load checks (a)-(c), with an
#   XCTest-style "Executed N tests, with M failures" line for summarize.sh.
# Exits non-zero if any check or test run failed.
set -euo pipefail

# Seconds a suite may take before it counts as hung, so that the rest still
# runs: well over a whole suite on a slow machine (the debug kernel's
# misc-device suite: ~700 s, 1200 s allowed; any other kernel's: ~170 s,
# 450 s allowed), set in main() once REL is known.
SUITE_TIMEOUT=
# On the debug kernel (KASAN: every Swift process takes seconds to start)
# the suite on swbinder's misc device runs every class; the suites on its
# binderfs device and on binder_linux leave out the classes that drive the
# driver through BinderKit, AIDL, the service manager and the kill storm:
# they take half of a suite's time there, and the driver paths they take
# are the ones the misc-device suite has just run under KASAN and lockdep.
# Every other kernel runs every class on every device. (make test must end
# within CI's 90 minutes.)
DEBUG_KERNEL_LEAVE_OUT="AIDLBehaviourTests BinderKitBinderTests BinderKitDeathTests BinderKitFileDescriptorTests BinderKitServiceManagerTests BinderKitThreadPoolTests KillStormTests ServiceManagerAIDLTests ServiceManagerClientTests ServiceManagerFallbackTests"
FAILED=0
CHECKS=0
CHECK_FAILURES=0

say() { echo "guest-tests[$REL]: $*"; }

# Also mark the phase in the kernel log, so a WARNING there can be placed.
phase() {
	say "$*"
	echo "guest-tests: $*" > /dev/kmsg 2>/dev/null || true
}

# check <name> <command...>: one module load check, recorded in LOAD_LOG.
check() {
	local name=$1; shift
	CHECKS=$((CHECKS + 1))
	if "$@" >> "$LOAD_LOG" 2>&1; then
		echo "PASS: $name" >> "$LOAD_LOG"
		say "PASS: $name"
	else
		echo "FAIL: $name" >> "$LOAD_LOG"
		say "FAIL: $name"
		CHECK_FAILURES=$((CHECK_FAILURES + 1))
		FAILED=1
		return 1
	fi
}

# The classes a suite leaves out (DEBUG_KERNEL_LEAVE_OUT above).
leave_out() {
	[ "$1" != swbinder ] && [[ "$REL" == *-swbdebug ]] && echo "$DEBUG_KERNEL_LEAVE_OUT"
	return 0
}

# run_suite <suite> <driver> <device>: the test command against one device.
run_suite() {
	local suite=$1 driver=$2 device=$3 log=$RESULTS/$REL-$1.log rc=0
	phase "running tests on $device ($suite)"
	local skip; skip=$(leave_out "$suite")
	[ -z "$skip" ] || say "$suite: on the debug kernel, left out: $skip"
	# Which BC_/BR_/ioctl each test exercised, counted by swbinder (binder-gen --coverage).
	local coverage=$RESULTS/$REL-coverage.log
	[ "$suite" = swbinder ] && rm -f "$coverage" || coverage=
	SWB_TEST_DEVICE=$device SWB_TEST_DRIVER=$driver SWB_COVERAGE_LOG=$coverage SWB_TEST_LEAVE_OUT=$skip \
		timeout -k 10 "$SUITE_TIMEOUT" "${TEST_CMD[@]}" > "$log" 2>&1 || rc=$?
	echo "$rc" > "$RESULTS/$REL-$suite.rc"
	say "$suite: exit $rc; $(grep -E 'Executed [0-9]+ tests?' "$log" | tail -n 1 | sed 's/^[[:space:]]*//' || echo 'no Executed line')"
	[ "$rc" = 0 ] && return 0
	FAILED=1
	# The failing tests, in the console log too (a CI page may keep nothing else).
	grep -E "^Test Case '.*' failed|: error: " "$log" | head -n 10 | cut -c1-300 |
		while IFS= read -r line; do say "$suite: $line"; done || true
}

# BINDER_CTL_ADD <instance> <name>: creates a device, prints major:minor.
ctl_add() {
	python3 - "$1" "$2" <<'PY'
import fcntl, os, struct, sys
fd = os.open(sys.argv[1] + "/binder-control", os.O_RDWR)
req = bytearray(struct.pack("256sII", sys.argv[2].encode(), 0, 0))
fcntl.ioctl(fd, 0xc1086201, req)  # BINDER_CTL_ADD
print("%d:%d" % struct.unpack_from("II", req, 256))
PY
}

swbinder_fs_type() { cat /sys/module/swbinder/parameters/binderfs_name; }
SWB_FS_MOUNT=/tmp/swbinder-binderfs
mount_swbinder_fs() {
	mkdir -p "$SWB_FS_MOUNT" &&
		mount -t "$(swbinder_fs_type)" swbinder "$SWB_FS_MOUNT" &&
		ctl_add "$SWB_FS_MOUNT" swbtest-fs &&
		test -c "$SWB_FS_MOUNT/swbtest-fs"
}
rmmod_refused_while_mounted() { ! rmmod swbinder 2>/dev/null; }
# The whole suite again, on a device that binderfs made.
test_swbinder_binderfs() {
	phase "(a2) the suite on a binderfs device of swbinder"
	if check "binderfs: mount -t $(swbinder_fs_type), BINDER_CTL_ADD swbtest-fs" mount_swbinder_fs; then
		run_suite swbinder-binderfs swbinder "$SWB_FS_MOUNT/swbtest-fs"
		check "rmmod refused while a binderfs instance is mounted" rmmod_refused_while_mounted || true
		check "umount of the binderfs instance" umount "$SWB_FS_MOUNT" || true
		check "debugfs stats after the binderfs suite: nothing live" stats_all_idle || true
	else
		suite_not_run swbinder-binderfs "binderfs mount or BINDER_CTL_ADD failed"
	fi
}

swbinder_family() { cat /sys/module/swbinder/parameters/report_family; }
BINDERCTL=.build/debug/binderctl
kernel_at_least() { printf '%s\n%s\n' "$1" "$(uname -r)" | sort -V -C; }
# The report family swbinder chooses by default: "swbinder" where the
# kernel's binder sends reports itself (6.18 and later), else "binder".
auto_family() { if kernel_at_least 6.18; then echo swbinder; else echo binder; fi; }

# (f) Next to the kernel's binderfs (binder_linux loaded), swbinder's
# default names are its own, logged once, and its binderfs works.
own_names_beside_kernel_binder() {
	local before after ok=0
	before=$(dmesg | grep -c "the kernel's binder has filesystem" || true)
	insmod "$KO" devices=swbtest0 || return 1
	after=$(dmesg | grep -c "the kernel's binder has filesystem" || true)
	grep -qw swbinder /proc/filesystems || { echo "no swbinder in /proc/filesystems"; ok=1; }
	[ "$(swbinder_fs_type)" = swbinder ] || { echo "binderfs_name=$(swbinder_fs_type)"; ok=1; }
	[ "$(swbinder_family)" = "$(auto_family)" ] || { echo "report_family=$(swbinder_family)"; ok=1; }
	[ $((after - before)) = 1 ] || { echo "own binderfs name logged $((after - before)) times"; ok=1; }
	if mkdir -p "$SWB_FS_MOUNT" && mount -t swbinder swbinder "$SWB_FS_MOUNT"; then
		test -c "$SWB_FS_MOUNT/binder-control" || ok=1
		ctl_add "$SWB_FS_MOUNT" own-name-dev || ok=1
		umount "$SWB_FS_MOUNT" || ok=1
	else
		ok=1
	fi
	rmmod swbinder || ok=1
	return $ok
}

# (f) Asked for explicitly, a name the kernel's binder owns is refused:
# the load fails and says why.
explicit_taken_name_refused() {
	local param=$1
	if insmod "$KO" devices=swbtest0 "$param"; then
		echo "insmod $param succeeded"
		rmmod swbinder
		return 1
	fi
	dmesg | tail -n 5 | grep 'swbinder: cannot register'
	! is_loaded swbinder
}

# (g) Asked for explicitly, the upstream names are swbinder's while the
# kernel's binder is not loaded.
explicit_upstream_names() {
	local ok=0
	insmod "$KO" devices=swbtest0 binderfs_name=binder report_family=binder || return 1
	[ "$(swbinder_fs_type)" = binder ] || { echo "binderfs_name=$(swbinder_fs_type)"; ok=1; }
	[ "$(swbinder_family)" = binder ] || { echo "report_family=$(swbinder_family)"; ok=1; }
	grep -qw binder /proc/filesystems || { echo "no binder in /proc/filesystems"; ok=1; }
	# Where the kernel's binder wants one of them, doctor says it could not load now.
	if [ -x "$BINDERCTL" ] && { grep -qs '^CONFIG_ANDROID_BINDERFS=y' "/boot/config-$REL" || kernel_at_least 6.18; }; then
		"$BINDERCTL" doctor | grep 'load order:' || { echo "binderctl doctor names no load order problem"; ok=1; }
	fi
	rmmod swbinder || ok=1
	return $ok
}

# (h) Load order: swbinder first with its default names, then the kernel's
# binder_linux must load too (6.18+'s treats a taken name as fatal).
swbinder_then_binder_linux() {
	insmod "$KO" devices=swbtest0 || return 1
	echo "swbinder: binderfs \"$(swbinder_fs_type)\", report family \"$(swbinder_family)\""
	if ! modprobe binder_linux; then
		echo "modprobe binder_linux failed after swbinder"
		dmesg | tail -n 5
		rmmod swbinder
		return 1
	fi
	is_loaded binder_linux && rmmod swbinder
}

# Records a suite that could not run, so it is counted as failed, not missing.
suite_not_run() {
	echo "not run: $2" > "$RESULTS/$REL-$1.log"
	echo 1 > "$RESULTS/$REL-$1.rc"
	FAILED=1
}

is_loaded() { grep -q "^$1 " /proc/modules; }
module_gone() { ! is_loaded swbinder; }
devices_exist() { test -c /dev/swbtest0 && test -c /dev/swbtest1; }
# After the suite every object the driver counts must be gone.
stats_all_idle() {
	local stats=/sys/kernel/debug/swbinder/stats
	[ -r "$stats" ] || { echo "no $stats"; return 1; }
	cat "$stats"
	grep -q '^proc: active 0 ' "$stats" && ! grep -E 'active [1-9-]' "$stats"
}
# The kernel keeps the module while a file of it is open.
rmmod_refused_while_open() {
	local refused=0
	exec 3</dev/swbtest0
	rmmod swbinder 2>/dev/null || refused=1
	exec 3<&-
	[ "$refused" = 1 ]
}
# Every live object of the driver holds a module reference (kmod/stats.h),
# so a leaked one keeps rmmod from succeeding: an open file counts twice,
# for its fops and for its proc.
module_refs_follow_objects() {
	local refs
	exec 3</dev/swbtest0
	refs=$(cat /sys/module/swbinder/refcnt)
	exec 3<&-
	echo "refcnt with one file open: $refs"
	[ "$refs" = 2 ] && [ "$(cat /sys/module/swbinder/refcnt)" = 0 ]
}
refuses_bad_name() {
	if insmod "$KO" devices='bad/name'; then
		rmmod swbinder
		return 1
	fi
	! is_loaded swbinder
}
# The allocator's in-kernel self-test (kmod/alloc_selftest.c) runs in the
# mmap of every open file while alloc_selftest=1 and logs its verdict.
ALLOC_SELFTEST_MAP=$((4 << 20))
alloc_selftest_passes() {
	local before after
	insmod "$KO" devices=swbtest0 alloc_selftest=1 || return 1
	before=$(dmesg | grep -c 'swbinder: alloc selftest: ' || true)
	python3 -c 'import mmap, os, sys
fd = os.open("/dev/swbtest0", os.O_RDWR)
m = mmap.mmap(fd, int(sys.argv[1]), mmap.MAP_SHARED, mmap.PROT_READ)
m.close(); os.close(fd)' "$ALLOC_SELFTEST_MAP" || { rmmod swbinder; return 1; }
	rmmod swbinder || return 1
	after=$(dmesg | grep 'swbinder: alloc selftest: ' | tail -n +$((before + 1)))
	echo "$after"
	[ -n "$after" ] && ! grep -qv 'alloc selftest: passed' <<< "$after"
}

load_cycles() {
	local i
	for i in $(seq 1 20); do
		insmod "$KO" || { echo "insmod failed in cycle $i"; return 1; }
		rmmod swbinder || { echo "rmmod failed in cycle $i"; return 1; }
	done
}

test_swbinder() {
	phase "(a) insmod devices=swbtest0,swbtest1"
	if check "insmod devices=swbtest0,swbtest1" insmod "$KO" devices=swbtest0,swbtest1; then
		if check "/dev/swbtest0 and /dev/swbtest1 exist" devices_exist; then
			run_suite swbinder swbinder /dev/swbtest0
			check "debugfs stats: no live proc, thread, node, ref, transaction or buffer" stats_all_idle || true
			check "rmmod refused while a device is open" rmmod_refused_while_open || true
			check "module refcount: one per open file and one per live object" module_refs_follow_objects || true
			test_swbinder_binderfs
		else
			suite_not_run swbinder "the test devices were not created"
		fi
		check "rmmod swbinder after the tests" rmmod swbinder || true
	else
		suite_not_run swbinder "insmod failed"
		suite_not_run swbinder-binderfs "insmod failed"
	fi
	phase "(b) 20 insmod/rmmod cycles"
	check "20 insmod/rmmod cycles (default devices)" load_cycles || true
	check "module gone after the cycles" module_gone || true
	phase "(c) bad device list"
	check "insmod devices=bad/name is refused" refuses_bad_name || true
	phase "(g) upstream names on request"
	check "insmod binderfs_name=binder report_family=binder: swbinder takes both" explicit_upstream_names || true
	phase "(e) allocator self-test"
	check "allocator self-test (alloc_selftest=1) passes" alloc_selftest_passes || true
	if [ -e /sys/kernel/debug/kmemleak ]; then
		phase "leak scan after swbinder's tests"
		check "kmemleak: no leak after swbinder's tests" no_swbinder_leaks || true
	fi
}

finish_load_log() {
	echo "Executed $CHECKS tests, with $CHECK_FAILURES failures" >> "$LOAD_LOG"
	echo "$CHECK_FAILURES" > "${LOAD_LOG%.log}.rc"
}

# On kernels with kmemleak: scan before binder_linux loads. Frames of the
# unloaded swbinder are printed when the report is read, and once
# binder_linux reuses its addresses they would be blamed on binder_linux.
# Two scans: kmemleak never reports an object on the first scan that sees it.
no_swbinder_leaks() {
	local k=/sys/kernel/debug/kmemleak out=$RESULTS/$REL-kmemleak-swbinder.log
	sleep 5    # kmemleak ignores objects younger than 5 s
	echo scan > "$k" && echo scan > "$k" && cat "$k" > "$out"
	echo clear > "$k"   # the final scan (vm-run.sh) then shows only later leaks
	[ ! -s "$out" ] || { echo "kmemleak report: $out"; head -n 20 "$out"; return 1; }
}

# binder_linux's device: /dev/binder where it makes misc devices (Debian's
# 6.1 and 6.12); where binderfs is built in (7.3) it makes none, and a
# binderfs mount gives it binder, hwbinder and vndbinder.
BINDERFS_MOUNT=/dev/binderfs
binder_linux_device() {
	if [ -c /dev/binder ]; then
		echo /dev/binder
	elif grep -qw binder /proc/filesystems; then
		mkdir -p "$BINDERFS_MOUNT" &&
			mount -t binder binder "$BINDERFS_MOUNT" >&2 &&
			test -c "$BINDERFS_MOUNT/binder" &&
			echo "$BINDERFS_MOUNT/binder"
	else
		return 1
	fi
}

test_binder_linux() {
	local device
	phase "(h) swbinder first, then modprobe binder_linux"
	check "load order: swbinder (default names) first, then binder_linux: both load" swbinder_then_binder_linux || true
	phase "(d) modprobe binder_linux"
	if modprobe binder_linux && device=$(binder_linux_device); then
		run_suite binder_linux binder_linux "$device"
		if grep -qw binder /proc/filesystems; then
			phase "(f) swbinder next to the kernel's binderfs"
			check "binder_linux owns \"binder\": swbinder loads with its own names, logged once" own_names_beside_kernel_binder || true
			check "binder_linux owns \"binder\": binderfs_name=binder is refused" explicit_taken_name_refused binderfs_name=binder || true
			if kernel_at_least 6.18; then
				check "binder_linux owns family \"binder\": report_family=binder is refused" explicit_taken_name_refused report_family=binder || true
			fi
		fi
	else
		say "FAIL: modprobe binder_linux / no /dev/binder and no binderfs device"
		suite_not_run binder_linux "modprobe binder_linux failed, or neither /dev/binder nor a binderfs device"
	fi
}

main() {
	[ $# -ge 3 ] || { echo "usage: $0 <release> <swbinder.ko> <test-command...>" >&2; exit 2; }
	REL=$1 KO=$(realpath "$2"); shift 2
	TEST_CMD=("$@")
	RESULTS=${SWB_RESULTS_DIR:-build/results}
	LOAD_LOG=$RESULTS/$REL-swbinder-load.log
	[ "$(uname -r)" = "$REL" ] || { echo "running $(uname -r), expected $REL" >&2; exit 2; }
	if [[ "$REL" == *-swbdebug ]]; then SUITE_TIMEOUT=${SWB_SUITE_TIMEOUT:-1200}
	else SUITE_TIMEOUT=${SWB_SUITE_TIMEOUT:-450}; fi
	mkdir -p "$RESULTS"
	rm -f "$RESULTS/$REL"-*
	if is_loaded swbinder || is_loaded binder_linux; then
		echo "a binder module is already loaded; expected a fresh guest" >&2
		exit 2
	fi
	test_swbinder
	test_binder_linux
	finish_load_log
	return "$FAILED"
}

main "$@"
