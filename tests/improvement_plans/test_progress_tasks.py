"""The progress reports' scheduled job on a real Celery worker through Redis: run twice, nothing doubled; a third
year brings reports 9 to 12; a completed or withdrawn trajectory gets no new ones."""

import datetime

import pytest

from improvement_plans.models import GoalProgress, ProgressReport
from improvement_plans.tasks import create_progress_reports
from kwaliteitsaanpak.celery import app
from tests.kwaliteitsaanpak.factories_execution import executing_trajectory
from tests.kwaliteitsaanpak.worker_runs import not_in_this_process, run_on_worker

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TODAY = "2027-03-10"


def quarters(trajectory) -> list[int]:
    return list(ProgressReport.objects.filter(trajectory=trajectory).values_list("quarter", flat=True))


def test_the_worker_creates_the_reports_of_the_quarters_that_started_and_nothing_twice(
    celery_worker_process, monkeypatch
):
    not_in_this_process(create_progress_reports, monkeypatch)
    assert app.conf.task_always_eager is False
    executing = executing_trajectory(started_on=datetime.date(2026, 9, 1))

    first = run_on_worker(celery_worker_process, create_progress_reports, today=TODAY)
    second = run_on_worker(celery_worker_process, create_progress_reports, today=TODAY)

    assert (first, second) == ("3", "0")
    assert quarters(executing.trajectory) == [1, 2, 3]
    report = ProgressReport.objects.get(trajectory=executing.trajectory, quarter=3)
    assert (report.period_start, report.due_on) == (datetime.date(2027, 3, 1), datetime.date(2027, 6, 14))
    assert GoalProgress.objects.filter(report__trajectory=executing.trajectory).count() == 3


def test_a_trajectory_extended_by_a_third_year_gets_reports_9_to_12(celery_worker_process):
    executing = executing_trajectory(started_on=datetime.date(2024, 3, 1))
    run_on_worker(celery_worker_process, create_progress_reports, today=TODAY)
    assert quarters(executing.trajectory) == list(range(1, 9))

    executing.trajectory.execution_years = 3  # what an audit's decision to extend sets
    executing.trajectory.save()
    created = run_on_worker(celery_worker_process, create_progress_reports, today=TODAY)

    assert created == "4"
    assert quarters(executing.trajectory) == list(range(1, 13))
    assert run_on_worker(celery_worker_process, create_progress_reports, today=TODAY) == "0"


def test_a_completed_or_withdrawn_trajectory_gets_no_new_reports(celery_worker_process):
    completed = executing_trajectory(started_on=datetime.date(2026, 9, 1))
    completed.trajectory.phase = "borging"
    completed.trajectory.save()
    withdrawn = executing_trajectory(started_on=datetime.date(2026, 9, 1))
    withdrawn.trajectory.phase, withdrawn.trajectory.ended_on = "teruggetrokken", datetime.date(2027, 1, 15)
    withdrawn.trajectory.end_reason = "Het bestuur heeft de school gesloten."
    withdrawn.trajectory.save()
    running = executing_trajectory(started_on=datetime.date(2026, 9, 1))

    created = run_on_worker(celery_worker_process, create_progress_reports, today=TODAY)

    assert created == "3"
    assert quarters(running.trajectory) == [1, 2, 3]
    assert quarters(completed.trajectory) == []
    assert quarters(withdrawn.trajectory) == []


def test_one_trajectory_can_be_scheduled_by_its_id(celery_worker_process):
    one = executing_trajectory(started_on=datetime.date(2026, 9, 1))
    other = executing_trajectory(started_on=datetime.date(2026, 9, 1))

    created = run_on_worker(celery_worker_process, create_progress_reports, one.trajectory.pk, today=TODAY)

    assert created == "3"
    assert quarters(other.trajectory) == []
    assert run_on_worker(celery_worker_process, create_progress_reports, 999999, today=TODAY) == "0"
