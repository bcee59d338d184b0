"""In the browser: programme staff open a plan's change history from the plan page ("Geschiedenis") and read who
changed what and when, on a desktop and at 390 px; a long text unfolds in full. Another role sees no link. An adopted
audit's history on a phone, from the demo."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from simple_history.models import HistoricalRecords

from audits.models import Audit
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from monitoring.demo import seed_demo
from tests.e2e.people import board_user, expert_group_user, school_of_noorderlicht
from tests.e2e.steps import open_as
from tests.factories import (
    GoalFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    PlanReviewFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG_GOAL = (
    "Aan het eind van schooljaar 2009/2010 beheerst ten minste 75 procent van de leerlingen in groep 6 de "
    "rekenvaardigheden van het leerjaar, gemeten met de methodegebonden toetsen en de CITO-toets rekenen."
)


def saved_by(user, instance, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        instance.save()
    finally:
        del HistoricalRecords.context.request


@pytest.fixture
def plan(db):
    board, school = school_of_noorderlicht()
    writer = board_user(board)
    group = expert_group_user()
    UserFactory(role=Role.PROGRAMME_STAFF, email="staf@example.nl", first_name="Sanne", last_name="de Vries")
    plan = ImprovementPlanFactory(trajectory__school=school)
    goal = GoalFactory(plan=plan)
    measure = MeasureFactory(goal=goal)
    saved_by(writer, goal, description=LONG_GOAL)
    saved_by(writer, measure, estimated_cost=Decimal("15000"), ends_on=datetime.date(2010, 7, 31))
    PlanReviewFactory(
        plan=plan,
        submitted_by=writer,
        decision=ReviewDecision.RETURNED,
        decided_by=group,
        decided_at=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=1),
        comments="Maak het doel meetbaar per groep.",
    )
    return plan


def test_staff_read_the_change_history_of_a_plan(live_server, page, screenshot, plan):
    open_as(page, live_server, "staf@example.nl", live_server.url + plan.get_absolute_url(), "Verbeterplan")
    page.get_by_test_id("history-link").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Wijzigingsgeschiedenis")
    entries = page.get_by_test_id("history-entry")
    expect(entries.first).to_contain_text("Besloten")
    expect(entries.first).to_contain_text("Greet de Wit")
    expect(entries.first).to_contain_text("Teruggestuurd")
    measure = entries.filter(has_text="Gewijzigd").filter(has_text="Maatregel")
    expect(measure).to_contain_text("€ 12.500,00")
    expect(measure).to_contain_text("€ 15.000,00")
    goal = entries.filter(has_text="Gewijzigd").filter(has_text="Doel")
    goal.locator("summary").click()
    expect(goal).to_contain_text("gemeten met de methodegebonden toetsen en de CITO-toets rekenen.")
    screenshot(page, "history-plan")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "history-plan-390")


def test_the_board_sees_no_history_link(live_server, page, plan):
    open_as(
        page, live_server, "bestuur@example.nl", live_server.url + plan.get_absolute_url(), "Verbeterplan"
    )
    expect(page.get_by_test_id("history-link")).to_have_count(0)


def test_staff_read_the_history_of_an_adopted_audit_on_a_phone(live_server, page, screenshot, db):
    seed_demo()
    audit = Audit.objects.filter(status=SubmissionStatus.APPROVED).order_by("pk").first()
    page.set_viewport_size(PHONE)
    open_as(
        page, live_server, "dmo@kwaliteitsaanpak.example", live_server.url + audit.get_absolute_url(), "Audit"
    )
    page.get_by_test_id("history-link").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Wijzigingsgeschiedenis")
    entries = page.get_by_test_id("history-entry")
    expect(entries.filter(has_text="Besloten").first).to_contain_text("Beoordeling van een audit")
    expect(entries.filter(has_text="Oordeel over een doel").first).to_be_visible()
    screenshot(page, "history-audit-390")


def test_staff_read_the_history_of_a_visit_and_of_a_review_of_interim_results(
    live_server, page, screenshot, db
):
    from audits.services import inspection as inspection_services
    from tests.audits.factories_inspection import submitted_review
    from tests.audits.factories_visits import RecordedVisitFactory, StagnationActionFactory

    UserFactory(role=Role.PROGRAMME_STAFF, email="staf@example.nl", first_name="Sanne", last_name="de Vries")
    expert = UserFactory(role=Role.EDUCATION_EXPERT, first_name="Karin", last_name="Bos")
    inspector = UserFactory(role=Role.INSPECTION, first_name="Ilse", last_name="Jansen")
    visit = RecordedVisitFactory(expert=expert)
    StagnationActionFactory(visit=visit, description="De IB maakt de groepsplannen rekenen af.")
    saved_by(expert, visit, findings="De groepsplannen rekenen zijn af; begrijpend lezen nog niet.")
    review = submitted_review()
    HistoricalRecords.context.request = SimpleNamespace(user=inspector)
    try:
        inspection_services.interim_results_judge(
            user=inspector, review=review, judgement="onvoldoende", note="Rekenen in groep 5 blijft achter."
        )
    finally:
        del HistoricalRecords.context.request

    open_as(page, live_server, "staf@example.nl", live_server.url + visit.get_absolute_url(), "Bezoek")
    page.get_by_test_id("history-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wijzigingsgeschiedenis")
    changed = page.get_by_test_id("history-entry").filter(has_text="Gewijzigd").first
    expect(changed).to_contain_text("Karin Bos")
    expect(changed).to_contain_text("begrijpend lezen nog niet")
    screenshot(page, "history-visit")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/inspectie/beoordelingen/{review.pk}/")
    page.get_by_test_id("history-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(review.school.name)
    judged = page.get_by_test_id("history-entry").filter(has_text="Inspectiebeoordeling").first
    expect(judged).to_contain_text("Ilse Jansen")
    expect(judged).to_contain_text("Onvoldoende")
    screenshot(page, "history-inspection-review-390")
