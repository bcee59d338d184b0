"""Revising a budget when an audit leads to a new plan version: a reason, the lines copied onto the same measures in
the new version (keeping their lineage, so spending stays with them), lines of dropped measures left out, an earlier
budget that was never approved replaced at once, an approved one only when the revision is approved."""

from decimal import Decimal

import pytest

from finance import services
from finance.constants import BudgetEventKind, Commitment, CostCategory
from finance.models import Budget, BudgetLine
from improvement_plans import services as plan_services
from improvement_plans.constants import AnalysisTopic
from improvement_plans.models import Measure
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.actors import EXPERT_GROUP, FINANCIAL_EXPERT, STAFF
from tests.finance.budgets import (
    add_amounts,
    add_line,
    approve_budget,
    approve_plan,
    events,
    fresh_budget,
    measure_of,
    new_plan_version,
    plan_with_two_goals,
    return_budget,
    start_budget,
    submit_budget,
)
from tests.finance.worlds import REVISION_REASON, eur, refused
from tests.improvement_plans.plans import fresh, new_plan
from tests.improvement_plans.plans import submit as submit_plan
from tests.refusals import field_messages, messages_of


def budget_of_two_goals(world, *, approved: bool = True) -> Budget:
    """The budget of plan_with_two_goals: two lines for the training, one for the language method; approved with
    its plan (or still a draft of an approved plan)."""
    plan = plan_with_two_goals(world)
    training, method = Measure.objects.filter(goal__plan=plan).order_by("goal__order")
    budget = start_budget(world, plan)
    add_line(world, budget, measure=training)
    add_amounts(
        world,
        budget,
        "3000.00",
        "1500.00",
        "1500.00",
        measure=training,
        school_year=2009,
        category=CostCategory.COACHING,
        description="Coaching in de klas",
    )
    add_amounts(
        world,
        budget,
        "4000.00",
        "2000.00",
        "2000.00",
        measure=method,
        category=CostCategory.MATERIALS,
        description="Leesmethode",
    )
    plan = submit_plan(world, plan)
    if approved:
        budget = submit_budget(world, budget)
    approve_plan(world, plan)
    return approve_budget(world, budget) if approved else fresh_budget(budget)


def line_rows(budget: Budget) -> list[tuple]:
    return [
        (
            line.lineage,
            line.school_year,
            line.category,
            line.description,
            line.amount,
            line.municipality_amount,
        )
        for line in budget.lines.order_by("id")
    ]


def revise(world, budget: Budget, reason: str = REVISION_REASON) -> Budget:
    """Plan version 2 after the audit and the revision of the budget."""
    version_2 = new_plan_version(world, budget.plan)
    return start_budget(world, version_2, reason=reason)


@pytest.mark.parametrize("reason", ["", "  \n"])
def test_a_revision_needs_a_reason(world, reason):
    budget = budget_of_two_goals(world)
    version_2 = new_plan_version(world, budget.plan)
    error = refused(
        lambda: services.budget_create(user=world[FINANCIAL_EXPERT], plan=version_2, reason=reason)
    )
    assert field_messages(error, "reason") == [
        "Geef de reden van de herziening van de begroting, bijvoorbeeld de conclusie van de audit."
    ]


def test_a_revision_copies_the_lines_onto_the_same_measures_of_the_new_version(world):
    budget = budget_of_two_goals(world)
    revision = revise(world, budget, reason=f" {REVISION_REASON} ")
    assert (revision.plan.number, revision.status, revision.change_reason, revision.created_by) == (
        2,
        SubmissionStatus.DRAFT,
        REVISION_REASON,
        world[FINANCIAL_EXPERT],
    )
    # Same lineage, amounts and descriptions; new rows, on the measures of version 2 that copy those of version 1.
    assert line_rows(revision) == line_rows(budget)
    assert not set(revision.lines.values_list("pk", flat=True)) & set(
        budget.lines.values_list("pk", flat=True)
    )
    for copy in revision.lines.select_related("measure__goal"):
        original = budget.lines.get(lineage=copy.lineage)
        assert copy.measure.goal.plan == revision.plan
        assert copy.measure.previous == original.measure
    assert events(budget.trajectory, [BudgetEventKind.BUDGET_REVISED]) == [
        (BudgetEventKind.BUDGET_REVISED, world[FINANCIAL_EXPERT], f"Versie 2: {REVISION_REASON}")
    ]


def test_the_approved_budget_stays_approved_and_committed_until_the_revision_is_approved(world):
    budget = budget_of_two_goals(world)
    revision = revise(world, budget)
    assert (fresh_budget(budget).status, fresh_budget(budget).commitment) == (
        SubmissionStatus.APPROVED,
        Commitment.COMMITTED,
    )
    assert revision.commitment == Commitment.PLANNED
    approve_plan(world, submit_plan(world, revision.plan))
    approved = approve_budget(world, submit_budget(world, revision))
    assert (approved.status, approved.commitment) == (SubmissionStatus.APPROVED, Commitment.COMMITTED)
    earlier = fresh_budget(budget)
    assert (earlier.status, earlier.commitment) == (SubmissionStatus.SUPERSEDED, Commitment.REPLACED)
    # Its history records the change (the budget's audit trail ends in "superseded", not "approved").
    assert earlier.history.first().status == SubmissionStatus.SUPERSEDED
    # The earlier version stays readable, with its lines and its decision.
    assert len(line_rows(earlier)) == 3
    assert earlier.equalisation_waived_on is not None
    assert events(budget.trajectory, [BudgetEventKind.BUDGET_APPROVED])[-1] == (
        BudgetEventKind.BUDGET_APPROVED,
        world[EXPERT_GROUP],
        f"Versie 2: {eur('13.500,00')} van de gemeente toegezegd",
    )


def test_the_lines_of_a_dropped_measure_are_left_out(world):
    budget = budget_of_two_goals(world)
    version_2 = new_plan_version(world, budget.plan)
    plan_services.goal_remove(user=world[STAFF], goal=version_2.goals.get(theme=AnalysisTopic.LANGUAGE))
    revision = start_budget(world, version_2, reason=REVISION_REASON)
    method_line = budget.lines.get(category=CostCategory.MATERIALS)
    assert line_rows(revision) == [row for row in line_rows(budget) if row[0] != method_line.lineage]
    assert {line.measure for line in revision.lines.all()} == {measure_of(version_2)}


def test_a_revision_follows_the_measures_across_a_version_without_a_budget(world):
    budget = budget_of_two_goals(world)
    version_2 = new_plan_version(world, budget.plan)
    approve_plan(world, submit_plan(world, version_2))  # version 2 never gets a budget
    version_3 = new_plan_version(world, version_2)
    revision = start_budget(world, version_3, reason=REVISION_REASON)
    assert revision.plan.number == 3
    assert line_rows(revision) == line_rows(budget)
    for copy in revision.lines.select_related("measure__previous__previous"):
        assert copy.measure.goal.plan_id == version_3.pk
        assert copy.measure.previous.previous == budget.lines.get(lineage=copy.lineage).measure
    # Version 1's budget is still the approved one.
    assert fresh_budget(budget).status == SubmissionStatus.APPROVED


def test_a_budget_for_a_superseded_plan_version_is_refused(world):
    budget = budget_of_two_goals(world)
    version_2 = new_plan_version(world, budget.plan)
    approve_plan(world, submit_plan(world, version_2))
    version_3 = new_plan_version(world, version_2)
    approve_plan(world, submit_plan(world, version_3))
    assert fresh(version_2).status == SubmissionStatus.SUPERSEDED
    error = refused(
        lambda: services.budget_create(user=world[FINANCIAL_EXPERT], plan=version_2, reason=REVISION_REASON)
    )
    assert messages_of(error) == [
        "Er is een latere versie van het plan: stel de begroting van de nieuwste versie op."
    ]


def test_a_budget_for_an_approved_plan_version_with_a_newer_draft_is_refused(world):
    plan = approve_plan(world, submit_plan(world, new_plan(world)))  # no budget yet
    new_plan_version(world, plan)
    error = refused(lambda: services.budget_create(user=world[FINANCIAL_EXPERT], plan=plan))
    assert messages_of(error) == [
        "Er is een latere versie van het plan: stel de begroting van de nieuwste versie op."
    ]


def test_a_second_budget_for_the_same_plan_version_is_refused(world):
    budget = budget_of_two_goals(world)
    for reason in ("", REVISION_REASON):
        error = refused(
            lambda reason=reason: services.budget_create(user=world[STAFF], plan=budget.plan, reason=reason)
        )
        assert messages_of(error) == ["Deze versie van het plan heeft al een begroting."]


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_a_revision_replaces_an_earlier_budget_that_was_never_approved(world, status):
    budget = budget_of_two_goals(world, approved=False)
    if status == "returned":
        budget = return_budget(world, submit_budget(world, budget))
    revision = revise(world, budget)
    earlier = fresh_budget(budget)
    assert (earlier.status, earlier.commitment, earlier.is_editable) == (
        SubmissionStatus.SUPERSEDED,
        Commitment.REPLACED,
        False,
    )
    assert (revision.status, line_rows(revision)) == (SubmissionStatus.DRAFT, line_rows(earlier))
    assert not Budget.objects.filter(trajectory=budget.trajectory, status=SubmissionStatus.APPROVED).exists()


def test_a_revision_copies_the_newest_budget_while_the_approved_one_stays(world):
    """Version 1 approved; version 2's budget drawn up (changed) but not approved when version 3 starts: version 3
    copies version 2's lines, version 2's budget is replaced, version 1's stays approved."""
    budget = budget_of_two_goals(world)
    revision = revise(world, budget)
    changed = revision.lines.get(category=CostCategory.COACHING)
    add_amounts(
        world,
        revision,
        "5000.00",
        "2500.00",
        "2500.00",
        line=changed,
        measure=changed.measure,
        school_year=2009,
        category=CostCategory.COACHING,
    )
    approve_plan(world, submit_plan(world, revision.plan))
    version_3 = new_plan_version(world, revision.plan)
    third = start_budget(world, version_3, reason="De tweede audit.")
    assert line_rows(third) == line_rows(fresh_budget(revision))
    assert third.lines.get(lineage=changed.lineage).amount == Decimal("5000.00")
    statuses = dict(Budget.objects.filter(trajectory=budget.trajectory).values_list("plan__number", "status"))
    assert statuses == {
        1: SubmissionStatus.APPROVED,
        2: SubmissionStatus.SUPERSEDED,
        3: SubmissionStatus.DRAFT,
    }


def test_a_changed_line_of_a_revision_keeps_its_lineage(world):
    budget = budget_of_two_goals(world)
    revision = revise(world, budget)
    line = revision.lines.get(category=CostCategory.TRAINING)
    add_amounts(world, revision, "15000.00", "12000.00", "3000.00", line=line, measure=line.measure)
    changed = BudgetLine.objects.get(pk=line.pk)
    assert changed.lineage == budget.lines.get(category=CostCategory.TRAINING).lineage
    # Version 1's line is untouched.
    assert budget.lines.get(lineage=changed.lineage).amount == Decimal("12500.00")


def test_the_revision_is_approved_only_with_its_own_approved_plan_version(world):
    budget = budget_of_two_goals(world)
    revision = revise(world, budget)
    submit_plan(world, revision.plan)  # submitted with its plan, which the expert group has not approved yet
    revision = submit_budget(world, revision)
    error = refused(lambda: approve_budget(world, revision))
    assert messages_of(error) == [
        "De gemeente financiert alleen mee aan een goedgekeurd plan: keur eerst versie 2 van het verbeterplan "
        "goed, of stuur de begroting terug."
    ]
    assert fresh_budget(budget).status == SubmissionStatus.APPROVED


def test_no_revision_while_the_expert_group_judges_the_earlier_budget(world):
    """Version 1's budget is with the expert group when the audit starts plan version 2: its budget is revised only
    after the expert group's decision, so no submission is left waiting for a decision that cannot come."""
    budget = submit_budget(world, budget_of_two_goals(world, approved=False))
    version_2 = new_plan_version(world, budget.plan)
    error = refused(lambda: start_budget(world, version_2, reason=REVISION_REASON))
    assert messages_of(error) == [
        "De begroting van versie 1 wacht op het besluit van de expertgroep: start de herziening nadat de "
        "expertgroep de begroting heeft goedgekeurd of teruggestuurd."
    ]
    assert fresh_budget(budget).status == SubmissionStatus.SUBMITTED
    assert budget.reviews.filter(decision="").count() == 1
