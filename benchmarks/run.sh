#!/usr/bin/env bash
# The benchmark table of docs/performance.md, in one command: builds the
# benchmark targets (Release, in $BUILD), generates the benchmark scenarios,
# runs every scenario at 1 and 2 threads over several seeds together with the
# machine's reference kernels (CSR pull step over the same graph, STREAM-style
# triad), and writes JSON plus a Markdown table.
#
# Usage: benchmarks/run.sh [--smoke] [--out DIR] [--no-million] [--goals] [--versus REF]
#   --smoke       tiny sizes, one seed (CI; under a minute once built)
#   --out DIR     where results go (default results/bench): bench.json, bench.md,
#                 raw.jsonl, phases-<scenario>.json (Google Benchmark)
#   --no-million  skip the 1,000,000-practitioner scenario
#   --goals       also run two of the issue's goal workloads in full (England
#                 520 weeks; LA 1000 x 520: several minutes here); the 10^6 x
#                 520 goal is projected from the measured rate (GOAL_MILLION=1
#                 runs it too)
#   --versus REF  also this engine against commit REF's, alternately in the
#                 same run (benchmarks/versus.sh: whole model and every phase,
#                 LA and England, 3 rounds), into versus.md
# Environment: BUILD (default build), SEEDS (seeds per cell, default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
out=results/bench
smoke=0
million=1
goals=0
versus=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --out) out=$2; shift ;;
    --no-million) million=0 ;;
    --goals) goals=1 ;;
    --versus) versus=$2; shift ;;
    *) echo "usage: benchmarks/run.sh [--smoke] [--out DIR] [--no-million] [--goals] [--versus REF]" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"

[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
targets="wfsim_bench"
grep -q '^benchmark_DIR:PATH=/' "$build/CMakeCache.txt" && targets="$targets wfsim_phase_bench"
cmake --build "$build" -j2 --target $targets >/dev/null
bench="$build/benchmarks/wfsim_bench"
phase_bench="$build/benchmarks/wfsim_phase_bench"

if [ "$smoke" = 1 ]; then
  seeds=1
  # name file weeks replicates phase_weeks
  plan=("team benchmarks/scenarios/team.yaml 26 2 26" "la scenarios/baseline.yaml 26 2 26")
  triad_mib=16
else
  seeds=${SEEDS:-3}
  plan=("team benchmarks/scenarios/team.yaml 520 64 520"
        "la scenarios/baseline.yaml 520 16 520"
        "region benchmarks/scenarios/region.yaml 104 1 52"
        "england benchmarks/scenarios/england.yaml 104 1 52")
  [ "$million" = 1 ] && plan+=("million benchmarks/scenarios/million.yaml 8 1 4")
  triad_mib=256
fi

raw="$out/raw.jsonl"
: >"$raw"
echo "bench: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg) at start" >&2
{
  printf '{"kind": "machine", "when": "%s", "cpus": %s, "load_start": "%s", "cpu": "%s", "git": "%s"}\n' \
    "$(date -u +%FT%TZ)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1)" "$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
} >>"$raw"

for threads in 1 2; do
  "$bench" --triad "$triad_mib" --threads "$threads" >>"$raw"
done
for entry in "${plan[@]}"; do
  read -r name file weeks replicates phase_weeks <<<"$entry"
  steps=20
  n=$seeds
  [ "$name" = million ] && steps=5 && n=1  # set-up alone takes a while: one seed
  for seed in $(seq 1 "$n"); do
    for threads in 1 2; do
      check=""
      [ "$seed" = 1 ] && [ "$threads" = 1 ] && [ "$name" != million ] && check=--check
      echo "bench: $name seed $seed threads $threads (load $(cut -d' ' -f1 /proc/loadavg))" >&2
      "$bench" "$file" --weeks "$weeks" --replicates "$replicates" --phase-weeks "$phase_weeks" \
        --threads "$threads" --seed "$seed" --kernel-steps "$steps" $check |
        /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); d['name']='$name'; print(json.dumps(d))" >>"$raw"
    done
  done
done

if [ "$goals" = 1 ]; then
  goal() {  # name file weeks replicates
    echo "bench: goal $1 ($3 weeks x $4 replicates, 2 threads)" >&2
    "$bench" "$2" --weeks "$3" --replicates "$4" --phase-weeks 0 --threads 2 --kernel-steps 1 |
      /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); d['name']='goal:$1'; print(json.dumps(d))" >>"$raw"
  }
  goal england benchmarks/scenarios/england.yaml 520 1
  goal la scenarios/baseline.yaml 520 1000
  [ "$million" = 1 ] && [ "${GOAL_MILLION:-0}" = 1 ] && goal million benchmarks/scenarios/million.yaml 520 1
fi

# Google Benchmark micro-benchmarks of each phase (LA and England, 1 thread).
if [ -x "$phase_bench" ]; then
  if [ "$smoke" = 1 ]; then
    "$phase_bench" --scenario benchmarks/scenarios/team.yaml --weeks 26 --benchmark_min_time=0.01 \
      --benchmark_filter='phase/|reference/pull' --benchmark_format=json \
      --benchmark_out="$out/phases-team.json" --benchmark_out_format=json >/dev/null
  else
    for s in la:scenarios/baseline.yaml:52 england:benchmarks/scenarios/england.yaml:13; do
      IFS=: read -r name file weeks <<<"$s"
      "$phase_bench" --scenario "$file" --weeks "$weeks" --benchmark_min_time=0.5 --benchmark_repetitions=3 \
        --benchmark_report_aggregates_only=true --benchmark_format=json \
        --benchmark_out="$out/phases-$name.json" --benchmark_out_format=json >/dev/null
    done
  fi
fi

if [ -n "$versus" ]; then
  BUILD=$build benchmarks/versus.sh "$versus" --rounds 3 --threads 2 >"$out/versus.md"
fi

echo "bench: load $(cut -d' ' -f1-3 /proc/loadavg) at end" >&2
/usr/bin/python3 benchmarks/summarise.py "$raw" "$out" "$(cut -d' ' -f1-3 /proc/loadavg)"
