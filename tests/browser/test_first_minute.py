"""A visitor's first minute, in Chromium: every tab shows results before any button is pressed, a link opens an
exact view (its pixels are the API's for the same arguments), "Share via link" gives such a link, Enter runs a
tab's action, and at 390 px wide the page stacks without sideways scrolling. Screenshots go to test-artifacts/
(first-minute-*.png): look at them.

Uses tests/test_browser.py's Chromium and helpers, and the app tests/support/app_server.py starts.
"""

from __future__ import annotations

import io
import time

import httpx
import numpy as np
import pytest
from PIL import Image

from genmodels.diffusion.pipeline import DDIM_ETA
from genmodels.measure.quality.samplers import race_section
from genmodels.ui import race
from genmodels.ui.components.measured import read_metrics
from tests.support.app_server import shared_app
from tests.support.browser import ARTIFACTS, TIMEOUT, api_pictures, images_in, pictures_in

# what each tab shows on first open: element id -> how many pictures at least
FIRST_VIEW = {
    "autoencoder": {"ae-seen": 1, "ae-reconstruction": 1, "ae-error": 1},
    "vae": {"vae-samples": 16, "vae-beta-samples": 16, "vae-map": 1, "vae-decoded": 1},
    "gan": {"gan-left": 16, "gan-right": 16},
    "diffusion": {"diffusion-samples": 8},
    "denoise": {"denoise-slider": 2, "denoise-all": 3},
    "anomaly": {},  # a verdict and a histogram, checked below
    "training": {"training-grid": 1, "ae-overfit-grid": 1, "ae-regularised-grid": 1},
    "compare": {f"compare-{family}": 8 for family in ("ae", "vae", "gan", "diffusion")},
    "lab": {"lab-picture": 1, "dirac-picture": 1},  # the untrained run and the Dirac-GAN path
}
DIFFUSION_LINK = {"tab": "diffusion", "class": "Sneaker", "w": "3", "seed": "7"}  # the example


def app_default_sampler() -> tuple[str, int, str]:
    """The Diffusion tab's default (sampler, steps, spacing): the sampler race in the served weights' metrics."""
    return race.app_default(race_section(read_metrics(shared_app()["weights"])))


def url(query: dict | None = None) -> str:
    return shared_app()["url"] + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def new_page(browser, width=1400, height=1000, locale="en-US"):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    return context, page


def shot(page, name: str):
    page.screenshot(path=str(ARTIFACTS / f"first-minute-{name}.png"), full_page=True)


def assert_not_blank(page, elem_id: str):
    """Every picture the component shows has more than one grey level (the latent map is not 28x28-based, so
    this reads the files as they are)."""
    sources = page.eval_on_selector_all(f"#{elem_id} img", "images => images.map(image => image.src)")
    assert sources, f"{elem_id}: no pictures"
    with httpx.Client(timeout=30) as http:
        for source in sources:
            picture = np.asarray(Image.open(io.BytesIO(http.get(source).raise_for_status().content)).convert("L"))
            assert picture.std() > 0, f"{elem_id}: a blank (one-colour) picture {source}"


def selected_tab(page) -> str:
    return page.locator("#tabs button[role=tab][aria-selected=true]").first.inner_text().strip()


def wait_for_verdict(page):
    page.wait_for_function(
        "() => ['normal', 'anomalous'].includes(document.querySelector('#anomaly-verdict textarea')?.value)"
    )


def test_every_tab_shows_results_on_first_open(browser):
    context, page = new_page(browser)
    try:
        for tab_id, expected in FIRST_VIEW.items():
            page.goto(url({"tab": tab_id}) if tab_id != "autoencoder" else url())  # a link opens the other tabs
            for elem_id, count in expected.items():
                images_in(page, elem_id, count)
                assert_not_blank(page, elem_id)
            if tab_id == "anomaly":
                wait_for_verdict(page)
                page.locator("#anomaly-histogram .vega-embed").wait_for()
            if tab_id == "autoencoder":
                page.wait_for_function("() => Number(document.querySelector('#ae-mse input')?.value) > 0")
            shot(page, f"open-{tab_id}")
        assert page.locator("button.primary").count() > 0
    finally:
        context.close()


def test_a_link_opens_that_view_with_the_apis_pixels(browser):
    context, page = new_page(browser)
    try:
        page.goto(url(DIFFUSION_LINK))
        images_in(page, "diffusion-samples", 8)
        assert selected_tab(page) == "Diffusion"
        assert page.locator("#diffusion-samples").is_visible()
        shown = pictures_in(page, "diffusion-samples")
        sampler, steps, spacing = app_default_sampler()  # the link names none: the tab's default
        expected = api_pictures("/diffusion_sample", "Sneaker", 3.0, sampler, steps, DDIM_ETA, 8, 7, spacing)
        assert len(shown) == len(expected) == 8
        assert [i for i, (a, b) in enumerate(zip(shown, expected)) if not np.array_equal(a, b)] == []
        shot(page, "link-diffusion")

        # "Share via link" gives the same view back
        page.locator("#share-link").click()
        box = page.locator("#share-link-url textarea")
        page.wait_for_function("() => document.querySelector('#share-link-url textarea')?.value.startsWith('http')")
        link = box.input_value()
        for part in ("tab=diffusion", "class=Sneaker", "w=3", "seed=7", f"sampler={sampler}", f"steps={steps}", "n=8"):
            assert part in link, (part, link)
        assert page.evaluate("() => navigator.clipboard.readText()") == link
    finally:
        context.close()


def test_enter_runs_the_action_and_the_shared_link_reproduces_it(browser):
    context, page = new_page(browser)
    try:
        page.goto(url({"tab": "gan"}))
        images_in(page, "gan-left", 16)
        field = page.locator("#gan-seed input")
        field.fill("5")
        field.press("Enter")  # no click: Enter in the seed box runs "Sample"
        expected = api_pictures("/gan_sample", 16, 5, "dcgan", 1.0)
        deadline = time.monotonic() + TIMEOUT / 1000
        while not (len(shown := pictures_in(page, "gan-left")) == 16 and all(map(np.array_equal, shown, expected))):
            assert time.monotonic() < deadline, "Enter in the seed box did not sample seed 5"
            page.wait_for_timeout(250)

        page.locator("#share-link").click()
        page.wait_for_function("() => document.querySelector('#share-link-url textarea')?.value.startsWith('http')")
        link = page.locator("#share-link-url textarea").input_value()
        assert "tab=gan" in link and "seed=5" in link, link
        other, second = new_page(browser)
        try:
            second.goto(link)
            images_in(second, "gan-left", 16)
            again = pictures_in(second, "gan-left")
            assert len(again) == 16 and all(np.array_equal(a, b) for a, b in zip(again, expected))
        finally:
            other.close()
    finally:
        context.close()


def test_a_bad_link_value_is_ignored_with_a_warning(browser):
    context, page = new_page(browser)
    try:
        page.goto(url({"tab": "gan", "seed": "abc", "n": "4"}))
        page.get_by_text("seed=abc ignored").first.wait_for()
        images_in(page, "gan-left", 4)  # the good value is used, the bad one left at its default
        assert len(pictures_in(page, "gan-left")) == 4
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en-US", "ko-KR"])
def test_at_390_px_the_page_stacks_without_sideways_scrolling(browser, locale):
    context, page = new_page(browser, width=390, height=844, locale=locale)
    try:
        tabs = ("autoencoder", "vae", "gan", "diffusion", "denoise", "anomaly", "compare", "lab")
        for tab_id in tabs if locale == "en-US" else tabs[:2]:
            page.goto(url({"tab": tab_id}))
            first = next(iter(FIRST_VIEW[tab_id]), None)
            if first:
                images_in(page, first, 1)
            else:
                wait_for_verdict(page)
            for y in range(0, page.evaluate("() => document.body.scrollHeight"), 700):  # lazy images load on sight
                page.evaluate(f"() => window.scrollTo(0, {y})")
                page.wait_for_timeout(60)
            page.wait_for_timeout(300)  # plots lay out after their data arrives
            width = page.evaluate("() => document.documentElement.scrollWidth")
            shot(page, f"390-{locale}-{tab_id}")
            assert width <= 390, f"{tab_id}: the page is {width} px wide at a 390 px viewport"
    finally:
        context.close()
