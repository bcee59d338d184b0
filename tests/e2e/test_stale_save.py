"""In the browser: two people change the same goal at once (ADR 14). Els Bakker (education expert) and Bram Visser
(the board) open the goal's form in their own browsers; Els saves first. Bram's save is refused with what Els
changed, who she is and when she saved it; what Bram typed is still in the form, and his second save goes through."""

import pytest
from playwright.sync_api import expect

from improvement_plans.constants import Phase
from improvement_plans.models import Goal
from tests.e2e.browser import log_in
from tests.e2e.people import board_user, education_expert, school_of_noorderlicht
from tests.factories import AnalysisFactory, GoalFactory, ImprovementPlanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def goal(db) -> Goal:
    board, school = school_of_noorderlicht()
    board_user(board)
    expert = education_expert()
    analysis = AnalysisFactory(
        trajectory__phase=Phase.PLAN, trajectory__school=school, status="goedgekeurd", answered=True
    )
    analysis.trajectory.education_experts.add(expert)
    return GoalFactory(plan=ImprovementPlanFactory(trajectory=analysis.trajectory))


def test_the_second_save_of_a_goal_is_refused_with_what_the_other_changed(
    live_server, browser, page, screenshot, goal
):
    form_url = f"{live_server.url}/trajecten/{goal.plan.trajectory_id}/plan/1/doelen/{goal.pk}/"
    # Els works in a browser of her own.
    elsewhere = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    try:
        els = elsewhere.new_page()
        log_in(els, live_server, "expert@example.nl")
        els.goto(form_url)
        log_in(page, live_server, "bestuur@example.nl")
        page.goto(form_url)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Doel wijzigen")

        els.locator("#id_description").fill("Meer leerlingen lezen op niveau.")
        els.locator("#id_target").fill("80")
        els.get_by_role("button", name="Doel opslaan").click()
        expect(els.get_by_role("status")).to_contain_text("Het doel is gewijzigd.")
    finally:
        elsewhere.close()

    page.locator("#id_owner").fill("Intern begeleider")
    page.get_by_role("button", name="Doel opslaan").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        "Iemand anders heeft dit doel opgeslagen terwijl u eraan werkte (Els Bakker, "
    )
    expect(summary).to_contain_text("Doel → „Meer leerlingen lezen op niveau.”; Streefwaarde → 80.")
    expect(summary).to_contain_text("Uw invoer staat hieronder nog")
    expect(page.locator("#id_owner")).to_have_value("Intern begeleider")
    screenshot(page, "stale-goal-refused")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "stale-goal-refused-390")

    goal.refresh_from_db()
    assert (goal.description, goal.owner) == (
        "Meer leerlingen lezen op niveau.",
        "Directeur en rekencoördinator",
    )

    # Bram has read what Els changed; he takes her goal over and saves his owner again.
    page.locator("#id_description").fill("Meer leerlingen lezen op niveau.")
    page.get_by_role("button", name="Doel opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Het doel is gewijzigd.")
    goal.refresh_from_db()
    assert (goal.description, goal.owner) == ("Meer leerlingen lezen op niveau.", "Intern begeleider")
