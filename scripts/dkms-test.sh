#!/usr/bin/env bash
# DKMS, exercised as a user would (run as root on the host):
#   scripts/dkms-test.sh <release>
# 1. kmod/ is installed with Debian's dkms for <release> (add, build,
#    install: the module lands in /lib/modules/<release>/updates/dkms);
# 2. dkms refuses a kernel outside the supported range (BUILD_EXCLUSIVE_KERNEL);
# 3. a VM of <release> loads it with a plain `modprobe swbinder`, opens a
#    device and asks its protocol version, and unloads it (kernel log checked
#    by vm-run.sh);
# 4. `dkms remove` takes it away again: modprobe no longer finds it.
# Writes $RESULTS/dkms.log with an XCTest-style "Executed N tests, with M
# failures" line for scripts/summarize.sh; exits non-zero if a check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RESULTS=${SWB_RESULTS_DIR:-$ROOT/build/results}
NAME=swbinder
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$ROOT/kmod/dkms.conf")
SRC=/usr/src/$NAME-$VERSION
UNSUPPORTED=5.10.0-0-unsupported   # any release outside 6.1 .. 7.3
. "$ROOT/scripts/checks.sh"

# Nothing of an earlier run may remain: dkms keeps state in /var/lib/dkms.
dkms_clean() {
	dkms remove "$NAME/$VERSION" --all > /dev/null 2>&1 || true
	rm -rf "$SRC" "/var/lib/dkms/$NAME"
}

stage_source() {
	mkdir -p "$SRC" &&
		tar -C "$ROOT/kmod" -cf - --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
			--exclude='*.mod.c' --exclude='.*.cmd' --exclude='Module.symvers' \
			--exclude='modules.order' . | tar -C "$SRC" -xf -
}

installs() {
	dkms add -m "$NAME" -v "$VERSION" &&
		dkms install -m "$NAME" -v "$VERSION" -k "$REL" &&
		dkms status -m "$NAME" -v "$VERSION" -k "$REL" | grep -q ': installed' &&
		modinfo -k "$REL" -F filename "$NAME" | grep -q "^/lib/modules/$REL/updates/dkms/$NAME\.ko"
}

refuses_unsupported() {
	local out rc=0
	out=$(dkms build -m "$NAME" -v "$VERSION" -k "$UNSUPPORTED" 2>&1) || rc=$?
	echo "$out"
	rm -rf "/var/lib/dkms/$NAME/$VERSION/$UNSUPPORTED"
	[ "$rc" != 0 ] && grep -q 'BUILD_EXCLUSIVE' <<< "$out"
}

# In the guest: plain modprobe (module found by depmod's index, no path),
# a device, BINDER_VERSION on it, rmmod.
loads_in_vm() {
	SWB_VM_DIR=$ROOT/build/vm/dkms-$REL SWB_VM_APPEND_EXTRA="$VM_LSM" "$ROOT/scripts/vm-run.sh" "$REL" bash -c '
		set -e
		modprobe swbinder devices=swbdkms0
		echo "loaded from: $(modinfo -F filename swbinder)"
		test -c /dev/swbdkms0
		python3 -c "
import fcntl, os, struct
fd = os.open(\"/dev/swbdkms0\", os.O_RDWR)
v = bytearray(4)
fcntl.ioctl(fd, 0xc0046209, v)   # BINDER_VERSION
print(\"protocol version\", struct.unpack(\"i\", v)[0])
assert struct.unpack(\"i\", v)[0] == 8
os.close(fd)"
		rmmod swbinder'
}

removes() {
	dkms remove "$NAME/$VERSION" --all &&
		! modinfo -k "$REL" "$NAME" > /dev/null 2>&1 &&
		[ ! -e "/lib/modules/$REL/updates/dkms/$NAME.ko" ]
}

main() {
	[ $# -eq 1 ] || { echo "usage: $0 <release>" >&2; exit 2; }
	REL=$1
	VM_LSM=$(grep -qs '^CONFIG_SECURITY_SELINUX=y' "/boot/config-$REL" && echo "security=selinux selinux=1")
	mkdir -p "$RESULTS"
	echo "$REL" > "$RESULTS/dkms.release"
	{
		dkms_clean
		check "source staged in $SRC" stage_source
		check "dkms add + install for $REL (updates/dkms)" installs
		check "dkms refuses $UNSUPPORTED (BUILD_EXCLUSIVE_KERNEL)" refuses_unsupported
		check "VM: plain 'modprobe swbinder', BINDER_VERSION, rmmod" loads_in_vm
		check "dkms remove: modprobe no longer finds it" removes
		dkms_clean
		checks_summary
	} > "$RESULTS/dkms.log" 2>&1
	echo "$FAILURES" > "$RESULTS/dkms.rc"
	grep -E '^(PASS|FAIL|Executed)' "$RESULTS/dkms.log"
	[ "$FAILURES" = 0 ]
}

main "$@"
