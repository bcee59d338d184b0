"""In the browser: the filter panel, written by `filter_form` instead of crispy, filters the list, tells a wrong date
beside its field and folds away on a phone. Screenshots of both writers, at 1280 and 390 px, to compare."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.templatetags import filter_form
from tests.e2e.browser import log_in
from tests.factories import SchoolFactory, TrajectoryFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trajectories(db):
    TrajectoryFactory(
        school=SchoolFactory(name="Basisschool De Vuurtoren"),
        phase=Phase.REGISTERED,
        registered_on=datetime.date(2026, 9, 1),
    )
    TrajectoryFactory(school=SchoolFactory(name="Basisschool De Regenboog"), phase=Phase.ANALYSIS)
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl", first_name="Petra", last_name="de Vries")


@pytest.mark.parametrize("writer", ["filter_form", "crispy"])
def test_the_filter_panel_filters_and_folds_away_on_a_phone(
    live_server, page, screenshot, trajectories, monkeypatch, writer
):
    if writer == "crispy":
        monkeypatch.setattr(filter_form, "_supported", lambda helper, form: False)
    log_in(page, live_server, "dmo@example.nl")

    page.goto(live_server.url + "/trajecten/")
    expect(page.get_by_test_id("result-count")).to_have_text("2 resultaten")
    page.get_by_label("Fase").select_option(label="Analyse")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 resultaat")
    expect(page.get_by_role("cell", name="Basisschool De Regenboog")).to_be_visible()
    expect(page.get_by_label("Fase")).to_have_value("analyse")
    screenshot(page, f"filter-panel-trajectories-{writer}-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_label("Fase")).to_be_hidden()
    page.get_by_role("button", name="Filters").click()
    expect(page.get_by_label("Fase")).to_be_visible()
    expect(page.locator("#filter-panel")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))  # unfolded
    screenshot(page, f"filter-panel-trajectories-{writer}-390")


def test_a_wrong_date_is_told_beside_its_field(live_server, page, screenshot, trajectories):
    log_in(page, live_server, "dmo@example.nl")

    page.goto(live_server.url + "/uitvoering/audits/?planned_from=31-02-2026")

    date_field = page.get_by_label("Gepland vanaf")
    expect(date_field).to_have_value("31-02-2026")
    expect(date_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".invalid-feedback")).to_contain_text("31")
    screenshot(page, "filter-panel-audits-error-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(date_field).to_be_visible()  # the panel stays open when a filter has an error
    screenshot(page, "filter-panel-audits-error-390")
