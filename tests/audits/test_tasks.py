"""The scheduled jobs of execution on a real Celery worker through Redis: expert visits, audits and inspection
reviews. Each runs twice and creates nothing twice; a third year adds its audit; a completed or withdrawn trajectory
gets nothing new."""

import datetime

import pytest

from audits.models import Audit, ExpertVisit, InspectionReview
from audits.tasks import create_inspection_reviews, plan_audits, plan_expert_visits
from kwaliteitsaanpak.celery import app
from tests.kwaliteitsaanpak.factories_execution import executing_trajectory
from tests.kwaliteitsaanpak.worker_runs import not_in_this_process, run_on_worker

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TODAY = "2027-03-10"
STARTED = datetime.date(2026, 9, 1)


@pytest.fixture
def trajectories():
    """A trajectory in execution, one completed (sustaining) and one withdrawn, all started on STARTED."""
    running = executing_trajectory(started_on=STARTED)
    completed = executing_trajectory(started_on=STARTED)
    completed.trajectory.phase = "borging"
    completed.trajectory.save()
    withdrawn = executing_trajectory(started_on=STARTED)
    withdrawn.trajectory.phase, withdrawn.trajectory.ended_on = "teruggetrokken", datetime.date(2027, 1, 15)
    withdrawn.trajectory.end_reason = "De school is gefuseerd."
    withdrawn.trajectory.save()
    return running, completed, withdrawn


def test_the_worker_plans_the_visit_of_the_current_quarter_once(
    celery_worker_process, monkeypatch, trajectories
):
    not_in_this_process(plan_expert_visits, monkeypatch)
    assert app.conf.task_always_eager is False
    running, completed, withdrawn = trajectories

    first = run_on_worker(celery_worker_process, plan_expert_visits, today=TODAY)
    second = run_on_worker(celery_worker_process, plan_expert_visits, today=TODAY)

    assert (first, second) == ("1", "0")
    visit = ExpertVisit.objects.get()
    assert (visit.trajectory, visit.quarter, visit.status) == (running.trajectory, 3, "gepland")
    assert visit.planned_on == datetime.date(2027, 4, 15)  # the middle of the quarter
    assert visit.expert == running.expert


def test_the_worker_plans_the_audits_once_and_a_third_year_adds_its_audit(
    celery_worker_process, monkeypatch, trajectories
):
    not_in_this_process(plan_audits, monkeypatch)
    running, completed, withdrawn = trajectories

    first = run_on_worker(celery_worker_process, plan_audits, today=TODAY)
    second = run_on_worker(celery_worker_process, plan_audits, today=TODAY)

    assert (first, second) == ("2", "0")
    audits = Audit.objects.order_by("planned_on")
    assert [(audit.trajectory, audit.kind, audit.planned_on) for audit in audits] == [
        (running.trajectory, "jaar_1", datetime.date(2027, 10, 1)),
        (running.trajectory, "jaar_2", datetime.date(2028, 10, 1)),
    ]

    running.trajectory.execution_years = 3  # what an audit's decision to extend sets
    running.trajectory.save()
    assert run_on_worker(celery_worker_process, plan_audits, today=TODAY) == "1"
    assert Audit.objects.get(kind="jaar_3").planned_on == datetime.date(2029, 10, 1)
    assert Audit.objects.count() == 3


def test_the_worker_creates_the_inspection_review_of_a_passed_test_moment_once(
    celery_worker_process, monkeypatch, trajectories
):
    not_in_this_process(create_inspection_reviews, monkeypatch)
    running, completed, withdrawn = trajectories

    before = run_on_worker(celery_worker_process, create_inspection_reviews, today="2027-01-31")
    first = run_on_worker(celery_worker_process, create_inspection_reviews, today=TODAY)
    second = run_on_worker(celery_worker_process, create_inspection_reviews, today=TODAY)

    assert (before, first, second) == ("0", "1", "0")
    review = InspectionReview.objects.get()
    assert (review.school, review.trajectory, review.school_year, review.test_moment) == (
        running.school,
        running.trajectory,
        2026,
        "midden",
    )
