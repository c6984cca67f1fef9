"""The benchmark's lab section: how fast the Lab trains, in this process and through the app, and what a Lab run
costs another visitor.

- in process: generator updates a second of one run, for the default loss and for WGAN-GP (5 critic steps);
- through gradio_client: the default run's frames (the longest gap between two) and its time to the final frame;
- while one visitor trains a long WGAN-GP run, another visitor's 16-image /vae_sample, against the same request
  on the idle app (median of `repeats`).

    python -m genmodels.measure.benchmark --sections lab
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from ...lab.gan2d import GAN2D, lab_config
from ...lab.live import updates_per_second
from .timing import SEED

DEFAULT_RUN = {"dataset": "ring", "loss": "non_saturating", "steps": 1000, "seed": 0}  # the tab's default
LONG_RUN = {"dataset": "ring", "loss": "wgan-gp", "steps": 5000, "seed": 0}  # busy for the whole measurement
TIMED_UPDATES = 300
TARGETS = {"non_saturating": 200, "wgan-gp": 40}  # generator updates a second (the Lab issue)


def stream_times(client, arguments: dict) -> tuple[list[float], float]:
    """Submit a Lab run -> (seconds from submission at which each frame arrived, seconds to the final result)."""
    start = time.perf_counter()
    job = client.submit(**arguments, api_name="/lab_gan")
    arrivals, seen = [], 0
    while not job.done():
        count = len(job.outputs())
        if count > seen:
            arrivals += [time.perf_counter() - start] * (count - seen)
            seen = count
        time.sleep(0.02)
    job.result()
    return arrivals, time.perf_counter() - start


def sample_ms(client, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        client.predict(16, SEED, 1.0, api_name="/vae_sample")
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def benchmark_lab(weights: Path, repeats: int, progress: bool = True) -> dict:
    speeds = {loss: updates_per_second(GAN2D(lab_config("ring", loss, 0)), TIMED_UPDATES) for loss in TARGETS}
    result = {"in_process": speeds, "targets": TARGETS}
    if progress:
        print(f"  the Lab in process: {result['in_process']} generator updates/s", flush=True)
    try:
        from gradio_client import Client

        from tools.loadtest import launched_app  # the repository's launcher (a developer tool, not shipped)
    except ImportError as error:
        return {**result, "app": {"skipped": f"{error} (run from the repository root)"}}
    with tempfile.TemporaryDirectory() as workdir, launched_app(weights, Path(workdir)) as (url, _pid):
        client, other = Client(url, verbose=False), Client(url, verbose=False)
        arrivals, total = stream_times(client, DEFAULT_RUN)
        gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
        idle = sample_ms(other, repeats)
        job = client.submit(**LONG_RUN, api_name="/lab_gan")
        time.sleep(1.0)  # the run is training
        busy = sample_ms(other, repeats)
        job.cancel()
    result["app"] = {
        "default_run": DEFAULT_RUN,
        "frames": len(arrivals),
        "longest_frame_gap_s": max(gaps) if gaps else None,
        "final_s": total,
        "vae_sample_16_idle_ms": idle,
        "vae_sample_16_while_training_ms": busy,
        "slowdown": busy / idle,
    }
    if progress:
        print(f"  through the app: {result['app']}", flush=True)
    return result
