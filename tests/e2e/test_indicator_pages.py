"""In the browser: staff read the indicators per school, filter on one test, add a value (a CITO score off its scale
is refused first), import DUO's final-score file and read its report, and record a G4 average."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from improvement_plans.constants import FinalTest
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.constants import Indicator
from monitoring.models import IndicatorValue
from schools.constants import Stadsdeel
from tests.e2e.steps import open_as, refused, save
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory
from tests.monitoring.test_indicator_import import SAMPLE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_tasks(monkeypatch):
    """The import's task runs in the request, as without a broker."""
    from kwaliteitsaanpak.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def indicators(db):
    board = SchoolBoardFactory(name="Stichting Westelijke Tuinsteden")
    slotermeer = SchoolFactory(
        name="De Slotermeerschool", brin="18WD", board=board, stadsdeel=Stadsdeel.NIEUW_WEST
    )
    vlugt = SchoolFactory(name="Burg De Vlugt", brin="18WK", board=board, stadsdeel=Stadsdeel.NIEUW_WEST)
    SchoolFactory(name="Burght", brin="18WU", stadsdeel=Stadsdeel.CENTRUM)
    for school, scores in ((slotermeer, ("528.4", "531.0")), (vlugt, ("533.1", "534.6"))):
        for year, score in zip((2008, 2009), scores, strict=True):
            IndicatorValueFactory(school=school, school_year=year, value=Decimal(score), pupil_count=30)
            IndicatorValueFactory(
                school=school,
                school_year=year,
                indicator=Indicator.LWOO,
                final_test="",
                value=Decimal("21.5"),
            )
    IndicatorValueFactory(
        school=vlugt,
        school_year=2024,
        final_test=FinalTest.IEP,
        value=Decimal("77.3"),
        pupil_count_masked=True,
    )
    BenchmarkFactory(school_year=2009, value=Decimal("533.6"))
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl", first_name="Petra", last_name="de Vries")
    return slotermeer


def test_staff_filter_the_indicators_and_add_a_value(live_server, page, screenshot, indicators):
    open_as(
        page,
        live_server,
        "dmo@example.nl",
        f"{live_server.url}/monitor/indicatoren/",
        "Indicatoren per school",
    )
    expect(page.get_by_test_id("result-count")).to_have_text("9 resultaten")
    screenshot(page, "indicator-list")

    page.get_by_label("Indicator").select_option(label="Eindtoets: Cito-eindtoets")
    page.get_by_label("Schooljaar").select_option(label="2009–2010")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_test_id("result-count")).to_have_text("2 resultaten")
    expect(page.get_by_role("cell", name="534,6")).to_be_visible()
    screenshot(page, "indicator-list-filtered")

    page.get_by_role("link", name="Waarde toevoegen").click()
    page.locator("#id_school").select_option(label="De Slotermeerschool (18WD00)")
    page.get_by_label("Schooljaar").select_option(label="2010–2011")
    page.get_by_label("Eindtoetsresultaat").check()
    page.get_by_label("Eindtoets", exact=True).select_option(label="Cito-eindtoets")
    page.get_by_label("Waarde").fill("565")
    refused(
        page, "Waarde opslaan", "Er is een probleem", "Een score op de Cito-eindtoets ligt tussen 501 en 550."
    )
    screenshot(page, "indicator-form-error")

    page.get_by_label("Waarde").fill("532,5")
    save(page, "Waarde opslaan", "De indicatorwaarde is toegevoegd.")
    value = IndicatorValue.objects.get(school=indicators, school_year=2010)
    assert (value.final_test, value.value) == (FinalTest.CITO, Decimal("532.5"))


def test_staff_import_duos_final_scores_and_read_the_report(
    live_server, page, screenshot, indicators, eager_tasks
):
    open_as(
        page,
        live_server,
        "dmo@example.nl",
        f"{live_server.url}/monitor/indicatoren/",
        "Indicatoren per school",
    )
    page.get_by_role("link", name="Eindscores van DUO importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eindscores van DUO importeren")
    screenshot(page, "indicator-import-form")
    page.locator("input[type=file]").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Eindscores importeren").click()

    expect(page.get_by_text("De import is klaar.")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("7 rijen afgewezen")).to_be_visible()
    expect(
        page.get_by_role("cell", name="School 18ZL00 staat niet in het register.", exact=False)
    ).to_be_visible()
    screenshot(page, "indicator-import-report")

    page.get_by_role("link", name="Bekijk de resultaten van dit schooljaar").click()
    expect(page.get_by_test_id("result-count")).to_have_text("3 resultaten")
    expect(page.get_by_role("cell", name="172,06")).to_be_visible()


def test_staff_record_a_g4_average_and_the_list_fits_a_phone(live_server, page, screenshot, indicators):
    open_as(
        page, live_server, "dmo@example.nl", f"{live_server.url}/monitor/benchmarks/", "G4- en landelijke"
    )
    page.get_by_role("link", name="Gemiddelde toevoegen").click()
    page.get_by_label("Schooljaar").select_option(label="2024–2025")
    page.get_by_label("G4-gemiddelde").check()
    page.get_by_label("Eindtoetsresultaat").check()
    page.get_by_label("Eindtoets", exact=True).select_option(label="IEP")
    page.get_by_label("Waarde").fill("78,4")
    save(page, "Gemiddelde opslaan", "Het gemiddelde is toegevoegd.")
    expect(page.get_by_role("cell", name="78,4")).to_be_visible()
    screenshot(page, "benchmark-list")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/monitor/indicatoren/")
    expect(page.get_by_test_id("result-count")).to_be_visible()
    screenshot(page, "indicator-list-390")
