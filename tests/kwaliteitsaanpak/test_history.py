"""The change history pages ("Wijzigingsgeschiedenis", `kwaliteitsaanpak.core.history`): who changed what and when,
old → new as a user reads it, newest first, paginated, in a fixed number of queries, for staff only, and nobody can
change it."""

import datetime
import re
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords

from finance.models import BudgetLine
from improvement_plans.models import Goal, GoalProgress
from improvement_plans.services import progress as progress_services
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.admin import HistoryAdmin
from kwaliteitsaanpak.core.workflow import ReviewDecision
from schools.models import InspectionVerdict
from tests.factories import (
    BudgetLineFactory,
    GoalFactory,
    ImprovementPlanFactory,
    InspectionVerdictFactory,
    MeasureFactory,
    PlanReviewFactory,
    UserFactory,
)
from tests.improvement_plans.factories_progress import complete_answers, scheduled

pytestmark = pytest.mark.django_db

LONG_GOAL = (
    "Aan het eind van schooljaar 2009/2010 beheerst ten minste 75 procent van de leerlingen in groep 6 de "
    "rekenvaardigheden van het leerjaar, gemeten met de methodegebonden toetsen en de CITO-toets rekenen."
)


@contextmanager
def by(user):
    """What the history middleware does for a request: the rows written meanwhile name `user`."""
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del HistoricalRecords.context.request


def change(instance, user, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    with by(user):
        instance.save()


@pytest.fixture
def staff(client):
    user = UserFactory(role=Role.PROGRAMME_STAFF, first_name="Sanne", last_name="de Vries")
    client.force_login(user)
    return user


def entries(response) -> list[str]:
    """Each entry of the page as one line of text."""
    html = response.content.decode()
    found = re.findall(r'<li data-testid="history-entry">(.*?)</li>', html, flags=re.S)
    shown = [re.sub(r'<span class="visually-hidden">.*?</span>', "", entry) for entry in found]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", entry)).strip() for entry in shown]


def test_a_changed_verdict_shows_who_changed_what_with_labels_and_dutch_dates(client, staff):
    inspector = UserFactory(role=Role.INSPECTION, first_name="Ilse", last_name="Jansen")
    verdict = InspectionVerdictFactory(date=datetime.date(2008, 1, 15), report_reference="INSP-1")
    change(verdict, inspector, date=datetime.date(2008, 2, 20), verdict="zeer_zwak")

    response = client.get(reverse("schools:verdict_history", args=[verdict.pk]))

    newest, created = entries(response)
    assert "Gewijzigd Inspectieoordeel" in newest
    assert "Door Ilse Jansen" in newest
    assert "Datum van het oordeel 15-01-2008 → 20-02-2008" in newest
    assert "Oordeel Zwak → Zeer zwak" in newest
    assert "Kenmerk rapport" not in newest  # unchanged
    assert "Aangemaakt Inspectieoordeel" in created
    assert "Door systeem" in created  # made by the factory: no person, no task
    assert "Oordeel Zwak" in created
    row = InspectionVerdict.history.filter(history_type="~").get()
    assert timezone.localtime(row.history_date).strftime("%d-%m-%Y %H:%M") in newest


def test_a_plan_shows_its_goals_measures_and_decisions_newest_first(client, staff):
    writer = UserFactory(role=Role.SCHOOL_BOARD, first_name="Bram", last_name="Visser")
    decider = UserFactory(role=Role.EXPERT_GROUP, first_name="Eva", last_name="Smit")
    plan = ImprovementPlanFactory()
    goal = GoalFactory(plan=plan)
    measure = MeasureFactory(goal=goal, estimated_cost=Decimal("12500"))
    change(goal, writer, description=LONG_GOAL)
    change(measure, writer, estimated_cost=Decimal("15000.50"), ends_on=datetime.date(2010, 7, 31))
    with by(writer):
        measure.delete()
    PlanReviewFactory(
        plan=plan,
        submitted_by=writer,
        decision=ReviewDecision.RETURNED,
        decided_by=decider,
        decided_at=timezone.now() + datetime.timedelta(minutes=5),
        comments="Maak het doel meetbaar per groep.",
    )

    response = client.get(reverse("improvement_plans:plan_history", args=[plan.trajectory_id, plan.number]))

    found = entries(response)
    assert found[0].startswith(
        timezone.localtime(timezone.now() + datetime.timedelta(minutes=5)).strftime("%d-%m-%Y")
    )
    assert "Besloten" in found[0] and "Door Eva Smit" in found[0]
    assert "Teruggestuurd" in found[0] and "Maak het doel meetbaar per groep." in found[0]
    deleted = next(entry for entry in found if "Verwijderd" in entry)
    assert (
        "Maatregel: Teamscholing directe instructie bij rekenen." in deleted and "Door Bram Visser" in deleted
    )
    changed_measure = next(entry for entry in found if "Gewijzigd Maatregel" in entry)
    assert "€ 12.500,00 → € 15.000,50" in changed_measure.replace("\xa0", " ")
    assert re.search(r"\d\d-\d\d-\d{4} → 31-07-2010", changed_measure)
    changed_goal = next(entry for entry in found if "Gewijzigd Doel" in entry)
    # The long text is shortened, and the whole of it is there to unfold.
    assert "…" in changed_goal and LONG_GOAL in changed_goal
    assert "<details" in response.content.decode()
    assert any("Ingediend" in entry and "Door Bram Visser" in entry for entry in found)
    assert "Aangemaakt Verbeterplan" in found[-1] or any(
        "Aangemaakt Verbeterplan" in entry for entry in found
    )


def plan_with_goals(count: int, writer):
    plan = ImprovementPlanFactory()
    for number in range(count):
        goal = GoalFactory(plan=plan)
        measure = MeasureFactory(goal=goal)
        change(goal, writer, owner=f"Intern begeleider {number}")
        change(measure, writer, responsible=writer.get_full_name())
    PlanReviewFactory(plan=plan, submitted_by=writer)
    return plan


def test_the_plan_history_takes_the_same_number_of_queries_for_one_goal_or_many(
    client, staff, django_assert_num_queries
):
    writer = UserFactory(role=Role.SCHOOL_BOARD)
    small, large = plan_with_goals(1, writer), plan_with_goals(6, writer)
    client.get(
        reverse("improvement_plans:plan_history", args=[small.trajectory_id, 1])
    )  # the session settles
    # Session, user, permissions (2), the trajectory with its experts (2), the plan, the three histories, the users
    # and goals the changes name, the reviews, the user's roles in the page's header.
    for plan in (small, large):
        with django_assert_num_queries(14):
            response = client.get(
                reverse("improvement_plans:plan_history", args=[plan.trajectory_id, plan.number])
            )
        assert response.status_code == 200
    # The plan, each goal and measure created and changed, the submission: one page of 25 and one more.
    assert "26 wijzigingen" in response.content.decode()
    assert len(entries(response)) == 25


def test_a_long_history_is_paginated_newest_first(client, staff):
    writer = UserFactory(role=Role.FINANCIAL_EXPERT)
    line = BudgetLineFactory()
    for thousands in range(13, 43):
        amount = Decimal(thousands * 1000)
        change(line, writer, amount=amount, municipality_amount=amount - 2500)
    url = reverse("finance:budget_history", args=[line.budget.trajectory_id, line.budget.number])

    first, second = client.get(url), client.get(url, {"pagina": 2})

    assert len(entries(first)) == 25
    assert "€ 41.000,00 → € 42.000,00" in entries(first)[0].replace("\xa0", " ")
    assert "Begrotingsregel" in entries(first)[0]
    assert "Pagina 1 van 2" in first.content.decode()
    assert (
        len(entries(second)) == BudgetLine.history.count() + 1 - 25
    )  # lines' rows and the budget's creation


def test_a_progress_report_names_each_line_after_its_goal(client, staff):
    executing = scheduled(datetime.date(2009, 2, 1))
    report = executing.report(1)
    with by(executing.board_user):
        progress_services.progress_report_update(
            user=executing.board_user, report=report, **complete_answers(report, summary="Goed kwartaal.")
        )
    goal = Goal.objects.filter(plan=executing.plan).order_by("order").first()

    response = client.get(
        reverse("improvement_plans:progress_report_history", args=[executing.trajectory.pk, 1])
    )

    found = entries(response)
    line = next(entry for entry in found if "Gewijzigd" in entry and goal.description[:40] in entry)
    assert "Status – → Op schema" in line
    assert "Huidige waarde van de indicator – → 61,5" in line  # as the progress report shows it
    assert f"Door {executing.board_user.get_full_name()}" in line
    assert GoalProgress.history.filter(report_id=report.pk).exists()


# Nobody changes the history


def test_the_history_page_has_no_form_and_refuses_a_post(client, staff):
    verdict = InspectionVerdictFactory()
    url = reverse("schools:verdict_history", args=[verdict.pk])

    assert "<form" not in client.get(url).content.decode().split("<main", 1)[1].split("</main>")[0]
    assert client.post(url, {}).status_code == 405


def test_no_historical_model_is_registered_in_the_admin():
    assert [model for model in admin.site._registry if model._meta.model_name.startswith("historical")] == []


def test_the_admin_cannot_revert_a_record_to_an_earlier_version(client, settings):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    verdict = InspectionVerdictFactory(verdict="zwak")
    change(verdict, superuser, verdict="zeer_zwak")
    first = verdict.history.earliest("history_date")
    client.force_login(superuser)
    url = f"/beheer/schools/inspectionverdict/{verdict.pk}/history/{first.history_id}/"

    page = client.get(url)
    form = {
        "school": verdict.school_id,
        "date": "2008-01-15",
        "verdict": "zwak",
        "supervision_arrangement": verdict.supervision_arrangement,
        "report_reference": verdict.report_reference,
        "reference_list": "",
        "_save": "1",
    }
    response = client.post(url, form)

    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True
    assert page.status_code == 200 and "Herstellen" not in page.content.decode()
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.verdict == "zeer_zwak"
    assert verdict.history.count() == 2


def test_every_admin_with_history_shows_it_read_only():
    with_history = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert with_history
    assert all(isinstance(model_admin, HistoryAdmin) for model_admin in with_history)


def test_only_staff_hold_the_history_permission():
    holders = {role for role in Role if UserFactory(role=role).has_perm("core.view_history")}
    assert holders == {Role.PROGRAMME_STAFF}


def test_the_record_pages_link_to_their_history_for_staff_only(client, staff):
    verdict = InspectionVerdictFactory()
    line = BudgetLineFactory()
    plan = line.budget.plan
    pages = {
        reverse("schools:school_detail", args=[verdict.school_id]): reverse(
            "schools:verdict_history", args=[verdict.pk]
        ),
        plan.get_absolute_url(): reverse("improvement_plans:plan_history", args=[plan.trajectory_id, 1]),
        line.budget.get_absolute_url(): reverse("finance:budget_history", args=[plan.trajectory_id, 1]),
    }
    executing = scheduled(datetime.date(2009, 2, 1))
    pages[executing.report(1).get_absolute_url()] = reverse(
        "improvement_plans:progress_report_history", args=[executing.trajectory.pk, 1]
    )
    for page, history in pages.items():
        assert f'href="{history}"' in client.get(page).content.decode(), page
    client.force_login(UserFactory(role=Role.EXPERT_GROUP))
    for page, history in pages.items():
        assert history not in client.get(page).content.decode(), page
