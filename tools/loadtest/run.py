"""One whole load test against a running app: the corpus, the warm-up probe, the same-seed twins, the visitors'
plans, the memory watch, and the summary."""

from __future__ import annotations

import random
import shutil
import tempfile
import urllib.parse
from dataclasses import asdict
from pathlib import Path

from tests.support.uploads import write_upload_cases

from .client import LoadTest
from .planning import all_options, plan, twin_requests
from .server import MemoryWatch, require_loopback, rss_mb, server_pid
from .stats import summarize


def load_test(
    url: str,
    clients: int = 20,
    requests: int = 25,
    bad_fraction: float = 0.2,
    seed: int = 0,
    max_seconds: float = 300.0,
    pid: int | None = None,
    real_weights: bool = False,
    workdir: Path | None = None,
    probe: bool = True,
) -> dict:
    """Run the whole test against `url` (loopback only) -> the summary dict (what --out writes).
    probe=False skips the warm-up that finds missing models (every model must then be present)."""
    url = require_loopback(url)
    if not (1 <= clients <= 200 and 1 <= requests <= 1000 and 0 <= bad_fraction <= 1 and 0 < max_seconds <= 3600):
        raise ValueError(
            "limits: 1 <= clients <= 200, 1 <= requests <= 1000, 0 <= bad_fraction <= 1, 0 < max_seconds <= 3600"
        )
    if pid is None:
        pid = server_pid(urllib.parse.urlparse(url).port or 80)
    own_workdir = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="genmodels-loadtest-")) if own_workdir else Path(workdir)
    try:
        cases = write_upload_cases(workdir / "uploads")
        test = LoadTest(url, cases, workdir, real_weights=real_weights)
        if probe:
            options, dropped = test.available_options()
        else:
            options, dropped = all_options(), {}
        twins = test.twins(twin_requests(cases, options))
        with test.lock:
            twin_outcomes, test.outcomes = list(test.outcomes), []
        rng = random.Random(seed)
        plans = [plan(random.Random(rng.random()), requests, bad_fraction, cases, options) for _ in range(clients)]
        before = rss_mb(pid)
        with MemoryWatch(pid) as watch:
            wall = test.run(plans, max_seconds)
        after = rss_mb(pid)
        summary = summarize(test.outcomes, clients * requests, wall)
        summary["problems"] = (
            test.probe_problems + [asdict(o) for o in twin_outcomes if o.status != "ok"][:10] + summary["problems"]
        )
        summary.update(
            config={
                "url": url,
                "clients": clients,
                "requests": requests,
                "bad_fraction": bad_fraction,
                "seed": seed,
                "max_seconds": max_seconds,
                "real_weights": real_weights,
            },
            memory_mb={"pid": pid, "before": before, "peak": watch.peak, "after": after},
            twins=twins,
            dropped_options=dropped,
            options={k: list(v) for k, v in options.items()},
        )
        return summary
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)
