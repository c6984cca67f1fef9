#!/usr/bin/env bash
# Trains every shipped model except diffusion, in dependency order (the classifier judges the rest).
# Usage: bash scripts/train_all.sh [extra flags for genmodels.train, e.g. --threads 1]
set -euo pipefail
for model in classifier ae dae sparse_ae vae beta_vae vae2d dcgan wgan_gp; do
  python -m genmodels.train "$model" "$@"
done
