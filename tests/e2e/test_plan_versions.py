"""In the browser: after an audit, staff start a new version of an approved plan; the board changes a target (with
the reason) and removes a measure; the comparison shows what changed. Screenshots of each page."""

import pytest
from playwright.sync_api import expect

from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from tests.e2e.steps import open_as, refused
from tests.factories import MeasureFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approved_plan(db):
    measure = MeasureFactory(goal__plan__status="goedgekeurd")
    MeasureFactory(goal=measure.goal, description="Klassenbezoeken door de rekencoördinator.")
    plan = measure.goal.plan
    Trajectory.objects.filter(pk=plan.trajectory_id).update(phase="uitvoering")
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl")
    UserFactory(role=Role.SCHOOL_BOARD, email="bestuur@example.nl", school_board=plan.trajectory.school.board)
    return plan


def test_a_new_version_after_an_audit_and_its_comparison(live_server, page, screenshot, approved_plan):
    plan_url = f"{live_server.url}/trajecten/{approved_plan.trajectory_id}/plan/"
    open_as(page, live_server, "dmo@example.nl", plan_url)
    page.get_by_role("link", name="Nieuwe versie starten").click()
    refused(page, "Nieuwe versie starten", "Geef de reden voor een nieuwe versie")
    page.get_by_label("Reden voor de nieuwe versie").fill("Audit na het eerste jaar: rekenen loopt achter.")
    screenshot(page, "plan-version-01-new-version")
    page.get_by_role("button", name="Nieuwe versie starten").click()
    expect(page.get_by_text("Versie 2", exact=True)).to_be_visible()

    open_as(page, live_server, "bestuur@example.nl", plan_url)
    goal = approved_plan.goals.get()
    new_goal = approved_plan.trajectory.plans.get(number=2).goals.get()
    page.locator(f"a[href$='/doelen/{new_goal.pk}/']").click()
    page.locator("#id_target").fill("70")
    refused(page, "Doel opslaan", "geef de reden voor de wijziging")
    page.get_by_label("Reden voor de gewijzigde streefwaarde").fill(
        "De audit liet zien dat 75 niet haalbaar is."
    )
    screenshot(page, "plan-version-02-changed-target")
    page.get_by_role("button", name="Doel opslaan").click()

    page.get_by_role("link", name="Verwijderen").first.click()
    screenshot(page, "plan-version-03-remove-measure")
    page.get_by_role("button", name="Maatregel verwijderen").click()

    page.get_by_role("link", name="Vergelijken met versie 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Versie 2 vergeleken met versie 1")
    expect(page.get_by_text("De audit liet zien dat 75 niet haalbaar is.")).to_be_visible()
    expect(page.get_by_text("Gewijzigd", exact=True).first).to_be_visible()
    screenshot(page, "plan-version-04-compare")
    assert goal.target == 75  # version 1 stays as it was
