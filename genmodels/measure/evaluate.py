"""Measure every shipped model on the Fashion-MNIST test set: one command for every number the app shows.

    python -m genmodels.measure.evaluate                  # everything: weights/ -> weights/metrics.json + metrics.md
    python -m genmodels.measure.evaluate --quick          # a few hundred images, few diffusion steps: ~2 min on a CPU
    python -m genmodels.measure.evaluate --models vae dcgan --sections generation --n-samples 5000 --seed 1
    python -m genmodels.measure.evaluate --models diffusion --sections generation --ddim-steps 50 --ddim-etas 0 0.5 1
    python -m genmodels.measure.evaluate --models diffusion --sections samplers --merge   # the sampler race

Writes metrics.json, metrics.md, same-seed sample grids (eval_samples/*.png next to the JSON) and, when
docs/results.md has the markers <!-- metrics:start --> / <!-- metrics:end -->, replaces what lies between them.
Everything is deterministic given --seed (on one device and thread count). What each section measures, and how:
docs/measuring.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import torch
from tqdm.auto import tqdm

from ..diffusion.precision import resolve_autocast_dtype
from ..zoo import Zoo
from . import likelihoods
from .quality.anomaly import anomaly
from .quality.degradation_suite import degradation_suite
from .quality.denoising import denoising
from .quality.generation import generation
from .quality.guidance import guidance
from .quality.one_class import one_class
from .quality.reconstruction import reconstruction
from .quality.run import EvaluationRun
from .quality.samplers import samplers
from .quality.settings import (
    MAX_RUN_SEED,
    SECTIONS,
    Settings,
    add_settings_arguments,
    check_settings,
    measured_models,
    settings_from_args,
)
from .report import DOC, MARKERS, doc_markdown, render_markdown
from .results import environment, merge_conflicts, merge_results, model_summary, protocol, publish, rounded

# section -> what it adds to the result (generation brings the guidance table with it: both sample diffusion)
SECTION_RUNNERS = {
    "generation": lambda run: {"generation": generation(run), "guidance": guidance(run)},
    "reconstruction": lambda run: {"reconstruction": reconstruction(run)},
    "denoising": lambda run: {"denoising": denoising(run)},
    "degradations": lambda run: {"degradations": degradation_suite(run)},
    "anomaly": lambda run: {"anomaly": anomaly(run)},
    "one_class": lambda run: {"one_class": one_class(run)},
    "samplers": lambda run: {"samplers": samplers(run)},
}


# metrics.json sections written by other commands (genmodels transfer, genmodels memorisation), kept by a run
# without --merge
OTHER_COMMANDS_SECTIONS = ("transfer", "memorisation")


def evaluate(
    zoo: Zoo,
    settings: Settings,
    seed: int = 0,
    models=None,
    sections=SECTIONS,
    out_dir: Path = Path("weights"),
    data_dir=None,
    inception: bool = False,
    progress: bool = True,
    command: str | None = None,
) -> dict:
    """Run the chosen sections -> the metrics.json content (not yet written). models: default every measured one."""
    models = measured_models() if models is None else models
    check_settings(settings)
    start = time.perf_counter()
    run = EvaluationRun(zoo, settings, seed, models, out_dir / "eval_samples", data_dir, progress, inception)
    result = {
        "protocol": protocol(settings, seed, zoo),
        "environment": {
            **environment(zoo.device),
            "diffusion_autocast": str(resolve_autocast_dtype("auto", zoo.device)),
            "command": command,
        },
        "settings": asdict(settings),
    }
    timings = {}
    for name in tqdm([s for s in SECTIONS if s in sections], desc="evaluate", disable=not progress):
        section_start = time.perf_counter()
        result.update(SECTION_RUNNERS[name](run))
        timings[name] = time.perf_counter() - section_start
    result["inception_fid"] = run.inception  # when available, each generation row has its "inception_fid"
    result["skipped"] = run.skipped
    result["evaluated"] = sorted(set(models) - set(run.skipped))
    result["section_seconds"] = timings
    result["seconds"] = time.perf_counter() - start
    result["models"] = model_summary(result)
    return rounded(result)


def parse_args(argv=None) -> tuple[argparse.ArgumentParser, argparse.Namespace, Settings]:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--weights", default="weights", help="the weights folder (default: weights)")
    parser.add_argument(
        "--out", default=None, help="metrics JSON (default: <weights>/metrics.json; the .md goes next to it)"
    )
    parser.add_argument(
        "--doc", "--readme", default=DOC, help=f"page whose metrics block is replaced (default {DOC}; '' = none)"
    )
    parser.add_argument(
        "--models",
        nargs="+",
        default=list(measured_models()),
        choices=measured_models(),
        help="models to evaluate (the classifier judges)",
    )
    parser.add_argument("--sections", nargs="+", default=list(SECTIONS), choices=SECTIONS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--quick", action="store_true", help="a few hundred images and few diffusion steps (CI smoke test)"
    )
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument(
        "--inception", action="store_true", help="also try the standard Inception FID via torch-fidelity"
    )
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the existing --out JSON and replace only what this run measures (same settings and seed)",
    )
    add_settings_arguments(parser)  # every sample count / step setting: --n-samples 5000 ...
    args = parser.parse_args(argv)
    settings = settings_from_args(args)
    try:
        check_settings(settings)
    except ValueError as error:
        parser.error(str(error))  # setting names are the flags' names: n_ood <-> --n-ood
    if not 0 <= args.seed <= MAX_RUN_SEED:
        parser.error(f"--seed must be in [0, {MAX_RUN_SEED}], got {args.seed}")
    return parser, args, settings


def main(argv=None) -> dict:
    parser, args, settings = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)

    out = Path(args.out) if args.out else Path(args.weights) / "metrics.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    zoo = Zoo(args.weights, device=args.device)
    if args.merge and out.is_file():  # fail now rather than after the run
        planned = {
            "settings": rounded(json.loads(json.dumps(asdict(settings)))),
            "quick": bool(args.quick),
            "protocol": rounded(json.loads(json.dumps(protocol(settings, args.seed, zoo)))),
        }
        conflicts = merge_conflicts(json.loads(out.read_text()), planned, args.models, args.sections)
        if conflicts:
            parser.error(f"--merge: {out} was measured differently ({', '.join(conflicts)}); run without --merge")
    for name in args.models:
        if name not in zoo.available:
            print(f"skipping {name}: {zoo.missing.get(name, 'not loaded')}", file=sys.stderr)
    command = " ".join(["python -m genmodels.measure.evaluate", *(sys.argv[1:] if argv is None else argv)])
    result = evaluate(
        zoo,
        settings,
        args.seed,
        args.models,
        args.sections,
        out.parent,
        args.data_dir,
        args.inception,
        not args.no_progress,
        command,
    )
    result["quick"] = bool(args.quick)
    if out.is_file() and not args.merge:  # what other commands measured into the same file stays
        earlier = json.loads(out.read_text())
        result.update({key: earlier[key] for key in OTHER_COMMANDS_SECTIONS if key in earlier})
    if args.merge and out.is_file():
        try:
            result = merge_results(json.loads(out.read_text()), result)
        except ValueError as error:
            parser.error(str(error))

    doc_block = doc_markdown(result, out, Path(args.doc)) if args.doc else ""
    publish(out, result, render_markdown(result), args.doc, doc_block, MARKERS, "metrics")
    if args.doc and not args.quick:  # the VAE-likelihood table of the weights' project: README, the variants' cards
        for page in likelihoods.write_pages(result, Path(args.weights).resolve().parent):
            print(f"updated the VAE-likelihood table of {page}")
    return result


if __name__ == "__main__":
    main()
