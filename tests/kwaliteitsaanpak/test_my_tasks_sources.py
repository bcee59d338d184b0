"""The task sources of the steps that existed before execution: intakes, the quality analysis, the improvement plan
and the budget. Each says what waits for whom, with a due date where the step has one, and never shows another
board's work."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finance.my_tasks import budget_tasks
from improvement_plans.my_tasks import analysis_tasks, intake_tasks, plan_tasks
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.my_tasks import tasks_for
from tests.factories import (
    AnalysisFactory,
    BudgetFactory,
    ImprovementPlanFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.kwaliteitsaanpak.factories_personal import (
    approved_plan,
    returned_analysis,
    returned_budget,
    returned_plan,
    submitted_analysis,
    submitted_budget,
    submitted_plan,
)

TODAY = datetime.date(2009, 3, 1)


@pytest.fixture
def board(db):
    return SchoolBoardFactory(name="Stichting Amstelland")


@pytest.fixture
def school(board):
    return SchoolFactory(board=board, name="De Regenboog")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="Het Anker")


@pytest.fixture
def board_user(board):
    return UserFactory(role=Role.SCHOOL_BOARD, school_board=board)


def rows(user, kind=None):
    """The user's tasks as (what, school, due date), of one kind if given."""
    return [
        (str(task.what), task.school, task.due_on)
        for task in tasks_for(user, TODAY)
        if kind is None or task.kind == kind
    ]


def test_staff_plan_intakes_oldest_first_and_record_their_outcome(db, school, other_school):
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    TrajectoryFactory(school=school, phase="aangemeld", registered_on=datetime.date(2009, 2, 20))
    TrajectoryFactory(
        school=other_school,
        phase="intake",
        registered_on=datetime.date(2009, 1, 5),
        intake_date=datetime.date(2009, 1, 26),
    )
    TrajectoryFactory(school=SchoolFactory(), phase="analyse", intake_outcome="doet_mee")
    assert rows(staff, "intake") == [
        ("Leg de uitkomst van de intake vast", "Het Anker", datetime.date(2009, 1, 26)),
        ("Plan het intakegesprek", "De Regenboog", datetime.date(2009, 3, 20)),
    ]
    first = tasks_for(staff, TODAY)[0]
    assert first.is_overdue(TODAY)
    assert first.url.endswith("/intake/uitkomst/")


def test_a_returned_analysis_is_told_to_its_board_and_to_no_other_board(db, school, other_school, board_user):
    returned_analysis(school, returned_on=datetime.date(2009, 2, 2))
    returned_analysis(other_school, returned_on=datetime.date(2009, 2, 2))
    assert rows(board_user) == [
        (
            "Kwaliteitsanalyse teruggestuurd: verwerk het commentaar",
            "De Regenboog",
            datetime.date(2009, 3, 2),
        )
    ]
    assert tasks_for(board_user, TODAY)[0].url.endswith("/analyse/")


def test_the_board_completes_a_draft_analysis_and_the_director_of_the_school_too(db, school, board_user):
    AnalysisFactory(trajectory__school=school)
    AnalysisFactory(trajectory__school__board=school.board)
    director = UserFactory(role=Role.SCHOOL_DIRECTOR, school=school)
    assert [what for what, _school, _due in rows(board_user)] == [
        "Maak de kwaliteitsanalyse af en dien die in bij de expertgroep"
    ] * 2
    assert rows(director) == [("Maak de kwaliteitsanalyse af", "De Regenboog", None)]


def test_an_education_expert_sees_the_drafts_of_assigned_trajectories_only(db, school, other_school):
    expert = UserFactory(role=Role.EDUCATION_EXPERT)
    assigned = AnalysisFactory(trajectory__school=school)
    assigned.trajectory.education_experts.add(expert)
    AnalysisFactory(trajectory__school=other_school)
    plan = ImprovementPlanFactory(trajectory__school=SchoolFactory(name="De Zonnebloem"))
    plan.trajectory.education_experts.add(expert)
    assert rows(expert) == [
        ("Maak de kwaliteitsanalyse af", "De Regenboog", None),
        ("Maak versie 1 van het verbeterplan af", "De Zonnebloem", None),
    ]


def test_the_expert_group_judges_submitted_analyses_plans_and_budgets_oldest_first(db, school, other_school):
    reviewer = UserFactory(role=Role.EXPERT_GROUP)
    submitted_plan(school, submitted_on=datetime.date(2009, 2, 10))
    submitted_analysis(other_school, submitted_on=datetime.date(2009, 1, 20))
    submitted_budget(SchoolFactory(name="De Zonnebloem"), submitted_on=datetime.date(2009, 2, 1))
    ImprovementPlanFactory(trajectory__school=SchoolFactory())  # a draft: not the expert group's yet
    assert rows(reviewer) == [
        ("Beoordeel de kwaliteitsanalyse", "Het Anker", datetime.date(2009, 2, 17)),
        ("Beoordeel de begroting (versie 1)", "De Zonnebloem", datetime.date(2009, 3, 1)),
        ("Beoordeel het verbeterplan (versie 1)", "De Regenboog", datetime.date(2009, 3, 10)),
    ]
    urls = [task.url for task in tasks_for(reviewer, TODAY)]
    assert urls[0].endswith("/analyse/beoordelen/") and urls[2].endswith("/plan/1/beoordelen/")


def test_the_board_draws_up_the_plan_and_reworks_a_returned_one(db, school, board_user):
    before_plan = AnalysisFactory(
        trajectory__school=school, trajectory__phase="plan", status="goedgekeurd", answered=True
    )
    returned_plan(
        SchoolFactory(board=school.board, name="De Zonnebloem"), returned_on=datetime.date(2009, 1, 10)
    )
    returned_plan(SchoolFactory(name="Het Anker"), returned_on=datetime.date(2009, 1, 10))
    assert rows(board_user, "plan") == [
        (
            "Verbeterplan (versie 1) teruggestuurd: verwerk het commentaar",
            "De Zonnebloem",
            datetime.date(2009, 2, 7),
        ),
        ("Stel het verbeterplan op", "De Regenboog", None),
    ]
    assert tasks_for(board_user, TODAY)[1].url.endswith(f"/trajecten/{before_plan.trajectory_id}/plan/")


def test_the_financial_expert_draws_up_and_reworks_the_budgets_of_assigned_trajectories(db, school):
    financial = UserFactory(role=Role.FINANCIAL_EXPERT)
    returned_budget(school, returned_on=datetime.date(2009, 2, 1), financial_expert=financial)
    approved_plan(SchoolFactory(name="De Zonnebloem"), trajectory__financial_expert=financial)
    draft = BudgetFactory(plan=approved_plan(SchoolFactory(name="Het Anker")))
    returned_budget(SchoolFactory(), returned_on=datetime.date(2009, 2, 1))  # not assigned to this expert
    assert rows(financial) == [
        (
            "Begroting (versie 1) teruggestuurd: verwerk het commentaar",
            "De Regenboog",
            datetime.date(2009, 3, 1),
        ),
        ("Stel de begroting op van versie 1 van het verbeterplan", "De Zonnebloem", None),
    ]
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    assert ("Maak de begroting (versie 1) af en dien die in", "Het Anker", None) in rows(staff, "budget")
    assert draft.trajectory.school.name == "Het Anker"


def test_staff_record_the_grant_decision_on_an_approved_budget(db, school):
    BudgetFactory(plan=approved_plan(school), approved=True)
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    assert rows(staff, "budget") == [
        ("Leg de beschikking vast op de begroting (versie 1)", "De Regenboog", None)
    ]
    assert tasks_for(staff, TODAY)[0].url.endswith("/begroting/1/beschikking/")


@pytest.mark.parametrize("role", [Role.INSPECTION, Role.MUNICIPALITY])
def test_roles_without_a_part_in_these_steps_get_no_tasks(db, school, role):
    submitted_plan(school, submitted_on=datetime.date(2009, 2, 10))
    returned_analysis(SchoolFactory(), returned_on=datetime.date(2009, 2, 2))
    TrajectoryFactory(phase="aangemeld")
    assert [task for task in tasks_for(UserFactory(role=role), TODAY) if task.kind in SOURCES] == []


def test_a_withdrawn_trajectory_waits_for_no_one(db, school, board_user):
    analysis = returned_analysis(school, returned_on=datetime.date(2009, 2, 2))
    analysis.trajectory.ended_on = datetime.date(2009, 2, 20)
    analysis.trajectory.phase = "teruggetrokken"
    analysis.trajectory.save()
    assert rows(board_user) == []


SOURCES = {"intake", "analysis", "plan", "budget"}


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.EXPERT_GROUP, Role.SCHOOL_BOARD])
def test_each_source_takes_a_fixed_number_of_queries(db, board, role):
    user = UserFactory(role=role, school_board=board if role == Role.SCHOOL_BOARD else None)

    def count() -> int:
        user.has_perm("improvement_plans.view_trajectory")  # the permission cache is filled once per user
        with CaptureQueriesContext(connection) as context:
            for source in (intake_tasks, analysis_tasks, plan_tasks, budget_tasks):
                list(source(user, TODAY))
        return len(context.captured_queries)

    def add_one_of_each():
        school = SchoolFactory(board=board)
        TrajectoryFactory(school=school, phase="aangemeld", registered_on=datetime.date(2009, 2, 1))
        returned_analysis(SchoolFactory(board=board), returned_on=datetime.date(2009, 2, 1))
        submitted_analysis(SchoolFactory(board=board), submitted_on=datetime.date(2009, 2, 1))
        submitted_plan(SchoolFactory(board=board), submitted_on=datetime.date(2009, 2, 1))
        returned_plan(SchoolFactory(board=board), returned_on=datetime.date(2009, 2, 1))
        submitted_budget(SchoolFactory(board=board), submitted_on=datetime.date(2009, 2, 1))
        returned_budget(SchoolFactory(board=board), returned_on=datetime.date(2009, 2, 1))

    add_one_of_each()
    user.refresh_from_db()
    few = count()
    for _ in range(3):
        add_one_of_each()
    assert count() == few
    assert len([task for task in tasks_for(user, TODAY) if task.kind in SOURCES]) >= 4
