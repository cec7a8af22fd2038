#!/usr/bin/env bash
# How scripts/summarize.sh counts a suite's tests from its log: XCTest's
# summary line (skipped tests apart, failed tests from "Test Case ... failed"),
# the check scripts' PASS/FAIL lines under the same summary line (the load
# checks, dkms, the fuzz slice), Swift Testing's, and a log with none.
# Prints PASS/FAIL per case and an XCTest-style "Executed N tests" line.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../summarize.sh
source "$ROOT/scripts/summarize.sh"
set +e    # a failing case must be counted, not end the run
CASES=0
FAILURES=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# counted <case> <expected "tests failed skipped"> <log text>
counted() {
	local name=$1 want=$2 got
	CASES=$((CASES + 1))
	printf '%b' "$3" > "$WORK/$CASES.log"
	got=$(count_tests "$WORK/$CASES.log")
	if [ "$got" = "$want" ]; then
		echo "PASS: $name"
	else
		echo "FAIL: $name: counted \"$got\", expected \"$want\""
		FAILURES=$((FAILURES + 1))
	fi
}

counted "XCTest, all passed, some skipped" "213 0 4" \
	"Test Suite 'All tests' passed.\n\t Executed 213 tests, with 4 tests skipped and 0 failures (0 unexpected) in 441.11 (441.11) seconds\n"
counted "XCTest, two tests failed with three assertions" "20 2 0" \
	"Test Case '-[A.B testOne]' failed (0.1 seconds).\nTest Case '-[A.B testTwo]' failed (0.2 seconds).\n\t Executed 20 tests, with 3 failures (0 unexpected) in 1.0 (1.0) seconds\n"
counted "check script, all passed" "5 0 0" "PASS: one\nPASS: two\nExecuted 5 tests, with 0 failures\n"
counted "check script, three FAIL lines: three failed (the line ends in 'failures')" "8 3 0" \
	"PASS: a\nFAIL: b\nFAIL: c\nFAIL: d\nExecuted 8 tests, with 3 failures\n"
counted "check script, one failure" "4 1 0" "FAIL: only\nExecuted 4 tests, with 1 failure\n"
counted "Swift Testing, one failed" "7 1 0" \
	"Test x() failed after 0.1 seconds with 1 issue.\nTest run with 7 tests failed after 1.0 seconds with 1 issue.\n"
counted "no summary line" "-" "PASS: a\nsomething crashed\n"

# The lines the summary shows under its table for a failed suite.
CASES=$((CASES + 1))
printf '%b' "Test Case 'A.B testOne' passed (0.1 seconds)\n/src/B.swift:12: error: A.B testTwo : XCTAssertTrue failed - late\nTest Case 'A.B testTwo' failed (0.2 seconds)\nPASS: fine\nFAIL: rmmod succeeds\n" > "$WORK/$CASES.log"
got=$(failure_lines "$WORK/$CASES.log" | tr '\n' '|')
want="/src/B.swift:12: error: A.B testTwo : XCTAssertTrue failed - late|Test Case 'A.B testTwo' failed (0.2 seconds)|FAIL: rmmod succeeds|"
if [ "$got" = "$want" ]; then echo "PASS: failure lines of a log"; else echo "FAIL: failure lines: \"$got\""; FAILURES=$((FAILURES + 1)); fi

echo "Executed $CASES tests, with $FAILURES failures"
[ "$FAILURES" = 0 ]
