"""In the browser: a municipality reader opens the programme monitor, filters it, reads a chart's figures as a table
and opens a school from it (the school's monitor); the charts are drawn from the page's data, and the page reads at
390 px wide. (The report part of the walk is in test_report_pages.py.)"""

import re

import pytest
from playwright.sync_api import expect

from kwaliteitsaanpak.accounts.roles import Role
from tests.e2e.steps import open_as
from tests.factories import UserFactory
from tests.monitoring.dashboard_world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    UserFactory(role=Role.MUNICIPALITY, email="gemeente@example.nl", first_name="Gea", last_name="Meijer")
    return build_world()


def test_a_municipality_reader_filters_the_monitor_and_opens_a_school_from_a_charts_table(
    live_server, page, screenshot, world
):
    open_as(page, live_server, "gemeente@example.nl", f"{live_server.url}/", None)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmamonitor")
    page.get_by_label("Programmaronde").select_option(label="Ronde 2026")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_test_id("reference-total")).to_have_text("4")
    expect(page.get_by_test_id("reference-still-weak")).to_have_text("3")
    # The charts are drawn (Chart.js from the static files) beside their tables.
    expect(page.locator(".chart-box.has-chart")).to_have_count(3)
    screenshot(page, "dashboard")

    page.get_by_label("Stadsdeel").select_option(label="West")
    page.get_by_label("Schoolbestuur").select_option(label="Stichting Dashboard")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_test_id("dashboard-filters")).to_contain_text("Stadsdeel: West")
    expect(page.get_by_test_id("reference-total")).to_have_text("2")
    expect(page.get_by_test_id("result-count")).to_have_text("2 scholen")
    screenshot(page, "dashboard-filtered")

    reference = page.get_by_test_id("dashboard-reference")
    reference.get_by_text("Cijfers als tabel").click()
    table = page.get_by_test_id("reference-schools")
    expect(table).to_be_visible()
    link = table.get_by_role("link", name="Weak", exact=True)
    expect(link).to_have_attribute("href", f"/monitor/scholen/{world.schools['weak'].pk}/")
    link.click()
    expect(page).to_have_url(f"{live_server.url}/monitor/scholen/{world.schools['weak'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Weak")


def test_the_monitor_reads_on_a_phone(live_server, page, screenshot, world):
    page.set_viewport_size({"width": 390, "height": 844})
    open_as(
        page,
        live_server,
        "gemeente@example.nl",
        f"{live_server.url}/monitor/?ronde={world.programme_round.pk}",
        "Programmamonitor",
    )
    expect(page.get_by_test_id("reference-total")).to_have_text("4")
    # The key columns of the school table: the school, its phase, its verdict and what is overdue.
    table = page.get_by_test_id("dashboard-schools")
    expect(table.get_by_role("columnheader", name=re.compile(r"^School\b"))).to_be_visible()
    expect(table.get_by_role("columnheader", name="Fase")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Schoolbestuur")).to_be_hidden()
    screenshot(page, "dashboard-390")
