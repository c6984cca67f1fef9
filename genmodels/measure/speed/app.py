"""The benchmark's app section: what a visitor or API client waits for, beside what the models need.

`python app.py` is launched on a free loopback port (tools/loadtest's launcher), and each request goes through
one `gradio_client.Client`, interleaved with the same call on the in-process Zoo in the same run (A B A B ...:
a busy machine slows both alike), so the ratio is the app's own overhead whatever the machine's load. Start-up
is timed from the process launch to the first answered request. The launcher is a developer tool, not part of
the shipped package: run the benchmark from the repository root (without it the section says it was skipped).

    python -m genmodels.measure.benchmark --sections app      # this section alone (~1-2 min)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ...data import CLASS_NAMES
from ...diffusion.pipeline import DDIM_ETA
from ...zoo import Zoo
from .timing import GUIDANCE, SEED, interleaved_medians

CLASS_NAME = CLASS_NAMES[7]  # Sneaker, as the endpoints section


def app_calls(zoo: Zoo) -> list[tuple[str, str, int, tuple, object]]:
    """(endpoint, variant, n, the client's inputs, the same call on the zoo) for each timed request."""
    has, calls = set(zoo.available), []
    if "dcgan" in has:
        for n in (1, 16, 64):
            inputs = (n, SEED, "dcgan", 1.0)
            calls.append(("/gan_sample", "dcgan, ψ=1", n, inputs, lambda i=inputs: zoo.gan_sample(*i)))
    if "vae" in has:
        for n in (1, 16, 64):
            inputs = (n, SEED, 1.0)
            calls.append(("/vae_sample", "vae, T=1", n, inputs, lambda i=inputs: zoo.vae_sample(*i)))
    if "diffusion" in has:
        for n in (1, 16):
            inputs = (CLASS_NAME, GUIDANCE, "DDIM", 25, DDIM_ETA, n, SEED)
            calls.append(
                ("/diffusion_sample", f"DDIM-25, w={GUIDANCE:g}", n, inputs, lambda i=inputs: zoo.diffusion_sample(*i))
            )
    return calls


def startup_request(zoo: Zoo) -> tuple[str, tuple]:
    """The first request after launch: the cheapest generator there is (api_name, inputs)."""
    if "dcgan" in zoo.available:
        return "/gan_sample", (1, SEED, "dcgan", 1.0)
    return "/vae_sample", (1, SEED, 1.0)


def benchmark_app(weights: Path, zoo: Zoo, repeats: int, progress: bool = True) -> dict:
    """Launch the app, time its start-up and every app_calls request against the zoo -> the "app" JSON section."""
    try:
        from gradio_client import Client

        from tools.loadtest import launched_app  # the repository's launcher (a developer tool, not shipped)
    except ImportError as error:
        return {"skipped": f"{error} (run from the repository root, with gradio_client installed)"}

    rows = []
    with tempfile.TemporaryDirectory(prefix="genmodels-bench-app-") as workdir:
        start = time.perf_counter()
        with launched_app(weights, Path(workdir)) as (url, _pid):
            serving = time.perf_counter() - start  # the server answers /gradio_api/info (polled every 0.1 s)
            # the first visitor: one client (it reads the API description), one request
            client = Client(url, verbose=False)
            first_request, inputs = startup_request(zoo)
            client.predict(*inputs, api_name=first_request)
            first_answer = time.perf_counter() - start
            # the same requests without fetching the result files: the app's own time, apart from the client's
            # (gradio_client fetches every picture with a new HTTP client, ~15-35 ms each, streamed frames too)
            answer_only = Client(url, verbose=False, download_files=False)
            # gradio_client builds a new HTTP client per file, and with ssl_verify=True (its default) each one loads
            # the CA bundle (~40 ms on a busy 2-core machine) even for http://; on loopback there is no TLS to verify
            plain_http = Client(url, verbose=False, ssl_verify=False)
            if progress:
                print(f"  start-up: serving after {serving:.2f} s, first answer after {first_answer:.2f} s", flush=True)
            for endpoint, variant, n, inputs, call in app_calls(zoo):
                medians = interleaved_medians(
                    {
                        "app": lambda e=endpoint, i=inputs: client.predict(*i, api_name=e),
                        "answer": lambda e=endpoint, i=inputs: answer_only.predict(*i, api_name=e),
                        "plain_http": lambda e=endpoint, i=inputs: plain_http.predict(*i, api_name=e),
                        "zoo": call,
                    },
                    repeats,
                    zoo.device,
                )
                row = {
                    "endpoint": endpoint,
                    "variant": variant,
                    "n": n,
                    "app_ms": medians["app"] * 1e3,
                    "answer_ms": medians["answer"] * 1e3,
                    "plain_http_ms": medians["plain_http"] * 1e3,
                    "zoo_ms": medians["zoo"] * 1e3,
                    "ratio": medians["app"] / medians["zoo"],
                    "answer_ratio": medians["answer"] / medians["zoo"],
                    "plain_http_ratio": medians["plain_http"] / medians["zoo"],
                }
                single = next((r for r in rows if r["endpoint"] == endpoint and r["n"] == 1), None)
                if single is not None:
                    row["vs_n1"] = row["app_ms"] / single["app_ms"]
                    row["answer_vs_n1"] = row["answer_ms"] / single["answer_ms"]
                    row["plain_http_vs_n1"] = row["plain_http_ms"] / single["plain_http_ms"]
                rows.append(row)
                if progress:
                    scaling = f"  n=1 x{row['vs_n1']:.2f} / {row['plain_http_vs_n1']:.2f}" if "vs_n1" in row else ""
                    print(
                        f"  {endpoint:18s} {variant:14s} n={n:<3d} zoo {row['zoo_ms']:7.1f} ms,"
                        f" app {row['app_ms']:7.1f}"
                        f" / {row['plain_http_ms']:7.1f} / {row['answer_ms']:7.1f} ms (default / ssl_verify=False /"
                        f" no downloads)  zoo x{row['ratio']:.2f} / {row['plain_http_ratio']:.2f}{scaling}",
                        flush=True,
                    )
    return {
        "startup": {"serving_seconds": serving, "first_answer_seconds": first_answer, "first_request": first_request},
        "endpoints": rows,
        "clients": "gradio_client.Client on loopback: app_ms default, plain_http_ms ssl_verify=False, "
        "answer_ms download_files=False (the answer without fetching its files)",
    }
