#!/usr/bin/env bash
# Runs the DriverTests of the built XCTest bundle (inside the VM), against the
# device in SWB_TEST_DEVICE. XCTest on Linux filters by Module.Class, so the
# class list is read from the bundle itself. SWB_TEST_LEAVE_OUT: class names
# (space-separated, without "DriverTests.") not to run.
set -euo pipefail

bundle=${SWB_TEST_BUNDLE:-$(dirname "$0")/../.build/debug/SwiftBinderPackageTests.xctest}
leave_out=" ${SWB_TEST_LEAVE_OUT:-} "
classes=$("$bundle" --list-tests | sed -n 's|^DriverTests\.\([A-Za-z0-9_]*\)/.*|\1|p' | sort -u |
	while read -r class; do
		[[ "$leave_out" == *" $class "* ]] || echo "DriverTests.$class"
	done | paste -sd, -)
[ -n "$classes" ] || { echo "run-driver-tests: no DriverTests in $bundle" >&2; exit 1; }
[ -z "${SWB_TEST_LEAVE_OUT:-}" ] || echo "run-driver-tests: left out: $SWB_TEST_LEAVE_OUT"
exec "$bundle" "$classes"
