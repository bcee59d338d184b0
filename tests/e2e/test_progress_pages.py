"""In the browser: a quarter's progress report from the board's start page to its assessment.

The board follows the task on its start page to the report, fills in every goal and measure with a document in one
form (a bad number is explained first) and submits it: four steps from the start page. The education expert
returns it with a comment on a goal; the board revises and submits it again; the expert assesses it as sufficient.
The trajectory page then shows each goal's latest status and the reports per quarter.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from improvement_plans.models import ProgressReport
from improvement_plans.services.progress import schedule_progress_reports
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.e2e.browser import log_in
from tests.e2e.people import board_user, education_expert, school_of_noorderlicht
from tests.improvement_plans.factories_progress import executing_trajectory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report(db) -> ProgressReport:
    """Quarter 1 of Basisschool De Vuurtoren's execution, which started 95 days ago: due in about ten days."""
    board, school = school_of_noorderlicht()
    board_user(board)
    executing = executing_trajectory(
        school=school,
        started_on=timezone.localdate() - datetime.timedelta(days=95),
        expert=education_expert(),
    )
    schedule_progress_reports(timezone.localdate(), trajectory=executing.trajectory)
    return executing.report(1)


def fill_in_every_line(page, report: ProgressReport, *, value: str) -> None:
    page.get_by_label("Samenvatting van het kwartaal").fill(
        "De teamscholing is gestart; de middentoets is afgenomen."
    )
    for line in report.goal_lines.all():
        page.locator(f"input[name=goal_{line.goal_id}_status][value=op_schema]").check()
        page.locator(f"#id_goal_{line.goal_id}_current_value").fill(value)
    for line in report.measure_lines.all():
        page.locator(f"#id_measure_{line.measure_id}_status").select_option(label="Loopt volgens plan")


def test_the_board_reports_and_the_expert_assesses(live_server, page, screenshot, report, tmp_path):
    base = live_server.url
    document = tmp_path / "trendanalyse.pdf"
    document.write_bytes(b"%PDF-1.4\n% trendanalyse middentoetsen\n")
    steps = 0

    # The board: from the start page to a submitted report.
    log_in(page, live_server, "bestuur@example.nl")
    screenshot(page, "progress-01-start-page")
    page.get_by_role("link", name="Voortgangsrapportage kwartaal 1 invullen").first.click()
    steps += 1
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voortgangsrapportage, kwartaal 1")
    screenshot(page, "progress-02-report-page")
    page.get_by_role("link", name="Rapportage invullen").click()
    steps += 1
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voortgangsrapportage invullen")
    fill_in_every_line(page, report, value="veel")
    page.get_by_role("button", name="Opslaan en controleren voor indienen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul een getal in, bijvoorbeeld 533,5.")
    screenshot(page, "progress-03-form-with-an-error")
    fill_in_every_line(page, report, value="61,5")
    page.locator("#id_document").set_input_files(str(document))
    page.get_by_label("Omschrijving van het document").fill("Trendanalyse middentoetsen")
    screenshot(page, "progress-04-form-filled-in")
    page.get_by_role("button", name="Opslaan en controleren voor indienen").click()
    steps += 1
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voortgangsrapportage indienen")
    expect(page.get_by_text("trendanalyse.pdf")).to_be_visible()
    screenshot(page, "progress-05-check-and-submit")
    page.get_by_role("button", name="Rapportage indienen").click()
    steps += 1
    expect(page.get_by_role("status")).to_contain_text("De voortgangsrapportage is ingediend.")
    assert steps <= 5
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED

    # The education expert returns it with a comment on goal 1.
    log_in(page, live_server, "expert@example.nl")
    page.goto(base + "/mijn-taken/")
    page.get_by_role("link", name="Voortgangsrapportage kwartaal 1 beoordelen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voortgangsrapportage beoordelen")
    screenshot(page, "progress-06-assess")
    page.get_by_label("Terugsturen met opmerkingen").check()
    page.get_by_label("Algemene opmerkingen").fill("Noem bij elk doel de toets waar de waarde vandaan komt.")
    page.get_by_role("textbox", name="Doel 1:").fill("Welke toets en welk meetmoment?")
    page.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("teruggestuurd naar het schoolbestuur")

    # The board revises it and submits it again.
    log_in(page, live_server, "bestuur@example.nl")
    page.goto(base + report.get_absolute_url())
    expect(page.get_by_test_id("goal-comment")).to_contain_text("Welke toets en welk meetmoment?")
    screenshot(page, "progress-07-returned")
    page.get_by_role("link", name="Rapportage invullen").click()
    first_goal = report.goal_lines.first().goal_id
    page.locator(f"#id_goal_{first_goal}_explanation").fill("Gemeten met de M-toets rekenen van januari.")
    page.get_by_role("button", name="Opslaan en controleren voor indienen").click()
    page.get_by_role("button", name="Rapportage indienen").click()
    expect(page.get_by_role("status")).to_contain_text("De voortgangsrapportage is ingediend.")

    # The expert assesses it as sufficient; both submissions stay readable.
    log_in(page, live_server, "expert@example.nl")
    page.goto(base + report.get_absolute_url())
    page.get_by_role("link", name="Rapportage beoordelen").click()
    page.get_by_label("Voldoende").check()
    page.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("De voortgangsrapportage is voldoende beoordeeld.")
    expect(page.get_by_test_id("earlier-submissions").locator(":scope > li")).to_have_count(2)
    screenshot(page, "progress-08-assessed")
    page.goto(base + f"/trajecten/{report.trajectory_id}/")
    expect(page.get_by_test_id("goal-standings")).to_contain_text("Op schema")
    screenshot(page, "progress-09-trajectory-page")
    page.goto(base + f"/trajecten/{report.trajectory_id}/voortgang/")
    screenshot(page, "progress-10-list")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + report.get_absolute_url())
    screenshot(page, "progress-11-report-390px")
    report.refresh_from_db()
    assert report.status == SubmissionStatus.APPROVED
