#!/usr/bin/env bash
# Measures wfsim's scaling over MPI ranks on this machine (docs/cluster.md):
# the same work as one process with one thread, as 1, 2 and 3 MPI ranks of
# one thread each (3 oversubscribed on 2 cores), and as one process with two
# threads. Each configuration runs REPEATS times, interleaved, so that other
# load on the machine falls on all of them alike; prints the median seconds.
#
# usage: tools/mpi_scaling.sh [WFSIM] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
wfsim=${1:-build/cli/wfsim}
repeats=${2:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_MCA_btl_vader_single_copy_mechanism=none
[ "$(id -u)" -ne 0 ] || export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

workloads=(
  "run|run scenarios/baseline.yaml --replicates 16 --weeks 156"
  "compare|compare scenarios/baseline.yaml scenarios/council_agile_flexitime.yaml --replicates 8 --weeks 156 --format csv"
  "sweep|sweep experiments/flexitime_share.yaml --replicates 4"
  "calibrate|calibrate tests/mpi/calibrate.yaml"
)
configs=("1 process, 1 thread|0|1" "1 rank|1|1" "2 ranks|2|1" "3 ranks (oversubscribed)|3|1"
         "1 process, 2 threads|0|2")

declare -A times
for ((r = 0; r < repeats; r++)); do
  for workload in "${workloads[@]}"; do
    name=${workload%%|*}
    args=${workload#*|}
    for config in "${configs[@]}"; do
      IFS='|' read -r label ranks threads <<<"$config"
      launch=()
      [ "$ranks" -eq 0 ] || launch=(mpirun --oversubscribe -n "$ranks")
      start=$(date +%s.%N)
      # shellcheck disable=SC2086
      "${launch[@]}" "$wfsim" $args --threads "$threads" -o "$out/$name.h5" --force >/dev/null 2>&1
      end=$(date +%s.%N)
      times["$name|$label"]+="$(awk "BEGIN { print $end - $start }") "
    done
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '%-10s' "workload"
for config in "${configs[@]}"; do printf ' | %-24s' "${config%%|*}"; done
printf '\n'
for workload in "${workloads[@]}"; do
  name=${workload%%|*}
  printf '%-10s' "$name"
  base=$(echo "${times["$name|1 process, 1 thread"]}" | median)
  for config in "${configs[@]}"; do
    m=$(echo "${times["$name|${config%%|*}"]}" | median)
    printf ' | %-24s' "$(awk "BEGIN { printf \"%.2f s (x%.2f)\", $m, $base / $m }")"
  done
  printf '\n'
done
