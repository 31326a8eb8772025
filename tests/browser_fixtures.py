"""Fixtures of the browser tests: one Chromium for the session, a fresh tab per test.

A plugin of tests/conftest.py (pytest_plugins)."""

import pytest

from tests.support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser tab; on failure a full-page screenshot lands in var/test-artifacts/."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{request.node.name}.png"
        tab.screenshot(path=str(target), full_page=True)
        print(f"screenshot saved to {target}")
    context.close()
