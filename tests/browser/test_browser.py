"""The app in a real browser: Debian's Chromium driven by Playwright visits every tab, runs one action per tab,
checks that the result appears, draws on the Sketchpad with the mouse, and saves a screenshot of each tab
under test-artifacts/ (look at them).

Skipped when Playwright or Chromium is missing (CI installs both: `apt-get install chromium`,
`pip install playwright`). The app is the one tests/support/app_server.py starts for the API tests.
"""

from __future__ import annotations

import httpx
import numpy as np
from gradio_client import handle_file

from genmodels.ui.components.common import example_files
from tests.support.app_server import shared_app
from tests.support.browser import ARTIFACTS, TIMEOUT, api_pictures, images_in, loaded_sources, pictures_in

SNEAKER = next(path for path in example_files("fashion") if "Sneaker" in path)


def open_app(browser, locale: str):
    context = browser.new_context(locale=locale, viewport={"width": 1360, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(shared_app()["url"])
    page.locator("#ae-run").wait_for()
    return context, page


def open_tab(page, name: str):
    page.get_by_role("tab", name=name, exact=True).click()


def shot(page, name: str):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_every_tab_in_english(browser):
    context, page = open_app(browser, "en-US")
    try:
        # Autoencoder: upload a test image, reconstruct
        page.locator("#ae-input input[type=file]").set_input_files(SNEAKER)
        images_in(page, "ae-reconstruction")
        images_in(page, "ae-error")
        images_in(page, "ae-seen")
        page.locator("#ae-latent .vega-embed").wait_for()  # the bar chart of the code
        shot(page, "1-autoencoder")

        open_tab(page, "VAE")
        page.locator("#vae-run").click()
        images_in(page, "vae-samples", 16)
        # the page shows exactly the 16 samples the model makes for the tab's defaults (n 16, seed 0,
        # temperature 1), in order: the same pixels an API client gets for those inputs
        shown, expected = pictures_in(page, "vae-samples"), api_pictures("/vae_sample", 16, 0, 1.0)
        assert len(shown) == len(expected) == 16
        assert [i for i, (a, b) in enumerate(zip(shown, expected)) if not np.array_equal(a, b)] == []
        images_in(page, "vae-beta-samples", 16)
        images_in(page, "vae-map")  # drawn when the tab opens
        latent_map = page.locator("#vae-map img")
        box = latent_map.bounding_box()
        latent_map.click(position={"x": box["width"] * 0.35, "y": box["height"] * 0.45})  # a click decodes that point
        images_in(page, "vae-decoded")
        shot(page, "2-vae")

        open_tab(page, "GAN")
        page.locator("#gan-run").click()
        images_in(page, "gan-left", 16)
        images_in(page, "gan-right", 16)
        # its own rows of metrics.json (other tabs' copies are hidden)
        page.get_by_text("Measured quality of these models").locator("visible=true").click()
        page.locator("td:visible", has_text="WGAN").first.wait_for()
        shot(page, "3-gan")

        open_tab(page, "Diffusion")
        page.locator("#diffusion-run").click()
        images_in(page, "diffusion-samples", 8)
        images_in(page, "diffusion-frame")  # the scrub view appears once sampling is done
        shot(page, "4-diffusion")

        open_tab(page, "Denoise")
        page.locator("#denoise-input input[type=file]").set_input_files(SNEAKER)
        page.locator("#denoise-run").click()
        images_in(page, "denoise-slider", 2)  # before and after
        images_in(page, "denoise-all", 3)
        page.get_by_text("PSNR against the clean image").wait_for()
        shot(page, "5-denoise")

        open_tab(page, "Anomaly")
        page.locator("#anomaly-examples-abnormal img").first.click()  # a cached example: loads its result
        page.wait_for_function(
            "() => ['normal', 'anomalous'].includes(document.querySelector('#anomaly-verdict textarea')?.value)"
        )
        page.locator("#anomaly-histogram .vega-embed").wait_for()
        shot(page, "6-anomaly")

        open_tab(page, "Compare")
        page.locator("#compare-run").click()
        for column in ("ae", "vae", "gan", "diffusion"):
            images_in(page, f"compare-{column}", 8)
        shot(page, "7-compare")
    except Exception:
        shot(page, "failure-english")  # what the page looked like when the wait gave up
        raise
    finally:
        context.close()


def test_a_drawing_on_the_sketchpad_is_reconstructed(browser):
    context, page = open_app(browser, "en-US")
    try:
        page.get_by_role("tab", name="Draw", exact=True).click()
        canvas = page.locator("#ae-sketch canvas").first
        canvas.wait_for()
        box = canvas.bounding_box()
        # a diagonal stroke with the mouse, as a visitor draws it
        x0, y0 = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.2
        page.mouse.move(x0, y0)
        page.mouse.down()
        for i in range(1, 21):
            page.mouse.move(x0 + box["width"] * 0.4 * i / 20, y0 + box["height"] * 0.6 * i / 20, steps=2)
        page.mouse.up()
        page.locator("#ae-use-drawing").click()
        for elem_id in ("ae-seen", "ae-reconstruction", "ae-error"):
            images_in(page, elem_id)
        # the MSE box is filled from the drawing: a positive number, not the empty-canvas error
        mse = page.locator("#ae-mse input")
        page.wait_for_function("() => Number(document.querySelector('#ae-mse input')?.value) > 0")
        assert 0 < float(mse.input_value()) < 1
        shot(page, "1b-autoencoder-drawing")
    except Exception:
        shot(page, "failure-drawing")
        raise
    finally:
        context.close()


def test_korean_page_and_a_clear_error(browser):
    context, page = open_app(browser, "ko-KR")
    try:
        page.get_by_role("tab", name="오토인코더", exact=True).wait_for()
        page.get_by_text("Fashion-MNIST로 보는 네 가지 생성 모델").wait_for()
        assert page.get_by_role("button", name="복원", exact=True).is_visible()
        # every tab opens with results now, so the bad input comes from a link: the visitor is told, in Korean,
        # which value was ignored and what was kept, instead of a stack trace
        page.goto(shared_app()["url"].rstrip("/") + "/?tab=gan&seed=abc")
        page.get_by_text("링크: seed=abc 무시됨").first.wait_for()
        shot(page, "8-korean-error")
    except Exception:
        shot(page, "failure-korean")
        raise
    finally:
        context.close()


def line_drawn(page, elem_id: str, colour: str):
    """Wait until the Vega chart `elem_id` draws a line (an SVG path mark) in `colour`: a plotted series."""
    page.locator(f"#{elem_id} .vega-embed").scroll_into_view_if_needed()
    page.locator(f'#{elem_id} svg .mark-line path[stroke="{colour}"]').first.wait_for()


def test_nearest_training_images_of_the_chosen_gan_sample(browser, tmp_path):
    """GAN tab: the right panel's sample 5 -> the panel shows it first, then 3 + 3 training images, and the table."""
    context, page = open_app(browser, "en-US")
    try:
        open_tab(page, "GAN")
        page.locator("#gan-run").click()
        images_in(page, "gan-right", 16)
        page.get_by_text("Nearest training images: is a sample a copy?").locator("visible=true").click()
        page.locator("#gan-nearest-source").get_by_text("Right panel").click()
        page.locator("#gan-nearest-index input").fill("5")
        page.locator("#gan-nearest-run").click()
        images_in(page, "gan-nearest-result", 7)
        shown = pictures_in(page, "gan-nearest-result")
        assert len(shown) == 7 and np.array_equal(shown[0], pictures_in(page, "gan-right")[5])
        sheet = tmp_path / "right.png"  # the file the page shows, sent as an API client would (Gradio refuses URLs
        with httpx.Client(timeout=30) as http:  # of loopback hosts)
            sheet.write_bytes(http.get(loaded_sources(page, "gan-right")[0]).raise_for_status().content)
        assert np.array_equal(shown, api_pictures("/nearest_training", handle_file(str(sheet)), 5))
        page.locator("#gan-nearest-table").get_by_text("pixels", exact=True).first.wait_for()
        page.locator("#gan-nearest-verdict", has_text="features").wait_for()
        shot(page, "3b-gan-nearest")
    except Exception:
        shot(page, "failure-nearest")
        raise
    finally:
        context.close()


def test_training_tab_from_a_link_draws_its_curves(browser):
    from genmodels.ui.tabs.training.view import COLORS, OVERFIT_COLORS

    context = browser.new_context(locale="en-US", viewport={"width": 1360, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(shared_app()["url"].rstrip("/") + "/?tab=training&model=vae")
        page.get_by_text("VAE: 20 epochs").wait_for()  # the linked model, not the default AE
        # one tab button (Gradio drew the last tab's button twice when it was selected: it sits before Compare)
        assert page.get_by_role("tab", name="Training", exact=True).count() == 1
        for chart, series in (("loss", "train"), ("loss", "test"), ("kl", "z00"), ("kl", "z15")):
            line_drawn(page, f"training-{chart}", COLORS[series])
        labels = page.eval_on_selector_all(
            "#training-loss svg .role-legend-label text", "ts => ts.map(t => t.textContent)"
        )
        assert labels == ["train", "test"]
        assert not page.locator("#training-gan_loss").is_visible()  # a GAN's chart is hidden for a VAE
        images_in(page, "training-grid")
        first = loaded_sources(page, "training-grid")
        page.locator("#training-epoch input[type=number]").fill("3")
        page.locator("#training-epoch input[type=number]").press("Enter")
        page.wait_for_function(
            "([id, old]) => { const i = document.querySelector(`#${id} img`); "
            "return i && i.complete && !old.includes(i.src); }",
            arg=["training-grid", first],
        )  # the slider shows another epoch's grid
        for series in OVERFIT_COLORS:  # both runs, train and test
            line_drawn(page, "training-overfit", OVERFIT_COLORS[series])
        images_in(page, "ae-overfit-grid")
        images_in(page, "ae-regularised-grid")
        shot(page, "9-training")
    except Exception:
        shot(page, "failure-training")
        raise
    finally:
        context.close()


def test_a_long_diffusion_run_streams_frames_and_counts_its_steps(browser):
    """The run event shows Gradio's minimal progress (the step count and a timer, no spinner:
    genmodels/ui/tabs/diffusion/view.py says why); a long run must still say which step it is at, and stream x_t
    before the sheet."""
    context = browser.new_context(locale="en-US", viewport={"width": 1360, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(shared_app()["url"].rstrip("/") + "/?tab=diffusion&steps=400&n=1&sampler=DDIM")
        images_in(page, "diffusion-samples", 1)  # the link's first view
        first = loaded_sources(page, "diffusion-samples")
        page.evaluate(
            """() => { window.__shown = []; const panel = document.getElementById('diffusion-samples');
            panel.addEventListener('load', e => { if (e.target.tagName === 'IMG') window.__shown.push(e.target.src); },
            true); }"""
        )
        page.locator("#diffusion-run").click()
        page.wait_for_function("() => /\\d+\\/400 steps/.test(document.getElementById('diffusion-samples').innerText)")
        page.locator("#diffusion-frame img").first.wait_for()  # the scrub view: the run is over
        shown = page.evaluate("() => window.__shown")
        # streamed frames, then the sheet: the first view's file again (the same settings and seed, the same pixels)
        assert len(shown) >= 2 and shown[-1] in first and not set(shown[:-1]) & set(first), shown
    finally:
        context.close()
