"""The finance selectors: the budget's totals per measure, year, category and funder; budget against spending per
line, year and quarter (also across a revision); the overview's rows and figures per role; the programme's totals;
and the budget's step on the trajectory page. Figures are worked out by hand in the docstrings."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from finance import selectors, services
from finance.constants import BudgetStatus, Commitment, CostCategory, Quarter
from finance.models import Budget
from finance.selectors import Split
from improvement_plans import services as plan_services
from improvement_plans.constants import AnalysisTopic, MeasureKind, Phase
from improvement_plans.models import Measure
from improvement_plans.selectors import trajectory_next_step, trajectory_tasks
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    SchoolFactory,
    TrajectoryFactory,
)
from tests.finance.test_services import (
    ACTOR_IDS,
    ACTORS,
    BOARD,
    EDUCATION_EXPERT,
    EXPERT_GROUP,
    FINANCIAL_EXPERT,
    OTHER_BOARD,
    STAFF,
    UNASSIGNED_EXPERT,
    UNASSIGNED_FINANCIAL_EXPERT,
    add_line,
    approve_budget,
    approve_plan,
    budget_in,
    fresh_budget,
    new_plan_version,
    plan_with_two_goals,
    return_budget,
    start_budget,
    submit_budget,
)
from tests.improvement_plans.test_plan_services import new_plan
from tests.improvement_plans.test_plan_services import submit as submit_plan
from tests.improvement_plans.test_services import trajectory_in


def money(value: str) -> Decimal:
    return Decimal(value)


def split(municipality: str, board: str) -> Split:
    return Split(Decimal(municipality), Decimal(board))


def line(world, budget, measure, school_year, category, municipality, board, **kwargs):
    municipality, board = Decimal(municipality), Decimal(board)
    return add_line(
        world,
        budget,
        measure=measure,
        school_year=school_year,
        category=category,
        amount=municipality + board,
        municipality_amount=municipality,
        board_amount=board,
        **kwargs,
    )


# The budget's totals


@pytest.fixture
def drawn_up(world):
    """A draft budget of plan_with_two_goals plus a third measure without lines (extra staff, estimated
    € 3.000,00):

        training  2008/2009 Scholing      6.000 = 5.000 + 1.000
        training  2009/2010 Scholing      4.000 = 3.000 + 1.000
        training  2008/2009 Coaching      2.000 = 2.000 +     0
        method    2008/2009 Materialen    5.000 = 2.500 + 2.500
                                         17.000 = 12.500 + 4.500   (73,5% / 26,5%)
    """
    plan = plan_with_two_goals(world)
    training, method = Measure.objects.filter(goal__plan=plan).order_by("goal__order")
    staff = MeasureFactory(goal=method.goal, kind=MeasureKind.EXTRA_STAFF, estimated_cost=Decimal("3000"))
    budget = start_budget(world, plan)
    line(world, budget, training, 2008, CostCategory.TRAINING, "5000", "1000")
    line(world, budget, training, 2009, CostCategory.TRAINING, "3000", "1000")
    line(world, budget, training, 2008, CostCategory.COACHING, "2000", "0")
    line(world, budget, method, 2008, CostCategory.MATERIALS, "2500", "2500")
    return fresh_budget(budget), (training, method, staff)


def test_the_budget_totals_per_funder_with_percentages(drawn_up):
    budget, _measures = drawn_up
    overview = selectors.budget_overview(budget)
    assert overview.total == split("12500", "4500")
    assert overview.total.total == Decimal("17000")
    assert (overview.total.municipality_percentage, overview.total.board_percentage) == (
        Decimal("73.5"),
        Decimal("26.5"),
    )
    assert selectors.municipality_share(budget) == Decimal("12500")


def test_the_budget_totals_per_measure_against_the_estimate(drawn_up):
    budget, (training, method, staff) = drawn_up
    overview = selectors.budget_overview(budget)
    rows = [
        (row.measure, row.budgeted, row.line_count, row.estimated, row.difference)
        for row in overview.per_measure
    ]
    assert rows == [
        (training, split("10000", "2000"), 3, Decimal("12500"), Decimal("-500")),
        (method, split("2500", "2500"), 1, Decimal("6000"), Decimal("-1000")),
        # A measure without lines still shows, with its whole estimate as the difference.
        (staff, split("0", "0"), 0, Decimal("3000"), Decimal("-3000")),
    ]
    assert (overview.estimated, overview.difference) == (Decimal("21500"), Decimal("-4500"))


def test_a_measure_budgeted_above_its_estimate_shows_a_positive_difference(world, drawn_up):
    budget, (_training, method, _staff) = drawn_up
    line(world, budget, method, 2009, CostCategory.EXTERNAL_EXPERTISE, "1500", "0")
    row = selectors.budget_overview(fresh_budget(budget)).per_measure[1]
    assert (row.budgeted.total, row.difference) == (Decimal("6500"), Decimal("500"))


def test_the_budget_totals_per_school_year(drawn_up):
    budget, _measures = drawn_up
    per_year = [(label, total) for label, total in selectors.budget_overview(budget).per_year]
    assert per_year == [("2008/2009", split("9500", "3500")), ("2009/2010", split("3000", "1000"))]


def test_the_budget_totals_per_category_in_the_fixed_order_with_percentages(drawn_up):
    budget, _measures = drawn_up
    rows = [
        (str(label), total, total.municipality_percentage, total.board_percentage)
        for label, total in selectors.budget_overview(budget).per_category
    ]
    assert rows == [
        ("Scholing", split("8000", "2000"), Decimal("80.0"), Decimal("20.0")),
        ("Coaching", split("2000", "0"), Decimal("100.0"), Decimal("0.0")),
        ("Materialen en methodes", split("2500", "2500"), Decimal("50.0"), Decimal("50.0")),
    ]


def test_the_lines_are_in_the_order_of_the_plan(drawn_up):
    budget, (training, method, _staff) = drawn_up
    lines = selectors.budget_overview(budget).lines
    assert [(line.measure, line.school_year, line.category) for line in lines] == [
        (training, 2008, CostCategory.TRAINING),
        (training, 2008, CostCategory.COACHING),
        (training, 2009, CostCategory.TRAINING),
        (method, 2008, CostCategory.MATERIALS),
    ]


def test_an_empty_budget_has_no_percentages(world):
    budget = start_budget(world, new_plan(world))
    overview = selectors.budget_overview(budget)
    assert (overview.total.total, overview.total.municipality_percentage, overview.per_year) == (0, None, [])
    assert selectors.municipality_share(budget) == Decimal("0")


def test_the_budget_overview_costs_two_queries_whatever_its_size(world, drawn_up, django_assert_num_queries):
    budget, (training, method, _staff) = drawn_up
    with django_assert_num_queries(2):
        selectors.budget_overview(budget)
    for category in (CostCategory.PERSONNEL, CostCategory.OTHER, CostCategory.EXTERNAL_EXPERTISE):
        for measure in (training, method):
            line(world, budget, measure, 2009, category, "100", "50")
    budget = fresh_budget(budget)
    with django_assert_num_queries(2):
        overview = selectors.budget_overview(budget)
    assert len(overview.lines) == 10


# Budget against spending


@pytest.fixture
def spent(world):
    """An approved budget of plan_with_two_goals and three quarters of spending:

    L1 training 2008/2009 Scholing    5.000 + 1.000   spent Q1 3.000 + 500, Q2 2.500 + 600 = 5.500 + 1.100 (!)
    L2 training 2009/2010 Coaching    3.000 + 1.000   spent Q4 1.000 + 0
    L3 method   2008/2009 Materialen  1.000 + 1.000   spent Q1 500 + 500
    """
    plan = plan_with_two_goals(world)
    training, method = Measure.objects.filter(goal__plan=plan).order_by("goal__order")
    budget = start_budget(world, plan)
    l1 = line(world, budget, training, 2008, CostCategory.TRAINING, "5000", "1000")
    l2 = line(world, budget, training, 2009, CostCategory.COACHING, "3000", "1000")
    l3 = line(world, budget, method, 2008, CostCategory.MATERIALS, "1000", "1000")
    approve_plan(world, submit_plan(world, plan))
    budget = approve_budget(world, submit_budget(world, budget))
    trajectory = budget.trajectory

    def record(quarter, user, amounts):
        services.realisation_save(
            user=user,
            trajectory=trajectory,
            quarter=quarter,
            amounts={line.pk: (Decimal(m), Decimal(b)) for line, (m, b) in amounts.items()},
        )

    record(Quarter(2009, 1), world[FINANCIAL_EXPERT], {l1: ("3000", "500"), l3: ("500", "500")})
    record(Quarter(2009, 2), world[BOARD], {l1: ("2500", "600"), l2: ("0", "0")})
    record(Quarter(2009, 4), world[STAFF], {l2: ("1000", "0")})
    return budget, (l1, l2, l3)


def test_budget_against_spending_per_line_flags_overspending(spent):
    budget, (l1, l2, l3) = spent
    overview = selectors.realisation_overview(budget)
    rows = [(row.line, row.budgeted, row.spent, row.remaining, row.overspent) for row in overview.per_line]
    assert rows == [
        (l1, split("5000", "1000"), split("5500", "1100"), split("-500", "-100"), True),
        (l2, split("3000", "1000"), split("1000", "0"), split("2000", "1000"), False),
        (l3, split("1000", "1000"), split("500", "500"), split("500", "500"), False),
    ]
    first = overview.per_line[0]
    assert (first.overspent_municipality, first.overspent_board, first.spent_percentage) == (
        True,
        True,
        Decimal("110.0"),
    )
    assert [row.spent_percentage for row in overview.per_line[1:]] == [Decimal("25.0"), Decimal("50.0")]
    assert overview.overspent_lines == 1
    assert overview.per_line[0].label == "Scholing van leraren · Scholing · 2008/2009"


def test_spending_on_one_funder_above_its_share_is_flagged_while_the_line_is_not_overspent(world, spent):
    budget, (l1, l2, l3) = spent
    record = budget.trajectory.realisation_quarters.get(year=2009, quarter=4)
    services.realisation_save(
        user=world[STAFF],
        trajectory=budget.trajectory,
        quarter=Quarter(2009, 4),
        amounts={l2.pk: (Decimal("1000"), Decimal("0")), l3.pk: (Decimal("0"), Decimal("600"))},
        expected_version=record.version,
    )
    row = selectors.realisation_overview(budget).per_line[2]
    assert (row.spent, row.overspent, row.overspent_board, row.overspent_municipality) == (
        split("500", "1100"),
        False,
        True,
        False,
    )


def test_budget_against_spending_per_year_and_in_total(spent):
    budget, _lines = spent
    overview = selectors.realisation_overview(budget)
    assert [(row.label, row.budgeted, row.spent) for row in overview.per_year] == [
        ("2008/2009", split("6000", "2000"), split("6000", "1600")),
        ("2009/2010", split("3000", "1000"), split("1000", "0")),
    ]
    total = overview.total
    assert (total.label, total.budgeted, total.spent, total.overspent) == (
        "Totaal",
        split("9000", "3000"),
        split("7000", "1600"),
        False,
    )
    assert overview.earlier_lines == Split()


def test_spending_per_quarter(spent):
    budget, _lines = spent
    assert selectors.realisation_overview(budget).per_quarter == [
        (Quarter(2009, 1), split("3500", "1000")),
        (Quarter(2009, 2), split("2500", "600")),
        (Quarter(2009, 4), split("1000", "0")),
    ]


def test_the_realisation_overview_costs_two_queries(world, spent, django_assert_num_queries):
    budget, _lines = spent
    with django_assert_num_queries(2):
        selectors.realisation_overview(budget)


def revised(world, budget):
    """Plan version 2 drops the language goal; the revision raises L1 to 5.800 + 1.200 and is approved."""
    version_2 = new_plan_version(world, budget.plan)
    plan_services.goal_remove(user=world[STAFF], goal=version_2.goals.get(theme=AnalysisTopic.LANGUAGE))
    revision = start_budget(world, version_2, reason="De audit: de leesmethode vervalt.")
    first = revision.lines.get(category=CostCategory.TRAINING)
    line(world, revision, first.measure, 2008, CostCategory.TRAINING, "5800", "1200", line=first)
    approve_plan(world, submit_plan(world, version_2))
    return approve_budget(world, submit_budget(world, revision))


def test_spending_stays_with_its_line_across_a_revision(world, spent):
    budget, (l1, l2, l3) = spent
    revision = revised(world, budget)
    new_l1 = revision.lines.get(lineage=l1.lineage)
    services.realisation_save(
        user=world[BOARD],
        trajectory=budget.trajectory,
        quarter=Quarter(2010, 1),
        amounts={new_l1.pk: (Decimal("200"), Decimal("100"))},
    )
    overview = selectors.realisation_overview(revision)
    assert [(row.line.lineage, row.budgeted, row.spent, row.overspent) for row in overview.per_line] == [
        (l1.lineage, split("5800", "1200"), split("5700", "1200"), False),
        (l2.lineage, split("3000", "1000"), split("1000", "0"), False),
    ]
    assert not overview.per_line[0].overspent_board  # exactly the board's share
    # What was spent on the dropped line is not lost: it is shown apart, and counted in the years and the total.
    assert overview.earlier_lines == split("500", "500")
    assert [(row.label, row.budgeted, row.spent) for row in overview.per_year] == [
        ("2008/2009", split("5800", "1200"), split("6200", "1700")),
        ("2009/2010", split("3000", "1000"), split("1000", "0")),
    ]
    assert (overview.total.budgeted, overview.total.spent) == (split("8800", "2200"), split("7200", "1700"))
    assert overview.per_quarter[-1] == (Quarter(2010, 1), split("200", "100"))
    # The replaced version still reads, with the spending of its lines (also what was recorded after it).
    earlier = selectors.realisation_overview(fresh_budget(budget))
    assert [row.spent for row in earlier.per_line] == [
        split("5700", "1200"),
        split("1000", "0"),
        split("500", "500"),
    ]


def test_a_corrected_quarter_after_a_revision_moves_to_the_new_line(world, spent):
    budget, (l1, _l2, _l3) = spent
    revision = revised(world, budget)
    new_l1 = revision.lines.get(lineage=l1.lineage)
    record = budget.trajectory.realisation_quarters.get(year=2009, quarter=1)
    services.realisation_save(
        user=world[FINANCIAL_EXPERT],
        trajectory=budget.trajectory,
        quarter=Quarter(2009, 1),
        amounts={new_l1.pk: (Decimal("3100"), Decimal("500"))},
        expected_version=record.version,
    )
    entry = record.entries.get(lineage=l1.lineage)
    assert (entry.line, entry.municipality_amount) == (new_l1, Decimal("3100"))
    # The dropped line's spending of that quarter is kept: the form of the new version does not show it.
    assert record.entries.count() == 2


def test_the_recorded_quarters_newest_first(world, spent):
    budget, _lines = spent
    quarters = selectors.realisation_quarters(budget.trajectory)
    assert [(q.period, q.recorded_by) for q in quarters] == [
        (Quarter(2009, 4), world[STAFF]),
        (Quarter(2009, 2), world[BOARD]),
        (Quarter(2009, 1), world[FINANCIAL_EXPERT]),
    ]


def test_the_budget_versions_of_a_trajectory(world):
    superseded = budget_in(world, "superseded")
    trajectory = superseded.trajectory
    assert [(b.number, b.status) for b in selectors.budgets_of(trajectory)] == [
        (1, BudgetStatus.SUPERSEDED),
        (2, BudgetStatus.APPROVED),
    ]
    assert selectors.latest_budget(trajectory).number == 2
    assert selectors.approved_budget(trajectory).number == 2


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
    services.grant_decision_save(
        user=world[STAFF],
        budget=regenboog,
        date=timezone.localdate(),
        reference="DMO/2009/0001",
        amount=Decimal("9000.00"),
    )
    first_line = regenboog.lines.get()
    for quarter, amounts in ((Quarter(2009, 1), ("4000", "1000")), (Quarter(2009, 2), ("1500", "0"))):
        services.realisation_save(
            user=world[BOARD],
            trajectory=regenboog.trajectory,
            quarter=quarter,
            amounts={first_line.pk: tuple(Decimal(amount) for amount in amounts)},
        )
    for expert, hours, rate in (
        (world[EDUCATION_EXPERT], "12.50", "95.00"),
        (world[FINANCIAL_EXPERT], "10.25", "87.50"),
    ):
        services.expert_cost_save(
            user=world[STAFF],
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
    STAFF: EVERY_BUDGET,
    EXPERT_GROUP: EVERY_BUDGET,
    Role.MUNICIPALITY: EVERY_BUDGET,
    Role.INSPECTION: set(),
    FINANCIAL_EXPERT: OWN,
    EDUCATION_EXPERT: OWN,
    BOARD: OWN,
    OTHER_BOARD: {"anker"},
    UNASSIGNED_EXPERT: set(),
    UNASSIGNED_FINANCIAL_EXPERT: set(),
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
    rows = {budget.pk: budget for budget in selectors.finance_overview(world[STAFF])}

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
    row = selectors.finance_overview(world[STAFF]).get(pk=regenboog.pk)
    assert row.expert_costs == sum(cost.amount for cost in selectors.expert_costs_of(regenboog.trajectory))


@pytest.mark.parametrize("actor", [STAFF, FINANCIAL_EXPERT, BOARD, Role.MUNICIPALITY])
def test_the_overview_is_one_query(world, programme, actor, django_assert_num_queries):
    user = world[actor]
    list(selectors.finance_overview(user))  # the user's permissions are read once and kept
    with django_assert_num_queries(1):
        rows = list(selectors.finance_overview(user))
        [(row.trajectory.school.board.name, row.plan.number, row.total, row.granted) for row in rows]


def test_the_programme_totals(world, programme):
    totals = selectors.programme_totals(selectors.finance_overview(world[STAFF]))
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
    approved_only = selectors.finance_overview(world[STAFF]).filter(status=BudgetStatus.APPROVED)
    assert selectors.programme_totals(approved_only)["planned"] == 0
    other_board = selectors.programme_totals(selectors.finance_overview(world[OTHER_BOARD]))
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
        user=world[STAFF],
        trajectory=trajectory,
        expert=world[EDUCATION_EXPERT],
        quarter=Quarter(2009, 2),
        hours=Decimal("4"),
        hourly_rate=Decimal("95.00"),
    )
    assert [(cost.period, cost.expert, cost.amount) for cost in selectors.expert_costs_of(trajectory)] == [
        (Quarter(2009, 2), world[EDUCATION_EXPERT], money("380.00")),
        (Quarter(2009, 1), world[EDUCATION_EXPERT], money("1187.50")),
        (Quarter(2009, 1), world[FINANCIAL_EXPERT], money("896.88")),
    ]


# The budget's step on the trajectory page


def budget_task(trajectory):
    tasks = {str(task.label): task for task in trajectory_tasks(trajectory)}
    task = tasks["Begroting"]
    return str(task.status), task.url


def next_step(trajectory):
    step = trajectory_next_step(trajectory)
    return (str(step.text), str(step.who)) if step else None


def test_the_budget_step_through_the_statuses(world):
    plan = new_plan(world)
    trajectory = plan.trajectory
    url = reverse("finance:budget_latest", args=[trajectory.pk])
    assert budget_task(trajectory) == ("Niet gestart", url)
    # While the plan is written, the plan's step comes first.
    assert next_step(trajectory) == (
        "Maak het verbeterplan af en dien het in bij de expertgroep.",
        "Schoolbestuur, Onderwijsexperts",
    )

    budget = start_budget(world, plan)
    add_line(world, budget)
    assert budget_task(trajectory) == ("Bezig", url)

    plan = submit_plan(world, plan)
    budget = submit_budget(world, budget)
    assert budget_task(trajectory) == ("Ingediend", url)
    assert next_step(trajectory) == (
        "Keur het verbeterplan goed of stuur het terug met opmerkingen.",
        "Expertgroep",
    )

    approve_plan(world, plan)
    trajectory.refresh_from_db()
    assert next_step(trajectory) == (
        "Keur de begroting goed of stuur die terug met opmerkingen.",
        "Expertgroep",
    )

    return_budget(world, budget)
    assert budget_task(trajectory) == ("Teruggestuurd", url)
    assert next_step(trajectory) == (
        "Pas de begroting aan na de opmerkingen van de expertgroep en dien die opnieuw in.",
        "Financieel expert",
    )

    approve_budget(world, submit_budget(world, budget))
    assert budget_task(trajectory) == ("Goedgekeurd", url)
    assert next_step(trajectory) == (
        "Leg de beschikking van de gemeente op de goedgekeurde begroting vast.",
        "Projectorganisatie (DMO)",
    )

    services.grant_decision_save(
        user=world[STAFF],
        budget=budget,
        date=timezone.localdate(),
        reference="DMO/2009/0007",
        amount=Decimal("10000.00"),
    )
    assert next_step(trajectory) == (
        "Voer het verbeterplan uit; de experts komen elke drie maanden langs.",
        "Schoolbestuur, Onderwijsexperts",
    )


def test_the_budget_step_after_an_audit(world):
    budget = budget_in(world, "approved")
    trajectory = budget.trajectory
    url = reverse("finance:budget_latest", args=[trajectory.pk])
    version_2 = new_plan_version(world, budget.plan)
    # Version 1's budget still counts while version 2 is written.
    assert budget_task(trajectory) == ("Goedgekeurd", url)
    approve_plan(world, submit_plan(world, version_2))
    assert next_step(trajectory) == (
        "Stel de begroting van het goedgekeurde plan op en dien die in bij de expertgroep.",
        "Financieel expert, Schoolbestuur",
    )
    revision = start_budget(world, version_2, reason="De audit na jaar 1.")
    assert budget_task(trajectory) == ("Bezig", url)
    assert next_step(trajectory) == (
        "Maak de begroting af en dien die in bij de expertgroep.",
        "Financieel expert, Schoolbestuur",
    )
    approve_budget(world, submit_budget(world, revision))
    assert budget_task(trajectory) == ("Goedgekeurd", url)
    # The revision needs its own grant decision.
    assert next_step(trajectory)[0] == "Leg de beschikking van de gemeente op de goedgekeurde begroting vast."


def test_an_approved_plan_without_a_budget_asks_for_one(world):
    plan = approve_plan(world, submit_plan(world, new_plan(world)))
    trajectory = plan.trajectory
    assert budget_task(trajectory) == ("Niet gestart", reverse("finance:budget_latest", args=[trajectory.pk]))
    assert next_step(trajectory) == (
        "Stel de begroting van het goedgekeurde plan op en dien die in bij de expertgroep.",
        "Financieel expert, Schoolbestuur",
    )


@pytest.mark.parametrize("state", ["registered", "intake", "analysis_draft"])
def test_before_the_plan_phase_the_budget_step_has_no_link(world, state):
    trajectory = trajectory_in(world, state)
    assert budget_task(trajectory) == ("Niet gestart", None)
