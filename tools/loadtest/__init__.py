"""A bounded load test of the running app through its public API (API.md), loopback only.

    python -m tools.loadtest --launch                         # start app.py on a free loopback port
    python -m tools.loadtest --url http://127.0.0.1:7860/     # an app already running on this machine
    python -m tools.loadtest --launch --clients 20 --requests 25 --bad-fraction 0.2 --out load.json

Every simulated visitor is a thread with its own `gradio_client.Client`, firing a seeded random mix of
requests across the endpoints, a share of them deliberately bad (unreadable uploads, values out of range).
Every answer is checked:

- a good request must succeed, with output of the promised shape (galleries of n images, each an exact
  nearest-neighbour upscale of 28x28); identical requests (same inputs, same seed), from any visitor at any
  time, must give identical pixels; /forward_noise at t=0 must give back the upload; with trained weights a
  reconstruction must be close to its input;
- a bad request must fail with a message naming the problem (and quickly);
- nothing may be lost: every request ends in an answer or an error before its timeout.

It reports throughput, p50/p95 latency per endpoint, expected and unexpected errors, queue rejections
("queue full") and the server's resident memory before, during (peak) and after. Limits: at most
--clients x --requests requests, and no new request after --max-seconds.

Run it from the repository root. It is a developer tool, not part of the shipped `genmodels` package; the
bad inputs it sends are the tests' corpus (tests/support/: `write_upload_cases`, `BAD_ARGUMENTS`).

    planning.py   the request mix: good and bad requests per visitor, seeded; the same-seed twins
    client.py     LoadTest: one thread and gradio_client.Client per visitor; every answer timed and checked
    answers.py    output images -> 28x28 pixels, fingerprints, error wording, is a good answer right
    rest.py       Gradio's plain HTTP API (rest_call, rest_upload), for what gradio_client will not send
    server.py     loopback only, the server's pid and RSS, launching app.py on a free port
    stats.py      percentiles, the summary, the printed table, the verdict
    run.py        load_test: one whole run -> the summary dict
    cli.py        the command line (__main__.py runs it)
"""

from .answers import error_names, fingerprint, output_pixels, pixels, read_answer, sheet_pixels
from .cli import main
from .planning import ENDPOINT_WEIGHTS, all_options, plan
from .rest import rest_call, rest_upload
from .run import load_test
from .server import launched_app, require_loopback
from .stats import format_table, passed, percentile

__all__ = [
    "ENDPOINT_WEIGHTS",
    "all_options",
    "error_names",
    "fingerprint",
    "format_table",
    "launched_app",
    "load_test",
    "main",
    "passed",
    "percentile",
    "output_pixels",
    "pixels",
    "plan",
    "read_answer",
    "require_loopback",
    "rest_call",
    "rest_upload",
    "sheet_pixels",
]
