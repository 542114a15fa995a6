#!/usr/bin/env bash
# Runs one shard of an mgate sweep per task of a Slurm job array.
#
#   sbatch --array=1-10 examples/sweep_slurm.sh scenarios/dai2018_sweep.toml shards [mgate sweep options]
#   # when every task has finished:
#   mgate merge shards/shard_* --out outputs/dai2018_sweep
#
# Task K of N runs the points i with i % N == K - 1 into shards/shard_K; `mgate merge` checks
# that every shard is there, from the same scenario, options, seed and mgate version, and writes
# the same sweep.csv and plots as one unsharded run. Extra arguments go to every shard (give the
# same ones to every task). Illustrative toy model: not calibrated, not medical advice.
#SBATCH --job-name=mgate-sweep
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
#SBATCH --output=mgate-sweep-%A_%a.log
set -euo pipefail
scenario=${1:?usage: sbatch --array=1-N examples/sweep_slurm.sh SCENARIO SHARD_DIR [mgate sweep options]}
shards=${2:?usage: sbatch --array=1-N examples/sweep_slurm.sh SCENARIO SHARD_DIR [mgate sweep options]}
shift 2
: "${SLURM_ARRAY_TASK_ID:?run this with sbatch --array=1-N}"
: "${SLURM_ARRAY_TASK_COUNT:?run this with sbatch --array=1-N}"
# With --array=1-N the task ids are 1..N; the shard is K/N.
mgate=${MGATE:-mgate}
mkdir -p "$shards"
"$mgate" sweep "$scenario" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" \
  --threads "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$shards/shard_${SLURM_ARRAY_TASK_ID}" \
  --quiet "$@"
