"""In the browser: staff go from the indicators to the programme rounds, open a new round (a bad one is refused with
every problem at once), and a plan of that round offers the round's years and the school's starting values from the
monitor; the result agreements report every problem in one submit and are then saved. Also at 390 px wide."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from improvement_plans.constants import FinalTest, Indicator, Phase
from improvement_plans.models import ImprovementPlan, ProgrammeRound, first_round
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import Verdict
from tests.e2e.steps import open_as, refused, save
from tests.factories import (
    AnalysisFactory,
    ImprovementPlanFactory,
    InspectionVerdictFactory,
    SchoolFactory,
    UserFactory,
)
from tests.monitoring.factories_indicators import IndicatorValueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def schools(db):
    first_round()  # as after the migrations (a transactional test before this one may have emptied the table)
    weak = SchoolFactory(name="De Slotermeerschool", brin="18WD")
    InspectionVerdictFactory(school=weak, date=datetime.date(2025, 6, 10), verdict=Verdict.VERY_WEAK)
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl", first_name="Petra", last_name="de Vries")
    return weak


def plan_in(programme_round: ProgrammeRound, school) -> ImprovementPlan:
    """A draft plan of the school in the round, started on 1 October 2026, with the monitor's values before it."""
    analysis = AnalysisFactory(
        trajectory__phase=Phase.PLAN,
        trajectory__school=school,
        trajectory__programme_round=programme_round,
        status="goedgekeurd",
        answered=True,
    )
    plan = ImprovementPlanFactory(trajectory=analysis.trajectory, final_test="", final_test_target=None)
    ImprovementPlan.objects.filter(pk=plan.pk).update(
        created_at=datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC)
    )
    IndicatorValueFactory(school=school, school_year=2025, final_test=FinalTest.IEP, value=Decimal("75.8"))
    IndicatorValueFactory(
        school=school, school_year=2025, indicator=Indicator.LWOO, final_test="", value=Decimal("26.5")
    )
    return plan


def test_staff_open_a_round_and_its_plan_offers_its_years(live_server, page, screenshot, schools):
    open_as(page, live_server, "dmo@example.nl", f"{live_server.url}/monitor/indicatoren/", "Indicatoren")
    page.get_by_role("link", name="Programmarondes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmarondes")
    expect(
        page.get_by_role("link", name="Kwaliteitsaanpak Basisonderwijs 2008–2011", exact=True)
    ).to_be_visible()
    screenshot(page, "rounds-list")

    page.get_by_role("link", name="Nieuwe ronde openen").click()
    page.get_by_label("Naam").fill("Kwaliteitsaanpak 2026–2028")
    page.get_by_role("textbox", name="Datum van de referentielijst").fill("31-01-2026")
    page.get_by_role("textbox", name="Doeljaar").fill("2027")
    page.get_by_label("Uiterste jaar voor uitzonderingen").fill("2026")
    page.get_by_label("Scholen toevoegen").fill("18WD00, 99ZZ00")
    refused(
        page,
        "Ronde openen",
        "Het uiterste jaar voor uitzonderingen kan niet vóór het doeljaar (2027) liggen.",
        "Er staat geen school 99ZZ00 in het register.",
    )
    expect(page.get_by_label("Naam")).to_have_value("Kwaliteitsaanpak 2026–2028")
    screenshot(page, "rounds-form-refused")

    page.get_by_label("Uiterste jaar voor uitzonderingen").fill("2028")
    page.get_by_label("Scholen toevoegen").fill("18WD00")
    page.get_by_role("button", name="Ronde openen").click()
    expect(page.get_by_role("status").first).to_contain_text("De ronde is geopend.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kwaliteitsaanpak 2026–2028")
    expect(page.get_by_test_id("round-summary")).to_contain_text("In 2027 geen school meer (zeer) zwak")
    expect(page.get_by_role("link", name="De Slotermeerschool")).to_be_visible()
    expect(page.get_by_role("cell", name="Zeer zwak")).to_be_visible()
    screenshot(page, "round-detail")

    programme_round = ProgrammeRound.objects.get(name="Kwaliteitsaanpak 2026–2028")
    plan = plan_in(programme_round, schools)
    page.goto(f"{live_server.url}/trajecten/{plan.trajectory_id}/plan/1/resultaatafspraken/")
    expect(page.get_by_label("In 2027 (het doel van de ronde)")).to_be_visible()
    expect(page.get_by_label("Beginscore eindtoets")).to_have_value("75,8")
    expect(page.get_by_label("Beginpercentage LWOO")).to_have_value("26,5")
    expect(page.get_by_test_id("prefilled")).to_contain_text("schooljaar 2025–2026")
    screenshot(page, "agreements-round-prefilled")

    page.get_by_label("Streefscore eindtoets").fill("80")
    page.get_by_label("Streefpercentage LWOO").fill("veel")
    page.get_by_label("In 2028 (alleen voor een zeer zwakke school", exact=False).check()
    refused(
        page,
        "Resultaatafspraken opslaan",
        "Vul een percentage in, bijvoorbeeld 18,5.",
        "Schrijf op waarom deze zeer zwakke school tot 2028 nodig heeft.",
    )
    screenshot(page, "agreements-round-refused")

    page.get_by_label("Streefpercentage LWOO").fill("21,5")
    page.get_by_label("Onderbouwing voor 2028").fill("De school kreeg in juni 2025 een nieuwe directeur.")
    save(page, "Resultaatafspraken opslaan", "De resultaatafspraken zijn opgeslagen.")
    agreements = page.get_by_test_id("agreements")
    expect(agreements).to_contain_text("in 2028")
    expect(agreements).to_contain_text("Beginwaarde: 75,8")
    expect(agreements).to_contain_text("Beginwaarde: 26,5%")
    screenshot(page, "plan-agreements-round")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/monitor/rondes/")
    expect(page.get_by_role("link", name="Kwaliteitsaanpak 2026–2028", exact=True)).to_be_visible()
    screenshot(page, "rounds-list-390")
    page.goto(live_server.url + programme_round.get_absolute_url())
    screenshot(page, "round-detail-390")
    page.goto(f"{live_server.url}/trajecten/{plan.trajectory_id}/plan/1/resultaatafspraken/")
    screenshot(page, "agreements-round-390")
