"""The benchmark's browser section: what a visitor of the Diffusion tab waits for after clicking its button.

`python app.py` is launched on a free loopback port (tools/loadtest's launcher) and opened at ?tab=diffusion in
headless Chromium (Debian's, driven by Playwright). The request is the tab's own defaults, read from the app's API
description, so it follows the UI. The page itself keeps the time (performance.now()): from the click event to the
first picture loaded in the sample panel (a streamed frame x_t, or the finished sheet when none was streamed) and to
the finished sheet (the last picture loaded there, or the panel's progress display going away if that is later).
Each click is interleaved with the same call on the in-process Zoo (A B A B ..., one warm-up each), so the ratio is
what the browser and the app add, whatever the machine's load. Needs Playwright, /usr/bin/chromium and the
repository's launcher (a developer tool, not shipped); without them the section says it was skipped.

    python -m genmodels.measure.benchmark --sections browser --repeats 3    # this section alone (~1-2 min)
"""

from __future__ import annotations

import json
import statistics
import tempfile
import urllib.request
from pathlib import Path

from ...zoo import Zoo
from .timing import timed

CHROMIUM = Path("/usr/bin/chromium")  # Playwright's own browser download does not work on every machine
TIMEOUT_MS = 180_000  # a page load computes every tab's first view, on cores shared with the benchmark's zoo
ENDPOINT = "/diffusion_sample"  # what the Diffusion tab's button calls

# Gradio's status tracker (progress, timer) of a component: `.wrap` with its variant as a class; `hide` when idle
TRACKERS = ".wrap.default, .wrap.center"
# Installed once per page, with TRACKERS. The sample panel's status tracker shows while the event runs; a capture-phase
# listener sees every picture that finishes loading in the panel (load does not bubble), and a MutationObserver notes
# when the tracker goes back to idle. The click event's own timestamp (the page clock) starts the run.
WATCH_JS = """trackers => {
    const panel = document.getElementById('diffusion-samples');
    const busy = () => [...panel.querySelectorAll(trackers)].some(w => !w.classList.contains('hide'));
    window.__run = null;
    document.addEventListener('click', event => {
        if (!event.target.closest('#diffusion-run')) return;
        window.__run = {start: event.timeStamp, loads: [], seen: false, idle: null};
    }, true);
    panel.addEventListener('load', event => {
        if (window.__run && event.target.tagName === 'IMG') window.__run.loads.push(performance.now());
    }, true);
    new MutationObserver(() => {
        const run = window.__run;
        if (!run || run.idle !== null) return;
        if (busy()) run.seen = true;
        else if (run.seen) run.idle = performance.now();
    }).observe(panel, {subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'src']});
}"""
# the whole page is idle: no status tracker shows anywhere (the first views, or the scrub view after a run)
PAGE_IDLE_JS = "trackers => [...document.querySelectorAll(trackers)].every(w => w.classList.contains('hide'))"
RUN_DONE_JS = "() => window.__run && window.__run.idle !== null && window.__run.loads.length > 0"
# how often Playwright re-checks RUN_DONE_JS / PAGE_IDLE_JS while it waits, in ms. Its default, "raf", runs the check on
# every animation frame, which keeps the renderer producing 60 frames a second on the cores the model needs; the times
# themselves come from the page's event listeners above, so a coarser check only delays when the harness notices
POLL_MS = 100


def default_request(url: str) -> dict:
    """The Diffusion tab's default inputs, as the app's API description states them -> {parameter: value}."""
    with urllib.request.urlopen(url + "gradio_api/info", timeout=30) as answer:
        parameters = json.load(answer)["named_endpoints"][ENDPOINT]["parameters"]
    return {p["parameter_name"]: p["parameter_default"] for p in parameters}


def run_timings(run: dict) -> dict:
    """One click's in-page record (ms on the page clock) -> seconds to the first picture and to the finished one."""
    loads = [t - run["start"] for t in run["loads"]]
    finished = max(loads[-1], run["idle"] - run["start"])
    return {"first_frame": loads[0] / 1e3, "finished": finished / 1e3, "pictures": len(loads)}


def browser_cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by every Chromium process on the machine. On this benchmark's one
    machine the browser shares the cores the model runs on, which a visitor's browser does not: its CPU per click says
    how much of the click's time that can explain."""
    import psutil

    total = 0.0
    for process in psutil.process_iter(["name", "cpu_times"]):
        if (process.info["name"] or "").startswith(("chromium", "chrome")) and process.info["cpu_times"]:
            total += process.info["cpu_times"].user + process.info["cpu_times"].system
    return total


def click_and_wait(page) -> dict:
    """Click the Diffusion tab's button, wait until the sheet and the scrub view are done -> run_timings, and the
    browser's CPU seconds over the click."""
    cpu_before = browser_cpu_seconds()
    page.locator("#diffusion-run").click()
    page.wait_for_function(RUN_DONE_JS, timeout=TIMEOUT_MS, polling=POLL_MS)
    # the scrub view (the event's .success) too, so that the next click starts on an idle page
    page.wait_for_function(PAGE_IDLE_JS, arg=TRACKERS, timeout=TIMEOUT_MS, polling=POLL_MS)
    return {**run_timings(page.evaluate("() => window.__run")), "browser_cpu": browser_cpu_seconds() - cpu_before}


def open_diffusion_tab(browser, url: str):
    """A page on the Diffusion tab, every tab's first view computed (so no load event shares the click's queue)."""
    # tall enough that the sample panel is on screen: pictures below the fold load lazily
    page = browser.new_page(viewport={"width": 1360, "height": 1400})
    page.goto(url + "?tab=diffusion", timeout=TIMEOUT_MS)
    page.locator("#diffusion-samples img").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(PAGE_IDLE_JS, arg=TRACKERS, timeout=TIMEOUT_MS)
    page.locator("#diffusion-samples").scroll_into_view_if_needed()
    page.evaluate(WATCH_JS, TRACKERS)
    return page


def benchmark_browser(weights: Path, zoo: Zoo, repeats: int, progress: bool = True) -> dict:
    """Launch the app, click the Diffusion tab's button `repeats` times beside the zoo -> the "browser" section."""
    try:
        from playwright.sync_api import sync_playwright

        from tools.loadtest import launched_app  # the repository's launcher (a developer tool, not shipped)
    except ImportError as error:
        return {"skipped": f"{error} (run from the repository root, with playwright installed)"}
    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} is missing (apt-get install chromium)"}
    if "diffusion" not in zoo.available:
        return {"skipped": "no diffusion model in the weights"}

    runs, zoo_times = [], []
    with tempfile.TemporaryDirectory(prefix="genmodels-bench-browser-") as workdir:
        with launched_app(weights, Path(workdir)) as (url, _pid), sync_playwright() as playwright:
            request = default_request(url)

            def zoo_call():  # the same inputs, in the endpoint's order (the zoo method's)
                return zoo.diffusion_sample(*request.values())

            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            try:
                page = open_diffusion_tab(browser, url)
                click_and_wait(page)  # warm-up: each side's first run pays for caches and lazy work
                zoo_call()
                for _ in range(repeats):  # interleaved: click, zoo, click, zoo ...
                    runs.append(click_and_wait(page))
                    zoo_times.append(timed(zoo_call, zoo.device))
                    if progress:
                        run = runs[-1]
                        print(
                            f"  click: first picture {run['first_frame']:.2f} s, finished {run['finished']:.2f} s"
                            f" ({run['pictures']} pictures, browser CPU {run['browser_cpu']:.2f} s);"
                            f" zoo {zoo_times[-1]:.2f} s",
                            flush=True,
                        )
                version = browser.version
            finally:
                browser.close()

    median = {
        key: statistics.median(run[key] for run in runs)
        for key in ("first_frame", "finished", "pictures", "browser_cpu")
    }
    return {
        "first_frame_seconds": median["first_frame"],
        "finished_seconds": median["finished"],
        "zoo_seconds": statistics.median(zoo_times),
        "finished_ratio": median["finished"] / statistics.median(zoo_times),
        "pictures": median["pictures"],
        "browser_cpu_seconds": median["browser_cpu"],
        "repeats": repeats,
        "request": request,
        "browser": f"Chromium {version}, headless",
    }
