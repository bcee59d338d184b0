"""The demo's visits: recorded visits on the trajectories in execution, one stagnating with open actions (one
overdue), one whose action was closed, and the current quarter's visit still planned."""

import datetime

import pytest
import time_machine

from audits import demo_visits
from audits.constants import VisitStatus
from audits.models import StagnationAction
from audits.services.visits import schedule_expert_visits
from kwaliteitsaanpak.accounts.roles import Role
from tests.audits.factories_visits import ExecutingTrajectoryFactory
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2009, 9, 10)  # quarter 3 of an execution that started on 2 February 2009


def test_the_demo_shows_visits_in_every_state_a_user_should_see():
    expert = UserFactory(role=Role.EDUCATION_EXPERT)
    director = UserFactory(role=Role.SCHOOL_DIRECTOR)
    users = {Role.PROGRAMME_STAFF: UserFactory(role=Role.PROGRAMME_STAFF), Role.SCHOOL_DIRECTOR: director}
    others = [ExecutingTrajectoryFactory(school=SchoolFactory(), expert=expert) for _ in range(2)]
    directors = ExecutingTrajectoryFactory(school=director.school, expert=expert)
    with time_machine.travel(datetime.datetime(2009, 9, 10, 12, 0), tick=False):
        assert schedule_expert_visits(TODAY) == 3
        demo_visits.seed(users, TODAY)

        actions = StagnationAction.objects.filter(trajectory=directors)
        assert [(action.is_open, action.is_overdue) for action in actions] == [(True, True), (True, False)]
    assert [(action.is_open) for action in StagnationAction.objects.filter(trajectory=others[0])] == [False]
    assert not StagnationAction.objects.filter(trajectory=others[1]).exists()
    for trajectory in (directors, *others):
        assert list(trajectory.expert_visits.order_by("quarter").values_list("status", flat=True)) == [
            VisitStatus.DONE,
            VisitStatus.DONE,
            VisitStatus.PLANNED,
        ]
