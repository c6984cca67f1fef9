"""genmodels.quick_start: a server's `import gradio` skips the stub writer and IPython, and nothing else changes.

Each case runs in a fresh interpreter (the switch acts only before the first `import gradio`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json, sys
from genmodels import quick_start
took_effect = quick_start.serve_only()
import gradio as gr
import gradio.component_meta as meta
try:
    import IPython
    ipython = True
except ImportError:
    ipython = False
with gr.Blocks() as demo:  # components still build, with their events
    button = gr.Button("go")
    out = gr.Number()
    button.click(lambda: 3, None, out, api_name="three")
collecting_while_starting = gc.isenabled()
quick_start.started()
print(json.dumps({
    "gc": [collecting_while_starting, gc.isenabled()],
    "took_effect": took_effect,
    "stub_writer": meta.create_or_modify_pyi.__name__,
    "ipython": ipython,
    "again": quick_start.serve_only(),
    "events": [fn.api_name for fn in demo.fns.values()],
}))
"""


def run_probe(code: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=180, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_serve_only_skips_stubs_and_ipython_before_gradio_is_imported():
    seen = run_probe(PROBE)
    assert seen == {
        "took_effect": True,
        "gc": [False, True],  # off while starting, back on after started()
        "stub_writer": "_no_stub",
        "ipython": False,
        "again": False,  # gradio is imported now: a second call changes nothing
        "events": ["three"],
    }


def test_serve_only_does_nothing_once_gradio_is_imported():
    seen = run_probe("import gradio\n" + PROBE)
    assert seen["took_effect"] is False
    assert seen["gc"] == [True, True]
    assert seen["stub_writer"] == "create_or_modify_pyi"
