"""`gradio app.py` (hot reload): a save rebuilds the UI around the models already loaded, and the app keeps serving.

The app runs from a copy of app.py in a scratch folder, so the reloader watches that folder only and the test saves
(touches) the copy, never a file of the repository."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

from tests.support.app_server import REPO, WEIGHTS, build_random_weights, real_weights_complete
from tools.loadtest.server import free_port

LOADED = "genmodels: loaded "  # the zoo's lines: the models at start, the diffusion pipeline once deferred
RELOADED = "Changes detected in"  # Gradio's line when it re-runs app.py


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "gradio_api/info", timeout=2):
            return True
    except OSError:
        return False


def wait_for(condition, seconds: float, what: str, log) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {seconds} s:\n{log.read_text()[-3000:]}"
        time.sleep(0.2)


def test_a_save_rebuilds_the_ui_without_loading_the_models_again(tmp_path):
    weights = WEIGHTS if real_weights_complete() else build_random_weights(tmp_path / "weights")
    shutil.copy(REPO / "app.py", tmp_path / "app.py")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "GENMODELS_WEIGHTS": str(weights),
        "GENMODELS_DATA": "none",
        "GRADIO_SERVER_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "OMP_NUM_THREADS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "app.log"
    with open(log, "w") as output:
        command = [sys.executable, "-m", "gradio", str(tmp_path / "app.py")]
        # a session of its own: Gradio's reloader runs the app in a child, which must end with the test too
        process = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_for(lambda: answers(url), 120, "the app answered", log)
        wait_for(lambda: "serving after" in log.read_text(), 60, "start-up finished", log)

        def saved_and_reloaded() -> bool:
            os.utime(tmp_path / "app.py")  # a save; again until the reloader, which starts after its own first run
            time.sleep(1)  # of the file (which must not load the models either), has seen one
            return RELOADED in log.read_text()

        wait_for(saved_and_reloaded, 60, "Gradio reloaded app.py", log)
        time.sleep(3)  # the rebuild
        assert process.poll() is None and answers(url)
        text = log.read_text()
        assert text.count(LOADED + "the diffusion pipeline") <= 1, text[-3000:]
        assert text.count(LOADED) - text.count(LOADED + "the diffusion pipeline") == 1, text[-3000:]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
