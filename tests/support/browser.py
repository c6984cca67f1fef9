"""What the browser tests share: Debian's Chromium (Playwright), its flags, the waits, and reading back the
pictures a page shows. Importing this module skips the importing test module when Playwright or Chromium is
missing (CI installs both: `apt-get install chromium`, `pip install playwright`)."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

from genmodels import images
from tests.support.app_server import REPO, shared_app
from tools.loadtest import output_pixels, read_answer

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

ARTIFACTS = REPO / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT = 60_000  # ms; the test machine's cores are shared with training
PLOT_TIMEOUT = 90_000  # ms; the tabs of plots (Compare, Transfer) draw more before they settle


def launch(playwright):
    """Headless Chromium with ARGS; test-artifacts/ made, its failure screenshots of an earlier run removed."""
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("failure-*.png"):
        old.unlink()
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def loaded_sources(page, elem_id: str) -> list[str]:
    return page.eval_on_selector_all(
        f"#{elem_id} img", "images => images.filter(i => i.complete && i.naturalWidth > 0).map(i => i.src)"
    )


def images_in(page, elem_id: str, at_least: int = 1):
    """Wait until the component shows `at_least` pictures, counting each sample of a sheet (API.md: a set of
    samples is one picture) as one; -> their count."""
    page.locator(f"#{elem_id}").scroll_into_view_if_needed()  # images below the fold load lazily
    deadline = time.monotonic() + TIMEOUT / 1000
    with httpx.Client(timeout=30) as http:
        while True:
            page.wait_for_function(
                "id => [...document.querySelectorAll(`#${id} img`)].some(i => i.complete && i.naturalWidth > 0)",
                arg=elem_id,
                timeout=TIMEOUT,
            )
            count = 0
            for source in loaded_sources(page, elem_id):
                layout = images.sheet_layout(Image.open(io.BytesIO(http.get(source).raise_for_status().content)))
                count += layout["n"] if layout else 1
            if count >= at_least:
                return count
            assert time.monotonic() < deadline, f"#{elem_id}: {count} pictures shown, waited for {at_least}"
            page.wait_for_timeout(200)


def pictures_in(page, elem_id: str) -> list[np.ndarray]:
    """The 28x28 pixels of every sample the component shows, in page order, read from the files it loaded."""
    with httpx.Client(timeout=30) as http:
        return [
            tile
            for source in loaded_sources(page, elem_id)
            for tile in output_pixels(http.get(source).raise_for_status().content, label=source)
        ]


def api_pictures(endpoint: str, *inputs) -> list[np.ndarray]:
    """The 28x28 pixels an API client gets from `endpoint` for the same inputs."""
    from gradio_client import Client

    client = Client(shared_app()["url"], verbose=False, download_files=False)
    with httpx.Client(timeout=30) as http:
        result = client.predict(*inputs, api_name=endpoint)
        return read_answer(endpoint, result, fetch=lambda url: http.get(url).raise_for_status().content)["images"]


def marks(page, elem_id: str, kind: str) -> int:
    """How many Vega marks of `kind` ("symbol": scatter points, "line": lines) the plot's svg draws."""
    selector = f"#{elem_id} svg g.mark-{kind}.role-mark path"  # not the legend's symbols
    page.locator(f"#{elem_id}").scroll_into_view_if_needed()
    page.wait_for_function("s => document.querySelectorAll(s).length > 0", arg=selector)
    return page.locator(selector).count()
