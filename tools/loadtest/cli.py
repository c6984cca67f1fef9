"""The command line of `python -m tools.loadtest` (--launch, or --url http://127.0.0.1:7860/): parse the limits,
run the test, print the table, write --out, exit 0 on PASS. Its --help text is the package docstring's first line."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from .run import load_test
from .server import REPO, launched_app, require_loopback
from .stats import format_table, passed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.loadtest",
        description=sys.modules[__package__].__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="an app already running on this machine (loopback only)")
    where.add_argument("--launch", action="store_true", help="start app.py on a free loopback port for the test")
    parser.add_argument(
        "--weights", type=Path, default=REPO / "weights", help="weights folder for --launch (default: ./weights)"
    )
    parser.add_argument("--pid", type=int, help="the server's process id (default: found from the port)")
    parser.add_argument(
        "--clients", type=int, default=20, help="simulated visitors, one thread and Client each (default 20)"
    )
    parser.add_argument("--requests", type=int, default=25, help="requests per visitor (default 25)")
    parser.add_argument(
        "--bad-fraction", type=float, default=0.2, help="share of deliberately bad requests (default 0.2)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the request mix (default 0)")
    parser.add_argument(
        "--max-seconds", type=float, default=300.0, help="no new request after this many seconds (default 300)"
    )
    parser.add_argument(
        "--real-weights",
        action="store_true",
        help="also check quality (reconstruction PSNR); implied by --launch with complete ./weights",
    )
    parser.add_argument("--out", type=Path, help="write the summary as JSON here")
    options = parser.parse_args(argv)

    def report(summary):
        print(format_table(summary))
        if options.out:
            options.out.write_text(json.dumps(summary, indent=2, default=str))
            print(f"wrote {options.out}")
        verdict = passed(summary)
        print("PASS" if verdict else "FAIL")
        return 0 if verdict else 1

    common = {
        "clients": options.clients,
        "requests": options.requests,
        "bad_fraction": options.bad_fraction,
        "seed": options.seed,
        "max_seconds": options.max_seconds,
    }
    if options.url:
        try:
            require_loopback(options.url)
        except ValueError as error:
            parser.error(str(error))  # exits 2 with the usage line
        return report(load_test(options.url, pid=options.pid, real_weights=options.real_weights, **common))
    workdir = Path(tempfile.mkdtemp(prefix="genmodels-loadtest-app-"))
    try:
        real = options.real_weights or _complete(options.weights)
        print(f"starting app.py with {options.weights} ...", flush=True)
        with launched_app(options.weights, workdir) as (url, pid):
            print(f"app at {url} (pid {pid}); {options.clients} visitors x {options.requests} requests", flush=True)
            return report(load_test(url, pid=pid, real_weights=real, **common))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _complete(weights: Path) -> bool:
    """True when the autoencoders the quality check uses are trained in `weights`."""
    return all((Path(weights) / name / "model.safetensors").is_file() for name in ("ae", "dae", "sparse_ae", "vae"))
