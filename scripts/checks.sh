# Sourced by host-side check scripts (check-fresh-deps.sh, dkms-test.sh):
# named checks and the XCTest-style closing line scripts/summarize.sh counts.
CHECKS=0
FAILURES=0

check() {   # check <name> <command...>
	local name=$1; shift
	CHECKS=$((CHECKS + 1))
	if "$@"; then
		echo "PASS: $name"
	else
		echo "FAIL: $name"
		FAILURES=$((FAILURES + 1))
	fi
}

checks_summary() {
	echo "Executed $CHECKS tests, with $FAILURES failures"
}
