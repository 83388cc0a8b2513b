#!/usr/bin/env bash
# What `wfsim compare` costs and what common random numbers buy: throughput in
# replicate-weeks per second (both arms, set-up included) for baseline vs an
# intervention, and the ratio of 95 % interval widths with common random
# numbers to those with independent streams, measured in the same run.
#
# Usage: benchmarks/compare.sh [WFSIM] [REPEATS]
#   WFSIM defaults to build/cli/wfsim, REPEATS to 3.
# Environment: A (scenarios/baseline.yaml), B (scenarios/council_agile_flexitime.yaml),
#   REPLICATES (32), WEEKS (156), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
wfsim=${1:-build/cli/wfsim}
repeats=${2:-3}
a=${A:-scenarios/baseline.yaml}
b=${B:-scenarios/council_agile_flexitime.yaml}
replicates=${REPLICATES:-32}
weeks=${WEEKS:-156}
threads=${THREADS:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

compare() {  # $1: seed, $2: extra flag; JSON to stdout, timing line to $out/timing
  "$wfsim" compare "$a" "$b" --replicates "$replicates" --weeks "$weeks" --threads "$threads" \
    --seed "$1" --horizons "$weeks" --format json $2 2>>"$out/timing"
}

for seed in $(seq 1 "$repeats"); do
  compare "$seed" "" >"$out/crn-$seed.json"
  compare "$seed" --independent-streams >"$out/ind-$seed.json"
done

/usr/bin/python3 - "$out" "$repeats" "$a" "$b" "$replicates" "$weeks" "$threads" <<'PY'
import json, re, statistics, sys
out, repeats, a, b, replicates, weeks, threads = sys.argv[1:]
rates = [float(m) for m in re.findall(r"\(([0-9.]+) replicate-weeks/s", open(f"{out}/timing").read())]
print(f"compare {a} vs {b}: {replicates} pairs x {weeks} weeks, {threads} threads, {repeats} seeds\n")
print(f"throughput: {statistics.median(rates):,.0f} replicate-weeks/s (median of {len(rates)} runs, "
      f"range {min(rates):,.0f}-{max(rates):,.0f})\n")
print("| outcome | width with CRN | width independent | ratio (median over seeds) |")
print("|---|---|---|---|")
def widths(kind, seed):
    rows = json.load(open(f"{out}/{kind}-{seed}.json"))["rows"]
    return {r["metric"]: r["ci_high"] - r["ci_low"] for r in rows if r["ci_low"] is not None}
crn = [widths("crn", s) for s in range(1, int(repeats) + 1)]
ind = [widths("ind", s) for s in range(1, int(repeats) + 1)]
for metric in ["turnover", "vacancy_rate", "agency_share", "absence_rate", "burnout_mean",
               "burnout_high_share", "leavers", "cost"]:
    if metric not in crn[0]:
        continue
    ratios = [c[metric] / i[metric] for c, i in zip(crn, ind) if i[metric] > 0]
    print(f"| {metric} | {statistics.median(c[metric] for c in crn):.4g} | "
          f"{statistics.median(i[metric] for i in ind):.4g} | {statistics.median(ratios):.3f} |")
PY
