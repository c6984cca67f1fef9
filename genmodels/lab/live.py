"""A Lab run as a visitor's request: bounded in generator updates and seconds, handing back control often enough
to stream frames, and leaving the interpreter to other requests between steps."""

from __future__ import annotations

import time
from collections.abc import Iterator

from genmodels.checks import check_int

MAX_STEPS = 5000  # generator updates a request may ask for
MAX_SECONDS = 60.0  # a run stops here whatever its steps: one visitor's run is bounded
FRAME_SECONDS = 0.2  # of training between frames; drawing, encoding and sending one adds ~0.3 s (benchmark)
CHUNK = 10  # updates between clock checks: a clock read per update would cost more than it tells


def updates_per_second(run, updates: int = 200) -> float:
    """Generator updates a second of `run` as the Lab trains it for a visitor (after ten that allocate)."""
    for _ in range(10):
        run.step()
    start = time.perf_counter()
    for _ in range(updates):
        run.step()
    return updates / (time.perf_counter() - start)


def train(run, steps: int, max_seconds: float = MAX_SECONDS, frame_seconds: float = FRAME_SECONDS) -> Iterator[float]:
    """Train `run` (anything with step() and g_updates) by `steps` more generator updates, or until max_seconds;
    yield the seconds spent whenever frame_seconds have passed since the last yield, and once at the end."""
    steps = check_int(steps, "steps", 1, MAX_STEPS)
    start = last = time.perf_counter()
    target = run.g_updates + steps
    while run.g_updates < target:
        for _ in range(min(CHUNK, target - run.g_updates)):
            run.step()
        time.sleep(0)  # let another request's thread take the interpreter between chunks
        now = time.perf_counter()
        if now - start >= max_seconds:
            break
        if now - last >= frame_seconds:
            last = now
            yield now - start
    yield time.perf_counter() - start
