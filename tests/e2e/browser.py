"""Browser tests: Playwright's sync API driving Debian's Chromium (/usr/bin/chromium), headless.

Registered as a pytest plugin by the repository's root conftest.py. A browser test looks like::

    @pytest.mark.e2e
    def test_login_page(live_server, page, screenshot):
        page.goto(live_server.url + "/inloggen/")
        screenshot(page, "login")

Fixtures: `browser` (session), `page` (a fresh context per test: 1280x900, nl-NL, Europe/Amsterdam)
and `screenshot(page, name) -> Path` (a full-page PNG under artifacts/screenshots/, gitignored).

Every page a test's `page` shows is checked with axe-core (the npm package in node_modules/, installed by
scripts/ensure-services.sh), error states included: Playwright injects axe into every document, and each document is
checked just before the browser leaves it (a link, a form submit, `goto`: the navigation request is held until the
check is done) and at the end of the test. A serious or critical violation fails the test with the page, the rule and
the elements (see `AxeChecker`).
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
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# What fails a test: WCAG 2.1 AA asks for none of these (axe's impacts are minor, moderate, serious, critical).
AXE_FAILING_IMPACTS = ("serious", "critical")
# Checks the document once (it marks itself), after it has loaded; null when it was checked before.
AXE_RUN = """async impacts => {
    if (window.__axeChecked) return null;
    if (typeof axe === "undefined") throw new Error("axe-core is missing from " + location.href);
    window.__axeChecked = true;
    if (document.readyState !== "complete") await new Promise(done => addEventListener("load", done, {once: true}));
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.filter(violation => impacts.includes(violation.impact)).map(violation => ({
        id: violation.id, impact: violation.impact, help: violation.help, helpUrl: violation.helpUrl,
        nodes: violation.nodes.map(node => ({target: node.target.join(" "), html: node.html, summary: node.failureSummary})),
    }));
}"""


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


class AxeChecker:
    """Runs axe-core over every document a page shows, once: before the first action on it (a click, a fill, a
    `goto`...), when a screenshot is taken, and at the end of the test.

    Playwright injects axe into every document (an init script, which a Content Security Policy does not block);
    the document marks itself as checked, so each is checked once, whatever the number of actions. Violations are
    collected per page and rule; the `page` fixture fails the test with them.
    """

    def __init__(self, page):
        self.page = page
        self.violations: dict[tuple[str, str], dict] = {}

    def check(self) -> None:
        from playwright.sync_api import Error

        url = self.page.url
        if not url.startswith("http"):
            return
        try:
            found = self.page.evaluate(AXE_RUN, list(AXE_FAILING_IMPACTS))
        except Error as error:  # the document went away while axe ran (a navigation had started): not shown
            if "Execution context was destroyed" in str(error) or "navigat" in str(error):
                return
            raise
        for violation in found or ():
            self.violations.setdefault((url, violation["id"]), violation)

    def report(self) -> str:
        lines = []
        for (url, _), violation in self.violations.items():
            lines.append(
                f"{url}: {violation['impact']} {violation['id']}: {violation['help']} ({violation['helpUrl']})"
            )
            for node in violation["nodes"][:5]:
                lines.append(f"    {node['target']}: {node['html'][:200]}")
                lines.extend(f"      {line}" for line in node["summary"].splitlines()[1:3])
            if len(violation["nodes"]) > 5:
                lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
        return "\n".join(lines)


# The checker of each open page, and the Playwright methods after which a page may show another document: before
# each of them runs, the document shown now is checked (if it was not yet).
AXE_CHECKERS: dict = {}
PAGE_ACTIONS = ("goto", "reload", "go_back", "go_forward", "click", "fill", "check", "select_option")
LOCATOR_ACTIONS = (
    *("click", "dblclick", "tap", "press", "fill", "clear", "check", "uncheck", "set_checked"),
    *("select_option", "set_input_files"),
)


def check_first(method: Callable, page_of: Callable) -> Callable:
    def action(self, *args, **kwargs):
        checker = AXE_CHECKERS.get(page_of(self))
        if checker is not None:
            checker.check()
        return method(self, *args, **kwargs)

    action.__wrapped__ = method  # type: ignore[attr-defined]
    return action


def install_axe_hooks() -> None:
    from playwright.sync_api import Locator, Page

    if getattr(Page.goto, "__wrapped__", None):
        return
    for name in PAGE_ACTIONS:
        setattr(Page, name, check_first(getattr(Page, name), lambda page: page))
    for name in LOCATOR_ACTIONS:
        setattr(Locator, name, check_first(getattr(Locator, name), lambda locator: locator.page))


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        pytest.fail(
            f"{AXE_SCRIPT} is missing: the browser tests check every page with axe-core from npm. "
            "Run scripts/ensure-services.sh (or `npm ci`).",
            pytrace=False,
        )
    install_axe_hooks()
    return AXE_SCRIPT


@pytest.fixture
def page(browser, axe_script) -> Iterator:
    """A page in a new browser context (no cookies shared between tests), every document of which axe checks."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
    )
    context.set_default_timeout(10_000)
    # Assertions wait as long as actions: under a loaded CI machine a page may take more than the default 5 s.
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context.add_init_script(path=str(axe_script))
    page = context.new_page()
    axe = AXE_CHECKERS[page] = AxeChecker(page)
    try:
        yield page
        axe.check()
    finally:
        del AXE_CHECKERS[page]
        context.close()
    if axe.violations:
        pytest.fail(
            f"axe-core found {len(axe.violations)} serious or critical accessibility violation(s):\n{axe.report()}",
            pytrace=False,
        )


def _assert_no_sideways_scrolling(page, name: str) -> None:
    """On a phone-sized window the page itself never scrolls sideways (a wide table scrolls inside its own box)."""
    viewport = page.viewport_size
    if not viewport or viewport["width"] > 576:
        return
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > viewport["width"]:
        culprits = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter((element) => element.getBoundingClientRect().right > limit + 1)
                .filter((element) => !element.parentElement.closest('.table-responsive'))
                .slice(0, 5).map((element) => element.outerHTML.slice(0, 160))""",
            viewport["width"],
        )
        pytest.fail(
            f"{name}: the page is {width} px wide in a window of {viewport['width']} px; too wide: {culprits}",
            pytrace=False,
        )


@pytest.fixture
def screenshot() -> Callable:
    """`screenshot(page, name)` saves a full-page PNG at artifacts/screenshots/<name>.png and returns its path."""

    def take(page, name: str) -> Path:
        if page in AXE_CHECKERS:
            AXE_CHECKERS[page].check()
        _assert_no_sideways_scrolling(page, name)
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
