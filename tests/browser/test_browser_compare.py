"""The Compare tab in a real browser (Debian's Chromium via Playwright), English and Korean: opening it shows the
four families without a click, the three plots draw one mark per measured row of weights/metrics.json, and no
table has numeric headers ("1 2 3") or overflows the page. Saves docs/compare-tab.png (the README's screenshot)
at 1400×1000.

Skipped when Playwright or Chromium is missing (tests/support/browser.py).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from genmodels.ui.components.plots import ddim_steps_frame, guidance_frame, speed_quality_frame
from tests.support.app_server import REPO, build_random_weights, running_app, shared_app
from tests.support.browser import PLOT_TIMEOUT, images_in, marks

TIMEOUT = PLOT_TIMEOUT
SCREENSHOT = REPO / "docs" / "compare-tab.png"
TAB_NAME = {"en-US": "Compare", "ko-KR": "비교"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(url, metrics.json) of an app whose weights have measurements: the shared app when it serves the trained
    weights/, else one started here on tiny random models plus the shipped metrics.json (the plots and tables
    read only that file)."""
    app = shared_app()
    if (Path(app["weights"]) / "metrics.json").is_file():
        yield app["url"], json.loads((Path(app["weights"]) / "metrics.json").read_text())
        return
    if not (REPO / "weights" / "metrics.json").is_file():
        pytest.skip("no weights/metrics.json: nothing to plot")
    workdir = tmp_path_factory.mktemp("compare-app")
    weights = build_random_weights(workdir / "weights")
    shutil.copy(REPO / "weights" / "metrics.json", weights / "metrics.json")
    with running_app(weights, workdir) as url:
        yield url, json.loads((weights / "metrics.json").read_text())


def open_compare(browser, url: str, locale: str):
    context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(url)
    page.locator("#ae-run").wait_for()
    page.get_by_role("tab", name=TAB_NAME[locale], exact=True).click()
    return context, page


def failure(page, name: str):
    """What the page looked like when a wait gave up: test-artifacts/failure-compare-<name>.png."""
    (REPO / "test-artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "test-artifacts" / f"failure-compare-{name}.png"), full_page=True)


def svg_text(page, elem_id: str) -> str:
    return " ".join(page.locator(f"#{elem_id} svg text").all_text_contents())


def table_headers(page) -> list[str]:
    """The header cells of every table in the Compare tab (the latency Dataframe and the Markdown tables)."""
    return page.eval_on_selector_all(
        "#compare-latency thead th, .measured table th",
        "cells => cells.map(c => c.innerText.trim()).filter(Boolean)",
    )


def check_tables(page):
    headers = table_headers(page)
    assert len(headers) >= 4 + 7, headers  # latency (4) and at least the sample-quality table
    assert [h for h in headers if re.fullmatch(r"[\d\s.,]+", h)] == []  # no "1 2 3" placeholder headers
    assert any("↓" in h for h in headers) and any("↑" in h for h in headers)  # which way is better
    # every table fits its column: nothing scrolls sideways, so no header is squeezed into broken words
    overflowing = page.eval_on_selector_all(
        ".measured table",
        """tables => tables.filter(t => {
            const box = t.closest('.measured').getBoundingClientRect(), own = t.getBoundingClientRect();
            return own.right > box.right + 1 || own.right > document.documentElement.clientWidth;
        }).map(t => t.innerText.slice(0, 40))""",
    )
    assert overflowing == []


def test_compare_tab_in_english(browser, served):
    url, metrics = served
    context, page = open_compare(browser, url, "en-US")
    try:
        # first open: the four families on the default seed, and this request's latency, without a click
        for column in ("ae", "vae", "gan", "diffusion"):
            images_in(page, f"compare-{column}", 8)
        rows_js = (  # Gradio's Dataframe draws its body as div rows (a virtual list), its header as a table
            "() => [...document.querySelectorAll('#compare-latency div[role=row]')].filter(r => r.innerText.trim())"
            ".map(r => r.innerText.split('\\n').map(c => c.trim()))"
        )
        page.wait_for_function(f"() => ({rows_js})().length === 4")
        rows = page.evaluate(rows_js)
        assert [row[1] for row in rows] == ["AE", "VAE", "DCGAN", "DDIM-25, η = 0"]
        assert all(float(row[2]) > 0 and float(row[3]) > 0 for row in rows), rows

        points = len(speed_quality_frame(metrics)[0])
        assert points >= 4 and marks(page, "compare-speed", "symbol") == points
        assert "WGAN-GP" in svg_text(page, "compare-speed") and "DDIM-50, η = 1" in svg_text(page, "compare-speed")
        assert marks(page, "compare-guidance", "line") == guidance_frame(metrics).iloc[:, 2].nunique() == 2
        assert marks(page, "compare-steps", "line") == ddim_steps_frame(metrics).iloc[:, 2].nunique()
        assert "DDIM steps" in svg_text(page, "compare-steps")

        page.get_by_text("Sample quality").first.wait_for()
        check_tables(page)
        text = page.locator(".measured").first.inner_text()
        assert "real train images (floor)" in text and "real_train" not in text and "wgan_gp" not in text

        page.evaluate("window.scrollTo(0, 0)")
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    except Exception:
        failure(page, "english")
        raise
    finally:
        context.close()


def test_compare_tab_in_korean(browser, served):
    url, metrics = served
    context, page = open_compare(browser, url, "ko-KR")
    try:
        images_in(page, "compare-diffusion", 8)
        marks(page, "compare-speed", "symbol")
        page.wait_for_function("() => document.querySelector('#compare-speed svg')?.textContent.includes('이미지당')")
        assert "DDIM 스텝 수" in svg_text(page, "compare-steps")
        page.get_by_text("샘플 품질").first.wait_for()
        headers = table_headers(page)
        assert "모델" in headers and "계열" in headers and "정밀도\u00a0↑" in headers, headers
        check_tables(page)
        assert "실제 학습 이미지 (하한)" in page.locator(".measured").first.inner_text()
    except Exception:
        failure(page, "korean")
        raise
    finally:
        context.close()
