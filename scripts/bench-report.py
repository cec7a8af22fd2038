#!/usr/bin/env python3
"""Turns make bench's raw rounds into ratios with their spread.

    bench-report.py OUT_DIR RAW [RAW ...]

RAW: files written by scripts/bench-guest.sh, one per kernel, each line
"kernel=K round=R driver=D <workload> key=value ...". Writes OUT_DIR/results.csv
(every measurement), OUT_DIR/summary.csv (per kernel and metric: median of
each driver over the rounds, median ratio swbinder/binder_linux and its
min..max over the rounds; metrics "observe: ..." are observe-on/observe-off,
swbinder with reports and tracepoints against the build without them, the
two baseline/candidate columns then hold those), OUT_DIR/benchmarks.svg (latency by size and
throughput by clients, both drivers) and OUT_DIR/benchmarks.md (the table
docs/benchmarks.md carries), and prints the table.
"""
import csv
import math
import os
import statistics
import sys
from datetime import date

# (metric name, workload, value key, parameter key, lower is better)
METRICS = [
    ("latency median", "latency", "median_us", "size", True),
    ("latency p90", "latency", "p90_us", "size", True),
    ("latency p99", "latency", "p99_us", "size", True),
    ("sync throughput", "throughput", "calls_per_s", "clients", False),
    ("oneway throughput", "oneway", "calls_per_s", "senders", False),
    ("kernel memory per in-flight txn", "memory", "bytes_per_txn", None, True),
]
# (baseline, candidate); SWB_BENCH_DRIVERS="A B" compares two other names
# (scripts/bench-ab.sh: two builds of swbinder).
DRIVERS = tuple(os.environ.get("SWB_BENCH_DRIVERS", "binder_linux swbinder").split())
BASE, CAND = DRIVERS
# bench-guest.sh's second comparison: (baseline, candidate) = swbinder with
# reports and tracepoints compiled out, and as tested.
OBSERVE = ("observe-off", "observe-on")


def parse(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            for line in f:
                words = line.split()
                fields = dict(w.split("=", 1) for w in words if "=" in w)
                workload = next((w for w in words if "=" not in w), None)
                if workload:
                    rows.append((fields, workload))
    return rows


def size_label(value):
    n = int(value)
    if n >= 1 << 20:
        return f"{n >> 20} MiB"
    if n >= 1 << 10:
        return f"{n >> 10} KiB"
    return f"{n} B"


def param_label(workload, key, value):
    if key == "size":
        return size_label(value)
    if key == "clients":
        return f"{value} client{'s' if value != '1' else ''}"
    if key == "senders":
        return f"{value} sender{'s' if value != '1' else ''}"
    return ""


def summarize(rows):
    """{(kernel, metric, param): {driver: {round: value}}}; a driver measured
    more than once in a round (bench-guest.sh's A B B A) gets the mean."""
    samples = {}
    for fields, workload in rows:
        for metric, w, key, pkey, _ in METRICS:
            if workload != w or key not in fields:
                continue
            param = fields.get(pkey, "") if pkey else ""
            cell = samples.setdefault((fields["kernel"], metric, param), {})
            cell.setdefault(fields["driver"], {}).setdefault(int(fields["round"]), []).append(float(fields[key]))
    return {k: {d: {r: statistics.mean(v) for r, v in by_round.items()} for d, by_round in cell.items()}
            for k, cell in samples.items()}


def comparison(table, kernel, base, cand, lines, summary, prefix=""):
    """Table rows (lines) and summary.csv rows: cand / base per metric of kernel."""
    lines.append(f"| metric | {base} | {cand} | ratio | better |")
    lines.append("|---|---|---|---|---|")
    for metric, workload, key, pkey, lower in METRICS:
        params = [p for (k, m, p) in table if k == kernel and m == metric]
        params.sort(key=lambda p: int(p) if p.isdigit() else 0)
        for param in params:
            cell = table[(kernel, metric, param)]
            if base not in cell or cand not in cell:
                continue
            rounds = sorted(set(cell[base]) & set(cell[cand]))
            ratios = [cell[cand][r] / cell[base][r] for r in rounds if cell[base][r]]
            if not ratios:
                continue
            med = {d: statistics.median(cell[d].values()) for d in (base, cand)}
            unit = "us" if workload == "latency" else ("calls/s" if "throughput" in metric else "B")
            name = f"{metric}, {param_label(workload, pkey, param)}" if pkey else metric
            good = statistics.median(ratios) < 1 if lower else statistics.median(ratios) > 1
            lines.append(f"| {name} | {med[base]:.1f} {unit} | {med[cand]:.1f} {unit} "
                         f"| {fmt_ratio(ratios)} | {cand if good else base} |")
            summary.append([kernel, prefix + metric, param, med[base], med[cand],
                            statistics.median(ratios), min(ratios), max(ratios), len(ratios)])


def fmt_ratio(values):
    med = statistics.median(values)
    return f"{med:.2f} ({min(values):.2f}-{max(values):.2f})"


def main():
    out_dir, raws = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    rows = parse(raws)
    with open(os.path.join(out_dir, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kernel", "round", "driver", "workload", "key", "value"])
        for fields, workload in rows:
            for k, v in fields.items():
                if k not in ("kernel", "round", "driver"):
                    w.writerow([fields["kernel"], fields["round"], fields["driver"], workload, k, v])
    table = summarize(rows)
    lines, summary = [], []
    kernels = sorted({k for k, _, _ in table}, key=lambda k: [int(p) if p.isdigit() else 0
                                                                for p in k.replace("-", ".").split(".")])
    for kernel in kernels:
        lines.append(f"\n**{kernel}** (ratio = {CAND} / {BASE}, median of rounds, "
                     "min-max of the per-round ratios in brackets)\n")
        comparison(table, kernel, BASE, CAND, lines, summary)
        pipes = [float(f["median_us"]) for f, w in rows if w == "pipe" and f["kernel"] == kernel]
        zero = table.get((kernel, "latency median", "0"), {})
        if pipes and zero:
            floor = statistics.median(pipes)
            for d in DRIVERS:
                if d in zero:
                    lines.append(f"| 0 B round trip / pipe floor ({floor:.1f} us), {d} | | | "
                                 f"{statistics.median(zero[d].values()) / floor:.2f} | |")
            summary.append([kernel, "pipe floor median", "", floor, floor, 1, 1, 1, len(pipes)])
    observe = [k for k in kernels if any(OBSERVE[0] in table[key] for key in table if key[0] == k)]
    if observe:
        lines.append("\n### What reports and tracepoints cost when nobody listens\n")
        lines.append(f"swbinder as tested ({OBSERVE[1]}) against the same source built with "
                     f"`SWB_NO_OBSERVE=1` ({OBSERVE[0]}: no tracepoint, no report, no lock timing), "
                     "each loaded alone in turn, interleaved rounds in the same boot; "
                     f"ratio = {OBSERVE[1]} / {OBSERVE[0]}. 1 is no cost; the brackets are "
                     "the spread of this machine's noise.")
        for kernel in observe:
            lines.append(f"\n**{kernel}**, reports and tracepoints on / compiled out\n")
            comparison(table, kernel, OBSERVE[0], OBSERVE[1], lines, summary, prefix="observe: ")
    with open(os.path.join(out_dir, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kernel", "metric", "param", "binder_linux_median", "swbinder_median",
                    "ratio_median", "ratio_min", "ratio_max", "rounds"])
        w.writerows(summary)
    with open(os.path.join(out_dir, "benchmarks.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    write_svg(os.path.join(out_dir, "benchmarks.svg"), table, kernels)
    print("\n".join(lines))


def write_svg(path, table, kernels):
    """Two panels per kernel: latency median by size, sync throughput by clients."""
    colors = {BASE: "#888888", CAND: "#e8590c"}
    panel_w, panel_h, pad = 420, 240, 50
    width = 2 * (panel_w + pad) + pad
    height = len(kernels) * (panel_h + 2 * pad) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    legend_x = pad
    for d in colors:
        out.append(f'<rect x="{legend_x}" y="12" width="12" height="12" fill="{colors[d]}"/>'
                   f'<text x="{legend_x + 16}" y="22">{d}</text>')
        legend_x += 110
    for row, kernel in enumerate(kernels):
        top = 40 + row * (panel_h + 2 * pad)
        for col, (metric, pkey, title) in enumerate([
                ("latency median", "size", f"{kernel}: round-trip latency, median (us, log scale)"),
                ("sync throughput", "clients", f"{kernel}: sync calls per second by clients")]):
            left = pad + col * (panel_w + pad)
            params = sorted({p for (k, m, p) in table if k == kernel and m == metric},
                            key=lambda p: int(p))
            values = {(p, d): statistics.median(table[(kernel, metric, p)][d].values())
                      for p in params for d in colors if d in table[(kernel, metric, p)]}
            vmax = max(values.values(), default=1) or 1
            out.append(f'<text x="{left}" y="{top + 14}" font-weight="bold">{title}</text>')
            base = top + panel_h
            out.append(f'<line x1="{left}" y1="{base}" x2="{left + panel_w}" y2="{base}" stroke="black"/>')
            group = panel_w / max(len(params), 1)
            for i, p in enumerate(params):
                for j, d in enumerate(colors):
                    v = values.get((p, d))
                    if v is None:
                        continue
                    # Latency spans 0 B to 1 MiB: a log scale keeps the small sizes visible.
                    if metric.startswith("latency"):
                        h = (panel_h - 40) * math.log10(max(v, 1)) / max(math.log10(vmax), 1e-9)
                    else:
                        h = (panel_h - 40) * v / vmax
                    x = left + i * group + 8 + j * (group - 16) / 2
                    out.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{(group - 16) / 2 - 2:.1f}" '
                               f'height="{h:.1f}" fill="{colors[d]}"/>')
                    out.append(f'<text x="{x:.1f}" y="{base - h - 3:.1f}" font-size="9">{v:.0f}</text>')
                label = size_label(p) if pkey == "size" else p
                out.append(f'<text x="{left + i * group + group / 2 - 12:.1f}" y="{base + 14}">{label}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
