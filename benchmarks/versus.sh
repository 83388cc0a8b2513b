#!/usr/bin/env bash
# This engine against an earlier one, run alternately in the same run so that
# the machine's drift falls on both: whole-model throughput (agent-weeks per
# second) and each phase's time, with the ratio of old to new time.
#
# Usage: benchmarks/versus.sh REF [--rounds N] [--threads T]
#   REF      a git commit of this repository (a hash, a tag, HEAD~3, ...)
#   --rounds how many times each engine runs each workload, alternately (3)
#   --threads threads for both (2)
# The earlier engine's wfsim_bench is built once (Release, without MPI) in
# build-versus/<hash>/ from a git worktree of REF, and kept for later runs.
# Each engine reads its own tree's copy of a scenario (the same path), so a
# scenario file written for one engine is read by that engine.
# Workloads: the LA (scenarios/baseline.yaml, 32 replicates x 260 weeks) and
# England (benchmarks/scenarios/england.yaml, 1 x 52 weeks), about 2.5 million
# agent-weeks each; phases are timed over one replicate, 52 (LA) or 13
# (England) weeks, one process at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: benchmarks/versus.sh REF [--rounds N] [--threads T]" >&2; exit 2; }
ref=$1
shift
rounds=3
threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift ;;
    --threads) threads=$2; shift ;;
    *) echo "usage: benchmarks/versus.sh REF [--rounds N] [--threads T]" >&2; exit 2 ;;
  esac
  shift
done
sha=$(git rev-parse --verify --quiet "$ref^{commit}") ||
  { echo "versus: '$ref' is not a commit of this repository" >&2; exit 2; }
short=${sha:0:12}

new_build=${BUILD:-build}
[ -f "$new_build/CMakeCache.txt" ] || cmake -S . -B "$new_build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$new_build" -j2 --target wfsim_bench >/dev/null

old_src=build-versus/src-$short
old_build=build-versus/$short
if [ ! -x "$old_build/benchmarks/wfsim_bench" ]; then
  echo "versus: building $short's wfsim_bench in $old_build (once)" >&2
  [ -d "$old_src" ] || git worktree add --detach "$old_src" "$sha" >/dev/null
  # Its configure warnings (a browser test it will not run, ...) are kept in a log.
  mkdir -p "$old_build"
  cmake -S "$old_src" -B "$old_build" -DCMAKE_BUILD_TYPE=Release -DWFSIM_MPI=OFF \
    >"$old_build/configure.log" 2>&1 || { cat "$old_build/configure.log" >&2; exit 1; }
  cmake --build "$old_build" -j2 --target wfsim_bench >/dev/null
fi

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
# name scenario weeks replicates phase_weeks
workloads=("la scenarios/baseline.yaml 260 32 52" "england benchmarks/scenarios/england.yaml 52 1 13")
for round in $(seq 1 "$rounds"); do
  for entry in "${workloads[@]}"; do
    read -r name file weeks replicates phase_weeks <<<"$entry"
    for engine in old new; do
      if [ "$engine" = old ]; then bench=$old_build/benchmarks/wfsim_bench scenario=$old_src/$file
      else bench=$new_build/benchmarks/wfsim_bench scenario=$file; fi
      echo "versus: round $round, $name, $engine engine (load $(cut -d' ' -f1 /proc/loadavg))" >&2
      "$bench" "$scenario" --weeks "$weeks" --replicates "$replicates" --phase-weeks "$phase_weeks" \
        --threads "$threads" --kernel-steps 1 |
        /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); d['name']='$name'; d['engine']='$engine'; print(json.dumps(d))" >>"$raw"
    done
  done
done

/usr/bin/python3 - "$raw" "$short" "$(git rev-parse --short=12 HEAD)" "$threads" "$rounds" <<'PY'
import json, statistics, sys
raw, old, new, threads, rounds = sys.argv[1:]
runs = [json.loads(line) for line in open(raw)]
print(f"# This engine ({new}) against {old}: {threads} threads, {rounds} alternating rounds\n")
print("Whole model, million agent-weeks per second (median, range), and the ratio of")
print("new to old throughput (median of the rounds' ratios; above 1 is faster):\n")
print("| workload | old | new | new / old |")
print("|---|---|---|---|")
for name in dict.fromkeys(r["name"] for r in runs):
    rate = {e: [r["whole"]["agent_weeks_per_s"] / 1e6 for r in runs if r["name"] == name and r["engine"] == e]
            for e in ("old", "new")}
    ratios = [n / o for o, n in zip(rate["old"], rate["new"])]
    cell = lambda v: f"{statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})"
    print(f"| {name} | {cell(rate['old'])} | {cell(rate['new'])} | {statistics.median(ratios):.2f} |")
print("\nPhases, seconds over the timed weeks (median), and old / new time (above 1 is")
print("faster; a phase only one engine has shows no ratio):\n")
print("| workload | phase | old s | new s | old / new |")
print("|---|---|---|---|---|")
for name in dict.fromkeys(r["name"] for r in runs):
    times = {}
    for r in runs:
        if r["name"] != name:
            continue
        for phase in r["phases"]:
            times.setdefault(phase["name"], {"old": [], "new": []})[r["engine"]].append(phase["seconds"])
    for phase, t in times.items():
        o = statistics.median(t["old"]) if t["old"] else None
        n = statistics.median(t["new"]) if t["new"] else None
        ratio = f"{o / n:.2f}" if o and n else ""
        show = lambda v: f"{v:.3g}" if v is not None else ""
        print(f"| {name} | {phase} | {show(o)} | {show(n)} | {ratio} |")
PY
