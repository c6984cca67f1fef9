"""One-off probes and maintenance commands, each run from the repository root as `python -m scripts.NAME`."""
