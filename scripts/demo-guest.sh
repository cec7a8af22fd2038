#!/usr/bin/env bash
# Runs INSIDE the guest for `make demo`: load swbinder with its default
# devices and show, command by command, what a user would see.
#   demo-guest.sh <path/to/swbinder.ko>
set -euo pipefail

# Print a command as typed at a root prompt, then its output.
run() {
	echo "# $*"
	"$@" 2>&1 || echo "(exit $?)"
	echo
}

main() {
	[ $# -eq 1 ] || { echo "usage: $0 <swbinder.ko>" >&2; exit 2; }
	local ko=$1 ctl=.build/debug/binderctl
	run uname -r
	run insmod "$ko"
	run grep swbinder /proc/modules
	run cat /sys/module/swbinder/parameters/devices
	run ls -l /dev/binder /dev/hwbinder /dev/vndbinder
	if [ -x "$ctl" ]; then
		run "$ctl" version /dev/binder
		run "$ctl" probe /dev/binder
		run "$ctl" stats
	else
		echo "# ($ctl is not built: skipping binderctl)"
		echo
	fi
	run rmmod swbinder
	echo "swbinder loaded, created its devices and unloaded cleanly."
}

main "$@"
