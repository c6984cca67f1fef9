"""Speed and memory on this machine: every API endpoint's model call, model loading, app start-up, diffusion.

    python -m genmodels.measure.benchmark          # weights/ -> weights/benchmark.json + benchmark.md (+ docs block)
    python -m genmodels.measure.benchmark --quick  # fewer repeats, small diffusion runs (~1-2 min on a CPU)
    python -m genmodels.measure.benchmark --threads 1 --repeats 9
    python -m genmodels.measure.benchmark --sections app   # only the app through gradio_client; the rest is kept
    python -m genmodels.measure.benchmark --sections browser --repeats 3   # the Diffusion tab in Chromium

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
from ..tables import markdown_table
from ..zoo import Zoo
from .report import measured_by
from .results import environment, publish
from .speed.app import benchmark_app
from .speed.browser import benchmark_browser
from .speed.diffusion import ablation, first_frame_seconds, pipeline_vs_reference, sampler_rows
from .speed.endpoints import benchmark_app_startup, benchmark_endpoints, benchmark_loading
from .speed.timing import GUIDANCE, peak_rss_mb

MARKERS = ("<!-- benchmark:start -->", "<!-- benchmark:end -->")
DOC = "docs/performance.md"  # the page that holds the block between MARKERS
# what --sections chooses from, and the JSON keys each one writes
SECTIONS = {
    "endpoints": ("endpoints",),
    "diffusion": ("diffusion",),
    "loading": ("loading", "app_startup"),
    "app": ("app",),
    "browser": ("browser",),
}
# the targets for the Diffusion tab in a browser (its default request)
BROWSER_FIRST_FRAME_TARGET = 0.3  # seconds from the click to the first picture
BROWSER_FINISHED_TARGET = 1.3  # the finished sheet, times the same call in-process


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


def render_markdown(result: dict) -> str:
    """benchmark.json as Markdown (weights/benchmark.md and DOC's block between MARKERS)."""
    env = result["environment"]
    where = env.get("gpu") or f"{env['cpu']} ({env['cpu_cores']} cores)"
    command = measured_by(result, "genmodels.measure.benchmark")
    endpoints = [
        [f"`{r['endpoint']}`", r["variant"], r["n"], f"{r['median_ms']:.1f}"] for r in result.get("endpoints", [])
    ]
    lines = [
        f"Measured by `{command}` on {where}, device "
        f"{env['device']}, torch {env['torch']}, {env['threads']} threads, weights {env['weights_dtype']}, diffusion "
        f"autocast {env['pipeline_autocast']}, {env['date_utc']} UTC; load average at start {env['load_average']} "
        "(above the core count means other work shared the machine). Medians of "
        f"{result['repeats']} runs after a warm-up.",
        "",
    ]
    if endpoints:
        lines += [markdown_table(["endpoint", "variant", "n", "median ms"], endpoints), ""]
    diffusion = result.get("diffusion", {})
    if "first_frame_seconds" in diffusion:
        lines += [
            f"First streamed frame of a {diffusion['first_frame_n']}-image DDIM-25 run (guidance {GUIDANCE:g}): "
            f"{diffusion['first_frame_seconds'] * 1e3:.0f} ms.",
            "",
        ]
    if diffusion.get("samplers"):
        rows = [
            [r["sampler"], r["steps"], r["n"], f"{r['seconds']:.2f}", f"{r['seconds_per_image'] * 1e3:.1f}"]
            for r in diffusion["samplers"]
        ]
        lines += [markdown_table(["sampler", "steps", "images", "seconds", "ms / image"], rows), ""]
    c = diffusion.get("pipeline_vs_reference")
    if c:
        lines += [
            "Our pipeline vs the plain reference loop (fp32, separate conditional / unconditional passes), "
            f"DDIM-{c['steps']}, {c['n']} images, guidance {c['guidance_scale']:g}, same seed: "
            f"{c['pipeline_seconds']:.2f} s vs {c['reference_seconds']:.2f} s, **{c['speedup']:.2f}x**; "
            f"max |Δ| of the fp32 pipeline = {c['max_abs_diff_fp32_pipeline_vs_reference']:.1e}, mean |Δ| with its "
            f"default autocast ({c['pipeline_autocast']}) = {c['mean_abs_diff_default_pipeline_vs_reference']:.1e}.",
            "",
        ]
    if diffusion.get("ablation"):
        settings = diffusion["ablation_settings"]
        lines += [
            f"What each choice buys (DDIM-{settings['steps']}, {settings['n']} images, guidance {GUIDANCE:g}):",
            "",
        ]
        rows = [
            [r["variant"], f"{r['seconds']:.2f}", f"{r['speedup_vs_plain']:.2f}x", f"{r['speedup_vs_reference']:.2f}x"]
            for r in diffusion["ablation"]
        ]
        lines += [markdown_table(["variant", "seconds", "vs plain", "vs reference"], rows), ""]
    lines += app_lines(result.get("app"))
    lines += browser_lines(result.get("browser"))
    loading, app = result.get("loading", {}), result.get("app_startup", {})
    if loading:
        per_model = ", ".join(f"{k} {v * 1e3:.0f} ms" for k, v in loading["per_model_seconds"].items())
        lines += [f"Loading: the whole zoo {loading['zoo_seconds']:.2f} s ({per_model}).", ""]
    if app:
        lines += [
            f"App start-up (import app.py: zoo + UI, no server): {app['import_app_seconds']:.1f} s, the whole process "
            f"{app['process_seconds']:.1f} s, peak memory {app['peak_rss_mb']:.0f} MiB."
            if "skipped" not in app
            else f"App start-up: skipped ({app['skipped']}).",
            "",
        ]
    lines += [f"Peak memory of the benchmark process: {result['memory']['peak_rss_mb']:.0f} MiB.", ""]
    return "\n".join(lines)


def app_lines(app: dict | None) -> list[str]:
    """The app section (speed/app.py) as Markdown lines: each request through gradio_client beside the zoo."""
    if not app:
        return []
    if "skipped" in app:
        return [f"Through the app: skipped ({app['skipped']}).", ""]
    start, run = app["startup"], app.get("run")
    separately = (
        f" Measured separately by `{run['command']}` ({run['environment']['date_utc']} UTC, load average at start "
        f"{run['environment']['load_average']:.2f}), medians of {run['repeats']}."
        if run
        else ""
    )
    rows = [
        [
            f"`{r['endpoint']}`",
            r["variant"],
            r["n"],
            f"{r['zoo_ms']:.1f}",
            f"{r['app_ms']:.0f}",
            f"{r['ratio']:.2f}x",
            f"{r['vs_n1']:.2f}x" if "vs_n1" in r else "",
            f"{r['plain_http_ms']:.0f}",
            f"{r['plain_http_vs_n1']:.2f}x" if "plain_http_vs_n1" in r else "",
            f"{r['answer_ms']:.0f}",
        ]
        for r in app["endpoints"]
    ]
    headers = ["endpoint", "variant", "n", "zoo ms", "app ms", "app / zoo", "app / its n=1"]
    headers += ["ssl_verify=False ms", "its / its n=1", "answer only ms"]
    return [
        "Through the app: `python app.py` on a loopback port, each request by `gradio_client` beside the same zoo "
        "call in this process, interleaved. `app` is a default `Client` (it downloads every picture with a new HTTP "
        "client that loads the CA bundle, even on http://), `ssl_verify=False` skips that, `answer only` is "
        f"`download_files=False` (the app's own time).{separately}",
        "",
        markdown_table(headers, rows),
        "",
        f"App start-up (`python app.py` launched until it answers {start['first_request']}): "
        f"{start['first_answer_seconds']:.1f} s (serving after {start['serving_seconds']:.1f} s, polled every 0.1 s).",
        "",
    ]


def browser_lines(browser: dict | None) -> list[str]:
    """The browser section (speed/browser.py) as Markdown lines: the Diffusion tab's default request in Chromium."""
    if not browser:
        return []
    if "skipped" in browser:
        return [f"In a browser: skipped ({browser['skipped']}).", ""]
    run, r = browser.get("run"), browser["request"]
    separately = (
        f" Measured separately by `{run['command']}` ({run['environment']['date_utc']} UTC, load average at start "
        f"{run['environment']['load_average']:.2f})."
        if run
        else ""
    )
    first, finished, ratio = browser["first_frame_seconds"], browser["finished_seconds"], browser["finished_ratio"]
    rows = [
        [
            f"first picture ≤ {BROWSER_FIRST_FRAME_TARGET:g} s after the click",
            f"{first:.2f} s",
            "yes" if first <= BROWSER_FIRST_FRAME_TARGET else "no",
        ],
        [
            f"finished sheet ≤ {BROWSER_FINISHED_TARGET:g}× in-process ({browser['zoo_seconds']:.2f} s)",
            f"{finished:.2f} s, {ratio:.2f}×",
            "yes" if ratio <= BROWSER_FINISHED_TARGET else "no",
        ],
    ]
    return [
        f"In a browser: the Diffusion tab's default request ({r['class_name']}, guidance {r['guidance_scale']:g}, "
        f"{r['sampler']}-{r['steps']}, η = {r['eta']:g}, {r['n']} images, seed {r['seed']}) clicked in "
        f"{browser['browser']} on `python app.py` over loopback, timed by the page from the click event, beside the "
        f"same zoo call in this process, interleaved; medians of {browser['repeats']} clicks "
        f"({browser['pictures']:g} pictures each: the streamed frames and the sheet).{separately}"
        + (
            f" Chromium shares this machine's cores with the model: it used {browser['browser_cpu_seconds']:.2f} s of"
            " CPU per click (median)."
            if "browser_cpu_seconds" in browser
            else ""
        ),
        "",
        markdown_table(["target", "measured", "met"], rows),
        "",
    ]


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
