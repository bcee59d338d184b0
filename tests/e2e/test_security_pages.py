"""In the browser (issue 13): the Content Security Policy blocks nothing the pages need (no inline script or style
left: the error summary still takes the focus, progress bars still have their width), and five wrong passwords
lock the login out with a Dutch message."""

import pytest
from playwright.sync_api import expect

from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ImportStatus
from schools.models import RegisterImport
from tests.factories import AnalysisFactory, AnalysisReviewFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.e2e
PASSWORD = "kwaliteit-demo"  # noqa: S105 (the demo password)


def csp_violations(page) -> list[str]:
    """Collects what the browser reports as blocked by the Content Security Policy while the test runs."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return found


def log_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    """Fill in the login form; a refused login shows the form again, where the user simply tries again."""
    if not page.url.startswith(live_server.url + "/inloggen/"):
        page.goto(live_server.url + "/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():  # the refused login answers with the form again: wait for that page
        page.get_by_role("button", name="Inloggen").click()


def test_five_wrong_passwords_lock_the_login_with_a_dutch_message(live_server, page, screenshot, browser):
    UserFactory(role=Role.SCHOOL_BOARD, email="bestuur@example.nl")
    blocked = csp_violations(page)
    for _attempt in range(4):
        log_in(page, live_server, "bestuur@example.nl", "verkeerd-wachtwoord")
        expect(page.get_by_text("Dit e-mailadres en wachtwoord horen niet bij elkaar")).to_be_visible()
    # The error summary takes the focus (site.js: no inline script under the CSP).
    expect(page.locator("#error-summary")).to_be_focused()  # retried: site.js runs after the load

    log_in(page, live_server, "bestuur@example.nl", "verkeerd-wachtwoord")

    message = page.get_by_text("U hebt te vaak een verkeerd wachtwoord ingevuld")
    expect(message).to_be_visible()
    assert "15 minuten geblokkeerd" in message.inner_text()
    assert page.get_by_label("E-mailadres").input_value() == "bestuur@example.nl"
    screenshot(page, "security-login-locked-out")
    log_in(page, live_server, "bestuur@example.nl")  # the right password, still locked out
    expect(page.get_by_text("U hebt te vaak een verkeerd wachtwoord ingevuld")).to_be_visible()
    assert blocked == []

    narrow = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    try:
        small = narrow.new_page()
        log_in(small, live_server, "bestuur@example.nl")
        expect(small.get_by_text("U hebt te vaak een verkeerd wachtwoord ingevuld")).to_be_visible()
        screenshot(small, "security-login-locked-out-390")
    finally:
        narrow.close()


def test_the_pages_work_under_the_content_security_policy(live_server, page, screenshot):
    staff = UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl")
    school = SchoolFactory(name="Basisschool De Vuurtoren", board__name="Stichting Noorderlicht")
    running = RegisterImport.objects.create(
        kind="leerlingen", status=ImportStatus.RUNNING, rows_total=1000, rows_processed=500, started_by=staff
    )
    blocked = csp_violations(page)

    log_in(page, live_server, staff.email)
    page.goto(f"{live_server.url}/besturen/{school.board_id}/")
    screenshot(page, "security-board-detail")
    page.goto(f"{live_server.url}/import/{running.pk}/")
    bar = page.locator(".progress-bar")
    track = page.locator(".progress")
    assert abs(bar.bounding_box()["width"] / track.bounding_box()["width"] - 0.5) < 0.02
    screenshot(page, "security-import-progress")
    page.goto(f"{live_server.url}/scholen/nieuw/")
    page.get_by_role("button", name="School opslaan").click()
    expect(page.locator("#error-summary")).to_be_focused()  # retried: site.js runs after the load
    expect(page.get_by_text("Kies het schoolbestuur van de school").first).to_be_visible()
    screenshot(page, "security-school-without-board")

    # The expert group's review page: its decision panel sticks below the top (a class now, not a style).
    submitted = AnalysisFactory(trajectory__school=school, trajectory__phase="analyse", status="ingediend")
    AnalysisReviewFactory(analysis=submitted)
    UserFactory(role=Role.EXPERT_GROUP, email="expertgroep@example.nl")
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, live_server, "expertgroep@example.nl")
    page.goto(f"{live_server.url}/trajecten/{submitted.trajectory_id}/analyse/beoordelen/")
    panel = page.locator("section[aria-labelledby=decision-heading]")
    assert panel.evaluate("element => getComputedStyle(element).top") == "16px"
    screenshot(page, "security-review-page")

    assert blocked == []
