"""In the browser: a municipality reader opens a school's monitor (verdicts, trajectory, goals, reports, visits,
audits, money, indicators with the change of test) and reads it on a phone; staff see a school in sustaining flagged
and reach its monitor from the school's page."""

import datetime

import pytest
from playwright.sync_api import expect

from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import Verdict
from tests.e2e.browser import SCREENSHOT_DIR
from tests.e2e.steps import open_as
from tests.factories import InspectionVerdictFactory, UserFactory
from tests.monitoring.factories_school_monitor import DOCUMENT_NAME, school_with_history
from tests.monitoring.test_borging import in_sustaining

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_municipality_reader_reads_a_schools_monitor(live_server, page, screenshot):
    history = school_with_history()
    UserFactory(role=Role.MUNICIPALITY, email="gemeente@example.nl")
    url = f"{live_server.url}/monitor/scholen/{history.school.pk}/"

    open_as(page, live_server, "gemeente@example.nl", url, history.school.name)

    expect(page.get_by_test_id("monitor-status")).to_contain_text("Uitvoering")
    expect(page.get_by_test_id("verdicts")).to_contain_text("1 juni 2020")
    expect(page.get_by_test_id("goals")).to_contain_text("Doel 1")
    expect(page.get_by_test_id("money")).to_contain_text("€ 20.000,00")
    expect(page.get_by_test_id("test-change")).to_have_text(
        "Toets gewijzigd van CITO naar IEP in 2023–2024: geen lijn door beide schalen"
    )
    expect(page.get_by_test_id("chart-eindtoets-iep")).to_be_visible()
    expect(page.get_by_text(DOCUMENT_NAME)).to_have_count(0)
    expect(page.get_by_test_id("trajectory-link")).to_have_count(0)
    screenshot(page, "school-monitor-1280")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text(history.school.name)
    screenshot(page, "school-monitor-390")
    # The first screen on a phone, and the indicators, as a reader sees them (not the whole long page).
    page.screenshot(path=SCREENSHOT_DIR / "school-monitor-390-top.png")
    page.get_by_test_id("test-change").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOT_DIR / "school-monitor-390-indicators.png")


def test_staff_reach_a_flagged_school_in_sustaining_from_its_page(live_server, page, screenshot):
    trajectory = in_sustaining()
    InspectionVerdictFactory(school=trajectory.school, date=datetime.date(2026, 3, 2), verdict=Verdict.WEAK)
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl")

    open_as(page, live_server, "dmo@example.nl", f"{live_server.url}{trajectory.school.get_absolute_url()}")
    page.get_by_test_id("school-monitor-link").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(trajectory.school.name)
    expect(page.get_by_test_id("sustaining-flags")).to_contain_text(
        "Op 2 maart 2026 als zwak beoordeeld, na de start van de borging op 1 september 2023."
    )
    expect(page.get_by_test_id("monitor-status")).to_contain_text("Gevolgd in de borging")
    screenshot(page, "school-monitor-sustaining-1280")
