"""Test data for the scheduled jobs and the reminders: trajectories in execution with the people involved, and the
records the jobs create or remind about (visits, audits, actions, submissions waiting for the expert group)."""

import datetime
from dataclasses import dataclass

import factory
from factory.django import DjangoModelFactory

from improvement_plans.models import ImprovementPlan, Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import (
    GoalFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    SchoolFactory,
    UserFactory,
)


@dataclass
class Executing:
    """A trajectory in execution and its people: the board user of its school's board, the school's director and
    the assigned education expert."""

    trajectory: Trajectory
    plan: ImprovementPlan
    board_user: object
    director: object
    expert: object

    @property
    def school(self):
        return self.trajectory.school


def executing_trajectory(
    *, started_on: datetime.date, school=None, execution_years: int = 2, expert=None, **school_fields
) -> Executing:
    """An open trajectory in execution since `started_on`, with its approved plan (one goal with a measure)."""
    school = school or SchoolFactory(**school_fields)
    plan = ImprovementPlanFactory(
        status="goedgekeurd",
        approved_at=datetime.datetime.combine(started_on, datetime.time(10), tzinfo=datetime.UTC),
        trajectory__school=school,
    )
    trajectory = plan.trajectory
    trajectory.phase = "uitvoering"
    trajectory.execution_started_on = started_on
    trajectory.execution_years = execution_years
    trajectory.save()
    goal = GoalFactory(plan=plan, order=1)
    MeasureFactory(goal=goal)
    expert = expert or UserFactory(role=Role.EDUCATION_EXPERT, first_name="Els", last_name="Bakker")
    trajectory.education_experts.add(expert)
    board_user = UserFactory(role=Role.SCHOOL_BOARD, school_board=school.board, first_name="Bram")
    director = UserFactory(role=Role.SCHOOL_DIRECTOR, school=school, first_name="Dirk")
    return Executing(trajectory, plan, board_user, director, expert)


class ProgressReportFactory(DjangoModelFactory):
    """A progress report of quarter 1 of an executing trajectory, due on `due_on`."""

    class Meta:
        model = "improvement_plans.ProgressReport"

    quarter = 1
    period_start = factory.LazyAttribute(lambda report: report.due_on - datetime.timedelta(days=100))
    period_end = factory.LazyAttribute(lambda report: report.due_on - datetime.timedelta(days=14))
    plan = factory.LazyAttribute(lambda report: report.trajectory.plans.get(status="goedgekeurd"))


class ExpertVisitFactory(DjangoModelFactory):
    class Meta:
        model = "audits.ExpertVisit"

    quarter = 1
    status = "gepland"


class AuditFactory(DjangoModelFactory):
    class Meta:
        model = "audits.Audit"

    kind = "jaar_1"


class StagnationActionFactory(DjangoModelFactory):
    class Meta:
        model = "audits.StagnationAction"

    visit = factory.LazyAttribute(
        lambda action: ExpertVisitFactory(
            trajectory=action.trajectory,
            quarter=action.trajectory.expert_visits.count() + 1,
            status="afgelegd",
            planned_on=action.due_on - datetime.timedelta(days=30),
            visited_on=action.due_on - datetime.timedelta(days=30),
            stagnating=True,
        )
    )
    description = "De rekencoördinator maakt een plan voor de instructie in groep 5."
    responsible = "Rekencoördinator"
    created_by = factory.SubFactory(UserFactory, role=Role.EDUCATION_EXPERT)


class AuditReviewFactory(DjangoModelFactory):
    class Meta:
        model = "audits.AuditReview"

    submitted_by = factory.SubFactory(UserFactory, role=Role.EDUCATION_EXPERT)


class ProgressReportReviewFactory(DjangoModelFactory):
    """A submission of a progress report waiting for the expert's assessment."""

    class Meta:
        model = "improvement_plans.ProgressReportReview"
