"""The settings stay usable while a tab's first view computes: the page's load event fills them in on its own,
quick event, and only the result panels wait on the model (genmodels/ui/components/links.py). In Chromium, on a
Diffusion link slow enough to watch: while its sheet is pending, no setting is.

Uses tests/support/browser.py's Chromium and the app tests/support/app_server.py starts.
"""

from __future__ import annotations

import time

from tests.support.app_server import shared_app
from tests.support.browser import TIMEOUT

SETTINGS = ("diffusion-class", "diffusion-sampler", "diffusion-steps", "diffusion-spacing")
# a first view long enough to be seen computing (and not remembered by earlier tests), short enough to end within
# the test: a page that closes does not stop a first view, and one left running holds a model slot from the
# tests after it (1,000 steps x 64 images on the shipped weights ran for minutes and timed them out)
LINK = "?tab=diffusion&class=Bag&sampler=DPM%2B%2B%202M&steps=60&n=16&seed=4242&spacing=trailing"
BUSY = "el => el.classList.contains('pending') || !!el.querySelector('.progress-text, .eta-bar, .progress-bar')"


def test_the_settings_are_not_busy_while_the_first_view_computes(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(shared_app()["url"] + LINK)
        page.wait_for_selector("#diffusion-samples")
        seen_busy, deadline = False, time.monotonic() + TIMEOUT / 1000
        while time.monotonic() < deadline:
            if page.eval_on_selector("#diffusion-samples", BUSY):
                seen_busy = True
                busy = [elem_id for elem_id in SETTINGS if page.eval_on_selector(f"#{elem_id}", BUSY)]
                assert busy == [], f"settings busy while the first view computes: {busy}"
            elif seen_busy:
                break
            time.sleep(0.05)
        assert seen_busy, "the first view was never seen computing: make LINK slower"
        assert not page.eval_on_selector("#diffusion-samples", BUSY), "the first view did not end within the test"
        # the link's values were filled in by the quick event
        assert page.input_value("#diffusion-sampler input") == "DPM++ 2M"
        assert page.is_checked("#diffusion-spacing input[value='trailing']")
    finally:
        context.close()
