"""The Lab tab in Chromium: a link opens it with its settings and the untrained run's picture; Train streams frames
(the picture and the progress line change while it trains) and ends on the run the API gives for the same
arguments. Saves test-artifacts/lab-*.png (look at them)."""

from __future__ import annotations

import re

from gradio_client import Client

from tests.support.app_server import shared_app
from tests.support.browser import ARTIFACTS, TIMEOUT, loaded_sources

LINK = {"tab": "lab", "data": "ring", "loss": "minimax", "smoothing": "1", "seed": "3", "steps": "1500"}
PROGRESS = "#lab-progress"


def progress(page) -> str:
    return page.locator(PROGRESS).inner_text()


def updates(text: str) -> int:
    return int(re.search(r"([\d,]+) generator updates", text)[1].replace(",", ""))


def test_a_lab_run_streams_frames_and_ends_on_the_apis_run(browser):
    app = shared_app()
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(app["url"] + "?" + "&".join(f"{k}={v}" for k, v in LINK.items()))
        page.wait_for_function(f"() => document.querySelector('{PROGRESS}')?.innerText.includes('0 generator updates')")
        assert page.locator("#lab-loss input[value=minimax]").is_checked()
        untrained = loaded_sources(page, "lab-picture")
        assert untrained

        page.locator("#lab-train").click()
        seen = set()
        while True:  # every frame's count of updates, until the last
            page.wait_for_function(
                f"([old]) => {{ const t = document.querySelector('{PROGRESS}')?.innerText || ''; "
                "const m = t.match(/([\\d,]+) generator updates/); "
                "return m && !old.includes(m[1].replace(/,/g, '')); }",
                arg=[[str(n) for n in seen]],
            )
            seen.add(updates(progress(page)))
            if max(seen) == 1500:
                break
        assert len(seen) >= 3, f"too few frames: {sorted(seen)}"  # 0.4 s apart over a run of seconds
        assert loaded_sources(page, "lab-picture") != untrained
        page.screenshot(path=str(ARTIFACTS / "lab-trained.png"), full_page=True)

        shown = progress(page)
        arguments = {"dataset": "ring", "loss": "minimax", "steps": 1500, "seed": 3, "label_smoothing": True}
        result = Client(app["url"], verbose=False).predict(**arguments, api_name="/lab_gan")[-1]
        assert f"modes covered {result['modes_covered']} of 8" in shown, shown
        assert f"high-quality samples {result['high_quality']:.0%}" in shown, shown
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failure-lab.png"), full_page=True)
        raise
    finally:
        context.close()
