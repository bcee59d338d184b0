"""The scheduled job keeps the next quarterly visit planned for every trajectory in execution."""

import datetime

import pytest

from audits.constants import VisitStatus
from audits.models import ExpertVisit
from audits.services.visits import schedule_expert_visits
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from tests.audits.factories_visits import ExecutingTrajectoryFactory, ExpertVisitFactory, RecordedVisitFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Execution started on 2 February 2009: quarter 1 is 2 February – 1 May, quarter 2 is 2 May – 1 August.
IN_QUARTER_1 = datetime.date(2009, 2, 10)
IN_QUARTER_2 = datetime.date(2009, 5, 10)


def planned(trajectory) -> list[tuple[int, datetime.date, str]]:
    return list(trajectory.expert_visits.order_by("quarter").values_list("quarter", "planned_on", "status"))


def test_the_visit_of_the_current_quarter_is_planned_in_its_middle_with_the_first_expert_by_name():
    trajectory = ExecutingTrajectoryFactory(expert=UserFactory(role=Role.EDUCATION_EXPERT, first_name="Wim"))
    anna = UserFactory(role=Role.EDUCATION_EXPERT, first_name="Anna")
    trajectory.education_experts.add(anna)

    assert schedule_expert_visits(IN_QUARTER_1) == 1

    assert planned(trajectory) == [(1, datetime.date(2009, 3, 19), VisitStatus.PLANNED)]
    assert trajectory.expert_visits.get().expert == anna


def test_running_the_job_twice_plans_nothing_twice():
    trajectory = ExecutingTrajectoryFactory()
    assert schedule_expert_visits(IN_QUARTER_1) == 1
    assert schedule_expert_visits(IN_QUARTER_1) == 0
    assert len(planned(trajectory)) == 1


def test_a_middle_of_the_quarter_that_passed_plans_the_visit_a_week_ahead():
    trajectory = ExecutingTrajectoryFactory()
    schedule_expert_visits(datetime.date(2009, 4, 20))
    assert planned(trajectory) == [(1, datetime.date(2009, 4, 27), VisitStatus.PLANNED)]


@pytest.mark.parametrize("status", [VisitStatus.DONE, VisitStatus.CANCELLED])
def test_when_the_current_quarters_visit_is_done_or_cancelled_the_next_quarters_is_planned(status):
    visit = (RecordedVisitFactory if status == VisitStatus.DONE else ExpertVisitFactory)(status=status)
    assert schedule_expert_visits(IN_QUARTER_1) == 1
    assert planned(visit.trajectory)[1] == (2, datetime.date(2009, 6, 16), VisitStatus.PLANNED)
    assert schedule_expert_visits(IN_QUARTER_1) == 0


def test_an_unrecorded_visit_of_an_earlier_quarter_does_not_stop_the_current_one():
    visit = ExpertVisitFactory()
    schedule_expert_visits(IN_QUARTER_2)
    assert [quarter for quarter, *_ in planned(visit.trajectory)] == [1, 2]


def test_after_the_last_quarter_of_execution_nothing_is_planned():
    trajectory = ExecutingTrajectoryFactory()
    assert schedule_expert_visits(datetime.date(2011, 2, 2)) == 0  # quarter 9 of a two-year execution
    trajectory.execution_years = 3
    trajectory.save()
    assert schedule_expert_visits(datetime.date(2011, 2, 2)) == 1
    assert planned(trajectory)[0][0] == 9


def test_the_last_quarters_visit_done_plans_no_thirteenth():
    visit = RecordedVisitFactory(quarter=8, planned_on=datetime.date(2010, 12, 16))
    assert schedule_expert_visits(datetime.date(2010, 12, 20)) == 0
    assert planned(visit.trajectory) == [(8, datetime.date(2010, 12, 16), VisitStatus.DONE)]


@pytest.mark.parametrize("phase", [Phase.PLAN, Phase.SUSTAINING, Phase.CLOSED, Phase.WITHDRAWN])
def test_no_visits_outside_execution(phase):
    ExecutingTrajectoryFactory(phase=phase)
    assert schedule_expert_visits(IN_QUARTER_1) == 0
    assert not ExpertVisit.objects.exists()


def test_no_visit_before_execution_started_or_after_the_trajectory_ended():
    ExecutingTrajectoryFactory(execution_started_on=None)
    ExecutingTrajectoryFactory(ended_on=datetime.date(2009, 2, 5))
    assert schedule_expert_visits(IN_QUARTER_1) == 0


def test_a_trajectory_without_an_education_expert_still_gets_its_visit():
    trajectory = ExecutingTrajectoryFactory(expert=False)
    assert schedule_expert_visits(IN_QUARTER_1) == 1
    assert trajectory.expert_visits.get().expert is None
