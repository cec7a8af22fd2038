#!/usr/bin/env bash
# Print the supported kernels installed on this machine, one per line as
# "<label> <release>": "6.1" (Debian bookworm), "6.12" (bookworm-backports) and
# "7.3" (the *-swbnext kernel from ../shared/kernels: Debian's newest kernel
# source, binder_linux with binderfs built in) and "debug" (the *-swbdebug
# KASAN/lockdep kernel), each only when installed.
# A release counts only if both its image (/boot/vmlinuz-R, to boot it) and
# its build tree (/lib/modules/R/build, to build the module) are present.
# When several releases of one series are installed, the newest wins.
set -euo pipefail

usable() {
	[ -f "/boot/vmlinuz-$1" ] && [ -e "/lib/modules/$1/build/Makefile" ]
}

label_of() {
	case "$1" in
	*-swbdebug) echo debug ;;
	7.3.*-swbnext) echo 7.3 ;;
	6.1.*) echo 6.1 ;;
	6.12.*) echo 6.12 ;;
	esac
}

main() {
	local rel label
	declare -A best=()
	for rel in $(ls /lib/modules 2>/dev/null | sort -V); do
		label=$(label_of "$rel")
		[ -n "$label" ] && usable "$rel" && best[$label]=$rel
	done
	for label in 6.1 6.12 7.3 debug; do
		[ -n "${best[$label]:-}" ] && echo "$label ${best[$label]}"
	done
	return 0
}

main "$@"
