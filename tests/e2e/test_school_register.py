"""In the browser: log in, filter the school list, open a school, record a verdict, import DUO's file."""

import datetime

import pytest
from playwright.sync_api import expect

from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ParticipationReason, Stadsdeel, Verdict
from schools.models import InspectionVerdict, School
from tests.e2e.browser import log_in
from tests.e2e.steps import open_as, refused, save
from tests.factories import (
    InspectionVerdictFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.schools.duo_files import PUPILS_FILE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(db):
    board = SchoolBoardFactory(name="Stichting Noorderlicht")
    for index, name in enumerate(["De Zonnewijzer", "De Vuurtoren", "Het Kompas"]):
        school = SchoolFactory(
            name=f"Basisschool {name}", board=board, stadsdeel=Stadsdeel.NOORD, pupil_count=210 + index
        )
        InspectionVerdictFactory(school=school, date=datetime.date(2007, 10, 1 + index), verdict=Verdict.WEAK)
    TrajectoryFactory(school=School.objects.get(name="Basisschool De Vuurtoren"))
    TrajectoryFactory(
        school=SchoolFactory(name="Basisschool De Regenboog", stadsdeel=Stadsdeel.ZUID),
        reason=ParticipationReason.AT_RISK,
    )
    return board


def test_staff_filter_the_school_list_and_open_a_school(live_server, page, screenshot, register):
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl", first_name="Petra", last_name="de Vries")
    log_in(page, live_server, "dmo@example.nl")

    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Petra")
    expect(page.get_by_test_id("user-name")).to_have_text("Petra de Vries")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    screenshot(page, "home-staff")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Scholen").click()
    expect(page.get_by_test_id("result-count")).to_have_text("4 resultaten")
    expect(page.get_by_role("cell", name="Risicoschool", exact=True)).to_be_visible()
    screenshot(page, "school-list")

    page.get_by_label("Stadsdeel").select_option(label="Noord")
    page.get_by_label("Doet mee aan de kwaliteitsaanpak").select_option(label="Ja")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 resultaat")
    screenshot(page, "school-list-filtered")

    page.get_by_role("link", name="Basisschool De Vuurtoren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Basisschool De Vuurtoren")
    expect(page.get_by_text("Stichting Noorderlicht")).to_be_visible()
    expect(page.get_by_role("heading", name="Inspectiegeschiedenis")).to_be_visible()
    screenshot(page, "school-detail")


def test_an_inspector_records_a_verdict_and_fixes_a_mistake(live_server, page, screenshot, register):
    UserFactory(role=Role.INSPECTION, email="inspectie@example.nl")
    school = School.objects.get(name="Basisschool Het Kompas")
    open_as(page, live_server, "inspectie@example.nl", f"{live_server.url}/scholen/{school.pk}/")
    page.get_by_role("link", name="Oordeel vastleggen").click()

    # A date in the wrong format and a reference-list mark on a sufficient verdict: both explained, nothing saved.
    page.get_by_label("Datum van het oordeel").fill("31-13-2008")
    page.get_by_label("Voldoende", exact=True).check()
    page.get_by_label("Aangepast", exact=True).check()
    page.get_by_label("Referentielijst").select_option(label="Referentielijst van 31 januari 2008")
    refused(page, "Oordeel vastleggen", "Er is een probleem", "dd-mm-jjjj")
    screenshot(page, "verdict-form-errors")
    assert InspectionVerdict.objects.filter(school=school).count() == 1

    page.get_by_label("Datum van het oordeel").fill("31-01-2008")
    page.get_by_label("Zeer zwak", exact=True).check()
    save(page, "Oordeel vastleggen", "Het oordeel is vastgelegd.")
    expect(page.locator(".lead")).to_contain_text("Zeer zwak")
    screenshot(page, "school-detail-after-verdict")


def test_a_board_user_sees_only_its_own_schools(live_server, page, screenshot, register):
    UserFactory(role=Role.SCHOOL_BOARD, email="bestuur@example.nl", school_board=register)
    log_in(page, live_server, "bestuur@example.nl")
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link")).to_have_text(
        ["Start", "Scholen", "Schoolbesturen", "Trajecten", "Financiën", "Tussenopbrengsten"]
    )
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Scholen").click()
    expect(page.get_by_test_id("result-count")).to_have_text("3 resultaten")
    expect(page.get_by_text("Basisschool De Regenboog")).to_have_count(0)
    screenshot(page, "school-list-board")
    other = School.objects.get(name="Basisschool De Regenboog")
    response = page.goto(f"{live_server.url}/scholen/{other.pk}/")
    assert response.status == 404


def test_staff_import_duos_file_and_see_the_report(live_server, page, screenshot, db):
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl")
    log_in(page, live_server, "dmo@example.nl")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Register importeren").click()
    expect(page.get_by_text("Nog geen imports")).to_be_visible()
    page.get_by_role("link", name="Bestand importeren").click()
    screenshot(page, "import-form")
    page.locator("input[type=file]").set_input_files(str(PUPILS_FILE))
    page.get_by_role("button", name="Bestand importeren").click()
    expect(page.get_by_text("De import is klaar.")).to_be_visible(timeout=60_000)
    screenshot(page, "import-report")
    assert School.objects.count() == 244


def test_staff_browse_boards_and_add_a_school(live_server, page, screenshot, register):
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl")
    log_in(page, live_server, "dmo@example.nl")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schoolbesturen").click()
    screenshot(page, "board-list")
    page.get_by_role("link", name="Stichting Noorderlicht").click()
    expect(page.get_by_role("heading", name="3 scholen")).to_be_visible()
    screenshot(page, "board-detail")

    page.get_by_role("link", name="Wijzigen bestuursgegevens").click()
    page.get_by_label("Contactpersoon", exact=True).fill("Mirjam Kok")
    screenshot(page, "board-form")
    save(page, "Schoolbestuur opslaan", "De wijzigingen zijn opgeslagen.")
    expect(page.get_by_text("Mirjam Kok")).to_be_visible()

    page.goto(live_server.url + "/scholen/nieuw/")
    page.locator("#id_name").fill("Basisschool De Nieuwe Tijd")
    page.get_by_label("BRIN-nummer").fill("12X")
    refused(page, "School opslaan", "twee cijfers en twee hoofdletters")
    screenshot(page, "school-form-errors")
    page.get_by_label("BRIN-nummer").fill("12XY")
    page.get_by_label("Schoolbestuur").select_option(label="Stichting Noorderlicht")
    page.get_by_role("button", name="School opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Basisschool De Nieuwe Tijd")
    expect(page.get_by_role("status")).to_contain_text("De school is toegevoegd.")
