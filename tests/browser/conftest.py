"""The browser tests' shared Chromium: one per test module, skipped (with the module) without Playwright or
Chromium, as tests/support/browser.py says."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def browser():
    from tests.support.browser import launch, sync_api  # imported here: a skip raised at import skips the test

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
