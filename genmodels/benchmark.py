"""Speed and memory on this machine: every API endpoint's model call, model loading, app start-up, diffusion.

    python -m genmodels.benchmark                # weights/ -> weights/benchmark.json + benchmark.md (+ README block)
    python -m genmodels.benchmark --quick        # fewer repeats, small diffusion runs (~1-2 min on a CPU)
    python -m genmodels.benchmark --threads 1 --repeats 9

What it times (median wall-clock seconds of --repeats runs after one warm-up call, same seed every run):
- endpoints: each API.md endpoint's Zoo call (what the Gradio handler runs, minus image encoding) at n = 1
  and n = 16 where the endpoint takes n (a batch, a gallery size or interpolation frames);
- loading: the whole Zoo, each model's from_pretrained, and app start-up (import app.py, which loads the zoo and
  builds the demo, in a fresh Python process);
- memory: peak resident set size (resource.getrusage) of this process and of the app start-up process;
- diffusion: seconds per image for DDPM-1000 and DDIM-10/25/50/100 (16 images, class-conditional, guidance 3);
  our pipeline against the plain reference loop (`pipeline.reference_sample`: fp32, conditional and
  unconditional passes run separately) on the same weights, steps and seed; and an ablation of what
  inference_mode, bf16 autocast, channels_last and batching the two guidance passes each buy.
Timed runs are interleaved (A B C A B C ...) so that a busy machine slows every variant alike. README.md's block
between <!-- benchmark:start --> and <!-- benchmark:end --> is replaced when both markers are there.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from .data import CLASS_NAMES, load
from .evaluate import cpu_name
from .pipeline import (
    DDIM_ETA,
    GUIDANCE_INTERVAL,
    NULL_CLASS,
    autocast,
    cpu_has_native_bf16,
    guidance_at,
    make_generator,
    randn,
    reference_sample,
    resolve_autocast_dtype,
)
from .report import replace_marked_block
from .zoo import ANOMALY_FILE, MODEL_FOLDERS, Zoo

MARKERS = ("<!-- benchmark:start -->", "<!-- benchmark:end -->")
REPO = Path(__file__).resolve().parents[1]
GUIDANCE = 3.0
SEED = 0


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


def synchronize(device: torch.device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def timed(fn, device) -> float:
    synchronize(device)
    start = time.perf_counter()
    fn()
    synchronize(device)
    return time.perf_counter() - start


def interleaved_medians(fns: dict, repeats: int, device, warmup: bool = True) -> dict[str, float]:
    """Median seconds of every fn, run in rounds (each fn once per round) after one warm-up call each."""
    if warmup:
        for fn in fns.values():
            fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            times[name].append(timed(fn, device))
    return {name: statistics.median(values) for name, values in times.items()}


# ---------------------------------------------------------------------------------------------------------
# endpoints


def endpoint_calls(zoo: Zoo, x16: torch.Tensor) -> list[tuple[str, str, int, object]]:
    """(endpoint, variant, n, call) for every API.md endpoint whose model is loaded."""
    one, a, b = x16[:1], x16[:1], x16[1:2]
    has = set(zoo.available)
    class_name = CLASS_NAMES[7]
    calls = []
    for model in ("ae", "dae", "sparse_ae", "vae"):
        if model in has:  # the endpoint takes one image
            calls.append(("/reconstruct", model, 1, lambda m=model: zoo.reconstruct(one, m)))
    for method in ("dae", "vae", "diffusion", "median"):
        if method in has or method == "median":
            for n in (1, 16):
                calls.append(
                    ("/denoise", f"{method}, σ=0.3", n, lambda m=method, n=n: zoo.denoise(x16[:n], 0.3, m, SEED))
                )
    if "vae" in has:
        for n in (1, 16):
            calls.append(("/vae_sample", "vae, T=1", n, lambda n=n: zoo.vae_sample(n, SEED, 1.0)))
    for variant, folder in (("dcgan", "dcgan"), ("wgan-gp", "wgan_gp")):
        if folder in has:
            for n in (1, 16):
                calls.append(
                    ("/gan_sample", f"{variant}, ψ=1", n, lambda v=variant, n=n: zoo.gan_sample(n, SEED, v, 1.0))
                )
    if "diffusion" in has:
        for n in (1, 16):
            calls.append(
                (
                    "/diffusion_sample",
                    f"DDIM-25, w={GUIDANCE:g}",
                    n,
                    lambda n=n: zoo.diffusion_sample(class_name, GUIDANCE, "DDIM", 25, DDIM_ETA, n, SEED),
                )
            )
    for model in ("ae", "vae"):
        if model in has:
            for steps in (2, 16):  # n = the number of frames
                calls.append(
                    (
                        "/interpolate",
                        f"{model}, slerp",
                        steps,
                        lambda m=model, s=steps: zoo.interpolate(a, b, m, s, "slerp"),
                    )
                )
    calibrated = (zoo.weights_dir / ANOMALY_FILE).is_file()
    for method in ("ae", "vae", "diffusion"):
        if method in has:
            if calibrated:
                calls.append(("/anomaly", method, 1, lambda m=method: zoo.anomaly(one, m)))
            else:  # no weights/anomaly.json yet: the same model call without the threshold lookup
                calls.append(("/anomaly", f"{method} (score only)", 1, lambda m=method: zoo.anomaly_scores(one, m)))
            calls.append(("/anomaly", f"{method} (batch of scores)", 16, lambda m=method: zoo.anomaly_scores(x16, m)))
    if "diffusion" in has:
        for n in (1, 16):
            calls.append(("/forward_noise", "t=500", n, lambda n=n: zoo.forward_noise(x16[:n], 500)))
    return calls


def benchmark_endpoints(zoo: Zoo, x16: torch.Tensor, repeats: int, progress: bool) -> list[dict]:
    rows = []
    for endpoint, variant, n, call in endpoint_calls(zoo, x16):
        seconds = interleaved_medians({"call": call}, repeats, zoo.device)["call"]
        rows.append({"endpoint": endpoint, "variant": variant, "n": n, "median_ms": seconds * 1e3})
        if progress:
            print(f"  {endpoint:18s} {variant:28s} n={n:<3d} {seconds * 1e3:9.1f} ms", flush=True)
    return rows


def first_frame_seconds(zoo: Zoo, n: int = 16, steps: int = 25) -> float:
    """Time from the call to the first streamed frame (the UI's per-step callback) of a DDIM-25 run."""
    start = time.perf_counter()
    first = []

    def callback(step_index, num_steps, x_t, x0_pred):
        if not first:
            first.append(time.perf_counter() - start)

    zoo.diffusion_sample(CLASS_NAMES[7], GUIDANCE, "DDIM", steps, DDIM_ETA, n, SEED, callback=callback)
    return first[0]


# ---------------------------------------------------------------------------------------------------------
# loading and start-up


def benchmark_loading(weights: Path, device, repeats: int) -> dict:
    per_model = {}
    for name, (folder, cls) in MODEL_FOLDERS.items():
        path = weights / folder
        if cls is None:
            if not (path / "model_index.json").is_file():
                continue
            from .pipeline import FashionDiffusionPipeline

            def load_one(path=path):
                return FashionDiffusionPipeline.from_pretrained(path).to(device)
        else:
            if not (path / "model.safetensors").is_file():
                continue

            def load_one(path=path, cls=cls):
                return cls.from_pretrained(path).to(device)

        per_model[name] = interleaved_medians({"load": load_one}, repeats, device)["load"]
    zoo_seconds = interleaved_medians({"zoo": lambda: Zoo(weights, device=device)}, repeats, device)["zoo"]
    return {"zoo_seconds": zoo_seconds, "per_model_seconds": per_model}


def benchmark_app_startup(weights: Path, timeout: int = 600) -> dict:
    """Import app.py (loads the zoo, builds the Gradio demo; no server) in a fresh interpreter."""
    if not (REPO / "app.py").is_file():
        return {"skipped": f"no app.py in {REPO}"}
    code = (
        "import json, resource, sys, time\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "start = time.perf_counter()\n"
        "import app\n"
        "seconds = time.perf_counter() - start\n"
        # VmHWM: the peak of this process's own memory. ru_maxrss is not: Linux carries the parent's peak over
        # fork + exec, so it read the benchmark's 3.1 GB here
        "try:\n"
        "    peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')) / 1024\n"
        "except (OSError, StopIteration):\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print('BENCHMARK_JSON', json.dumps({'import_app_seconds': seconds, 'peak_rss_mb': peak}))\n"
    )
    env = {
        **os.environ,
        "GENMODELS_WEIGHTS": str(weights.resolve()),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
    }
    # a fresh working folder: a cold start (no Gradio caches from earlier runs), and nothing written into the repo
    with tempfile.TemporaryDirectory() as cwd:
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return {"skipped": f"app start-up took more than {timeout} s"}
        wall = time.perf_counter() - start
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCHMARK_JSON ")), None)
    if done.returncode != 0 or line is None:
        return {"skipped": f"importing app failed (exit {done.returncode}): {done.stderr.strip()[-500:]}"}
    return {**json.loads(line.split(" ", 1)[1]), "process_seconds": wall}


# ---------------------------------------------------------------------------------------------------------
# diffusion


def sampler_rows(zoo: Zoo, n: int, ddpm_steps: int, ddim_steps, repeats: int, progress: bool) -> list[dict]:
    rows = []
    for sampler, steps in [("DDPM", ddpm_steps), *(("DDIM", k) for k in ddim_steps)]:

        def run(sampler=sampler, steps=steps):
            return zoo.diffusion_sample(CLASS_NAMES[7], GUIDANCE, sampler, steps, DDIM_ETA, n, SEED)

        runs = 1 if sampler == "DDPM" else repeats  # DDPM-1000 is long enough that one run is a stable number
        seconds = interleaved_medians({"run": run}, runs, zoo.device, warmup=sampler != "DDPM")["run"]
        rows.append(
            {
                "sampler": sampler,
                "steps": steps,
                "n": n,
                "seconds": seconds,
                "seconds_per_image": seconds / n,
                "runs": runs,
            }
        )
        if progress:
            print(f"  {sampler}-{steps:<5d} n={n}: {seconds:7.2f} s ({seconds / n * 1e3:7.1f} ms / image)", flush=True)
    return rows


def plain_loop(unet, scheduler_config, labels, steps: int, grad: str, dtype, channels_last: bool, batched: bool):
    """The DDIM guidance loop with each speed choice switchable (the ablation); same noise as the pipeline."""
    from diffusers import DDIMScheduler

    device = unet.device
    scheduler = DDIMScheduler.from_config(scheduler_config)
    scheduler.set_timesteps(steps, device=device)
    generator = make_generator(seed=SEED)
    size = unet.config.sample_size
    x = randn((len(labels), unet.config.in_channels, size, size), generator, device) * scheduler.init_noise_sigma
    null = torch.full_like(labels, NULL_CLASS)
    memory = torch.channels_last if channels_last else torch.contiguous_format
    mode = {"autograd": contextlib.nullcontext(), "no_grad": torch.no_grad(), "inference_mode": torch.inference_mode()}[
        grad
    ]
    with mode:
        for t in scheduler.timesteps:
            x_in = x.contiguous(memory_format=memory)
            with autocast(device, dtype):
                if batched:
                    both = unet(torch.cat([x_in, x_in]), t, class_labels=torch.cat([null, labels])).sample.float()
                    uncond, cond = both.chunk(2)
                else:
                    uncond = unet(x_in, t, class_labels=null).sample.float()
                    cond = unet(x_in, t, class_labels=labels).sample.float()
            w = guidance_at(t, GUIDANCE, GUIDANCE_INTERVAL)  # as the pipeline and the reference loop
            x = scheduler.step(uncond + w * (cond - uncond), t, x, eta=DDIM_ETA, generator=generator).prev_sample
    return x.detach()


def pipeline_vs_reference(zoo: Zoo, n: int, steps: int, repeats: int) -> dict:
    """Our pipeline (its defaults) against reference_sample on the same weights, steps, seed and labels."""
    pipe = zoo.pipe
    labels = torch.arange(n) % len(CLASS_NAMES)
    config = pipe.scheduler.config

    def ours(autocast_dtype="auto"):
        return pipe(
            class_labels=labels,
            guidance_scale=GUIDANCE,
            num_inference_steps=steps,
            sampler="DDIM",
            seed=SEED,
            output_type="pt",
            autocast_dtype=autocast_dtype,
        ).images

    def reference():
        return reference_sample(
            pipe.unet,
            config,
            class_labels=labels,
            guidance_scale=GUIDANCE,
            num_inference_steps=steps,
            sampler="DDIM",
            generator=make_generator(seed=SEED),
        )

    medians = interleaved_medians({"pipeline": ours, "reference": reference}, repeats, zoo.device)
    ref_images, fp32_images, default_images = reference(), ours(None), ours()
    return {
        "sampler": "DDIM",
        "steps": steps,
        "n": n,
        "guidance_scale": GUIDANCE,
        "seed": SEED,
        "pipeline_seconds": medians["pipeline"],
        "reference_seconds": medians["reference"],
        "speedup": medians["reference"] / medians["pipeline"],
        "pipeline_autocast": str(resolve_autocast_dtype("auto", zoo.device)),
        # the same images? fp32 pipeline vs reference: rounding only; default precision: bf16's small drift
        "max_abs_diff_fp32_pipeline_vs_reference": (fp32_images - ref_images).abs().max().item(),
        "mean_abs_diff_default_pipeline_vs_reference": (default_images - ref_images).abs().mean().item(),
    }


ABLATION = [  # (label, grad mode, bf16 autocast, channels_last, batched cond/uncond)
    ("plain: autograd on, fp32, separate passes", "autograd", False, False, False),
    ("+ no_grad", "no_grad", False, False, False),
    ("+ inference_mode (= the reference loop)", "inference_mode", False, False, False),
    ("+ inference_mode + bf16 autocast", "inference_mode", True, False, False),
    ("+ inference_mode + channels_last", "inference_mode", False, True, False),
    ("+ inference_mode + batched cond/uncond", "inference_mode", False, False, True),
    ("+ inference_mode + bf16 + batched", "inference_mode", True, False, True),
    ("+ inference_mode + bf16 + channels_last + batched", "inference_mode", True, True, True),
]


def ablation(zoo: Zoo, n: int, steps: int, repeats: int) -> list[dict]:
    """Seconds per run of each ABLATION variant, interleaved; speed-up against the plain loop and the reference."""
    unet = zoo.pipe.unet
    grad_unet = copy.deepcopy(unet).requires_grad_(True)  # what user code that never turned gradients off runs
    last_unet = copy.deepcopy(unet).to(memory_format=torch.channels_last)
    labels = (torch.arange(n) % len(CLASS_NAMES)).to(zoo.device)
    config = zoo.pipe.scheduler.config
    fns = {}
    for label, grad, bf16, channels_last, batched in ABLATION:
        net = last_unet if channels_last else grad_unet if grad == "autograd" else unet
        fns[label] = lambda net=net, grad=grad, bf16=bf16, cl=channels_last, b=batched: plain_loop(
            net, config, labels, steps, grad, torch.bfloat16 if bf16 else None, cl, b
        )
    medians = interleaved_medians(fns, repeats, zoo.device)
    plain, reference = medians[ABLATION[0][0]], medians[ABLATION[2][0]]
    return [
        {
            "variant": label,
            "seconds": seconds,
            "speedup_vs_plain": plain / seconds,
            "speedup_vs_reference": reference / seconds,
        }
        for label, seconds in medians.items()
    ]


# ---------------------------------------------------------------------------------------------------------
# report


def environment(zoo: Zoo) -> dict:
    import diffusers

    env = {
        "device": str(zoo.device),
        "cpu": cpu_name(),
        "cpu_cores": os.cpu_count(),
        "torch": torch.__version__,
        "diffusers": diffusers.__version__,
        "python": platform.python_version(),
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "cpu_native_bf16": cpu_has_native_bf16(),
        "weights_dtype": str(zoo.pipe.unet.dtype) if zoo.pipe is not None else "torch.float32",
        "pipeline_autocast": str(resolve_autocast_dtype("auto", zoo.device)),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,  # > cores: other work was running
        "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
    }
    if zoo.device.type == "cuda":
        env["gpu"] = torch.cuda.get_device_name(zoo.device)
    return env


def render_markdown(result: dict) -> str:
    env = result["environment"]
    where = env.get("gpu") or f"{env['cpu']} ({env['cpu_cores']} cores)"
    lines = [
        f"Measured by `python -m genmodels.benchmark{' --quick' if result.get('quick') else ''}` on {where}, device "
        f"{env['device']}, torch {env['torch']}, {env['threads']} threads, weights {env['weights_dtype']}, diffusion "
        f"autocast {env['pipeline_autocast']}, {env['date_utc']} UTC; load average at start {env['load_average']} "
        "(above the core count means other work shared the machine). Medians of "
        f"{result['repeats']} runs after a warm-up.",
        "",
        "| endpoint | variant | n | median ms |",
        "|---|---|---|---|",
        *(
            f"| `{r['endpoint']}` | {r['variant']} | {r['n']} | {r['median_ms']:.1f} |"
            for r in result.get("endpoints", [])
        ),
        "",
    ]
    diffusion = result.get("diffusion", {})
    if "first_frame_seconds" in diffusion:
        lines += [
            f"First streamed frame of a {diffusion['first_frame_n']}-image DDIM-25 run (guidance {GUIDANCE:g}): "
            f"{diffusion['first_frame_seconds'] * 1e3:.0f} ms.",
            "",
        ]
    if diffusion.get("samplers"):
        lines += ["| sampler | steps | images | seconds | ms / image |", "|---|---|---|---|---|"]
        lines += [
            f"| {r['sampler']} | {r['steps']} | {r['n']} | {r['seconds']:.2f} | {r['seconds_per_image'] * 1e3:.1f} |"
            for r in diffusion["samplers"]
        ]
        lines += [""]
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
            "| variant | seconds | vs plain | vs reference |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {r['variant']} | {r['seconds']:.2f} | {r['speedup_vs_plain']:.2f}x | {r['speedup_vs_reference']:.2f}x |"
            for r in diffusion["ablation"]
        ]
        lines += [""]
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


def run_benchmark(
    weights: Path, device=None, quick: bool = False, repeats: int | None = None, app: bool = True, progress: bool = True
) -> dict:
    repeats = repeats or (2 if quick else 5)
    n = 4 if quick else 16
    zoo = Zoo(weights, device=device)
    result = {"quick": quick, "repeats": repeats, "environment": environment(zoo), "missing": zoo.missing}
    x16 = load("test", limit=16).tensors[0]

    if progress:
        print("endpoints (median ms):", flush=True)
    result["endpoints"] = benchmark_endpoints(zoo, x16, repeats, progress)
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
    result["diffusion"] = diffusion
    result["loading"] = benchmark_loading(weights, zoo.device, 1 if quick else 3)
    result["memory"] = {"peak_rss_mb": peak_rss_mb()}
    if zoo.device.type == "cuda":
        result["memory"]["cuda_peak_allocated_mb"] = torch.cuda.max_memory_allocated(zoo.device) / 2**20
    result["app_startup"] = benchmark_app_startup(weights) if app else {"skipped": "--no-app"}
    return result


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--weights", default="weights")
    parser.add_argument("--out", default=None, help="JSON (default: <weights>/benchmark.json; the .md goes next to it)")
    parser.add_argument("--readme", default="README.md", help="README whose benchmark block is replaced ('' = none)")
    parser.add_argument("--quick", action="store_true", help="2 repeats, 4 images, short diffusion runs (DDPM-50)")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs per measurement (default 5, quick 2)")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's choice)")
    parser.add_argument("--no-app", action="store_true", help="skip the app start-up measurement")
    args = parser.parse_args(argv)
    if args.repeats is not None and args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    if args.threads:
        torch.set_num_threads(args.threads)

    weights = Path(args.weights)
    result = run_benchmark(weights, args.device, args.quick, args.repeats, app=not args.no_app)
    result["command"] = " ".join(["python -m genmodels.benchmark", *(sys.argv[1:] if argv is None else argv)])
    out = Path(args.out) if args.out else weights / "benchmark.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    markdown = render_markdown(result)
    out.with_suffix(".md").write_text(markdown)
    print(markdown)
    print(f"wrote {out} and {out.with_suffix('.md')}")
    if args.readme:
        if replace_marked_block(Path(args.readme), markdown, MARKERS):
            print(f"updated the benchmark block of {args.readme}")
        else:
            print(f"{args.readme}: no {MARKERS[0]} ... {MARKERS[1]} block; left unchanged")
    return result


if __name__ == "__main__":
    main()
