"""The finance services of issue 5: who may call each (per role).

Like tests/improvement_plans/test_plan_services.py: the role × service matrix is data (service → the actors that
may call it). Every other actor, among them a board user of another board and a financial expert who is not
assigned to the trajectory, is refused with PermissionDenied, and nothing changes (every row of the finance and
trajectory apps and every stored file are fingerprinted before and after).

The other files `test_services_*.py` hold the budget's statuses and the trajectory's phases, the history, revisions,
bad input and two people clicking at once; they build their data with worlds.py and budgets.py, and call the
services as the matrix does through service_calls.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from finance.constants import BudgetEventKind, Commitment, CostCategory
from finance.models import Budget, BudgetLine, ExpertCost, GrantDecision, RealisationQuarter
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.actors import BOARD, EXPERT_GROUP, FINANCIAL_EXPERT, STAFF
from tests.finance.budgets import fresh_budget, last_event
from tests.finance.service_calls import (
    call_approve,
    call_create,
    call_document,
    call_expert_cost,
    call_expert_cost_remove,
    call_grant,
    call_line_add,
    call_line_change,
    call_line_remove,
    call_realisation,
    call_return,
    call_submit,
    setup_budget,
    setup_expert_cost,
    setup_plan,
    setup_recorded_quarter,
)
from tests.finance.worlds import (
    ACTOR_IDS,
    ACTORS,
    FIRST_QUARTER,
    RETURN_COMMENT,
    WAIVED_ON,
    eur,
    long_date,
    refused,
)
from tests.matrices import allowed_or_refused, decision_of, matrix


def check_create(world, context, user, result):
    budget = Budget.objects.get(plan=context.plan)
    assert budget == result
    assert (budget.trajectory, budget.status, budget.created_by, budget.version, budget.change_reason) == (
        context.trajectory,
        SubmissionStatus.DRAFT,
        user,
        1,
        "",
    )
    assert not budget.lines.exists()
    assert last_event(context.trajectory) == (BudgetEventKind.BUDGET_STARTED, user, "Versie 1")


def check_line_add(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert budget.lines.count() == 2
    line = BudgetLine.objects.get(pk=result.pk)
    assert (line.school_year, line.category, line.amount, line.municipality_amount, line.board_amount) == (
        2009,
        CostCategory.COACHING,
        Decimal("3000.00"),
        Decimal("1500.00"),
        Decimal("1500.00"),
    )
    assert line.lineage != context.line.lineage
    assert budget.version == context.budget.version + 1


def check_line_change(world, context, user, result):
    line = BudgetLine.objects.get(pk=context.line.pk)
    assert (line.amount, line.municipality_amount, line.board_amount) == (
        Decimal("14000.00"),
        Decimal("11000.00"),
        Decimal("3000.00"),
    )
    assert line.lineage == context.line.lineage
    assert fresh_budget(context.budget).version == context.budget.version + 1


def check_line_remove(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert not budget.lines.exists()
    assert budget.version == context.budget.version + 1


def check_submit(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert (budget.status, budget.version) == (SubmissionStatus.SUBMITTED, context.budget.version + 1)
    assert not budget.is_editable
    assert budget.reviews.get() == result
    assert (result.submitted_by, result.decision, result.decided_by) == (user, "", None)
    assert last_event(context.trajectory) == (BudgetEventKind.BUDGET_SUBMITTED, user, "Versie 1")


def check_approve(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert (budget.status, budget.equalisation_waived_on, budget.commitment) == (
        SubmissionStatus.APPROVED,
        WAIVED_ON,
        Commitment.COMMITTED,
    )
    assert budget.approved_at is not None
    review = budget.reviews.get()
    assert decision_of(review) == (ReviewDecision.APPROVED, user, "Een sluitende begroting.")
    assert last_event(context.trajectory) == (
        BudgetEventKind.BUDGET_APPROVED,
        user,
        f"Versie 1: {eur('10.000,00')} van de gemeente toegezegd",
    )


def check_return(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert (budget.status, budget.commitment) == (SubmissionStatus.RETURNED, Commitment.PLANNED)
    assert budget.is_editable
    review = budget.reviews.get()
    assert decision_of(review) == (ReviewDecision.RETURNED, user, RETURN_COMMENT)
    assert last_event(context.trajectory) == (BudgetEventKind.BUDGET_RETURNED, user, RETURN_COMMENT)


def check_grant(world, context, user, result):
    decision = GrantDecision.objects.get(budget=context.budget)
    assert decision == result
    assert (decision.date, decision.reference, decision.amount, decision.recorded_by) == (
        timezone.localdate(),
        "DMO/2009/0042",
        Decimal("10000.00"),
        user,
    )
    assert last_event(context.trajectory) == (
        BudgetEventKind.GRANT_DECISION,
        user,
        f"DMO/2009/0042 van {long_date(timezone.localdate())}: {eur('10.000,00')}",
    )


def check_realisation(world, context, user, result):
    record = RealisationQuarter.objects.get(trajectory=context.trajectory)
    assert record == result
    assert (record.period, record.note, record.recorded_by, record.version) == (
        FIRST_QUARTER,
        "Facturen van de scholing.",
        user,
        1,
    )
    entry = record.entries.get()
    assert (entry.line, entry.lineage, entry.municipality_amount, entry.board_amount) == (
        context.line,
        context.line.lineage,
        Decimal("4000.00"),
        Decimal("1000.00"),
    )
    assert last_event(context.trajectory) == (
        BudgetEventKind.REALISATION,
        user,
        f"1e kwartaal 2009: {eur('5.000,00')} besteed",
    )


def check_document(world, context, user, result):
    document = context.realisation.documents.get()
    assert (document.original_filename, document.description, document.uploaded_by) == (
        "factuur-scholing.pdf",
        "Factuur scholing",
        user,
    )
    # Stored under a random name, never the original one.
    assert "factuur" not in document.file.name
    with document.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 factuur"


def check_expert_cost(world, context, user, result):
    cost = ExpertCost.objects.get(trajectory=context.trajectory)
    assert (cost.expert, cost.period, cost.hours, cost.hourly_rate, cost.amount, cost.recorded_by) == (
        world[FINANCIAL_EXPERT],
        FIRST_QUARTER,
        Decimal("8.00"),
        Decimal("87.50"),
        Decimal("700.00"),
        user,
    )


def check_expert_cost_remove(world, context, user, result):
    assert not ExpertCost.objects.filter(trajectory=context.trajectory).exists()
    # Its history is kept.
    assert ExpertCost.history.filter(id=context.cost_id).count() == 2


@dataclass
class Service:
    setup: Callable
    call: Callable
    check: Callable
    allowed: frozenset


# Separation of duties (ADR 2): the expert group judges budgets and does not draw them up.
BUDGET_WORKERS = frozenset({STAFF, FINANCIAL_EXPERT})
SPENDERS = frozenset({STAFF, FINANCIAL_EXPERT, BOARD})

# The role × service matrix: service → the actors that may call it (all others: PermissionDenied).
SERVICES = {
    "budget_create": Service(setup_plan, call_create, check_create, BUDGET_WORKERS),
    "budget_line_save_add": Service(setup_budget("draft"), call_line_add, check_line_add, BUDGET_WORKERS),
    "budget_line_save_change": Service(
        setup_budget("draft"), call_line_change, check_line_change, BUDGET_WORKERS
    ),
    "budget_line_remove": Service(setup_budget("draft"), call_line_remove, check_line_remove, BUDGET_WORKERS),
    "budget_submit": Service(
        setup_budget("draft"), call_submit, check_submit, frozenset({STAFF, FINANCIAL_EXPERT})
    ),
    "budget_approve": Service(
        setup_budget("submitted"), call_approve, check_approve, frozenset({EXPERT_GROUP})
    ),
    "budget_return": Service(setup_budget("submitted"), call_return, check_return, frozenset({EXPERT_GROUP})),
    "grant_decision_save": Service(setup_budget("approved"), call_grant, check_grant, frozenset({STAFF})),
    "realisation_save": Service(setup_budget("approved"), call_realisation, check_realisation, SPENDERS),
    "realisation_document_add": Service(setup_recorded_quarter, call_document, check_document, SPENDERS),
    "expert_cost_save": Service(
        setup_budget("approved"), call_expert_cost, check_expert_cost, frozenset({STAFF})
    ),
    "expert_cost_remove": Service(
        setup_expert_cost, call_expert_cost_remove, check_expert_cost_remove, frozenset({STAFF})
    ),
}


def test_the_matrix_names_only_known_actors():
    for name, service in SERVICES.items():
        assert service.allowed <= set(ACTORS), name


@pytest.mark.parametrize(("name", "actor", "allowed"), matrix(SERVICES, ACTORS, ACTOR_IDS))
def test_role_service_matrix(world, name, actor, allowed):
    service = SERVICES[name]
    context = service.setup(world)
    user = world[actor]
    allowed_or_refused(
        allowed,
        lambda: service.call(world, context, user),
        lambda result: service.check(world, context, user, result),
        refused,
    )
