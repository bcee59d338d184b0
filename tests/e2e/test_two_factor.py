"""In the browser (issue 13, ADR 13): a member of the programme staff logs in for the first time, is sent to set up
two-step verification, reads the key from the page, enters the code their app would show (computed here with
django-otp's `totp`) and reaches the page; the next login asks the code after the password, a wrong one is refused.
The login page with the City's login beside it. Screenshots at 1280 and 390 px wide."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from kwaliteitsaanpak.accounts.roles import Role
from tests.e2e.browser import log_in
from tests.factories import UserFactory
from tests.kwaliteitsaanpak import oidc_stub

pytestmark = pytest.mark.e2e


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key `secret` (as the page shows it, in groups of four), now or
    `steps_ahead` periods of 30 seconds later (the server accepts the next period too)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, step=30, t0=-30 * steps_ahead):06d}"


def secret_on(page) -> str:
    return re.search(
        r"((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})", page.get_by_test_id("totp-secret").inner_text()
    ).group(1)


def test_staff_set_up_two_step_verification_and_are_asked_the_code_at_the_next_login(
    live_server, page, screenshot, settings, browser
):
    settings.TWO_FACTOR_REQUIRED = True
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl", first_name="Sanne", last_name="de Boer")
    UserFactory(role=Role.EXPERT_GROUP, email="expertgroep@example.nl")

    log_in(page, live_server, "dmo@example.nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    page.goto(live_server.url + "/trajecten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name="QR-code om te scannen met uw authenticator-app")).to_be_visible()
    secret = secret_on(page)
    screenshot(page, "two-factor-setup")

    page.get_by_label("6-cijferige code").fill("12345")
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Vul de code in als 6 cijfers, bijvoorbeeld 123456."
    )
    assert secret_on(page) == secret  # the same key after an error
    screenshot(page, "two-factor-setup-error")

    page.get_by_label("6-cijferige code").fill(app_code(secret))
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trajecten")
    expect(page.get_by_role("status").first).to_contain_text("Tweestapsverificatie staat aan")
    page.goto(live_server.url + "/profiel/")
    expect(page.get_by_test_id("profile-second-factor")).to_contain_text("kunt u niet uitzetten")
    screenshot(page, "two-factor-profile-on")

    # The next login: the code after the password, before anything else.
    log_in(page, live_server, "dmo@example.nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vul uw code in")
    page.goto(live_server.url + "/scholen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vul uw code in")
    page.get_by_label("6-cijferige code").fill("000000" if app_code(secret, 1) != "000000" else "111111")
    page.get_by_role("button", name="Verder").click()
    expect(page.locator("#error-summary")).to_contain_text("Deze code klopt niet")
    screenshot(page, "two-factor-verify-wrong-code")
    page.wait_for_timeout(1100)  # django-otp's wait after one wrong code: 1 second
    # The code of the set-up was used; the app's next code is accepted.
    page.get_by_label("6-cijferige code").fill(app_code(secret, 1))
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scholen")

    narrow = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    try:
        small = narrow.new_page()
        log_in(small, live_server, "expertgroep@example.nl")
        expect(small.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
        screenshot(small, "two-factor-setup-390")
        small.get_by_label("6-cijferige code").fill(app_code(secret_on(small)))
        small.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
        expect(small.get_by_role("status").first).to_contain_text("Tweestapsverificatie staat aan")
        log_in(small, live_server, "expertgroep@example.nl")
        expect(small.get_by_role("heading", level=1)).to_have_text("Vul uw code in")
        screenshot(small, "two-factor-verify-390")
    finally:
        narrow.close()


def test_the_login_page_offers_the_city_login_beside_the_password(
    live_server, page, screenshot, settings, browser
):
    oidc_stub.settings_for(settings)
    page.goto(live_server.url + "/inloggen/")
    expect(page.get_by_role("link", name="Inloggen met uw gemeentelijke account")).to_be_visible()
    screenshot(page, "login-with-city-account")
    narrow = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    try:
        small = narrow.new_page()
        small.goto(live_server.url + "/inloggen/")
        expect(small.get_by_role("link", name="Inloggen met uw gemeentelijke account")).to_be_visible()
        screenshot(small, "login-with-city-account-390")
    finally:
        narrow.close()
