"""A/B of app versions in the browser: the Diffusion tab's default request clicked in each version in turn.

Each checkout runs its own `python app.py` (tools/loadtest's launcher) on this repository's weights, opened at
?tab=diffusion in one headless Chromium (a page per version). Rounds rotate the order of the versions; while one page
is clicked the others are frozen (Page.setWebLifecycleState), so their idle timers do not share the cores. The same
request runs on an in-process Zoo after every click. Timings come from the benchmark's own page hooks
(genmodels/measure/speed/browser.py), so the figures are comparable with its browser section, but all the versions'
servers run at once here: compare versions with each other, not the absolute times with the benchmark's.

    git worktree add /tmp/before HEAD~1     # every version serves --weights (default: this checkout's weights/)
    python -m scripts.probe_browser_ab --rounds 8 /tmp/before .
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

import tools.loadtest.server as server
from genmodels.measure.speed import browser as browser_speed
from genmodels.measure.speed.timing import timed
from genmodels.zoo import Zoo

REPO = Path(__file__).resolve().parents[1]


def set_frozen(cdp, frozen: bool) -> None:
    cdp.send("Page.setWebLifecycleState", {"state": "frozen" if frozen else "active"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkouts", nargs="+", type=Path, help="repository checkouts, each with its app.py")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--weights", type=Path, default=REPO / "weights")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    zoo = Zoo(args.weights)
    with sync_playwright() as playwright, contextlib.ExitStack() as stack:
        urls = []
        for checkout in args.checkouts:
            server.REPO = checkout.resolve()  # the launcher runs <REPO>/app.py
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="genmodels-ab-")))
            url, _pid = stack.enter_context(server.launched_app(args.weights, workdir))
            urls.append(url)
        browser = playwright.chromium.launch(executable_path=str(browser_speed.CHROMIUM), args=["--no-sandbox"])
        stack.callback(browser.close)
        pages, sessions = [], []
        for url in urls:
            page = browser_speed.open_diffusion_tab(browser, url)
            browser_speed.click_and_wait(page)  # warm-up
            session = page.context.new_cdp_session(page)
            set_frozen(session, True)
            pages.append(page)
            sessions.append(session)
        request = browser_speed.default_request(urls[0])

        def zoo_call():
            return zoo.diffusion_sample(*request.values())

        zoo_call()
        clicks, zoo_times = [[] for _ in pages], []
        for round_index in range(args.rounds):
            order = [(round_index + k) % len(pages) for k in range(len(pages))]
            for index in order:
                set_frozen(sessions[index], False)
                time.sleep(0.3)  # the page catches up on what it missed while frozen
                clicks[index].append(browser_speed.click_and_wait(pages[index]))
                set_frozen(sessions[index], True)
                zoo_times.append(timed(zoo_call, zoo.device))
            print(f"round {round_index + 1}/{args.rounds}", flush=True)

    zoo_median = statistics.median(zoo_times)
    print(f"\nin-process zoo: median {zoo_median:.2f} s over {len(zoo_times)} calls ({request})")
    print("| checkout | finished (median) | ÷ zoo | fastest | first picture | browser CPU per click | pictures |")
    print("|---|---|---|---|---|---|---|")
    for checkout, runs in zip(args.checkouts, clicks):
        finished = [run["finished"] for run in runs]
        median = {
            key: statistics.median(run[key] for run in runs) for key in ("first_frame", "browser_cpu", "pictures")
        }
        print(
            f"| {checkout} | {statistics.median(finished):.2f} s | {statistics.median(finished) / zoo_median:.2f}× "
            f"| {min(finished):.2f} s | {median['first_frame']:.2f} s | {median['browser_cpu']:.2f} s "
            f"| {median['pictures']:g} |"
        )


if __name__ == "__main__":
    main()
