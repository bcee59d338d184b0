"""The progress reports' demo: after the trajectories of the demo exist and the scheduler ran, a user finds a report
in every state, written through the services."""

import random

import pytest
from django.utils import timezone

from improvement_plans import demo, demo_progress
from improvement_plans.models import GoalProgressComment, ProgressReport
from improvement_plans.selectors.progress import report_state
from improvement_plans.services.progress import schedule_progress_reports
from kwaliteitsaanpak.accounts.roles import Role
from schools import demo as schools_demo

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_report_in_every_state():
    schools_demo.create_register(random.Random(2008))  # noqa: S311 (the demo's own seed)
    users = schools_demo.ensure_users()
    today = timezone.localdate()
    demo.create_trajectories(users, today)
    schedule_progress_reports(today)
    demo_progress.seed(users, today)
    states = {report_state(report)[0] for report in ProgressReport.objects.all()}
    assert {"due", "overdue", "submitted", "returned", "assessed"} <= states
    revised = ProgressReport.objects.filter(
        status="goedgekeurd", reviews__decision="teruggestuurd"
    ).distinct()
    assert revised.exists() and revised.first().reviews.count() == 2
    assert GoalProgressComment.objects.exists()
    director_school = users[Role.SCHOOL_DIRECTOR].school
    assert ProgressReport.objects.filter(trajectory__school=director_school, status="teruggestuurd").exists()
    demo_progress.seed(users, today)  # a second run changes nothing it already wrote
    assert {report_state(report)[0] for report in ProgressReport.objects.all()} == states
