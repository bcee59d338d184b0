"""Two at once: the scheduler started twice creates every report once; two submissions of the same version of a
report (the board user and programme staff) leave one submission, the other is refused as stale."""

import datetime

import pytest

from improvement_plans.models import ProgressReport
from improvement_plans.services import progress as services
from kwaliteitsaanpak.accounts.roles import Role
from tests.concurrency import at_once, one_wins
from tests.factories import UserFactory
from tests.improvement_plans.factories_progress import executing_trajectory, fill_in, scheduled

pytestmark = pytest.mark.django_db(transaction=True)

IN_QUARTER_3 = datetime.date(2009, 7, 20)


def test_the_scheduler_run_twice_at_once_creates_every_report_once():
    executing = executing_trajectory()
    outcomes = at_once(
        lambda: services.schedule_progress_reports(IN_QUARTER_3),
        lambda: services.schedule_progress_reports(IN_QUARTER_3),
    )
    assert sorted(result for result, _error in outcomes) == [0, 3]
    assert ProgressReport.objects.filter(trajectory=executing.trajectory).count() == 3


def test_two_submissions_of_the_same_version_leave_one():
    executing = scheduled(datetime.date(2009, 4, 10))
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    report = executing.report(1)
    fill_in(executing.board_user, report)
    report.refresh_from_db()
    version = report.version

    def submit_as(user):
        return lambda: services.progress_report_submit(user=user, report=report, expected_version=version)

    _winner, error = one_wins(at_once(submit_as(executing.board_user), submit_as(staff)))
    assert error.messages == [
        "Deze voortgangsrapportage is ingediend en kan niet worden gewijzigd tot ze is teruggestuurd."
    ]
    assert report.reviews.count() == 1
