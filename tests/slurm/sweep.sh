#!/bin/bash
# One sweep split over a Slurm job array: task I of N runs the grid points i with
# i % N == I - 1; the rows of all tasks, sorted by point under one header, are the
# unsharded sweep's.
#SBATCH --job-name=trialsim-sweep
#SBATCH --array=1-3
#SBATCH --cpus-per-task=1
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail
trialsim sweep scenarios/NCT05694130-primary.toml --vary trial.sample_size=60:160:20 -n 2000 --skip-type1 \
  --threads "$SLURM_CPUS_PER_TASK" --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" \
  --output "sweep-$SLURM_ARRAY_TASK_ID.csv"
