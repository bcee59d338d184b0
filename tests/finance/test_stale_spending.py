"""No lost updates on a quarter's spending (ADR 14): two people open the same recorded quarter and both save; the
second is refused with who changed it and what, keeps what they typed, and — the form now carrying the quarter's
current version — their next save goes through."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from finance import services
from finance.constants import Quarter
from finance.models import BudgetLine, RealisationQuarter
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    GoalFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.stale_saves import refusal, saved_by, signed_in, version_on

KEPT = "Uw wijzigingen zijn niet opgeslagen. Uw invoer staat hieronder nog: neem over wat u wilt houden"
TODAY = timezone.localdate()
LAST_QUARTER = Quarter.of(Quarter.of(TODAY).first_day - datetime.timedelta(days=1))


@pytest.fixture
def recorded(board, board_user):
    """A quarter's spending recorded on the one line of an approved budget, in a trajectory in execution whose
    financial expert is assigned."""
    trajectory = TrajectoryFactory(
        school__board=board,
        phase=Phase.EXECUTION,
        registered_on=TODAY - datetime.timedelta(days=540),
        execution_started_on=TODAY - datetime.timedelta(days=360),
        financial_expert=UserFactory(role=Role.FINANCIAL_EXPERT, first_name="Fatima", last_name="El Amrani"),
    )
    plan = ImprovementPlanFactory(trajectory=trajectory, status="goedgekeurd")
    budget = BudgetFactory(
        plan=plan, approved=True, approved_at=timezone.now() - datetime.timedelta(days=300)
    )
    line = BudgetLineFactory(budget=budget, measure=MeasureFactory(goal=GoalFactory(plan=plan)))
    return services.realisation_save(
        user=board_user,
        trajectory=trajectory,
        quarter=LAST_QUARTER,
        amounts={line.pk: (Decimal("100"), None)},
        note="Eerste opgave.",
    )


def path(record) -> str:
    return f"/trajecten/{record.trajectory_id}/realisatie/{record.year}/{record.quarter}/"


def spending(record, version, *, municipality: str, note: str) -> dict:
    line = BudgetLine.objects.get(budget__plan__trajectory=record.trajectory)
    return {
        "version": version,
        f"municipality_{line.pk}": municipality,
        f"board_{line.pk}": "",
        "note": note,
    }


def test_the_second_save_of_a_quarter_names_the_first_change_and_goes_through_after_reading_it(
    recorded, board_user
):
    url = path(recorded)
    first, second = signed_in(recorded.trajectory.financial_expert), signed_in(board_user)
    seen = version_on(first.get(url).content.decode())
    assert version_on(second.get(url).content.decode()) == seen

    changed = spending(recorded, seen, municipality="200", note="Factuur van de teamscholing erbij.")
    assert first.post(url, changed).status_code == 302

    typed = spending(recorded, seen, municipality="999", note="Mijn correctie.")
    content = refusal(second.post(url, typed))
    recorded.refresh_from_db()
    assert (
        "Iemand anders heeft de besteding van dit kwartaal opgeslagen terwijl u eraan werkte "
        f"{saved_by(recorded)}: Toelichting → „Factuur van de teamscholing erbij.”. " + KEPT
    ) in content
    assert 'value="999"' in content and "Mijn correctie." in content  # what the second person typed
    assert recorded.note == "Factuur van de teamscholing erbij."
    assert recorded.entries.get().municipality_amount == Decimal("200.00")

    # Having read what changed, the second person saves again: based on the version the refusal brought.
    assert version_on(content) == recorded.version
    assert second.post(url, {**typed, "version": version_on(content)}).status_code == 302
    recorded = RealisationQuarter.objects.get(pk=recorded.pk)
    assert recorded.note == "Mijn correctie."
    assert recorded.entries.get().municipality_amount == Decimal("999.00")
