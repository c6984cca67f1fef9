#!/usr/bin/env bash
# Issue 14's retraining queue: one model after another on one thread, each resumable.
# `--resume` continues from weights/<model>/checkpoint/ when a run was interrupted on this machine, else it
# warm-starts from the shipped weights (a new machine keeps only what is committed), so re-running this script
# after a stop picks every model up where its committed or checkpointed state left it.
# Usage: nohup bash scripts/continue_training.sh [models...] > runs/continue_training.log 2>&1 &
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${GENMODELS_TRAIN_THREADS:-1}"
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(sparse_ae vae beta_vae vae2d wgan_gp sn_gan dcgan)
for model in "${models[@]}"; do
  echo "== $model $(date -u +%H:%M:%S)"
  python -m genmodels.train "$model" --resume --threads "$threads"
done
echo "== done $(date -u +%H:%M:%S)"
