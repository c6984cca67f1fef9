"""benchmark.json as Markdown: the endpoint, loading and diffusion tables, and the app and browser sections, each
beside its target (weights/benchmark.md and the block of docs/performance.md)."""

from __future__ import annotations

from ...tables import markdown_table
from ..report import measured_by
from .timing import GUIDANCE

# the targets for the Diffusion tab in a browser (its default request)
BROWSER_FIRST_FRAME_TARGET = 0.3  # seconds from the click to the first picture
BROWSER_FINISHED_TARGET = 1.3  # the finished sheet, times the same call in-process


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
    lines += denoiser_lines(result.get("denoiser"))
    lines += lab_lines(result.get("lab"))
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


def separately(section: dict, with_repeats: bool = False) -> str:
    """The sentence a section measured by a run of its own gets (benchmark.merged_with_earlier records the run)."""
    run = section.get("run")
    if not run:
        return ""
    repeats = f", medians of {run['repeats']}" if with_repeats else ""
    return (
        f" Measured separately by `{run['command']}` ({run['environment']['date_utc']} UTC, load average at start "
        f"{run['environment']['load_average']:.2f}){repeats}."
    )


def denoiser_lines(denoiser: dict | None) -> list[str]:
    """The blind denoiser's section (speed/endpoints.py) as Markdown lines: its latency beside the issue's target."""
    if not denoiser:
        return []
    if "skipped" in denoiser:
        return [f"The blind denoiser: skipped ({denoiser['skipped']}).", ""]
    target, ms = denoiser["target_ms"], denoiser["denoise_ms"]
    threads = f"{denoiser['threads']} thread" + ("s" if denoiser["threads"] != 1 else "")
    rows = [
        [f"one 28×28 image ≤ {target:g} ms (`/denoise`, blind)", f"{ms:.2f} ms", "yes" if ms <= target else "no"],
    ]
    return [
        f"The blind denoiser, in this process with {threads}: the network alone on one image "
        f"{denoiser['network_ms']:.2f} ms; `/denoise`'s zoo call (method blind, σ = 0) {ms:.2f} ms for one image, "
        f"{denoiser['denoise_16_ms_per_image']:.2f} ms per image for 16. Medians of {denoiser['rounds']} interleaved "
        f"rounds after a warm-up.{separately(denoiser)}",
        "",
        markdown_table(["target", "measured", "met"], rows),
        "",
    ]


def lab_lines(lab: dict | None) -> list[str]:
    """The Lab's section (speed/lab.py) as Markdown lines: training speed against the issue's targets, the frames
    through the app, and what a run costs another visitor."""
    if not lab:
        return []
    speed, header = lab["in_process"], ["target", "measured", "met"]
    rows = [
        [f"{loss}: ≥ {target} generator updates/s (in process)", f"{speed[loss]:.0f}", yes(speed[loss] >= target)]
        for loss, target in lab["targets"].items()
    ]
    app = lab.get("app") or {}
    if "skipped" in app:
        return ["The Lab:", "", markdown_table(header, rows), "", f"Through the app: skipped ({app['skipped']}).", ""]
    gap, final, slowdown = app["longest_frame_gap_s"], app["final_s"], app["slowdown"]
    busy, idle = app["vae_sample_16_while_training_ms"], app["vae_sample_16_idle_ms"]
    rows += [
        ["a frame at least every 0.5 s", f"{gap:.2f} s" if gap else "one frame", yes(gap and gap <= 0.5)],
        ["the default run's final frame within 15 s", f"{final:.1f} s", yes(final <= 15)],
        [
            "another visitor's 16-image `/vae_sample` while a run trains ≤ 2× idle",
            f"{busy:.0f} ms against {idle:.0f} ms ({slowdown:.2f}×)",
            yes(slowdown <= 2),
        ],
    ]
    return [f"The Lab ({app['frames']} frames of the default run):", "", markdown_table(header, rows), ""]


def yes(met) -> str:
    return "yes" if met else "no"


def app_lines(app: dict | None) -> list[str]:
    """The app section (speed/app.py) as Markdown lines: each request through gradio_client beside the zoo."""
    if not app:
        return []
    if "skipped" in app:
        return [f"Through the app: skipped ({app['skipped']}).", ""]
    start = app["startup"]
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
        f"`download_files=False` (the app's own time).{separately(app, with_repeats=True)}",
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
    r = browser["request"]
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
        f"({browser['pictures']:g} pictures each: the streamed frames and the sheet).{separately(browser)}"
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
