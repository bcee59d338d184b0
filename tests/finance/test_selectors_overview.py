"""The finance selectors of the overview: which budgets each role sees, the overview's rows and figures, the
programme's totals and the expert costs. Figures are worked out by hand in the docstrings."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from finance import selectors, services
from finance.constants import Commitment, Quarter
from finance.models import Budget
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests import actors
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    ImprovementPlanFactory,
    SchoolFactory,
    TrajectoryFactory,
)
from tests.finance.budgets import budget_in, fresh_budget, grant, money, new_plan_version, start_budget
from tests.finance.worlds import ACTOR_IDS, ACTORS

# The overview: which budgets a role sees, and their figures


@pytest.fixture
def programme(world):
    """Three trajectories:

    - "De Regenboog" (own board, the world's experts assigned): version 1 approved (10.000 + 2.500), a grant of
      9.000, spent 5.500 + 1.000, experts 12,5 h × 95 + 10,25 h × 87,50 = 1.187,50 + 896,88, and a revision
      (version 2) being drawn up;
    - "De Toekomst" (own board, assigned): version 1 replaced by the approved version 2 (10.000 + 2.500);
    - "Het Anker" (another board, nobody assigned): a draft of 2.000 + 1.000.
    """
    regenboog = budget_in(world, "approved")
    grant(world, regenboog, reference="DMO/2009/0001", amount=Decimal("9000.00"))
    first_line = regenboog.lines.get()
    for quarter, amounts in ((Quarter(2009, 1), ("4000", "1000")), (Quarter(2009, 2), ("1500", "0"))):
        services.realisation_save(
            user=world[actors.BOARD],
            trajectory=regenboog.trajectory,
            quarter=quarter,
            amounts={first_line.pk: tuple(Decimal(amount) for amount in amounts)},
        )
    for expert, hours, rate in (
        (world[actors.EDUCATION_EXPERT], "12.50", "95.00"),
        (world[actors.FINANCIAL_EXPERT], "10.25", "87.50"),
    ):
        services.expert_cost_save(
            user=world[actors.STAFF],
            trajectory=regenboog.trajectory,
            expert=expert,
            quarter=Quarter(2009, 1),
            hours=Decimal(hours),
            hourly_rate=Decimal(rate),
        )
    revision = start_budget(world, new_plan_version(world, regenboog.plan), reason="De audit na jaar 1.")
    toekomst = budget_in(world, "superseded", school=SchoolFactory(board=world.board, name="De Toekomst"))
    anker_plan = ImprovementPlanFactory(
        trajectory=TrajectoryFactory(
            school=SchoolFactory(board=world.other_board, name="Het Anker"), phase=Phase.PLAN
        )
    )
    anker = BudgetFactory(plan=anker_plan)
    BudgetLineFactory(
        budget=anker,
        amount=Decimal("3000.00"),
        municipality_amount=Decimal("2000.00"),
        board_amount=Decimal("1000.00"),
    )
    return {
        "regenboog": fresh_budget(regenboog),
        "regenboog_revision": revision,
        "toekomst_1": toekomst,
        "toekomst_2": selectors.latest_budget(toekomst.trajectory),
        "anker": anker,
    }


EVERY_BUDGET = {"regenboog", "regenboog_revision", "toekomst_1", "toekomst_2", "anker"}
OWN = {"regenboog", "regenboog_revision", "toekomst_1", "toekomst_2"}
VISIBLE = {
    actors.STAFF: EVERY_BUDGET,
    actors.EXPERT_GROUP: EVERY_BUDGET,
    Role.MUNICIPALITY: EVERY_BUDGET,
    Role.INSPECTION: set(),
    actors.FINANCIAL_EXPERT: OWN,
    actors.EDUCATION_EXPERT: OWN,
    actors.BOARD: OWN,
    actors.OTHER_BOARD: {"anker"},
    actors.DIRECTOR: {"regenboog", "regenboog_revision"},
    actors.OTHER_SCHOOL_DIRECTOR: set(),
    actors.UNASSIGNED_EXPERT: set(),
    actors.UNASSIGNED_FINANCIAL_EXPERT: set(),
}


def test_every_actor_is_in_the_visibility_table():
    assert set(VISIBLE) == set(ACTORS)


@pytest.mark.parametrize("actor", ACTORS, ids=[ACTOR_IDS[actor] for actor in ACTORS])
def test_which_budgets_each_role_sees(world, programme, actor):
    seen = set(Budget.objects.visible_to(world[actor]).values_list("pk", flat=True))
    assert seen == {programme[name].pk for name in VISIBLE[actor]}


def test_an_anonymous_visitor_sees_no_budget(programme):
    assert not Budget.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize("actor", ACTORS, ids=[ACTOR_IDS[actor] for actor in ACTORS])
def test_the_overview_shows_the_budget_that_counts_now_per_trajectory(world, programme, actor):
    """The approved budget, or else the one being drawn up; never a replaced one or a revision next to its
    approved budget."""
    rows = list(selectors.finance_overview(world[actor]))
    current = {"regenboog", "toekomst_2", "anker"} & VISIBLE[actor]
    assert [budget.pk for budget in rows] == [
        programme[name].pk for name in ("regenboog", "toekomst_2", "anker") if name in current
    ]


def test_the_overview_figures_of_each_budget(world, programme):
    rows = {budget.pk: budget for budget in selectors.finance_overview(world[actors.STAFF])}

    def figures(name):
        budget = rows[programme[name].pk]
        return (
            budget.total,
            budget.municipality_total,
            budget.board_total,
            budget.granted,
            budget.spent_municipality,
            budget.spent_board,
            budget.expert_costs,
            budget.revision_open,
            budget.commitment,
        )

    assert figures("regenboog") == (
        money("12500.00"),
        money("10000.00"),
        money("2500.00"),
        money("9000.00"),
        money("5500.00"),
        money("1000.00"),
        money("2084.38"),
        True,
        Commitment.COMMITTED,
    )
    assert figures("toekomst_2") == (
        money("12500.00"),
        money("10000.00"),
        money("2500.00"),
        None,
        money("0"),
        money("0"),
        money("0"),
        False,
        Commitment.COMMITTED,
    )
    assert figures("anker") == (
        money("3000.00"),
        money("2000.00"),
        money("1000.00"),
        None,
        money("0"),
        money("0"),
        money("0"),
        False,
        Commitment.PLANNED,
    )


def test_the_expert_costs_in_the_overview_match_the_costs_one_by_one(world, programme):
    regenboog = programme["regenboog"]
    row = selectors.finance_overview(world[actors.STAFF]).get(pk=regenboog.pk)
    assert row.expert_costs == sum(cost.amount for cost in selectors.expert_costs_of(regenboog.trajectory))


@pytest.mark.parametrize("actor", [actors.STAFF, actors.FINANCIAL_EXPERT, actors.BOARD, Role.MUNICIPALITY])
def test_the_overview_is_one_query(world, programme, actor, django_assert_num_queries):
    user = world[actor]
    list(selectors.finance_overview(user))  # the user's permissions are read once and kept
    with django_assert_num_queries(1):
        rows = list(selectors.finance_overview(user))
        [(row.trajectory.school.board.name, row.plan.number, row.total, row.granted) for row in rows]


def test_the_programme_totals(world, programme):
    totals = selectors.programme_totals(selectors.finance_overview(world[actors.STAFF]))
    assert totals == {
        "committed": money("20000.00"),
        "planned": money("2000.00"),
        "board": money("6000.00"),
        "granted": money("9000.00"),
        "spent_municipality": money("5500.00"),
        "spent_board": money("1000.00"),
        "expert_costs": money("2084.38"),
    }


def test_the_programme_totals_follow_the_filters_and_the_role(world, programme):
    approved_only = selectors.finance_overview(world[actors.STAFF]).filter(status=SubmissionStatus.APPROVED)
    assert selectors.programme_totals(approved_only)["planned"] == 0
    other_board = selectors.programme_totals(selectors.finance_overview(world[actors.OTHER_BOARD]))
    assert (other_board["committed"], other_board["planned"], other_board["board"]) == (
        0,
        money("2000.00"),
        money("1000.00"),
    )
    assert selectors.programme_totals(selectors.finance_overview(world[Role.INSPECTION])) == dict.fromkeys(
        other_board, 0
    )


def test_the_expert_costs_of_a_trajectory_newest_first(world, programme):
    trajectory = programme["regenboog"].trajectory
    services.expert_cost_save(
        user=world[actors.STAFF],
        trajectory=trajectory,
        expert=world[actors.EDUCATION_EXPERT],
        quarter=Quarter(2009, 2),
        hours=Decimal("4"),
        hourly_rate=Decimal("95.00"),
    )
    assert [(cost.period, cost.expert, cost.amount) for cost in selectors.expert_costs_of(trajectory)] == [
        (Quarter(2009, 2), world[actors.EDUCATION_EXPERT], money("380.00")),
        (Quarter(2009, 1), world[actors.EDUCATION_EXPERT], money("1187.50")),
        (Quarter(2009, 1), world[actors.FINANCIAL_EXPERT], money("896.88")),
    ]
