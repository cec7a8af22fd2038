#!/usr/bin/env bash
# Runs INSIDE the guest for `make demo`: a tour of SwiftBinder, first on
# swbinder's misc device, then on devices a Waydroid-style start creates in
# swbinder's binderfs, then the very same programs on the kernel's binder_linux.
#   demo-guest.sh <path/to/swbinder.ko>
set -euo pipefail

BIN=.build/debug
LOGS=build/demo
PIDS=()
FAILED=()   # "<driver>: <step>" for every step that did not work

# Print a command as typed at a root prompt, then its output.
run() {
	echo "# $*"
	"$@" 2>&1 || echo "(exit $?)"
	echo
}

say() { printf '\n## %s\n\n' "$*"; }

# start <log> <command...>: run in the background (output to the transcript
# and to <log>) and wait until it prints "ready".
start() {
	local log=$LOGS/$1; shift
	echo "# $* &"
	"$@" > >(tee "$log") 2>&1 &
	PIDS+=($!)
	LAST_PID=$!
	wait_for "$log" '^ready$' || { echo "(did not start: see $log)"; return 1; }
}

# wait_for <file> <regex>: up to 30 s.
wait_for() {
	local i
	for i in $(seq 1 300); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

stop_all() {
	local pid
	for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	PIDS=()
}

# tour <driver> [device]: the same steps on whichever driver provides the device.
tour() {
	local driver=$1 dev=${2:-/dev/binder}
	say "[$driver] 1. What is loaded? binderctl doctor looks"
	run "$BIN/binderctl" doctor
	say "[$driver] 2. The service manager becomes the context manager (handle 0)"
	start "$driver-servicemanager.log" "$BIN/binder-servicemanager" "$dev" ||
		{ FAILED+=("$driver: service manager"); stop_all; return; }
	say "[$driver] 3. An example Swift service registers itself as demo.greeter"
	start "$driver-service.log" "$BIN/binder-demo-service" "$dev" ||
		{ FAILED+=("$driver: demo service"); stop_all; return; }
	local service=$LAST_PID
	say "[$driver] 4. binderctl talks to it from the shell"
	run "$BIN/binderctl" list -d "$dev"
	run "$BIN/binderctl" ping -d "$dev" demo.greeter
	# greet(name): an AIDL call spelled by hand (token, then the String argument)
	run "$BIN/binderctl" call -d "$dev" demo.greeter 1 aidl:demo.IGreeter str:shell
	local tracer=
	if [ "$driver" = swbinder ]; then
		say "[$driver] 5a. binderctl trace watches what follows, live (swbinder's tracepoints; failures from the netlink reports)"
		echo "# $BIN/binderctl trace --device $dev > $LOGS/$driver-trace.log &"
		"$BIN/binderctl" trace --device "$dev" > "$LOGS/$driver-trace.log" 2>&1 &
		tracer=$!
		sleep 1
	fi
	say "[$driver] 5. A Swift client through the generated IGreeter proxy: a sync call, oneway calls, a callback interface, a file descriptor, a death notification"
	echo "# $BIN/binder-demo-client $dev"
	"$BIN/binder-demo-client" "$dev" > >(tee "$LOGS/$driver-client.log") 2>&1 &
	local client=$!
	if wait_for "$LOGS/$driver-client.log" 'waiting for the service to die'; then
		echo "# kill -9 $service    (the service's process dies)"
		kill -9 "$service"
		wait "$service" 2>/dev/null || true
	fi
	wait "$client" || { echo "(client exit $?)"; FAILED+=("$driver: client"); }
	sleep 0.2
	if [ -n "$tracer" ]; then
		sleep 0.5
		kill -INT "$tracer" 2>/dev/null || true
		wait "$tracer" 2>/dev/null || true
		say "[$driver] 5b. What binderctl trace saw (first 40 lines of $(wc -l < "$LOGS/$driver-trace.log"))"
		head -n 40 "$LOGS/$driver-trace.log"
		grep -q ' call id ' "$LOGS/$driver-trace.log" || FAILED+=("$driver: binderctl trace showed no call")
	fi
	say "[$driver] 6. The service manager forgot the dead service"
	run "$BIN/binderctl" list -d "$dev"
	stop_all
}

# What Waydroid does when /proc/filesystems lists binder: mount an instance,
# BINDER_CTL_ADD its three devices, then run Android's side on anbox-binder.
waydroid_style() {
	local fs
	fs=$(cat /sys/module/swbinder/parameters/binderfs_name)
	say "Part 1b: a Waydroid-style start on swbinder's binderfs"
	run grep binder /proc/filesystems
	run mkdir -p /dev/binderfs
	run mount -t "$fs" binder /dev/binderfs
	local name
	for name in anbox-binder anbox-vndbinder anbox-hwbinder; do
		run "$BIN/binderctl" add-device "$name" --binderfs /dev/binderfs
	done
	run ls -l /dev/binderfs /dev/binderfs/features
	run grep -H . /dev/binderfs/features/*
	if [ -c /dev/binderfs/anbox-binder ]; then
		tour swbinder-binderfs /dev/binderfs/anbox-binder
	else
		FAILED+=("swbinder-binderfs: BINDER_CTL_ADD anbox-binder")
	fi
	run umount /dev/binderfs
}

main() {
	[ $# -eq 1 ] || { echo "usage: $0 <swbinder.ko>" >&2; exit 2; }
	local ko=$1
	mkdir -p "$LOGS"
	if [ ! -x "$BIN/binder-demo-client" ]; then
		echo "($BIN is not built: run swift build first)"
		exit 1
	fi
	run uname -r
	say "Part 1: swbinder, this project's driver"
	run insmod "$ko"
	run ls -l /dev/binder /dev/hwbinder /dev/vndbinder
	tour swbinder
	waydroid_style
	run "$BIN/binderctl" stats
	run rmmod swbinder
	say "Part 2: the same programs on the kernel's own binder_linux"
	run modprobe binder_linux devices=binder,hwbinder,vndbinder
	tour binder_linux
	if [ ${#FAILED[@]} -gt 0 ]; then
		printf 'demo FAILED: %s\n' "${FAILED[@]}"
		exit 1
	fi
	echo "Both drivers ran the same unchanged Swift programs."
}

main "$@"
