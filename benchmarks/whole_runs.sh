#!/usr/bin/env bash
# Whole-run throughput of `wfsim run`: agent-weeks per second (posts x weeks x
# replicates / wall time, set-up and writing included) for each scenario and
# thread count, over several seeds; prints a Markdown table with the median
# and range, and the 2-thread/1-thread speed-up measured in the same run.
#
# Usage: benchmarks/whole_runs.sh [WFSIM] [REPEATS]
#   WFSIM defaults to build/cli/wfsim, REPEATS to 5.
# Environment: SCENARIOS (default scenarios/baseline.yaml), WEEKS (520), REPLICATES (8).
set -euo pipefail
cd "$(dirname "$0")/.."
wfsim=${1:-build/cli/wfsim}
repeats=${2:-5}
scenarios=${SCENARIOS:-scenarios/baseline.yaml}
weeks=${WEEKS:-520}
replicates=${REPLICATES:-8}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One run's agent-weeks per second, in millions, from the run's own report.
rate() {
  "$wfsim" run "$1" -o "$out/r.h5" --force --weeks "$weeks" --replicates "$replicates" --threads "$2" --seed "$3" |
    sed -n 's/.*(\([0-9.]*\) M agent-weeks\/s.*/\1/p'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }

echo "| scenario | threads | M agent-weeks/s (median) | range | runs |"
echo "|---|---|---|---|---|"
for scenario in $scenarios; do
  declare -A medians=()
  for threads in 1 2; do
    rates=$(for seed in $(seq 1 "$repeats"); do rate "$scenario" "$threads" "$seed"; done)
    medians[$threads]=$(echo "$rates" | median)
    echo "| $(basename "$scenario" .yaml) | $threads | ${medians[$threads]} | $(echo "$rates" | sort -g | head -1)-$(echo "$rates" | sort -g | tail -1) | $repeats |"
  done
  awk -v a="${medians[1]}" -v b="${medians[2]}" -v s="$(basename "$scenario" .yaml)" \
    'BEGIN {printf "\n%s: 2 threads run %.2fx as fast as 1 (scaling efficiency %.0f %%)\n", s, b / a, 50 * b / a}'
done
