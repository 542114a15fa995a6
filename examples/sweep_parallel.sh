#!/usr/bin/env bash
# Runs an mgate sweep as N shards with GNU parallel, then merges them.
#
#   bash examples/sweep_parallel.sh scenarios/dai2018_sweep.toml 4 outputs/dai2018_sweep [mgate sweep options]
#
# Shard K of N runs the points i with i % N == K - 1 (one thread each, N at a time); the merged
# folder has the same sweep.csv and plots as one unsharded run. Extra arguments go to every shard.
# Illustrative toy model: not calibrated, not medical advice.
set -euo pipefail
scenario=${1:?usage: sweep_parallel.sh SCENARIO SHARDS OUT_DIR [mgate sweep options]}
count=${2:?usage: sweep_parallel.sh SCENARIO SHARDS OUT_DIR [mgate sweep options]}
out=${3:?usage: sweep_parallel.sh SCENARIO SHARDS OUT_DIR [mgate sweep options]}
shift 3
mgate=${MGATE:-mgate}
mkdir -p "$(dirname "$out")"
shards=$(mktemp -d "${out%/}.shards.XXXXXX")
trap 'rm -rf "$shards"' EXIT
parallel --halt now,fail=1 "$mgate" sweep "$scenario" --quiet --threads 1 \
  --shard {}/"$count" --out "$shards"/shard_{} "$@" ::: $(seq 1 "$count") > /dev/null
"$mgate" merge "$shards"/shard_* --out "$out"
