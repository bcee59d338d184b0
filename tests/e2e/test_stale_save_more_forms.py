"""In the browser: a stale save on the forms that carry their edit version like the goal's (ADR 14). Two colleagues
correct the same indicator value; the second also typed a negative number of pupils: one round shows both problems
(ADR 12), and after reading what changed her next save goes through. The board and the financial expert change the
same quarter's spending: the second is refused with what the first changed, and can save again."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finance import services as finance_services
from finance.constants import Quarter
from finance.models import RealisationQuarter
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.models import IndicatorValue
from tests.e2e.browser import log_in
from tests.e2e.people import board_user, school_of_noorderlicht
from tests.e2e.steps import refused, save
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    GoalFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.monitoring.factories_indicators import IndicatorValueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def elsewhere(browser):
    """A browser of a colleague's own."""
    return browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )


@pytest.fixture
def indicator_value(db) -> IndicatorValue:
    _board, school = school_of_noorderlicht()
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl", first_name="Petra", last_name="de Vries")
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo2@example.nl", first_name="Joost", last_name="de Vries")
    return IndicatorValueFactory(school=school, school_year=2009, value=Decimal("530"), pupil_count=None)


def test_a_stale_correction_with_a_mistake_of_its_own_shows_both_and_the_next_save_goes_through(
    live_server, browser, page, screenshot, indicator_value
):
    form_url = f"{live_server.url}/monitor/indicatoren/{indicator_value.pk}/wijzigen/"
    other = elsewhere(browser)
    try:
        joost = other.new_page()
        log_in(joost, live_server, "dmo2@example.nl")
        joost.goto(form_url)
        log_in(page, live_server, "dmo@example.nl")
        page.goto(form_url)

        joost.get_by_label("Waarde").fill("531,5")
        save(joost, "Waarde opslaan", "De wijzigingen zijn opgeslagen.")
    finally:
        other.close()

    page.get_by_label("Waarde").fill("528")
    page.get_by_label("Getoetste leerlingen").fill("-30")
    refused(
        page,
        "Waarde opslaan",
        "Vul nul of meer in.",
        "Iemand anders heeft deze waarde opgeslagen terwijl u eraan werkte (Joost de Vries, ",
        "Waarde → 531,5.",
        "Uw invoer staat hieronder nog",
    )
    expect(page.get_by_label("Waarde")).to_have_value("528")
    screenshot(page, "stale-indicator-value-refused")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "stale-indicator-value-refused-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Petra has read what Joost changed; she keeps her own value and corrects the number of pupils.
    page.get_by_label("Getoetste leerlingen").fill("30")
    save(page, "Waarde opslaan", "De wijzigingen zijn opgeslagen.")
    indicator_value.refresh_from_db()
    assert (indicator_value.value, indicator_value.pupil_count) == (Decimal("528"), 30)


TODAY = timezone.localdate()
LAST_QUARTER = Quarter.of(Quarter.of(TODAY).first_day - datetime.timedelta(days=1))


@pytest.fixture
def quarter(db) -> RealisationQuarter:
    board, school = school_of_noorderlicht()
    bram = board_user(board)
    trajectory = TrajectoryFactory(
        school=school,
        phase=Phase.EXECUTION,
        registered_on=TODAY - datetime.timedelta(days=540),
        execution_started_on=TODAY - datetime.timedelta(days=360),
        financial_expert=UserFactory(
            role=Role.FINANCIAL_EXPERT,
            email="financien@example.nl",
            first_name="Fatima",
            last_name="El Amrani",
        ),
    )
    plan = ImprovementPlanFactory(trajectory=trajectory, status="goedgekeurd")
    budget = BudgetFactory(
        plan=plan, approved=True, approved_at=timezone.now() - datetime.timedelta(days=300)
    )
    line = BudgetLineFactory(budget=budget, measure=MeasureFactory(goal=GoalFactory(plan=plan)))
    return finance_services.realisation_save(
        user=bram,
        trajectory=trajectory,
        quarter=LAST_QUARTER,
        amounts={line.pk: (Decimal("100"), None)},
        note="Eerste opgave.",
    )


def test_the_second_save_of_a_quarters_spending_is_refused_with_what_the_other_changed(
    live_server, browser, page, screenshot, quarter
):
    form_url = (
        f"{live_server.url}/trajecten/{quarter.trajectory_id}/realisatie/{quarter.year}/{quarter.quarter}/"
    )
    other = elsewhere(browser)
    try:
        fatima = other.new_page()
        log_in(fatima, live_server, "financien@example.nl")
        fatima.goto(form_url)
        log_in(page, live_server, "bestuur@example.nl")
        page.goto(form_url)

        fatima.get_by_label("Toelichting").fill("Factuur van de teamscholing erbij.")
        save(fatima, "Besteding opslaan", "is gewijzigd.")
    finally:
        other.close()

    page.get_by_label("Toelichting").fill("Mijn correctie.")
    refused(
        page,
        "Besteding opslaan",
        "Iemand anders heeft de besteding van dit kwartaal opgeslagen terwijl u eraan werkte (Fatima El Amrani, ",
        "Toelichting → „Factuur van de teamscholing erbij.”.",
    )
    expect(page.get_by_label("Toelichting")).to_have_value("Mijn correctie.")
    screenshot(page, "stale-spending-refused")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "stale-spending-refused-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    save(page, "Besteding opslaan", "is gewijzigd.")
    quarter.refresh_from_db()
    assert quarter.note == "Mijn correctie."
