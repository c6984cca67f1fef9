"""genmodels: AutoEncoder, VAE, GAN and Diffusion side by side on Fashion-MNIST.

    python app.py                                   # http://127.0.0.1:7860 (GRADIO_SERVER_NAME / _PORT change it)
    python app.py --mcp                             # also an MCP server at /gradio_api/mcp/ (docs/mcp.md)
    GENMODELS_WEIGHTS=path/to/weights python app.py # another weights folder (the default is ./weights)
    GENMODELS_WEIGHTS=USER/genmodels-... python app.py  # published weights: a Hub repo id or collection slug
    gradio app.py                                   # rebuilds the UI on every save; the models stay loaded

The module-level `demo` is what Hugging Face Spaces and `gradio app.py` pick up. Every model in the weights
folder is loaded once, here, at import; missing models are reported and their features show an error. The
diffusion pipeline (diffusers' import alone is ~4 s on 2 cores) loads in the background 3 s after the server answers,
so every other tab is served sooner; a diffusion request that comes first waits for it.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import sys
import time
from pathlib import Path

START = time.perf_counter()

# A server, not a notebook: skip Gradio's type stubs and IPython, and collect no garbage while starting (~4.5 s of
# ~10 here, quick_start.py)
from genmodels import quick_start  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--mcp",
        action="store_true",
        help="also serve the model endpoints as MCP tools at /gradio_api/mcp/ (sets GRADIO_MCP_SERVER=True; "
        "needs `pip install -e .[mcp]`)",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    if parse_args().mcp:
        os.environ["GRADIO_MCP_SERVER"] = "True"  # Gradio's own switch, read when launch() builds the server
    quick_start.serve_only()

import gradio as gr  # noqa: E402

from genmodels.hub.resolve import resolve_weights  # noqa: E402
from genmodels.ui.app import build_demo, launch_options  # noqa: E402
from genmodels.zoo import Zoo  # noqa: E402

# a folder, or published weights (a repo id, a collection slug) fetched without code: docs/hub.md
WEIGHTS = resolve_weights(os.environ.get("GENMODELS_WEIGHTS", Path(__file__).resolve().parent / "weights"))


def weights_fingerprint(folder: Path) -> str:
    """A short hash of every file's name, size and modification time under the weights folder."""
    digest = hashlib.sha256(str(folder.resolve()).encode())
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


# Importing diffusers takes both cores for ~4 s, and would slow whatever the first visitor asks for meanwhile; the
# background load waits this long after the server answers (a diffusion request that comes sooner loads it at once).
DIFFUSION_LOAD_DELAY = 3.0

# `gradio app.py` runs this file again after every save, with gr.NO_RELOAD false: the UI is rebuilt around the zoo,
# the models and the model thread (and the log handler) of the first run
if gr.NO_RELOAD:
    # Gradio keeps cached example outputs on disk across restarts and never checks whether the models changed; one
    # cache folder per weights version means a retrained model (or a test's random one) never shows stale results.
    os.environ.setdefault(
        "GRADIO_EXAMPLES_CACHE", str(Path(".gradio") / "cached_examples" / weights_fingerprint(WEIGHTS))
    )
    # Start-up says one line per phase: the zoo logs what it loaded (and what not, and why), then the diffusion pipeline
    _log_handler = logging.StreamHandler(sys.stdout)
    _log_handler.setFormatter(logging.Formatter("genmodels: %(message)s"))
    logging.getLogger("genmodels").addHandler(_log_handler)
    logging.getLogger("genmodels").setLevel(logging.INFO)
    # model_thread: on a CPU every model call runs on one thread, the only one torch spreads over all cores; from a
    # pool of Gradio's threads the same diffusion request took twice as long (genmodels/zoo/model_thread.py)
    zoo = Zoo(WEIGHTS, defer_diffusion=True, model_thread=True)
demo = build_demo(zoo)

if __name__ == "__main__" and gr.NO_RELOAD:
    served, start = demo, START  # `gradio app.py` rebinds both at each reload; this thread keeps the first run's
    served.launch(prevent_thread_lock=True, **launch_options())
    quick_start.started()
    print(f"genmodels: serving after {time.perf_counter() - start:.2f} s (imports, model loading, UI, server)")
    zoo.load_deferred(DIFFUSION_LOAD_DELAY).join()  # logs its own line
    served.block_thread()
elif gr.NO_RELOAD:  # imported by a Space's runner, which launches the demo itself
    zoo.load_deferred(DIFFUSION_LOAD_DELAY)
