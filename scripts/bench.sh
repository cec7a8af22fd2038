#!/usr/bin/env bash
# make bench: boot each benchmark kernel once (6.12 and 7.3; never the debug
# kernel), run interleaved rounds of every workload on binder_linux and
# swbinder there (scripts/bench-guest.sh), then report ratios with their
# spread (scripts/bench-report.py): build/bench/results.csv, summary.csv,
# benchmarks.svg, and the latest table + chart in docs/benchmarks.md (between
# its bench:begin/bench:end markers) and docs/benchmarks.svg.
# Each boot also measures swbinder with its transaction reports and
# tracepoints against a build with both compiled out (SWB_NO_OBSERVE=1), with
# nobody listening: the table's "reports and tracepoints" section.
# SWB_BENCH_ROUNDS (default 5) rounds per driver; SWB_BENCH_KERNELS (default
# "6.12 7.3") which kernels, by label. A run with other values still writes
# the table into docs/benchmarks.md, saying what ran.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/bench
DOC=$ROOT/docs/benchmarks.md
cd "$ROOT"

labels=${SWB_BENCH_KERNELS:-6.12 7.3}
kernels=$(scripts/kernels.sh | awk -v labels=" $labels " 'index(labels, " " $1 " ") { print $2 }')
[ -n "$kernels" ] || { echo "bench: none of the kernels $labels installed (make deps)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
raws=()
for rel in $kernels; do
	SWB_NO_OBSERVE=1 scripts/build-kmod.sh "$rel"
	scripts/build-kmod.sh "$rel"
	lsm=$(grep -qs '^CONFIG_SECURITY_SELINUX=y' "/boot/config-$rel" && echo "security=selinux selinux=1")
	SWB_VM_DIR=$OUT/vm-$rel SWB_VM_SLUB_DEBUG= SWB_VM_APPEND_EXTRA="$lsm" \
		scripts/vm-run.sh "$rel" scripts/bench-guest.sh "build/kmod/$rel/swbinder.ko" \
		"build/kmod/$rel-no-observe/swbinder.ko" "$OUT/$rel.raw" "${SWB_BENCH_ROUNDS:-5}"
	raws+=("$OUT/$rel.raw")
done
scripts/bench-report.py "$OUT" "${raws[@]}"

# The latest run into docs/benchmarks.md, with when and where it ran.
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
{
	echo "<!-- bench:begin (written by make bench; edit outside these markers) -->"
	echo "Latest run: $(date -u +%Y-%m-%d), kernels: $(echo $kernels | sed 's/ /, /g'); host: $cpu," \
		"$(nproc) cores; guest: QEMU/TCG (no KVM), $(grep -o 'VM_CPUS:-[0-9]*' scripts/vm-run.sh | cut -d- -f2) vCPUs," \
		"${SWB_BENCH_ROUNDS:-5} interleaved rounds per driver."
	cat "$OUT/benchmarks.md"
	echo
	echo "![latency by size and throughput by clients, both drivers](benchmarks.svg)"
	echo "<!-- bench:end -->"
} > "$OUT/doc-section.md"
cp "$OUT/benchmarks.svg" "$ROOT/docs/benchmarks.svg"
python3 - "$DOC" "$OUT/doc-section.md" <<'PY'
import re, sys
doc, section = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
text = re.sub(r"<!-- bench:begin.*?<!-- bench:end -->\n?", lambda m: section, text, flags=re.S)
open(doc, "w").write(text)
PY
echo "bench: results in build/bench/, docs/benchmarks.md updated"
