"""The timing harness of the benchmark: wall-clock seconds with the device synchronised, medians of runs
interleaved across variants (A B C A B C ...: a busy machine slows every variant alike), peak memory."""

from __future__ import annotations

import resource
import statistics
import sys
import time

import torch


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


def synchronize(device: torch.device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def timed(fn, device) -> float:
    """Seconds of one fn() call, with queued GPU work finished before and after."""
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


# every timed call uses the same inputs, so runs compare
GUIDANCE = 3.0
SEED = 0
