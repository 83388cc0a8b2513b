#!/usr/bin/env bash
# A Slurm job for a wfsim sweep over MPI ranks (docs/cluster.md).
#   sbatch examples/slurm_sweep.sh                 # on a cluster
#   bash examples/slurm_sweep.sh                   # here: 2 ranks with mpirun
# Resubmitting the same job (or --requeue after a node failure or the time
# limit) continues the sweep from its file: finished points are not rerun.
#SBATCH --job-name=wfsim-sweep
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=8
#SBATCH --cpus-per-task=4
#SBATCH --time=01:00:00
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=results/slurm-sweep-%j.out
set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-$(dirname "$0")/..}"

experiment=${EXPERIMENT:-experiments/flexitime_share.yaml}
output=${OUTPUT:-results/flexitime_share.h5}
wfsim=${WFSIM:-build/cli/wfsim}
ranks=${SLURM_NTASKS:-2}            # one rank per task
threads=${SLURM_CPUS_PER_TASK:-1}   # oneTBB threads inside each rank

# mpirun refuses to run as root (containers) unless told it is intended.
[ "$(id -u)" -ne 0 ] || export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Containers often forbid the shared-memory single-copy mechanism.
export OMPI_MCA_btl_vader_single_copy_mechanism=none

mkdir -p "$(dirname "$output")"
resume=()
[ ! -e "$output" ] || resume=(--resume)  # a requeued or resubmitted job continues
# --bind-to none: each rank's threads may use all the cores Slurm gave it.
mpirun -n "$ranks" --bind-to none "$wfsim" sweep "$experiment" -o "$output" \
  --threads "$threads" "${resume[@]}"
