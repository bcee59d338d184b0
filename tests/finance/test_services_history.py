"""The finance services of issue 5 on the trajectory's timeline: every step writes an event with its actor and
comment, a refused step writes none, and the budget leaves the plan's status alone."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from finance.constants import BudgetEventKind
from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.actors import BOARD, EXPERT_GROUP, FINANCIAL_EXPERT, STAFF
from tests.finance.budgets import (
    FINANCE_EVENTS,
    approve_budget,
    budget_in,
    events,
    new_plan_version,
    record_quarter,
    return_budget,
    start_budget,
    submit_budget,
)
from tests.finance.service_calls import call_grant
from tests.finance.worlds import RETURN_COMMENT, REVISION_REASON, eur, long_date, refused
from tests.improvement_plans.plans import fresh

# The history on the trajectory's timeline


def test_every_step_writes_an_event_with_its_actor_and_comment(world):
    budget = budget_in(world, "returned")
    submit_budget(world, budget, user=world[STAFF])
    approve_budget(world, budget)
    call_grant(world, SimpleNamespace(budget=budget), world[STAFF])
    record_quarter(world, budget, user=world[BOARD])
    version_2 = new_plan_version(world, budget.plan)
    start_budget(world, version_2, reason=f"  {REVISION_REASON}  ")
    today = long_date(timezone.localdate())
    assert events(budget.trajectory, FINANCE_EVENTS) == [
        (BudgetEventKind.BUDGET_STARTED, world[FINANCIAL_EXPERT], "Versie 1"),
        (BudgetEventKind.BUDGET_SUBMITTED, world[FINANCIAL_EXPERT], "Versie 1"),
        (BudgetEventKind.BUDGET_RETURNED, world[EXPERT_GROUP], RETURN_COMMENT),
        (BudgetEventKind.BUDGET_SUBMITTED, world[STAFF], "Versie 1"),
        (
            BudgetEventKind.BUDGET_APPROVED,
            world[EXPERT_GROUP],
            f"Versie 1: {eur('10.000,00')} van de gemeente toegezegd",
        ),
        (BudgetEventKind.GRANT_DECISION, world[STAFF], f"DMO/2009/0042 van {today}: {eur('10.000,00')}"),
        (BudgetEventKind.REALISATION, world[BOARD], f"1e kwartaal 2009: {eur('5.000,00')} besteed"),
        (BudgetEventKind.BUDGET_REVISED, world[FINANCIAL_EXPERT], f"Versie 2: {REVISION_REASON}"),
    ]
    # The timeline reads in Dutch.
    kinds = {event.kind: event.get_kind_display() for event in budget.trajectory.events.all()}
    assert (
        kinds[BudgetEventKind.BUDGET_APPROVED]
        == "Begroting goedgekeurd: de bijdrage van de gemeente is toegezegd"
    )
    assert kinds[BudgetEventKind.GRANT_DECISION] == "Beschikking vastgelegd"


def test_a_refused_step_writes_no_event(world):
    budget = budget_in(world, "submitted")
    count = budget.trajectory.events.count()
    refused(lambda: return_budget(world, budget, comments=""))
    refused(lambda: approve_budget(world, budget, user=world[STAFF]), PermissionDenied)
    assert budget.trajectory.events.count() == count


def test_the_plan_status_is_untouched_by_the_budget(world):
    budget = budget_in(world, "approved")
    assert fresh(budget.plan).status == SubmissionStatus.APPROVED
    assert Trajectory.objects.get(pk=budget.trajectory_id).phase == Phase.EXECUTION
