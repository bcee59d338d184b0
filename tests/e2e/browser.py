"""Browser tests: Playwright's sync API driving Debian's Chromium (/usr/bin/chromium), headless.

Registered as a pytest plugin by the repository's root conftest.py. A browser test looks like::

    @pytest.mark.e2e
    def test_login_page(live_server, page, screenshot):
        page.goto(live_server.url + "/inloggen/")
        screenshot(page, "login")

Fixtures: `browser` (session), `page` (a fresh context per test: 1280x900, nl-NL, Europe/Amsterdam)
and `screenshot(page, name) -> Path` (a full-page PNG under artifacts/screenshots/, gitignored).
Under pytest-xdist each xdist worker has its own Chromium and its own live server on its own test database, so
browser tests run in parallel like the others; screenshot names must be unique across the suite.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; without this, Django refuses the database
# calls that pytest-django's live_server fixture makes from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for the whole session."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium package. "
            "Run .ci/run (it installs it), or `apt-get install chromium`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A page in a new browser context (no cookies shared between tests)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
    )
    context.set_default_timeout(10_000)
    # Assertions wait as long as actions: under a loaded CI machine a page may take more than the default 5 s.
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def screenshot() -> Callable:
    """`screenshot(page, name)` saves a full-page PNG at artifacts/screenshots/<name>.png and returns its path."""

    def take(page, name: str) -> Path:
        safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "screenshot"
        path = SCREENSHOT_DIR / f"{safe_name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, live_server, email: str, password: str = "kwaliteit-demo") -> None:
    """Log in through the login page as `email` (any earlier session is dropped first); the header shows who is
    logged in."""
    from playwright.sync_api import expect

    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_test_id("user-name")).to_be_visible()
