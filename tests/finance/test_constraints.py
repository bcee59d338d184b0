"""What the database itself keeps true, whatever code writes to it: each broken rule is an IntegrityError naming
its constraint, and the row is not changed."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from finance.models import Budget, BudgetLine, ExpertCost, GrantDecision, RealisationEntry
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    ExpertCostFactory,
    GrantDecisionFactory,
    RealisationEntryFactory,
    RealisationQuarterFactory,
    UserFactory,
)
from tests.finance.budgets import approve_plan, budget_in, new_plan_version

pytestmark = pytest.mark.django_db


def violates(constraint: str, change) -> None:
    """`change` raises an IntegrityError for `constraint` (in its own savepoint, so the test goes on)."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        change()
    assert constraint in str(error.value)


# Budget lines


@pytest.fixture
def line():
    """€ 12.500,00 = € 10.000,00 of the municipality + € 2.500,00 of the board."""
    return BudgetLineFactory()


@pytest.mark.parametrize(
    "values",
    [
        {"board_amount": Decimal("2000.00")},
        {"municipality_amount": Decimal("10000.01")},
        {"amount": Decimal("12000.00")},
    ],
    ids=["board_share_lowered", "municipal_share_raised", "amount_lowered"],
)
def test_shares_that_do_not_add_up_are_refused(line, values):
    violates("budget_line_shares_add_up", lambda: BudgetLine.objects.filter(pk=line.pk).update(**values))
    stored = BudgetLine.objects.get(pk=line.pk)
    assert (stored.amount, stored.municipality_amount, stored.board_amount) == (
        Decimal("12500.00"),
        Decimal("10000.00"),
        Decimal("2500.00"),
    )


def test_shares_that_do_not_add_up_are_refused_on_save_too(line):
    line.board_amount = Decimal("2499.99")
    violates("budget_line_shares_add_up", line.save)


def test_a_negative_share_is_refused_even_when_the_shares_add_up(line):
    violates(
        "budget_line_shares_not_negative",
        lambda: BudgetLine.objects.filter(pk=line.pk).update(
            municipality_amount=Decimal("13000.00"), board_amount=Decimal("-500.00")
        ),
    )


def test_a_line_of_zero_is_refused(line):
    violates(
        "budget_line_amount_positive",
        lambda: BudgetLine.objects.filter(pk=line.pk).update(amount=0, municipality_amount=0, board_amount=0),
    )


def test_a_school_year_before_the_programme_is_refused(line):
    violates(
        "budget_line_school_year_in_programme",
        lambda: BudgetLine.objects.filter(pk=line.pk).update(school_year=2006),
    )


def test_a_line_appears_once_per_budget_version(line):
    violates(
        "budget_line_once_per_budget",
        lambda: BudgetLineFactory(budget=line.budget, measure=line.measure, lineage=line.lineage),
    )


def test_shares_that_add_up_to_the_cent_are_kept(line):
    BudgetLine.objects.filter(pk=line.pk).update(
        amount=Decimal("100.00"), municipality_amount=Decimal("66.67"), board_amount=Decimal("33.33")
    )
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("100.00")


# Budgets: one approved and one open per trajectory, approval with the waiver


@pytest.fixture
def two_versions(world):
    """Plan version 1 approved (its budget approved) and version 2 being written (no budget yet)."""
    budget = budget_in(world, "approved")
    return budget, new_plan_version(world, budget.plan)


def test_a_second_approved_budget_per_trajectory_is_refused(two_versions):
    budget, version_2 = two_versions
    violates("budget_one_approved_per_trajectory", lambda: BudgetFactory(plan=version_2, approved=True))
    assert Budget.objects.filter(trajectory=budget.trajectory).count() == 1


def test_approving_a_second_budget_by_an_update_is_refused(two_versions):
    budget, version_2 = two_versions
    revision = BudgetFactory(plan=version_2)
    violates(
        "budget_one_approved_per_trajectory",
        lambda: Budget.objects.filter(pk=revision.pk).update(
            status=SubmissionStatus.APPROVED,
            approved_at=timezone.now(),
            equalisation_waived_on=datetime.date(2009, 1, 12),
        ),
    )


@pytest.mark.parametrize(
    "status", [SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED]
)
def test_a_second_open_budget_per_trajectory_is_refused(world, status):
    budget = budget_in(world, "draft")  # a draft budget of plan version 1, which is approved next
    plan_2 = new_plan_version(world, approve_plan(world, budget.plan))
    violates("budget_one_open_per_trajectory", lambda: BudgetFactory(plan=plan_2, status=status))


def test_replaced_budgets_are_not_limited(two_versions):
    budget, version_2 = two_versions
    Budget.objects.filter(pk=budget.pk).update(status=SubmissionStatus.SUPERSEDED)
    BudgetFactory(plan=version_2, status=SubmissionStatus.SUPERSEDED)
    assert (
        Budget.objects.filter(trajectory=budget.trajectory, status=SubmissionStatus.SUPERSEDED).count() == 2
    )


@pytest.mark.parametrize(
    "missing",
    [{"equalisation_waived_on": None}, {"approved_at": None}],
    ids=["without_waiver", "without_approval_time"],
)
def test_approved_without_the_waiver_or_its_time_is_refused(world, missing):
    budget = budget_in(world, "submitted")
    violates(
        "budget_approved_with_waiver",
        lambda: Budget.objects.filter(pk=budget.pk).update(
            **{
                "status": SubmissionStatus.APPROVED,
                "approved_at": timezone.now(),
                "equalisation_waived_on": datetime.date(2009, 1, 12),
            }
            | missing
        ),
    )
    assert Budget.objects.get(pk=budget.pk).status == SubmissionStatus.SUBMITTED


def test_removing_the_waiver_of_an_approved_budget_is_refused(world):
    budget = budget_in(world, "approved")
    violates(
        "budget_approved_with_waiver",
        lambda: Budget.objects.filter(pk=budget.pk).update(equalisation_waived_on=None),
    )


def test_one_pending_review_per_budget(world):
    budget = budget_in(world, "submitted")
    violates(
        "budget_review_one_pending",
        lambda: budget.reviews.create(submitted_by=UserFactory()),
    )


def test_a_returned_review_has_comments(world):
    budget = budget_in(world, "submitted")
    violates(
        "budget_review_returned_has_comments",
        lambda: budget.reviews.filter(decision="").update(decision="teruggestuurd", comments=""),
    )


# Grant decisions


def test_a_grant_decision_reference_is_unique():
    first = GrantDecisionFactory(reference="DMO/2009/0042")
    violates("reference", lambda: GrantDecisionFactory(reference=first.reference))


def test_a_grant_of_zero_is_refused():
    decision = GrantDecisionFactory()
    violates(
        "grant_decision_amount_positive",
        lambda: GrantDecision.objects.filter(pk=decision.pk).update(amount=0),
    )


def test_one_grant_decision_per_budget():
    decision = GrantDecisionFactory()
    violates("budget_id", lambda: GrantDecisionFactory(budget=decision.budget))


# Spending


def test_a_quarter_is_recorded_once_per_trajectory():
    record = RealisationQuarterFactory(year=2009, quarter=3)
    violates(
        "realisation_one_per_quarter",
        lambda: RealisationQuarterFactory(trajectory=record.trajectory, year=2009, quarter=3),
    )
    # Another trajectory may have the same quarter.
    RealisationQuarterFactory(year=2009, quarter=3)


@pytest.mark.parametrize(
    ("year", "quarter", "constraint"),
    [(2009, 0, "quarter_1_to_4"), (2009, 5, "quarter_1_to_4"), (2007, 4, "year_in_programme")],
)
def test_a_quarter_that_does_not_exist_is_refused(year, quarter, constraint):
    violates(f"realisation_{constraint}", lambda: RealisationQuarterFactory(year=year, quarter=quarter))


@pytest.mark.parametrize("field", ["municipality_amount", "board_amount"])
def test_a_negative_spending_entry_is_refused(field):
    entry = RealisationEntryFactory()
    violates(
        "realisation_entry_not_negative",
        lambda: RealisationEntry.objects.filter(pk=entry.pk).update(**{field: Decimal("-0.01")}),
    )


def test_a_line_appears_once_per_quarter():
    entry = RealisationEntryFactory()
    violates(
        "realisation_entry_once_per_line",
        lambda: RealisationEntryFactory(realisation=entry.realisation, line=entry.line),
    )


# The experts' costs


def test_an_expert_quarter_is_recorded_once():
    cost = ExpertCostFactory()
    violates(
        "expert_cost_once_per_expert_and_quarter",
        lambda: ExpertCostFactory(
            trajectory=cost.trajectory, expert=cost.expert, year=cost.year, quarter=cost.quarter
        ),
    )


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"hours": 0}, "expert_cost_hours_positive"),
        ({"hourly_rate": 0}, "expert_cost_rate_positive"),
        ({"quarter": 5}, "expert_cost_quarter_1_to_4"),
        ({"year": 2007}, "expert_cost_year_in_programme"),
    ],
)
def test_implausible_expert_costs_are_refused(values, constraint):
    cost = ExpertCostFactory()
    violates(constraint, lambda: ExpertCost.objects.filter(pk=cost.pk).update(**values))
