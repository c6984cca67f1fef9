"""The Transfer tab in a real browser (Debian's Chromium via Playwright), English and Korean: a link
(?tab=transfer&example=ankle-boot) opens it with each way's prediction for that example, the measured table and
one line per way in the plot, without a click. Saves test-artifacts/transfer-<locale>.png (look at them).

Skipped when Playwright or Chromium is missing (see tests/test_browser.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from app_server import REPO, shared_app
from test_browser_compare import ARGS, TIMEOUT, marks

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

ARTIFACTS = REPO / "test-artifacts"
CLASS_HEADER = {"en-US": "predicted class", "ko-KR": "예측 클래스"}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def table_rows(page, elem_id: str) -> list[list[str]]:
    return page.locator(f"#{elem_id} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.innerText.trim()))"
    )


@pytest.mark.parametrize("locale", ["en-US", "ko-KR"])
def test_a_transfer_link_opens_the_predictions_table_and_plot(browser, locale):
    app = shared_app()
    metrics = json.loads((Path(app["weights"]) / "metrics.json").read_text()) if app["real"] else {}
    context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(app["url"] + "?tab=transfer&example=ankle-boot")
        page.wait_for_function("() => document.querySelectorAll('#transfer-predictions tbody tr').length === 5")
        headers = page.locator("#transfer-predictions thead th").all_inner_texts()
        assert any(CLASS_HEADER[locale] in header for header in headers), headers
        predictions = table_rows(page, "transfer-predictions")
        if app["real"]:  # every shipped 1,000-label classifier knows an ankle boot
            assert all(any("Ankle boot" in cell for cell in row) for row in predictions), predictions
        if "transfer" in metrics:
            page.wait_for_function("() => document.querySelectorAll('#transfer-table tbody tr').length === 5")
            assert marks(page, "transfer-plot", "line") == len(metrics["transfer"]["rows"])
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"transfer-{locale}.png"), full_page=True)
    finally:
        context.close()
