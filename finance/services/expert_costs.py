"""The hours the external experts worked on a trajectory per quarter and their hourly rates: paid by the
municipality alone, apart from the co-financed budget."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from improvement_plans.selectors import education_experts, financial_experts
from improvement_plans.services.trajectory import lock_trajectory, require_phase
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core.concurrency import (
    KEPT_ON_FORM,
    NOT_REMOVED,
    ensure_current,
    removed_refusal,
    with_stale_refusal,
)
from kwaliteitsaanpak.core.money import format_money
from kwaliteitsaanpak.core.workflow import bump_version
from kwaliteitsaanpak.permissions import not_allowed, require_permission

from ..constants import MAX_EXPERT_HOURS_PER_QUARTER, MAX_HOURLY_RATE, Quarter
from ..models import ExpertCost
from .checks import check_quarter, money_errors


@transaction.atomic
def expert_cost_save(
    *,
    user: User,
    trajectory: Trajectory,
    cost: ExpertCost | None = None,
    expert: User | None,
    quarter: Quarter | None,
    hours: Decimal | None,
    hourly_rate: Decimal | None,
    note: str = "",
    expected_version: int | None = None,
) -> ExpertCost:
    """Record (or correct) the hours an education or financial expert worked on a trajectory in a quarter, and
    the hourly rate. One record per expert and quarter. A correction based on `expected_version` is refused when
    someone saved the record since (ADR 14)."""
    require_permission(user, "finance.record_expert_costs", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, *[phase for phase in Phase if phase != Phase.REGISTERED])
    if cost is not None:
        cost = _current_cost(cost, trajectory, None)  # its version is checked with the fields, below
    errors: dict[str, str | list[str]] = {}
    experts = set(education_experts().values_list("pk", flat=True)) | set(
        financial_experts().values_list("pk", flat=True)
    )
    if expert is None:
        errors["expert"] = _("Choose the expert.")
    elif expert.pk not in experts and (cost is None or cost.expert_id != expert.pk):
        errors["expert"] = _("Choose an education or financial expert.")
    try:
        check_quarter(trajectory, quarter)
    except ValidationError as error:
        errors.update(error.message_dict)
    if hours is None:
        errors["hours"] = _("Enter the number of hours.")
    elif not isinstance(hours, Decimal) or not hours.is_finite():
        errors["hours"] = _("Enter a number of hours, for example 12,5.")
    elif hours != hours.quantize(Decimal("0.01")):
        errors["hours"] = _("Enter the hours with at most two digits after the comma, for example 12,25.")
    elif hours <= 0:
        errors["hours"] = _("Enter a number of hours above zero.")
    elif hours > MAX_EXPERT_HOURS_PER_QUARTER:
        errors["hours"] = _("A quarter has at most %(max)s working hours; check the number.") % {
            "max": MAX_EXPERT_HOURS_PER_QUARTER
        }
    errors.update(money_errors({"hourly_rate": hourly_rate}, {"hourly_rate": _("Enter the hourly rate.")}))
    if "hourly_rate" not in errors and hourly_rate == 0:
        errors["hourly_rate"] = _("Enter an hourly rate above zero.")
    elif hourly_rate is not None and "hourly_rate" not in errors and hourly_rate > MAX_HOURLY_RATE:
        errors["hourly_rate"] = _("An hourly rate above %(max)s is not plausible; check the amount.") % {
            "max": format_money(MAX_HOURLY_RATE)
        }
    if errors or expert is None or quarter is None or hours is None or hourly_rate is None:
        raise with_stale_refusal(errors, cost, expected_version)  # a missing value always has its error
    same = ExpertCost.objects.filter(
        trajectory=trajectory, expert=expert, year=quarter.year, quarter=quarter.number
    )
    if cost is not None:
        same = same.exclude(pk=cost.pk)
    if same.exists():
        raise with_stale_refusal(
            {
                "quarter": _(
                    "The hours of %(expert)s in %(quarter)s have already been recorded; change that line instead."
                )
                % {"expert": expert, "quarter": quarter}
            },
            cost,
            expected_version,
        )
    if cost is None:
        cost = ExpertCost(trajectory=trajectory)
    else:
        bump_version(cost, expected_version)
    cost.expert, cost.year, cost.quarter = expert, quarter.year, quarter.number
    cost.hours, cost.hourly_rate, cost.note = hours, hourly_rate, note.strip()
    cost.recorded_by, cost.recorded_at = user, timezone.now()
    cost.save()
    return cost


def _current_cost(
    cost: ExpertCost, trajectory: Trajectory, expected_version: int | None, *, after=KEPT_ON_FORM
) -> ExpertCost:
    """The stored record (read under the trajectory's lock), refused when someone saved it after
    `expected_version` or removed it meanwhile."""
    if cost.trajectory_id != trajectory.pk:
        raise not_allowed()
    current = ExpertCost.objects.filter(pk=cost.pk).first()
    if current is None:
        raise ValidationError(removed_refusal(cost, after=after))
    ensure_current(current, expected_version, after=after)
    return current


@transaction.atomic
def expert_cost_remove(*, user: User, cost: ExpertCost, expected_version: int | None = None) -> None:
    """Remove a line recorded by mistake (its history is kept); not when someone saved it after
    `expected_version`."""
    require_permission(user, "finance.record_expert_costs", cost.trajectory)
    trajectory = lock_trajectory(cost.trajectory)
    cost = _current_cost(cost, trajectory, expected_version, after=NOT_REMOVED)
    cost.delete()
