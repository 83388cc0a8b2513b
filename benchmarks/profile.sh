#!/usr/bin/env bash
# Where the time goes: perf profile of the whole model on a scenario (default
# England, 52 weeks, 1 replicate, 1 thread), flat by function (self time), with
# the phase each hot loop belongs to readable from its lambda's name.
#
# Usage: benchmarks/profile.sh [SCENARIO] [WEEKS] [THREADS]
# Environment: BUILD (default build). Needs perf (linux-perf); writes perf.data
# into a temporary directory and prints the top 40 functions.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
scenario=${1:-benchmarks/scenarios/england.yaml}
weeks=${2:-52}
threads=${3:-1}
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target wfsim_bench >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
perf record -F 999 -g -o "$tmp/perf.data" -- "$build/benchmarks/wfsim_bench" "$scenario" \
  --weeks "$weeks" --phase-weeks 0 --threads "$threads" --kernel-steps 1 >/dev/null 2>"$tmp/record.log" ||
  { cat "$tmp/record.log" >&2; exit 1; }
perf report -i "$tmp/perf.data" --no-children --sort symbol --stdio --percent-limit 0.5 2>/dev/null |
  grep -E '^ +[0-9]' | head -40 | sed -E 's/ +\[\.\] / /' | cut -c1-200
