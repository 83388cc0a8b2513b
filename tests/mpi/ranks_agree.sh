#!/usr/bin/env bash
# The MPI tests (docs/cluster.md): `mpirun -n K wfsim ...` for K = 1, 2 and 3
# (oversubscribed on a 2-core machine) writes the same results file as wfsim
# started without mpirun; a sweep or calibration killed with SIGKILL, then
# resumed under MPI, equals an uninterrupted run; bad input exits 2 on every
# rank without hanging.
#
# usage: ranks_agree.sh WFSIM MPIEXEC CASE
#   CASE: run | compare | sweep | calibrate | resume_sweep | resume_calibrate | bad_input
set -euo pipefail
wfsim=$1
mpiexec=$2
case=$3
here=$(cd "$(dirname "$0")" && pwd)
# As in docs/cluster.md: root in containers, no shared-memory single copy.
[ "$(id -u)" -ne 0 ] || export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Every mpirun is bounded: a hang fails the test instead of stalling CI.
mpi() {
  local ranks=$1
  shift
  timeout 120 "$mpiexec" --oversubscribe -n "$ranks" "$wfsim" "$@"
}
same() {
  /usr/bin/python3 "$here/same_h5.py" "$1" "$2"
  echo "  $2 = $1"
}
seconds() { date +%s.%N; }

# Each K writes its own file; every file must equal the one-process file.
ranks_agree() {
  local started
  started=$(seconds)
  "$wfsim" "$@" -o one.h5 --force >/dev/null
  for ranks in 1 2 3; do
    mpi "$ranks" "$@" -o "ranks$ranks.h5" --force >/dev/null
    same one.h5 "ranks$ranks.h5"
  done
  echo "  $(awk "BEGIN { printf \"%.1f\", $(seconds) - $started }") s"
}

# Waits until `check` succeeds (or the job ends), then kills the job: mpirun
# and every process under it, with SIGKILL, as a scheduler ending a job does.
kill_job_when() {
  local pid=$1 check=$2
  for _ in $(seq 1 3000); do
    kill -0 "$pid" 2>/dev/null || break  # finished before the kill
    if eval "$check"; then
      local family=("$pid") next=("$pid")
      while [ ${#next[@]} -gt 0 ]; do
        mapfile -t next < <(ps -o pid= --ppid "$(IFS=,; echo "${next[*]}")" | tr -d ' ')
        family+=("${next[@]}")
      done
      kill -9 "${family[@]}" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 0
    fi
    sleep 0.01
  done
  wait "$pid" 2>/dev/null || true  # never resume beside a job still running
  return 1
}
done_points() {
  HDF5_USE_FILE_LOCKING=FALSE /usr/bin/python3 -c \
    "import h5py,sys; print(int(h5py.File(sys.argv[1],'r')['design/done'][...].sum()))" "$1" \
    2>/dev/null || echo 0
}

case $case in
  run)
    ranks_agree run "$here/small.yaml" --replicates 7 --threads 1
    ;;
  compare)
    ranks_agree compare "$here/small.yaml" "$here/small_b.yaml" --replicates 5 --threads 1 \
      --format csv --horizons 52
    # --replicates auto adds pairs in batches: the same pairs for any K.
    ranks_agree compare "$here/small.yaml" "$here/small_b.yaml" --replicates auto \
      --target-halfwidth 0.004 --min-replicates 4 --max-replicates 24 --threads 1 \
      --format csv --horizons 52
    ;;
  sweep)
    ranks_agree sweep "$here/sweep.yaml" --threads 1
    ;;
  calibrate)
    ranks_agree calibrate "$here/calibrate.yaml" --threads 1
    ;;
  resume_sweep)
    "$wfsim" sweep "$here/sweep_long.yaml" --threads 1 -o whole.h5 >/dev/null
    # Stopped by --max-points on 2 ranks, finished on 3.
    mpi 2 sweep "$here/sweep_long.yaml" --threads 1 --max-points 3 -o part.h5 2>/dev/null
    [ "$(done_points part.h5)" = 3 ]
    mpi 3 sweep "$here/sweep_long.yaml" --threads 1 --resume -o part.h5 >/dev/null 2>&1
    same whole.h5 part.h5
    # Killed (SIGKILL to mpirun and its ranks) after the first checkpoint.
    "$mpiexec" --oversubscribe -n 2 "$wfsim" sweep "$here/sweep_long.yaml" --threads 1 \
      --points-at-once 1 -o killed.h5 >/dev/null 2>&1 &
    if kill_job_when $! '[ "$(done_points killed.h5)" -ge 1 ]'; then
      echo "  killed with $(done_points killed.h5) of 10 points done"
    else
      echo "  (the sweep finished before it could be killed)"
    fi
    mpi 2 sweep "$here/sweep_long.yaml" --threads 1 --resume -o killed.h5 >/dev/null 2>&1
    same whole.h5 killed.h5
    ;;
  resume_calibrate)
    "$wfsim" calibrate "$here/calibrate.yaml" --threads 1 -o whole.h5 >/dev/null 2>&1
    # Killed (SIGKILL) once the first generation's checkpoint is written.
    "$mpiexec" --oversubscribe -n 2 "$wfsim" calibrate "$here/calibrate.yaml" --threads 1 \
      -o killed.h5 >/dev/null 2>&1 &
    if kill_job_when $! '[ -e killed.h5 ]'; then
      echo "  killed after the first checkpoint"
      mpi 3 calibrate "$here/calibrate.yaml" --threads 1 --resume -o killed.h5 >/dev/null 2>&1
    else
      echo "  (the calibration finished before it could be killed)"
    fi
    same whole.h5 killed.h5
    ;;
  bad_input)
    # Every rank rejects the input; the job ends with 2, one message, no hang.
    status=0
    mpi 3 run "$here/missing.yaml" -o bad.h5 2>stderr.txt || status=$?
    cat stderr.txt
    [ "$status" = 2 ]
    [ "$(grep -c '^wfsim: error' stderr.txt)" = 1 ]
    [ ! -e bad.h5 ]
    # Only rank 0 checks the output path: the workers must still be released.
    status=0
    mpi 2 run "$here/small.yaml" -o /proc/forbidden/bad.h5 2>stderr.txt || status=$?
    cat stderr.txt
    [ "$status" = 2 ]
    [ "$(grep -c '^wfsim: error' stderr.txt)" = 1 ]
    ;;
  *)
    echo "unknown case $case" >&2
    exit 2
    ;;
esac
echo "mpi $case: ok"
