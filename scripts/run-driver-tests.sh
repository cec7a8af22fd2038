#!/usr/bin/env bash
# Runs the DriverTests of the built XCTest bundle (inside the VM), against the
# device in SWB_TEST_DEVICE. XCTest on Linux filters by Module.Class, so the
# class list is read from the bundle itself.
set -euo pipefail

bundle=${SWB_TEST_BUNDLE:-$(dirname "$0")/../.build/debug/SwiftBinderPackageTests.xctest}
classes=$("$bundle" --list-tests | sed -n 's|^\(DriverTests\.[A-Za-z]*\)/.*|\1|p' | sort -u | paste -sd, -)
[ -n "$classes" ] || { echo "run-driver-tests: no DriverTests in $bundle" >&2; exit 1; }
exec "$bundle" "$classes"
