"""The Lab's measured claims: every GAN setting the Lab tab offers, over many seeds, on the two mixtures whose
modes can be counted. Per setting: the median modes covered, the share of runs that cover every mode, the median
share of high-quality samples, and a live run's generator updates a second.

    python -m genmodels.lab.sweep                   # 20 seeds x 1,000 generator updates, every setting
    python -m genmodels.lab.sweep --seeds 3 --steps 200 --no-save

All seeds of a setting train together as stacked networks (lab/stacked.py), each as alone (up to float
rounding). Writes
weights/metrics.json["lab"] (the other keys kept) and the block between SWEEP_MARKERS of docs/lab.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd
import torch

from ..tables import markdown_table, replace_marked_block
from .gan2d import GAN2D, GANConfig
from .live import updates_per_second

DOC = Path("docs/lab.md")
SWEEP_MARKERS = ("<!-- lab-sweep:start -->", "<!-- lab-sweep:end -->")
COMMAND = "python -m genmodels.lab.sweep"
DATASETS = ("ring", "grid")
# setting name -> what differs from the Lab's default (non-saturating loss, no stabiliser); the tab's loss choices,
# and each stabiliser on the standard loss
SETTINGS = {
    "minimax": {"loss": "minimax"},
    "non-saturating": {},
    # the Unrolled GAN's balance: the generator learns 10x faster than the discriminator
    "D rate 1e-4 (G 10x faster)": {"lr_d": 1e-4},
    "+ label smoothing": {"label_smoothing": True},
    "+ spectral norm": {"spectral_norm": True},
    "+ 5 D steps": {"d_steps": 5},
    "+ batch norm": {"batch_norm": True},
    "hinge + spectral norm": {"loss": "hinge", "spectral_norm": True},
    "WGAN (clipping)": {"loss": "wgan"},
    "WGAN-GP": {"loss": "wgan-gp"},
    "WGAN-GP, D rate 1e-4": {"loss": "wgan-gp", "lr_d": 1e-4},
}


def measure(config: GANConfig, seeds: int, steps: int) -> dict:
    """One setting over `seeds` seeds (0..seeds-1) trained for `steps` generator updates -> its row."""
    run = GAN2D(config, seeds=range(seeds))
    start = time.perf_counter()
    for _ in range(steps):
        run.step()
    seconds = time.perf_counter() - start
    snaps = run.snapshot()
    covered = [s["modes_covered"] for s in snaps]
    total = snaps[0]["modes_total"]
    return {
        "dataset": config.dataset,
        "modes_total": total,
        "modes_covered_median": statistics.median(covered),
        "all_modes_share": sum(c == total for c in covered) / seeds,
        "high_quality_median": statistics.median(s["high_quality"] for s in snaps),
        "modes_covered": covered,
        "updates_per_second": updates_per_second(GAN2D(config)),  # one live run
        "sweep_seconds": seconds,
        "config": {k: v for k, v in vars(config.resolved()).items() if k != "seed"},
    }


def run_sweep(seeds: int, steps: int, datasets=DATASETS, settings=SETTINGS) -> dict:
    rows = {}
    for dataset in datasets:
        for name, change in settings.items():
            config = replace(GANConfig(dataset=dataset), **change)
            rows[f"{dataset}/{name}"] = {"setting": name, **measure(config, seeds, steps)}
            row = rows[f"{dataset}/{name}"]
            print(
                f"{dataset:5} {name:22} modes {row['modes_covered_median']:>4} of {row['modes_total']}, all in "
                f"{row['all_modes_share']:.0%}, high-quality {row['high_quality_median']:.0%}, "
                f"{row['updates_per_second']:.0f} updates/s ({row['sweep_seconds']:.0f} s)",
                flush=True,
            )
    return {"seeds": seeds, "steps": steps, "rows": rows}


COLUMNS = {  # row key -> (English, Korean) header
    "dataset": ("data", "데이터"),
    "setting": ("setting", "설정"),
    "modes_covered_median": ("median modes covered", "덮은 모드 중앙값"),
    "all_modes_share": ("runs covering every mode", "모든 모드를 덮은 실행"),
    "high_quality_median": ("median high-quality share", "고품질 비율 중앙값"),
    "updates_per_second": ("G updates/s (one live run)", "초당 G 업데이트(실시간 1회)"),
}


def sweep_frame(section, language: str = "en") -> pd.DataFrame | None:
    """metrics.json["lab"] -> the table the Lab tab shows, headers in `language`; None before a sweep."""
    rows = (section or {}).get("rows") if isinstance(section, dict) else None
    if not rows:
        return None
    index = 0 if language == "en" else 1
    table = []
    for row in rows.values():
        table.append(
            {
                COLUMNS["dataset"][index]: row["dataset"],
                COLUMNS["setting"][index]: row["setting"],
                COLUMNS["modes_covered_median"][index]: f"{row['modes_covered_median']:g} / {row['modes_total']}",
                COLUMNS["all_modes_share"][index]: f"{row['all_modes_share']:.0%}",
                COLUMNS["high_quality_median"][index]: f"{row['high_quality_median']:.0%}",
                COLUMNS["updates_per_second"][index]: f"{row['updates_per_second']:.0f}",
            }
        )
    return pd.DataFrame(table)


def markdown(result: dict) -> str:
    env = result.get("environment", {})
    lines = [
        f"{result['seeds']} seeds (0 to {result['seeds'] - 1}) of each setting, {result['steps']:,} generator updates "
        f"each, batch {next(iter(result['rows'].values()))['config']['batch_size']}; "
        f"`{env.get('command', COMMAND)}` on {env.get('cpu', '?')}, {env.get('threads', '?')} thread(s).",
        "",
    ]
    table = sweep_frame(result)
    return "\n".join(lines) + markdown_table(table.columns, table.itertuples(index=False)) + "\n"


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--steps", type=int, default=1000, help="generator updates of each run")
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=list(DATASETS))
    parser.add_argument("--settings", nargs="+", choices=list(SETTINGS), default=list(SETTINGS))
    parser.add_argument("--threads", type=int, default=1, help="torch threads (the Lab trains on one)")
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--doc", default=str(DOC), help="page whose sweep block is replaced ('' = none)")
    parser.add_argument("--no-save", action="store_true", help="print the table, write nothing")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    result = run_sweep(args.seeds, args.steps, args.datasets, {name: SETTINGS[name] for name in args.settings})

    from ..measure.results import environment, rounded, write_json_atomically

    command = " ".join([COMMAND, *(sys.argv[1:] if argv is None else argv)])
    result["environment"] = {**environment(torch.device("cpu")), "command": command}
    print(markdown(result))
    if not args.no_save:
        metrics_path = Path(args.weights) / "metrics.json"
        metrics = json.loads(metrics_path.read_text()) if metrics_path.is_file() else {}
        metrics["lab"] = rounded(result)
        write_json_atomically(metrics_path, metrics)
        print(f"wrote {metrics_path} (lab)")
        if args.doc and replace_marked_block(Path(args.doc), markdown(result), SWEEP_MARKERS):
            print(f"updated the sweep block of {args.doc}")
    return result


if __name__ == "__main__":
    main()
