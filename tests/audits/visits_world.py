"""The world of the visits tests: a school of "Stichting Eigen" in execution since 2 February 2009 with education
expert Els Bakker and a financial expert assigned, a user per actor, and the clock on 25 March 2009 (quarter 1 of
execution, a week after its visit was planned)."""

import datetime

import pytest
import time_machine

from audits.models import ExpertVisit, StagnationAction
from kwaliteitsaanpak.accounts.roles import Role
from tests.actors import OTHER_BOARD, OTHER_SCHOOL_DIRECTOR, UNASSIGNED_EXPERT
from tests.audits.factories_visits import (
    ExecutingTrajectoryFactory,
    ExpertVisitFactory,
    RecordedVisitFactory,
    StagnationActionFactory,
)
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory

TODAY = datetime.date(2009, 3, 25)
PLANNED_ON = datetime.date(2009, 3, 19)
APPS = ("audits", "improvement_plans")

ACTORS = [*Role, OTHER_BOARD, UNASSIGNED_EXPERT, OTHER_SCHOOL_DIRECTOR]
ACTOR_IDS = {
    Role.PROGRAMME_STAFF: "staff",
    Role.EDUCATION_EXPERT: "education_expert",
    Role.FINANCIAL_EXPERT: "financial_expert",
    Role.EXPERT_GROUP: "expert_group",
    Role.SCHOOL_BOARD: "own_board",
    Role.SCHOOL_DIRECTOR: "director",
    Role.INSPECTION: "inspection",
    Role.MUNICIPALITY: "municipality",
    OTHER_BOARD: "other_board",
    UNASSIGNED_EXPERT: "unassigned_expert",
    OTHER_SCHOOL_DIRECTOR: "other_school_director",
}


@pytest.fixture
def frozen():
    """The clock on TODAY at noon, Amsterdam time."""
    with time_machine.travel(datetime.datetime(2009, 3, 25, 12, 0), tick=False):
        yield TODAY


class VisitWorld:
    def __init__(self):
        self.board = SchoolBoardFactory(name="Stichting Eigen")
        self.school = SchoolFactory(board=self.board, name="De Regenboog")
        self.expert = UserFactory(role=Role.EDUCATION_EXPERT, first_name="Els", last_name="Bakker")
        self.trajectory = ExecutingTrajectoryFactory(school=self.school, expert=self.expert)
        self.users = {Role.EDUCATION_EXPERT: self.expert}

    def __getitem__(self, actor):
        if actor not in self.users:
            if actor == Role.SCHOOL_BOARD:
                user = UserFactory(role=actor, school_board=self.board)
            elif actor == OTHER_BOARD:
                user = UserFactory(role=Role.SCHOOL_BOARD)
            elif actor == Role.SCHOOL_DIRECTOR:
                user = UserFactory(role=actor, school=self.school)
            elif actor == OTHER_SCHOOL_DIRECTOR:
                user = UserFactory(role=Role.SCHOOL_DIRECTOR, school=SchoolFactory(board=self.board))
            elif actor == UNASSIGNED_EXPERT:
                user = UserFactory(role=Role.EDUCATION_EXPERT)
            elif actor == Role.FINANCIAL_EXPERT:
                user = UserFactory(role=actor)
                self.trajectory.financial_expert = user
                self.trajectory.save(update_fields=["financial_expert"])
            else:
                user = UserFactory(role=actor)
            self.users[actor] = user
        return self.users[actor]

    def planned_visit(self, **kwargs) -> ExpertVisit:
        kwargs = {"trajectory": self.trajectory, "planned_on": PLANNED_ON, "expert": self.expert} | kwargs
        return ExpertVisitFactory(**kwargs)

    def stagnating_visit(self, **kwargs) -> ExpertVisit:
        kwargs = {
            "trajectory": self.trajectory,
            "planned_on": PLANNED_ON,
            "expert": self.expert,
            "recorded_by": self.expert,
        } | kwargs
        return RecordedVisitFactory(**kwargs)

    def open_action(self, **kwargs) -> StagnationAction:
        visit = kwargs.pop("visit", None) or self.stagnating_visit()
        return StagnationActionFactory(visit=visit, created_by=self.expert, **kwargs)


@pytest.fixture
def world(db, frozen):
    return VisitWorld()
