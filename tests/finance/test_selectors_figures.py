"""The finance selectors' figures: the budget's totals per measure, year, category and funder; budget against
spending per line, year and quarter (also across a revision); the recorded quarters and the budget versions.
Figures are worked out by hand in the docstrings."""

from decimal import Decimal

import pytest

from finance import selectors, services
from finance.constants import CostCategory, Quarter
from finance.selectors import Split
from improvement_plans import services as plan_services
from improvement_plans.constants import AnalysisTopic, MeasureKind
from improvement_plans.models import Measure
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.actors import BOARD, FINANCIAL_EXPERT, STAFF
from tests.factories import MeasureFactory
from tests.finance.budgets import (
    add_line,
    approve_budget,
    approve_plan,
    budget_in,
    fresh_budget,
    new_plan_version,
    plan_with_two_goals,
    start_budget,
    submit_budget,
)
from tests.improvement_plans.plans import new_plan
from tests.improvement_plans.plans import submit as submit_plan


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
        (1, SubmissionStatus.SUPERSEDED),
        (2, SubmissionStatus.APPROVED),
    ]
    assert selectors.latest_budget(trajectory).number == 2
    assert selectors.approved_budget(trajectory).number == 2
