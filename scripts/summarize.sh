#!/usr/bin/env bash
# Summarize one `make test` run: a table per (kernel, suite) and, as the very
# last line, "N passed, N failed". Reads build/results/ (test logs + exit
# codes), build/vm/<release>/verdict (kernel log checks) and build/kmod/.
# A suite counts as failed, never as passed, when it did not run, printed no
# test summary, ran no test, exited non-zero, or its VM's kernel log check
# failed. Exits non-zero if anything failed or nothing ran.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RESULTS=${SWB_RESULTS_DIR:-$ROOT/build/results}
KERNEL_SUITES="swbinder-load swbinder swbinder-binderfs binder_linux"
REQUIRED_KERNELS="6.1 6.12"
# The test kernels of ../shared/kernels (7.3, debug) are required wherever
# their packages are at hand: make deps installs them from there.
SHARED_KERNELS=${SWB_SHARED_KERNELS:-$ROOT/../shared/kernels}
compgen -G "$SHARED_KERNELS/linux-image-*-swbnext_*.deb" > /dev/null && REQUIRED_KERNELS+=" 7.3"
compgen -G "$SHARED_KERNELS/linux-image-*-swbdebug_*.deb" > /dev/null && REQUIRED_KERNELS+=" debug"

TOTAL_PASSED=0
TOTAL_FAILED=0
# What failed, from the logs of failed rows: printed under the table, so
# that the tail of a run (all a CI page may keep) names the failing tests.
FAILURE_LINES=""
MAX_FAILURE_LINES=24

# "<tests> <failed tests> <skipped tests>" from a log, or "-" if it has no
# test summary. XCTest: the last "Executed N tests, with [S tests skipped
# and] M failures" line; M counts failed assertions, so failed tests are its
# "Test Case '...' failed" lines, or the "FAIL: ..." lines of the check
# scripts (at least 1 if M > 0, at most N). Swift
# Testing: "Test run with N tests", and its failed tests are the "Test x()
# failed after" lines.
count_tests() {
	awk '
	/Executed [0-9]+ tests?, with .*[0-9]+ failures?/ {
		xs = 0
		for (i = 1; i <= NF; i++) {
			if ($i == "Executed") xn = $(i + 1)
			if ($i ~ /^failures?$/) xf = $(i - 1)
			if ($i == "skipped" && i > 2) xs = $(i - 2)
		}
		seen = 1
	}
	/^Test Case .* failed/ || /^FAIL: / { xcases++ }
	/Test run with [0-9]+ tests?/ {
		for (i = 1; i < NF; i++) if ($i == "with") { sn = $(i + 1); break }
		seen = 1
	}
	/Test .* failed after/ && !/Test run with/ { sf++ }
	END {
		if (!seen) { print "-"; exit }
		xfailed = 0
		if (xf > 0) xfailed = xcases < 1 ? 1 : (xcases > xn ? xn : xcases)
		print xn + sn, xfailed + sf, xs + 0
	}' "$1"
}

row() {   # row <kernel> <release> <suite> <passed> <failed> <note>
	printf '%-6s %-22s %-18s %6s %6s  %s\n' "$@"
	TOTAL_PASSED=$((TOTAL_PASSED + $4))
	TOTAL_FAILED=$((TOTAL_FAILED + $5))
}

# Why a kernel's suite left no log.
missing_reason() {
	local rel=$1
	if [ ! -f "$ROOT/build/kmod/$rel/swbinder.ko" ]; then echo "not run: module build failed"
	elif [ ! -f "$ROOT/build/vm/$rel/guest.rc" ]; then echo "not run: VM did not finish"
	else echo "not run"; fi
}

# report <kernel> <release> <suite> <log> <vm verdict or "">
report() {
	local kernel=$1 rel=$2 suite=$3 log=$4 vm=$5 counts n f s rc note=""
	if [ ! -f "$log" ]; then
		row "$kernel" "$rel" "$suite" 0 1 "$( [ "$rel" = - ] && echo "not run" || missing_reason "$rel")"
		return
	fi
	rc=$(cat "${log%.log}.rc" 2>/dev/null || echo none)
	counts=$(count_tests "$log")
	if [ "$counts" = - ]; then
		n=0 f=1 note="no test summary in ${log#"$ROOT"/} (exit $rc)"
	else
		read -r n f s <<< "$counts"
		if [ "$n" = 0 ]; then f=1 note="ran no tests"
		elif [ "$rc" = none ]; then f=$((f + 1)) note="no exit code"
		elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1 note="exit $rc with no failed test"
		fi
		# A skipped test is neither passed nor failed: it is only noted.
		n=$((n > f + s ? n - f - s : 0))
		[ "$s" = 0 ] || note="$s skipped${note:+; $note}"
	fi
	if [ -n "$vm" ] && [ "$vm" != ok ]; then
		f=$((n + f)) n=0 note="kernel log: ${vm#FAIL: }${note:+; $note}"
	fi
	row "$kernel" "$rel" "$suite" "$n" "$f" "$note"
	[ "$f" = 0 ] || note_failures "$kernel $suite" "$log"
}

# The failing tests and assertions of a log: XCTest's "Test Case '...'
# failed" and "...: error: ..." lines, the check scripts' "FAIL: " lines.
failure_lines() {
	grep -E "^Test Case '.*' failed|: error: |^FAIL: |Test .* failed after" "$1" 2>/dev/null | cut -c1-300 || true
}

note_failures() {   # note_failures <label> <log>
	local lines
	lines=$(failure_lines "$2" | head -n 8)
	[ -n "$lines" ] || return 0
	FAILURE_LINES+="$(sed "s|^|$1: |" <<< "$lines")"$'\n'
}

print_failures() {
	[ -n "$FAILURE_LINES" ] || return 0
	echo "what failed (first lines of each failed suite's log in ${RESULTS#"$ROOT"/}):"
	printf '%s' "$FAILURE_LINES" | head -n "$MAX_FAILURE_LINES"
}

# make test's fuzz slice (make fuzz-slice): required where the debug kernel is.
# Its checks are rows of fuzz.log; its VM's kernel log verdict applies too.
report_fuzz() {
	local rel vm
	case " $REQUIRED_KERNELS " in *" debug "*) ;; *) [ -f "$RESULTS/fuzz.log" ] || return 0 ;; esac
	rel=$("$ROOT/scripts/kernels.sh" | awk '$1 == "debug" { print $2 }')
	vm=$(cat "$ROOT/build/vm/fuzz-${rel:-none}/verdict" 2>/dev/null || echo "FAIL: no verdict")
	report fuzz "${rel:--}" "fuzz-$(cat "$RESULTS/fuzz.seed" 2>/dev/null || echo -)" "$RESULTS/fuzz.log" "$vm"
}

# A VM that vm-run ran a second time (a trap in the kernel's own code
# patching, see vm-run.sh): its rows are the second run's; say so.
print_reruns() {
	local f
	for f in "$ROOT"/build/vm/*/rerun.log; do
		[ -s "$f" ] || continue
		echo "note: $(basename "$(dirname "$f")"): $(cat "$f")"
	done
}

main() {
	local label rel suite vm kernels
	printf '%-6s %-22s %-18s %6s %6s  %s\n' kernel release suite passed failed note
	if [ -f "$ROOT/Package.swift" ] || [ -f "$RESULTS/host.log" ]; then
		report host - host "$RESULTS/host.log" ""
		report deps - fresh-apt "$RESULTS/fresh-deps.log" ""
		report host - scripts "$RESULTS/scripts.log" ""
	fi
	kernels=$("$ROOT/scripts/kernels.sh")
	for label in $REQUIRED_KERNELS; do
		grep -q "^$label " <<< "$kernels" || row "$label" - - 0 1 "kernel not installed (make deps)"
	done
	while read -r label rel; do
		[ -n "$rel" ] || continue
		vm=$(cat "$ROOT/build/vm/$rel/verdict" 2>/dev/null || echo "FAIL: no verdict")
		for suite in $KERNEL_SUITES; do
			report "$label" "$rel" "$suite" "$RESULTS/$rel-$suite.log" "$vm"
		done
	done <<< "$kernels"
	report dkms "$(cat "$RESULTS/dkms.release" 2>/dev/null || echo -)" dkms "$RESULTS/dkms.log" ""
	report_fuzz
	print_reruns
	print_failures
	echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
	[ "$TOTAL_FAILED" = 0 ] && [ "$TOTAL_PASSED" -gt 0 ]
}

# Sourced by scripts/tests/summarize-test.sh for count_tests and failure_lines.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main "$@"
fi
