#!/bin/bash
# One run split over a Slurm job array: task I of N simulates shard I/N of the replicates
# and writes its tally; once every task is done, `trialsim merge shard-*.json` gives the
# unsharded result, bit for bit. For a real design raise -n (say to 10000000) and the
# array (say --array=1-16 with --cpus-per-task=8).
#SBATCH --job-name=trialsim-shards
#SBATCH --array=1-4
#SBATCH --cpus-per-task=1
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail
trialsim run scenarios/CSTAR008.toml -n 100000 --seed 8 --threads "$SLURM_CPUS_PER_TASK" \
  --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --format json \
  --output "shard-$SLURM_ARRAY_TASK_ID.json"
