# Sourced INSIDE the guest by bench-guest.sh (make bench) and
# bench-ab-guest.sh (make bench-ab): binder-bench runs whose result lines
# are appended to $OUT with "kernel= round= driver=" in front, the form
# scripts/bench-report.py reads.
BENCH=.build/release/binder-bench
REL=$(uname -r)

# bench_tagged <round> <driver label> <binder-bench arguments...>
bench_tagged() {
	local round=$1 label=$2
	shift 2
	"$BENCH" "$@" | sed "s|^|kernel=$REL round=$round driver=$label |" >> "$OUT"
}

# bench_build <swbinder.ko> <round> <label> <workload...>: one build of
# swbinder loaded alone (device swbbench), each workload (a word list of
# binder-bench arguments) run on it, then unloaded.
bench_build() {
	local ko=$1 round=$2 label=$3 workload
	shift 3
	insmod "$ko" devices=swbbench
	for workload in "$@"; do
		# shellcheck disable=SC2086 # the workload is a word list
		bench_tagged "$round" "$label" $workload
	done
	rmmod swbinder
}
