"""In the browser: what waits for the board, the education expert and the expert group, on their start page and on
"my tasks", and the expert's calendar address on the profile page.

The board sees that the expert group returned its analysis and opens it from the start page; the expert group sees
the plan and the budget waiting for its decision and filters its tasks; the expert creates the address of her
calendar (after a confirmation) and finds her tasks. Once at a phone's width.
"""

import datetime

import pytest
from playwright.sync_api import expect

from kwaliteitsaanpak.accounts.roles import Role
from tests.e2e.people import board_user, education_expert, expert_group_user, school_of_noorderlicht
from tests.e2e.steps import open_as
from tests.factories import AnalysisFactory, SchoolFactory, UserFactory
from tests.kwaliteitsaanpak.factories_personal import (
    ExpertVisitFactory,
    returned_analysis,
    submitted_budget,
    submitted_plan,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    board, school = school_of_noorderlicht()
    board_user(board)
    expert = education_expert()
    expert_group_user()
    analysis = returned_analysis(school, returned_on=datetime.date.today() - datetime.timedelta(days=3))
    analysis.trajectory.education_experts.add(expert)
    draft = AnalysisFactory(trajectory__school=SchoolFactory(board=board, name="Basisschool Het Kompas"))
    draft.trajectory.education_experts.add(expert)
    ExpertVisitFactory(trajectory=analysis.trajectory, expert=expert, planned_on=datetime.date.today())
    submitted_plan(
        SchoolFactory(name="Basisschool De Linde"),
        submitted_on=datetime.date.today() - datetime.timedelta(days=40),
    )
    submitted_budget(
        SchoolFactory(name="Basisschool Het Baken"),
        submitted_on=datetime.date.today() - datetime.timedelta(days=2),
    )
    UserFactory(role=Role.MUNICIPALITY, email="gemeente@example.nl")
    return analysis


def test_the_board_opens_its_returned_analysis_from_the_start_page(live_server, page, screenshot, world):
    open_as(page, live_server, "bestuur@example.nl", live_server.url + "/", "Welkom, Bram")
    tasks = page.get_by_test_id("home-tasks")
    expect(tasks).to_contain_text("Er wachten 2 taken op u.")
    expect(tasks).to_contain_text("Kwaliteitsanalyse teruggestuurd: verwerk het commentaar")
    screenshot(page, "my-tasks-home-board")
    tasks.get_by_role("link", name="Bekijk al uw 2 taken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn taken")
    rows = page.get_by_test_id("my-tasks").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Basisschool De Vuurtoren")
    screenshot(page, "my-tasks-board")
    page.get_by_role("link", name="Kwaliteitsanalyse teruggestuurd: verwerk het commentaar").click()
    expect(page).to_have_url(live_server.url + f"/trajecten/{world.trajectory_id}/analyse/")


def test_the_expert_group_sees_what_waits_for_its_decision_and_filters_it(
    live_server, page, screenshot, world
):
    open_as(page, live_server, "expertgroep@example.nl", live_server.url + "/", "Welkom, Greet")
    tasks = page.get_by_test_id("home-tasks")
    expect(tasks).to_contain_text("Beoordeel het verbeterplan (versie 1)")
    expect(tasks).to_contain_text("Beoordeel de begroting (versie 1)")
    expect(tasks.get_by_text("Te laat")).to_have_count(1)  # the plan waits for more than four weeks
    screenshot(page, "my-tasks-home-expert-group")
    page.get_by_test_id("header-my-tasks").click()
    page.get_by_label("Soort taak").select_option(label="Verbeterplannen")
    page.get_by_role("button", name="Filteren").click()
    rows = page.get_by_test_id("my-tasks").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Basisschool De Linde")
    screenshot(page, "my-tasks-expert-group-filtered")
    page.get_by_role("link", name="Beoordeel het verbeterplan (versie 1)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verbeterplan")


def test_the_expert_creates_her_calendar_address_and_sees_her_tasks(live_server, page, screenshot, world):
    open_as(page, live_server, "expert@example.nl", live_server.url + "/", "Welkom, Els")
    screenshot(page, "my-tasks-home-expert")
    page.get_by_test_id("header-profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw profiel")
    page.get_by_role("link", name="Agenda-adres maken").click()
    screenshot(page, "profile-calendar-confirmation")
    page.get_by_role("button", name="Adres maken").click()
    expect(page.get_by_role("status")).to_contain_text("Uw agenda-adres is gemaakt.")
    address = page.get_by_label("Adres van uw agenda").input_value()
    assert address.startswith(live_server.url + "/agenda/") and address.endswith(".ics")
    screenshot(page, "profile-expert")
    feed = page.request.get(address)
    assert feed.status == 200 and "Schoolbezoek Basisschool De Vuurtoren" in feed.text()
    page.get_by_role("link", name="Bekijk wat op u wacht").click()
    rows = page.get_by_test_id("my-tasks").locator("tbody tr")
    expect(rows).to_have_count(2)
    screenshot(page, "my-tasks-expert")


def test_my_tasks_on_a_phone(live_server, page, screenshot, world):
    page.set_viewport_size({"width": 390, "height": 844})
    open_as(page, live_server, "bestuur@example.nl", live_server.url + "/mijn-taken/", "Mijn taken")
    expect(page.get_by_test_id("my-tasks").get_by_role("link").first).to_be_visible()
    screenshot(page, "my-tasks-board-phone")
    page.goto(live_server.url + "/")
    screenshot(page, "my-tasks-home-board-phone")


def test_nothing_waits_for_the_municipality(live_server, page, screenshot, world):
    open_as(page, live_server, "gemeente@example.nl", live_server.url + "/mijn-taken/", "Mijn taken")
    expect(page.get_by_test_id("no-tasks")).to_contain_text("Er wacht niets op u.")
    screenshot(page, "my-tasks-empty")
