"""`make run`'s demo of execution: trajectories that started recently, so that reports read as due or overdue today,
and every state of execution a user should find: progress reports, expert visits, audits and inspection reviews.
The demo is seeded once for the module (`conftest.demo`)."""

import datetime

import pytest

from audits.constants import AuditDecision, AuditKind, VisitStatus
from audits.models import Audit, ExpertVisit, InspectionReview, StagnationAction, SupervisionArrangement
from improvement_plans.models import ProgressReport, Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.dates import quarter_period

SEED_SECONDS_LIMIT = 60  # measured 6–30 s on PostgreSQL (a busy shared machine): far beyond is a regression


def executing():
    return Trajectory.objects.open().filter(phase="uitvoering").select_related("school")


def months_ago(trajectory, today):
    return (today - trajectory.execution_started_on).days / 30.4


def test_seeding_the_whole_demo_is_fast_enough(demo):
    assert demo["seconds"] < SEED_SECONDS_LIMIT, f"seed_demo took {demo['seconds']:.1f} s"


def test_execution_started_recently_and_the_historical_trajectories_are_sustaining(demo):
    today = demo["today"]
    running = list(executing())
    assert len(running) == 6
    assert all(
        trajectory.execution_started_on > today - datetime.timedelta(days=830) for trajectory in running
    )
    ages = sorted(months_ago(trajectory, today) for trajectory in running)
    assert ages[0] < 3  # quarter 1, its report not yet overdue
    assert any(6 < age < 8 for age in ages)  # a report overdue, one submitted
    assert any(12 < age < 15 for age in ages)  # after the year-1 audit
    assert any(age > 24 for age in ages)  # after the year-2 audit
    # The first round's trajectories finished execution long ago: nothing of theirs is scheduled.
    historical = Trajectory.objects.filter(registered_on__year__lt=2010, plans__status="goedgekeurd")
    assert historical.exists()
    assert not historical.filter(phase="uitvoering").exists()
    assert not ProgressReport.objects.filter(trajectory__in=historical).exists()
    assert not ExpertVisit.objects.filter(trajectory__in=historical).exists()
    assert not Audit.objects.filter(trajectory__in=historical).exists()


def test_the_demo_board_its_director_and_the_expert_each_have_recent_trajectories(demo):
    users = demo["users"]
    board_user, expert = users[Role.SCHOOL_BOARD], users[Role.EDUCATION_EXPERT]
    director = users[Role.SCHOOL_DIRECTOR]
    running = executing()
    assert running.filter(school__board=board_user.school_board).count() >= 2
    assert director.school_id and running.filter(school=director.school).exists()
    assert all(expert in trajectory.education_experts.all() for trajectory in running)
    for trajectory in running:
        approved = trajectory.plans.get(status="goedgekeurd")
        assert trajectory.budgets.filter(status="goedgekeurd").exists()
        assert approved.approved_at.date() <= demo["today"]


def test_progress_reports_are_in_every_state(demo):
    today = demo["today"]
    reports = ProgressReport.objects.filter(trajectory__in=executing())
    assert reports.filter(status="concept", due_on__gte=today).exists()  # due
    assert reports.overdue(today).exists()
    assert reports.filter(status="ingediend").exists()
    assert reports.filter(status="teruggestuurd").exists()
    assert reports.filter(status="goedgekeurd").exists()  # assessed as sufficient
    assert not reports.filter(period_start__gt=today).exists()  # nothing for a quarter that has not begun
    # Every quarter that has begun has its report, also the third year's of the trajectory an audit extended.
    for trajectory in executing():
        begun = [
            quarter
            for quarter in range(1, trajectory.execution_quarters + 1)
            if quarter_period(trajectory.execution_started_on, quarter)[0] <= today
        ]
        assert sorted(trajectory.progress_reports.values_list("quarter", flat=True)) == begun


def test_visits_are_planned_and_recorded_and_one_stagnates_with_open_actions(demo):
    visits = ExpertVisit.objects.filter(trajectory__in=executing())
    assert visits.filter(status=VisitStatus.PLANNED).exists()
    assert visits.filter(status=VisitStatus.DONE).exists()
    stagnating = visits.filter(stagnating=True)
    assert stagnating.exists()
    assert StagnationAction.objects.open().filter(visit__in=stagnating).exists()


def test_the_audits_adjusted_a_plan_and_extended_a_trajectory_by_a_third_year(demo):
    adjusted = Audit.objects.get(
        kind=AuditKind.YEAR_1, decision=AuditDecision.ADJUST_PLAN, status="goedgekeurd"
    )
    assert adjusted.follow_up_plan.status == "goedgekeurd"
    assert adjusted.follow_up_plan.number == 2
    extended = Trajectory.objects.get(execution_years=3)
    assert extended.audits.get(kind=AuditKind.YEAR_2).decision == AuditDecision.EXTEND
    assert extended.execution_ends_on > demo["today"]
    assert Audit.objects.filter(status="concept", trajectory__in=executing()).exists()  # still to be held


def test_inspection_reviews_have_interim_results_and_judgements(demo):
    reviews = InspectionReview.objects.all()
    assert reviews.filter(status="goedgekeurd", judgement="voldoende").exists()
    assert reviews.filter(status="goedgekeurd", judgement="onvoldoende").exists()
    assert reviews.filter(status="ingediend").exists()  # waiting for the Inspectie
    assert reviews.filter(status="concept").exists()  # results to supply
    assert reviews.filter(results__isnull=False).exists()
    assert SupervisionArrangement.objects.exists()


@pytest.mark.parametrize("role", [Role.SCHOOL_BOARD, Role.EDUCATION_EXPERT, Role.SCHOOL_DIRECTOR])
def test_each_reader_opens_the_start_page_and_a_trajectory_after_its_first_year(demo, client, role):
    user = demo["users"][role]
    client.force_login(user)
    assert client.get("/").status_code == 200
    trajectory = (
        Trajectory.objects.visible_to(user)
        .filter(phase="uitvoering", execution_started_on__lt=demo["today"] - datetime.timedelta(days=400))
        .first()
    )
    page = client.get(trajectory.get_absolute_url())
    assert page.status_code == 200
    assert "Voortgangsrapportage" in page.content.decode()
