#!/usr/bin/env bash
# Kept for old instructions: `python -m genmodels.train --all` trains every registered model (genmodels/registry.py),
# in order, the classifier first. Usage: bash scripts/train_all.sh [extra flags for genmodels.train, e.g. --threads 1]
set -euo pipefail
exec python -m genmodels.train --all "$@"
