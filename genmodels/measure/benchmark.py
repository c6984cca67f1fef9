"""Speed and memory on this machine: every API endpoint's model call, model loading, app start-up, diffusion.

    python -m genmodels.measure.benchmark          # weights/ -> weights/benchmark.json + benchmark.md (+ docs block)
    python -m genmodels.measure.benchmark --quick  # fewer repeats, small diffusion runs (~1-2 min on a CPU)
    python -m genmodels.measure.benchmark --threads 1 --repeats 9
    python -m genmodels.measure.benchmark --sections app   # only the app through gradio_client; the rest is kept
    python -m genmodels.measure.benchmark --sections browser --repeats 3   # the Diffusion tab in Chromium
    python -m genmodels.measure.benchmark --sections denoiser   # the blind denoiser against its 10 ms (~1 s)
    python -m genmodels.measure.benchmark --sections lab   # the Lab's training speed, frames, and its cost to others

Medians of --repeats runs after one warm-up call, same seed every run; docs/performance.md's block
between <!-- benchmark:start --> and <!-- benchmark:end --> is replaced when both markers are there. What each timing
covers, and how: docs/measuring.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

import torch

from ..data import load
from ..diffusion.precision import cpu_has_native_bf16, resolve_autocast_dtype
from ..zoo import Zoo
from .results import environment, publish
from .speed.app import benchmark_app
from .speed.browser import benchmark_browser
from .speed.diffusion import ablation, first_frame_seconds, pipeline_vs_reference, sampler_rows
from .speed.endpoints import benchmark_app_startup, benchmark_denoiser, benchmark_endpoints, benchmark_loading
from .speed.lab import benchmark_lab
from .speed.report import render_markdown
from .speed.timing import peak_rss_mb

MARKERS = ("<!-- benchmark:start -->", "<!-- benchmark:end -->")
DOC = "docs/performance.md"  # the page that holds the block between MARKERS
# what --sections chooses from, and the JSON keys each one writes
SECTIONS = {
    "endpoints": ("endpoints",),
    "denoiser": ("denoiser",),
    "diffusion": ("diffusion",),
    "loading": ("loading", "app_startup"),
    "app": ("app",),
    "browser": ("browser",),
    "lab": ("lab",),
}


def benchmark_environment(zoo: Zoo) -> dict:
    """environment() and what decides the speed here: cores, threads, bf16 support, the weights' dtype, the load."""
    import diffusers

    env = {
        **environment(zoo.device),
        "cpu_cores": os.cpu_count(),
        "diffusers": diffusers.__version__,
        "interop_threads": torch.get_num_interop_threads(),
        "cpu_native_bf16": cpu_has_native_bf16(),
        "weights_dtype": str(zoo.pipe.unet.dtype) if zoo.pipe is not None else "torch.float32",
        "pipeline_autocast": str(resolve_autocast_dtype("auto", zoo.device)),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,  # > cores: other work was running
    }
    if zoo.device.type == "cuda":
        env["gpu"] = torch.cuda.get_device_name(zoo.device)
    return env


def run_benchmark(
    weights: Path,
    device=None,
    quick: bool = False,
    repeats: int | None = None,
    app: bool = True,
    progress: bool = True,
    sections=tuple(SECTIONS),
) -> dict:
    """The timings of `sections` -> the benchmark.json content (not yet written). app=False (--no-app) skips
    everything that launches or imports app.py."""
    repeats = repeats or (2 if quick else 5)
    n = 4 if quick else 16
    zoo = Zoo(weights, device=device)
    result = {"quick": quick, "repeats": repeats, "environment": benchmark_environment(zoo), "missing": zoo.missing}
    x16 = load("test", limit=16).tensors[0]

    if "endpoints" in sections:
        if progress:
            print("endpoints (median ms):", flush=True)
        result["endpoints"] = benchmark_endpoints(zoo, x16, repeats, progress)
    if "denoiser" in sections:
        if progress:
            print("the blind denoiser (median ms):", flush=True)
        result["denoiser"] = benchmark_denoiser(zoo, x16, repeats, progress)
    if "diffusion" in sections:
        result["diffusion"] = benchmark_diffusion(zoo, n, quick, repeats, progress)
    if "loading" in sections:
        result["loading"] = benchmark_loading(weights, zoo.device, 1 if quick else 3)
        result["app_startup"] = benchmark_app_startup(weights) if app else {"skipped": "--no-app"}
    if "app" in sections:
        if progress:
            print("through the app (median ms):", flush=True)
        result["app"] = benchmark_app(weights, zoo, repeats, progress) if app else {"skipped": "--no-app"}
    if "browser" in sections:
        if progress:
            print("the Diffusion tab in a browser:", flush=True)
        result["browser"] = benchmark_browser(weights, zoo, repeats, progress) if app else {"skipped": "--no-app"}
    if "lab" in sections:
        if progress:
            print("the Lab:", flush=True)
        result["lab"] = benchmark_lab(weights, repeats, progress) if app else {"skipped": "--no-app"}
    result["memory"] = {"peak_rss_mb": peak_rss_mb()}
    if zoo.device.type == "cuda":
        result["memory"]["cuda_peak_allocated_mb"] = torch.cuda.max_memory_allocated(zoo.device) / 2**20
    return result


def benchmark_diffusion(zoo: Zoo, n: int, quick: bool, repeats: int, progress: bool) -> dict:
    """The first streamed frame, DDPM and DDIM per image, our pipeline vs the reference loop, the ablation."""
    diffusion = {}
    if zoo.pipe is not None:
        diffusion["first_frame_seconds"] = statistics.median(first_frame_seconds(zoo, n) for _ in range(repeats))
        diffusion["first_frame_n"] = n
        if progress:
            print("diffusion samplers:", flush=True)
        ddim_steps = (10, 25) if quick else (10, 25, 50, 100)
        diffusion["samplers"] = sampler_rows(zoo, n, 50 if quick else 1000, ddim_steps, repeats, progress)
        diffusion["pipeline_vs_reference"] = pipeline_vs_reference(zoo, n, 5 if quick else 25, repeats)
        ablation_steps = 3 if quick else 10
        diffusion["ablation_settings"] = {"steps": ablation_steps, "n": n, "sampler": "DDIM"}
        diffusion["ablation"] = ablation(zoo, n, ablation_steps, repeats)
    return diffusion


def merged_with_earlier(result: dict, out: Path, sections) -> dict:
    """A run of some sections laid over the earlier JSON: the sections not run keep their earlier numbers and the
    top-level environment stays theirs; each fresh section records its own run (command, environment, repeats)."""
    if set(sections) == set(SECTIONS) or not out.is_file():
        return result
    merged = json.loads(out.read_text())
    run = {key: result[key] for key in ("command", "environment", "repeats", "quick")}
    for key in (key for section in sections for key in SECTIONS[section]):
        merged[key] = {**result[key], "run": run} if isinstance(result[key], dict) else result[key]
    return merged


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--out", default=None, help="JSON (default: <weights>/benchmark.json; the .md goes next to it)")
    parser.add_argument(
        "--doc", "--readme", default=DOC, help=f"page whose benchmark block is replaced (default {DOC}; '' = none)"
    )
    parser.add_argument("--quick", action="store_true", help="2 repeats, 4 images, short diffusion runs (DDPM-50)")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs per measurement (default 5, quick 2)")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's choice)")
    parser.add_argument("--no-app", action="store_true", help="skip everything that launches or imports app.py")
    parser.add_argument(
        "--sections",
        nargs="+",
        choices=list(SECTIONS),
        default=list(SECTIONS),
        help="what to measure (default: all); the JSON keeps the earlier numbers of the others",
    )
    args = parser.parse_args(argv)
    if args.repeats is not None and args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    if args.threads:
        torch.set_num_threads(args.threads)

    weights = Path(args.weights)
    result = run_benchmark(weights, args.device, args.quick, args.repeats, not args.no_app, sections=args.sections)
    result["command"] = " ".join(["python -m genmodels.measure.benchmark", *(sys.argv[1:] if argv is None else argv)])
    out = Path(args.out) if args.out else weights / "benchmark.json"
    result = merged_with_earlier(result, out, args.sections)
    out.parent.mkdir(parents=True, exist_ok=True)
    markdown = render_markdown(result)
    publish(out, result, markdown, args.doc, markdown, MARKERS, "benchmark")
    return result


if __name__ == "__main__":
    main()
