"""Two people click at once on a budget: exactly one step happens, the other is refused with a Dutch message.

As in tests/improvement_plans/test_services_concurrency.py: each click runs in its own thread with its own database
connection, a barrier starts them together, and the service is slowed down after its change (just before its
transaction commits), so the second click always arrives while the first holds the trajectory's row lock. Without
that lock (and the re-reading of the budget after it) both clicks would pass the status check.
"""

import time
from decimal import Decimal

import pytest

from finance import services
from finance.constants import BudgetEventKind, Quarter
from finance.models import Budget, BudgetReview, RealisationQuarter
from improvement_plans.models import TrajectoryEvent
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.actors import BOARD, EXPERT_GROUP, FINANCIAL_EXPERT, STAFF
from tests.concurrency import at_once, one_wins, run_each
from tests.factories import UserFactory
from tests.finance.budgets import budget_in, fresh_budget, record_quarter
from tests.finance.worlds import RETURN_COMMENT, WAIVED_ON, make_world
from tests.improvement_plans.plans import new_plan

pytestmark = pytest.mark.django_db(transaction=True)

PAUSE = 0.2  # seconds a service holds its lock after its change


def slow_down(monkeypatch):
    """The services record the trajectory's event last, inside their transaction: pause there."""
    # Each services module looks the helper up in its own namespace: slow it down in every one that uses it.
    for module in (services.budget, services.spending, services.expert_costs):
        if not hasattr(module, "record_event"):
            continue
        original = module.record_event

        def slowed(*args, original=original, **kwargs):
            result = original(*args, **kwargs)
            time.sleep(PAUSE)
            return result

        monkeypatch.setattr(module, "record_event", slowed)


def approve(budget, user):
    return lambda: services.budget_approve(
        user=user, budget=budget, waiver_confirmed=True, equalisation_waived_on=WAIVED_ON
    )


def budget_events(budget, kind) -> int:
    return TrajectoryEvent.objects.filter(trajectory=budget.trajectory_id, kind=kind).count()


def two_expert_group_members_approve_the_same_budget(world, slow):
    budget = budget_in(world, "submitted")
    other_member = UserFactory(role=Role.EXPERT_GROUP)
    slow()
    winner, error = one_wins(at_once(approve(budget, world[EXPERT_GROUP]), approve(budget, other_member)))
    assert error.messages == ["Er is geen ingediende begroting om te beoordelen."]
    budget = fresh_budget(budget)
    assert budget.status == SubmissionStatus.APPROVED
    review = BudgetReview.objects.get(budget=budget)
    assert (review.decision, review.decided_by) == (
        ReviewDecision.APPROVED,
        [world[EXPERT_GROUP], other_member][winner],
    )
    assert budget_events(budget, BudgetEventKind.BUDGET_APPROVED) == 1
    assert budget.history.filter(status=SubmissionStatus.APPROVED).count() == 1


def approve_and_return_at_once(world, slow):
    budget = budget_in(world, "submitted")
    other_member = UserFactory(role=Role.EXPERT_GROUP)
    slow()
    winner, error = one_wins(
        at_once(
            approve(budget, world[EXPERT_GROUP]),
            lambda: services.budget_return(user=other_member, budget=budget, comments=RETURN_COMMENT),
        )
    )
    assert error.messages == ["Er is geen ingediende begroting om te beoordelen."]
    budget = fresh_budget(budget)
    review = BudgetReview.objects.get(budget=budget)
    if winner == 0:
        assert (budget.status, review.decision) == (SubmissionStatus.APPROVED, ReviewDecision.APPROVED)
    else:
        assert (budget.status, review.decision) == (SubmissionStatus.RETURNED, ReviewDecision.RETURNED)
    assert (
        TrajectoryEvent.objects.filter(
            trajectory=budget.trajectory_id,
            kind__in=[BudgetEventKind.BUDGET_APPROVED, BudgetEventKind.BUDGET_RETURNED],
        ).count()
        == 1
    )


def two_people_submit_the_same_version(world, slow):
    budget = budget_in(world, "draft")
    version = budget.version
    slow()
    _winner, error = one_wins(
        at_once(
            lambda: services.budget_submit(
                user=world[FINANCIAL_EXPERT], budget=budget, expected_version=version
            ),
            lambda: services.budget_submit(user=world[STAFF], budget=budget, expected_version=version),
        )
    )
    assert error.messages == ["Deze begroting is ingediend en kan niet worden gewijzigd."]
    assert BudgetReview.objects.filter(budget=budget).count() == 1
    assert fresh_budget(budget).version == version + 1


def two_people_start_the_same_budget(world, slow):
    plan = new_plan(world)
    slow()
    _winner, error = one_wins(
        at_once(
            lambda: services.budget_create(user=world[FINANCIAL_EXPERT], plan=plan),
            lambda: services.budget_create(user=world[STAFF], plan=plan),
        )
    )
    assert error.messages == ["Deze versie van het plan heeft al een begroting."]
    assert Budget.objects.filter(trajectory=plan.trajectory).count() == 1
    assert budget_events(Budget.objects.get(plan=plan), BudgetEventKind.BUDGET_STARTED) == 1


def two_people_record_the_same_new_quarter(world, slow):
    budget = budget_in(world, "approved")
    line = budget.lines.get()
    slow()
    _winner, error = one_wins(
        at_once(
            lambda: record_quarter(world, budget, user=world[BOARD]),
            lambda: record_quarter(
                world,
                budget,
                user=world[FINANCIAL_EXPERT],
                amounts={line.pk: (Decimal("10.00"), Decimal("0"))},
            ),
        )
    )
    assert error.message_dict == {
        "quarter": ["De besteding van het 1e kwartaal 2009 is al vastgelegd; wijzig die daar."]
    }
    record = RealisationQuarter.objects.get(trajectory=budget.trajectory, year=2009, quarter=1)
    assert (record.version, record.entries.count()) == (1, 1)


def two_people_correct_the_same_quarter(world, slow):
    budget = budget_in(world, "approved")
    record = record_quarter(world, budget, quarter=Quarter(2009, 2))
    line = budget.lines.get()

    def correct(user, municipality_amount: str):
        return lambda: record_quarter(
            world,
            budget,
            quarter=Quarter(2009, 2),
            user=user,
            amounts={line.pk: (Decimal(municipality_amount), Decimal("1000.00"))},
            expected_version=record.version,
        )

    slow()
    winner, error = one_wins(
        at_once(correct(world[BOARD], "4100.00"), correct(world[FINANCIAL_EXPERT], "4200.00"))
    )
    assert "Iemand anders heeft de besteding van dit kwartaal opgeslagen" in error.messages[0]
    record.refresh_from_db()
    assert record.version == 2
    assert record.entries.get().municipality_amount == [Decimal("4100.00"), Decimal("4200.00")][winner]


SCENARIOS = [
    two_expert_group_members_approve_the_same_budget,
    approve_and_return_at_once,
    two_people_submit_the_same_version,
    two_people_start_the_same_budget,
    two_people_record_the_same_new_quarter,
    two_people_correct_the_same_quarter,
]


def test_two_people_click_at_once(subtests, monkeypatch):
    """Budgets and spending: every scenario above as a subtest of one transactional test (see `run_each`)."""
    run_each(SCENARIOS, subtests, monkeypatch, make_world, lambda patch: lambda: slow_down(patch))
