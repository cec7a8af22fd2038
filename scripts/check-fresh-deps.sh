#!/usr/bin/env bash
# `make deps` on a machine that never ran `apt-get update`, without touching
# this machine: APT_CONFIG points apt at an empty dpkg status file, empty
# lists and an empty cache, with APT::Get::Simulate, and install-deps.sh must
#   1. update the lists itself, resolve the backports kernel and plan the
#      whole install (apt-get prints "Inst" lines; nothing is installed);
#   2. when a step cannot succeed (here: apt sources that lack backports),
#      exit non-zero and say which step failed and what to do.
# Prints an XCTest-style "Executed N tests, with M failures" line, which
# scripts/summarize.sh counts. Exit status: the number of failed checks.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/swbinder-fresh-apt.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
. "$ROOT/scripts/checks.sh"

# make_apt_config <dir> [extra apt.conf lines]: a fresh apt state in <dir>.
make_apt_config() {
	local dir=$1; shift
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	: > "$dir/status"
	{
		echo "Dir::State::status \"$dir/status\";"
		echo "Dir::State::Lists \"$dir/lists\";"
		echo "Dir::Cache \"$dir/cache\";"
		echo 'APT::Get::Simulate "true";'
		printf '%s\n' "$@"
	} > "$dir/apt.conf"
}

plans_full_install() {
	local out=$WORK/fresh.log rc=0
	make_apt_config "$WORK/fresh"
	APT_CONFIG=$WORK/fresh/apt.conf "$ROOT/scripts/install-deps.sh" > "$out" 2>&1 || rc=$?
	sed 's/^/  | /' "$out"
	[ "$rc" = 0 ] || { echo "  exit $rc"; return 1; }
	grep -q '^install-deps: apt-get update$' "$out" &&
		grep -qE '^install-deps: simulated: [1-9][0-9]* packages would be installed$' "$out" &&
		grep -qE 'apt-get install .*linux-image-6\.12\.' "$out"
}

# Sources without bookworm-backports: the kernel cannot be resolved.
failure_is_explained() {
	local out=$WORK/nosources.log rc=0
	mkdir -p "$WORK/no-sources.d"
	make_apt_config "$WORK/broken" \
		"Dir::Etc::sourcelist \"/dev/null\";" \
		"Dir::Etc::sourceparts \"$WORK/no-sources.d\";"
	APT_CONFIG=$WORK/broken/apt.conf "$ROOT/scripts/install-deps.sh" > "$out" 2>&1 || rc=$?
	sed 's/^/  | /' "$out"
	[ "$rc" != 0 ] || { echo "  exit 0 although nothing could be resolved"; return 1; }
	grep -q 'FAILED' "$out" && grep -q 'what to do' "$out"
}

[ "$(id -u)" = 0 ] || { echo "check-fresh-deps: must run as root (as install-deps.sh)"; exit 1; }
check "empty apt lists: install-deps updates them and plans the whole install" plans_full_install
check "a failing install step says what failed and what to do" failure_is_explained
checks_summary
exit "$FAILURES"
