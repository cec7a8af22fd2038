#!/usr/bin/env bash
# Runs INSIDE the guest (make bench): the same workload against swbinder and
# Debian's binder_linux in one boot, printed as a table of ratios.
#   bench-guest.sh <path/to/swbinder.ko>
set -euo pipefail

# binderfs_name=swbinder: leave the "binder" filesystem to binder_linux,
# whose binderfs (7.3) would otherwise fail to register and so to load.
insmod "$1" devices=swbbench binderfs_name=swbinder
modprobe binder_linux
.build/release/binder-bench binder_linux=/dev/binder swbinder=/dev/swbbench
