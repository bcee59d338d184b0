"""In the browser: programme staff register a school, schedule and hold the intake, assign experts, write a note;
a board user reads only the shared messages. Screenshots of the list, the trajectory page and every form."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from improvement_plans.constants import NoteVisibility, Phase, TrajectoryReason
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import Stadsdeel
from schools.models import School
from tests.e2e.browser import log_in
from tests.e2e.steps import open_as, refused, save
from tests.factories import (
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    TrajectoryNoteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def task_status(page, label: str):
    return page.get_by_test_id("task-list").locator("li", has_text=label).locator(".tag")


@pytest.fixture
def programme(db):
    board = SchoolBoardFactory(name="Stichting Noorderlicht")
    SchoolFactory(name="Basisschool De Zonnewijzer", board=board, stadsdeel=Stadsdeel.NOORD)
    TrajectoryFactory(
        school=SchoolFactory(name="Basisschool De Vuurtoren", board=board, stadsdeel=Stadsdeel.NOORD),
        phase=Phase.REGISTERED,
        registered_on=datetime.date(2008, 9, 1),
    )
    TrajectoryFactory(
        school=SchoolFactory(name="Basisschool De Regenboog", stadsdeel=Stadsdeel.ZUID),
        reason=TrajectoryReason.AT_RISK,
        phase=Phase.INTAKE,
        registered_on=timezone.localdate(),
        intake_date=timezone.localdate(),
    )
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl", first_name="Petra", last_name="de Vries")
    UserFactory(role=Role.EDUCATION_EXPERT, email="expert@example.nl", first_name="Ellen", last_name="Bakker")
    UserFactory(role=Role.FINANCIAL_EXPERT, first_name="Frank", last_name="Visser")
    return board


def test_staff_take_a_school_from_registration_to_the_analysis(live_server, page, screenshot, programme):
    log_in(page, live_server, "dmo@example.nl")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    expect(page.get_by_test_id("result-count")).to_have_text("2 resultaten")
    expect(page.get_by_role("cell", name="Risicoschool", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name="Basisschool De Vuurtoren").get_by_text("Te laat")).to_be_visible()
    screenshot(page, "trajectory-list")

    page.get_by_role("link", name="School aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("School aanmelden")
    school = School.objects.get(name="Basisschool De Zonnewijzer")
    page.get_by_role("combobox", name="School").select_option(label=str(school))
    page.get_by_label("Vrijwillig").check()
    screenshot(page, "trajectory-register-form")
    page.get_by_role("button", name="School aanmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Basisschool De Zonnewijzer")
    expect(page.get_by_role("status")).to_contain_text("Basisschool De Zonnewijzer is aangemeld.")
    expect(page.get_by_text("Plan het intakegesprek, uiterlijk")).to_be_visible()
    screenshot(page, "trajectory-detail-registered")

    page.get_by_role("link", name="Intake plannen").click()
    expect(page.get_by_text("binnen vier weken na de aanmelding")).to_be_visible()
    page.get_by_label("Datum van de intake").fill("01-01-2008")
    refused(page, "Intake plannen", "Kies ten minste één expert die bij de intake is.")
    page.get_by_label("Ellen Bakker (Onderwijsexpert)").check()
    page.get_by_label("Frank Visser (Financieel expert)").check()
    refused(page, "Intake plannen", "De intake kan niet plaatsvinden vóór de aanmelding")
    expect(page.get_by_label("Ellen Bakker (Onderwijsexpert)")).to_be_checked()
    screenshot(page, "intake-schedule-errors")
    page.get_by_label("Datum van de intake").fill(timezone.localdate().strftime("%d-%m-%Y"))
    save(page, "Intake plannen", "De intake is gepland.")
    expect(task_status(page, "Intake")).to_have_text("Bezig")

    page.get_by_role("link", name="Uitkomst intake vastleggen").click()
    expect(page.get_by_role("heading", name="Wat gebeurt er hierna")).to_be_visible()
    page.get_by_label("De school doet mee", exact=True).check()
    screenshot(page, "intake-outcome-form")
    save(page, "Uitkomst vastleggen", "De school doet mee.")

    page.get_by_role("link", name="Experts toewijzen").click()
    page.get_by_label("Ellen Bakker").check()
    page.get_by_label("Financieel expert").select_option(label="Frank Visser")
    screenshot(page, "assign-experts-form")
    save(page, "Experts toewijzen", "De experts zijn toegewezen.")

    expect(task_status(page, "Intake")).to_have_text("Klaar")
    expect(task_status(page, "Kwaliteitsanalyse")).to_have_text("Bezig")
    expect(page.get_by_test_id("timeline").locator("li")).to_have_count(4)

    page.get_by_role("textbox", name="Bericht").fill("Eerste lesbezoeken in week 40.")
    page.get_by_label("Gedeeld met het schoolbestuur").check()
    page.get_by_role("button", name="Bericht plaatsen").click()
    expect(page.get_by_text("Uw bericht is geplaatst.")).to_be_visible()
    expect(page.get_by_role("article")).to_contain_text("Eerste lesbezoeken in week 40.")
    screenshot(page, "trajectory-detail-analysis")

    trajectory = Trajectory.objects.get(school__name="Basisschool De Zonnewijzer")
    assert trajectory.phase == Phase.ANALYSIS
    assert [str(expert) for expert in trajectory.education_experts.all()] == ["Ellen Bakker"]


def test_staff_withdraw_a_trajectory(live_server, page, screenshot, programme):
    trajectory = Trajectory.objects.get(school__name="Basisschool De Vuurtoren")
    open_as(page, live_server, "dmo@example.nl", f"{live_server.url}/trajecten/{trajectory.pk}/")
    page.get_by_role("link", name="Traject terugtrekken").click()
    expect(
        page.get_by_text("Weet u zeker dat u het traject van Basisschool De Vuurtoren wilt terugtrekken?")
    ).to_be_visible()
    screenshot(page, "trajectory-withdraw-form")
    page.get_by_label("Reden van terugtrekken").fill("De school fuseert met De Zonnewijzer.")
    page.get_by_role("button", name="Traject terugtrekken").click()
    expect(page.get_by_test_id("trajectory-status")).to_contain_text("Teruggetrokken")
    expect(page.get_by_test_id("end-reason")).to_contain_text("De school fuseert met De Zonnewijzer.")
    screenshot(page, "trajectory-detail-withdrawn")


def test_a_board_user_reads_only_shared_messages(live_server, page, screenshot, programme):
    trajectory = Trajectory.objects.get(school__name="Basisschool De Vuurtoren")
    staff = trajectory.registered_by or UserFactory(role=Role.PROGRAMME_STAFF)
    TrajectoryNoteFactory(trajectory=trajectory, author=staff, text="Welkom in de kwaliteitsaanpak.")
    TrajectoryNoteFactory(
        trajectory=trajectory,
        author=staff,
        text="Intern: de directeur vertrekt.",
        visibility=NoteVisibility.INTERNAL,
    )
    UserFactory(role=Role.SCHOOL_BOARD, email="bestuur@example.nl", school_board=programme)
    log_in(page, live_server, "bestuur@example.nl")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 resultaat")
    page.get_by_role("link", name="Basisschool De Vuurtoren").click()
    expect(page.get_by_text("Welkom in de kwaliteitsaanpak.")).to_be_visible()
    expect(page.get_by_text("de directeur vertrekt")).to_have_count(0)
    expect(page.get_by_role("link", name="Traject terugtrekken")).to_have_count(0)
    screenshot(page, "trajectory-detail-board")
