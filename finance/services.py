"""Every change to budgets, grant decisions, spending and the experts' costs.

Each service checks the acting user's permission (`rules`) and the trajectory's phase, runs in a transaction on the
locked trajectory row (as the plan's services do, ADR 5), and records what happened on the trajectory's timeline.
A broken rule raises ValidationError with a plain-Dutch message (per field where there is one); a missing
permission raises PermissionDenied. Amounts are Decimals; a float is refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from improvement_plans.constants import EventKind, Phase, PlanStatus, ReviewDecision
from improvement_plans.models import ImprovementPlan, Measure, Trajectory
from improvement_plans.selectors import education_experts, financial_experts
from improvement_plans.services import (
    bump_version,
    check_past_date,
    lock_trajectory,
    long_date,
    plan_period,
    record_decision,
    record_event,
    require_permission,
    require_phase,
)
from kwaliteitsaanpak.core.money import format_money, to_cents

from .constants import (
    MAX_EXPERT_HOURS_PER_QUARTER,
    MAX_HOURLY_RATE,
    MONEY_DIGITS,
    OPEN_BUDGET_STATUSES,
    BudgetStatus,
    CostCategory,
    Quarter,
    school_year_label,
    school_years_between,
)
from .models import (
    Budget,
    BudgetLine,
    BudgetReview,
    ExpertCost,
    GrantDecision,
    RealisationDocument,
    RealisationEntry,
    RealisationQuarter,
)
from .selectors import municipality_share

BUDGET_PHASES = (Phase.PLAN, Phase.EXECUTION)
SPENDING_PHASES = (Phase.EXECUTION, Phase.SUSTAINING)

# What a money column holds (numeric(12, 2)): from here on the database would refuse the amount.
LARGEST_AMOUNT = Decimal(10) ** (MONEY_DIGITS - 2)

STALE_BUDGET = gettext_lazy(
    "Someone else saved this budget while you were working on it. Your changes have not been saved; "
    "open the budget again to see the latest version."
)
STALE_REALISATION = gettext_lazy(
    "Someone else saved the spending of this quarter while you were working on it. Your changes have not been "
    "saved; open the quarter again to see the latest figures."
)


def _money_errors(values: Mapping[str, object], required: Mapping[str, str]) -> dict[str, str]:
    """What is wrong with amounts in euros: missing, not a Decimal, negative or with fractions of cents."""
    errors = {}
    for name, value in values.items():
        if value is None:
            errors[name] = required[name]
        elif not isinstance(value, Decimal) or not value.is_finite():
            errors[name] = _("Enter an amount in euros, for example 12.345,67.")
        elif value < 0:
            errors[name] = _("An amount cannot be negative.")
        elif value != to_cents(value):
            errors[name] = _("Enter an amount in euros and cents: at most two digits after the comma.")
        elif value >= LARGEST_AMOUNT:
            errors[name] = _("This amount is too large.")
    return errors


# The budget


def _editable_budget(user, budget: Budget) -> Budget:
    """The budget, re-read under a lock on its trajectory, while it may be changed."""
    require_permission(user, "finance.work_on_budget", budget.trajectory)
    trajectory = lock_trajectory(budget.trajectory)
    require_phase(trajectory, *BUDGET_PHASES)
    budget = Budget.objects.select_related("plan", "trajectory__school").get(pk=budget.pk)
    if not budget.is_editable:
        raise ValidationError(
            _("This budget is %(status)s and cannot be changed.")
            % {"status": budget.get_status_display().lower()}
        )
    return budget


def _touch(budget: Budget) -> None:
    """A line changed: the budget's edit version moves on, so a submit based on what the user saw before that
    change is refused (optimistic locking)."""
    budget.version += 1
    budget.save(update_fields=["version"])


def _counterparts(plan: ImprovementPlan, earlier_plan: ImprovementPlan) -> dict[int, Measure]:
    """For each measure of `earlier_plan` that `plan` still has (following the copies through the versions in
    between): measure id in the earlier version → the measure in `plan`."""
    measures = Measure.objects.filter(
        goal__plan__trajectory_id=plan.trajectory_id,
        goal__plan__number__gte=earlier_plan.number,
        goal__plan__number__lte=plan.number,
    ).select_related("goal")
    by_id = {measure.pk: measure for measure in measures}
    result = {}
    for measure in by_id.values():
        if measure.goal.plan_id != plan.pk:
            continue
        ancestor = measure
        while ancestor is not None and ancestor.goal.plan_id != earlier_plan.pk:
            ancestor = by_id.get(ancestor.previous_id)
        if ancestor is not None:
            result[ancestor.pk] = measure
    return result


@transaction.atomic
def budget_create(*, user, plan: ImprovementPlan, reason: str = "") -> Budget:
    """Start the budget of a plan version.

    When an earlier plan version has a budget, this is a revision: it needs a reason, copies the lines of the newest
    earlier budget onto the same measures in this version (lines of measures this version dropped are left out),
    and replaces an earlier budget that was never approved (not while the expert group is judging it, which would
    leave its review pending). An approved earlier budget stays approved, and its
    money committed, until the expert group approves the revision.
    """
    require_permission(user, "finance.work_on_budget", plan.trajectory)
    trajectory = lock_trajectory(plan.trajectory)
    require_phase(trajectory, *BUDGET_PHASES)
    plan = ImprovementPlan.objects.get(pk=plan.pk)
    if Budget.objects.filter(plan=plan).exists():
        raise ValidationError(_("This version of the plan already has a budget."))
    if plan.status == PlanStatus.SUPERSEDED or trajectory.plans.filter(number__gt=plan.number).exists():
        raise ValidationError(
            _("A later version of the plan exists: draw up the budget of the newest version.")
        )
    earlier = (
        Budget.objects.filter(trajectory=trajectory).select_related("plan").order_by("-plan__number").first()
    )
    if earlier is None:
        budget = Budget.objects.create(trajectory=trajectory, plan=plan, created_by=user)
        record_event(
            trajectory, EventKind.BUDGET_STARTED, user, _("Version %(number)s") % {"number": plan.number}
        )
        return budget
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for revising the budget, e.g. the audit's conclusion.")}
        )
    if earlier.status == BudgetStatus.SUBMITTED:
        raise ValidationError(
            _(
                "The budget of version %(number)s is waiting for the expert group's decision: revise it once the "
                "expert group has approved or returned it."
            )
            % {"number": earlier.number}
        )
    if earlier.status in OPEN_BUDGET_STATUSES:
        earlier.status = BudgetStatus.SUPERSEDED
        earlier.save(update_fields=["status"])
    budget = Budget.objects.create(
        trajectory=trajectory, plan=plan, created_by=user, change_reason=reason.strip()
    )
    counterparts = _counterparts(plan, earlier.plan)
    BudgetLine.objects.bulk_create(
        BudgetLine(
            budget=budget,
            measure=counterparts[line.measure_id],
            lineage=line.lineage,
            school_year=line.school_year,
            category=line.category,
            description=line.description,
            amount=line.amount,
            municipality_amount=line.municipality_amount,
            board_amount=line.board_amount,
        )
        for line in earlier.lines.order_by("id")
        if line.measure_id in counterparts
    )
    record_event(
        trajectory,
        EventKind.BUDGET_REVISED,
        user,
        _("Version %(number)s: %(reason)s") % {"number": plan.number, "reason": budget.change_reason},
    )
    return budget


def budget_school_years(plan: ImprovementPlan) -> list[int]:
    """The school years the plan's measures run in: the years a budget line can be for."""
    measures = list(Measure.objects.filter(goal__plan=plan).values_list("starts_on", "ends_on"))
    if not measures:
        return []
    return school_years_between(min(start for start, _end in measures), max(end for _start, end in measures))


@transaction.atomic
def budget_line_save(
    *,
    user,
    budget: Budget,
    line: BudgetLine | None = None,
    measure: Measure | None,
    school_year: int | None,
    category: str,
    description: str = "",
    amount: Decimal | None,
    municipality_amount: Decimal | None,
    board_amount: Decimal | None,
) -> BudgetLine:
    """Add or change a line: for a measure of the budget's plan version, in a school year in which the measure
    runs, in a cost category, with the municipality's and the board's shares adding up to its amount."""
    budget = _editable_budget(user, budget)
    if line is not None and line.budget_id != budget.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    if line is not None and not BudgetLine.objects.filter(pk=line.pk).exists():
        # Removed by someone else since it was opened: saving it would bring it back.
        raise ValidationError(str(STALE_BUDGET))
    errors = {}
    if measure is None:
        errors["measure"] = _("Choose the measure this amount is for.")
    elif measure.goal.plan_id != budget.plan_id:
        errors["measure"] = _("Choose a measure of this version of the plan.")
    if category not in CostCategory.values:
        errors["category"] = _("Choose the cost category.")
    amounts = {"amount": amount, "municipality_amount": municipality_amount, "board_amount": board_amount}
    errors.update(
        _money_errors(
            amounts,
            {
                "amount": _("Enter the amount of this line."),
                "municipality_amount": _("Enter the municipality's share; 0 when it pays nothing."),
                "board_amount": _("Enter the board's share; 0 when it pays nothing."),
            },
        )
    )
    if "amount" not in errors and amount == 0:
        errors["amount"] = _("Enter an amount above zero.")
    if not errors.keys() & amounts.keys() and municipality_amount + board_amount != amount:
        errors["amount"] = _(
            "The shares do not add up to the amount of %(amount)s: the municipality's %(municipality)s and the "
            "board's %(board)s make %(sum)s. Change the amount or the shares."
        ) % {
            "amount": format_money(amount),
            "municipality": format_money(municipality_amount),
            "board": format_money(board_amount),
            "sum": format_money(municipality_amount + board_amount),
        }
    if school_year is None:
        errors["school_year"] = _("Choose the school year.")
    elif "measure" not in errors:
        years = school_years_between(measure.starts_on, measure.ends_on)
        if school_year not in years:
            errors["school_year"] = _(
                "The measure runs from %(start)s to %(end)s: choose the school year %(years)s."
            ) % {
                "start": long_date(measure.starts_on),
                "end": long_date(measure.ends_on),
                "years": _(" or ").join(school_year_label(year) for year in years),
            }
    if errors:
        raise ValidationError(errors)
    line = line or BudgetLine(budget=budget)
    line.measure, line.school_year, line.category = measure, school_year, category
    line.description = description.strip()
    line.amount, line.municipality_amount, line.board_amount = amount, municipality_amount, board_amount
    line.save()
    _touch(budget)
    return line


@transaction.atomic
def budget_line_remove(*, user, line: BudgetLine) -> None:
    """Remove a line from a budget that is still being drawn up (a decided budget keeps its lines)."""
    budget = _editable_budget(user, line.budget)
    line.delete()
    _touch(budget)


def budget_missing_parts(budget: Budget) -> list[str]:
    """Why the budget cannot be submitted yet, in plain words (empty when it can)."""
    missing = []
    if not budget.lines.exists():
        missing.append(_("The budget has no lines yet: add at least one amount."))
    if budget.plan.status not in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        missing.append(
            _(
                "The budget is submitted with its plan: version %(number)s of the improvement plan has to be submitted first."
            )
            % {"number": budget.plan.number}
        )
    return missing


@transaction.atomic
def budget_submit(*, user, budget: Budget, expected_version: int) -> BudgetReview:
    """Submit the budget to the expert group, with (or after) its plan version."""
    require_permission(user, "finance.submit_budget", budget.trajectory)
    budget = _editable_budget(user, budget)
    missing = budget_missing_parts(budget)
    if missing:
        raise ValidationError(" ".join(missing))
    bump_version(budget, expected_version, STALE_BUDGET)
    budget.status = BudgetStatus.SUBMITTED
    budget.save()
    review = BudgetReview.objects.create(budget=budget, submitted_by=user)
    record_event(
        budget.trajectory,
        EventKind.BUDGET_SUBMITTED,
        user,
        _("Version %(number)s") % {"number": budget.number},
    )
    return review


def _pending_budget_review(user, budget: Budget) -> tuple[Trajectory, Budget, BudgetReview]:
    require_permission(user, "finance.review_budget", budget.trajectory)
    trajectory = lock_trajectory(budget.trajectory)
    require_phase(trajectory, *BUDGET_PHASES)
    budget = Budget.objects.select_related("plan").get(pk=budget.pk)
    if budget.status != BudgetStatus.SUBMITTED:
        raise ValidationError(_("There is no submitted budget to judge."))
    return trajectory, budget, budget.reviews.get(decision="")


@transaction.atomic
def budget_approve(
    *,
    user,
    budget: Budget,
    waiver_confirmed: bool,
    equalisation_waived_on: datetime.date | None,
    comments: str = "",
) -> Budget:
    """The expert group approves the budget of an approved plan version: the municipality's share is committed,
    the board's waiver of financial equalisation is recorded, and an earlier approved budget is superseded."""
    trajectory, budget, review = _pending_budget_review(user, budget)
    if budget.plan.status != PlanStatus.APPROVED:
        raise ValidationError(
            _(
                "The municipality co-finances an approved plan only: approve version %(number)s of the improvement "
                "plan first, or return the budget."
            )
            % {"number": budget.plan.number}
        )
    errors = {}
    if not waiver_confirmed:
        errors["waiver_confirmed"] = _(
            "Confirm that the school board has waived its claims to financial equalisation; the agreement requires it."
        )
    if equalisation_waived_on is None:
        errors["equalisation_waived_on"] = _("Enter the date on which the board waived its claims.")
    else:
        try:
            check_past_date(
                equalisation_waived_on,
                field="equalisation_waived_on",
                not_before=trajectory.registered_on,
                before_message=_("The waiver cannot date from before the registration on %(date)s.")
                % {"date": long_date(trajectory.registered_on)},
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    record_decision(review, ReviewDecision.APPROVED, user, comments)
    for earlier in Budget.objects.filter(trajectory=trajectory, status=BudgetStatus.APPROVED):
        earlier.status = BudgetStatus.SUPERSEDED
        earlier.save(update_fields=["status"])  # save(), not update(): the budget's history records it
    budget.status, budget.approved_at = BudgetStatus.APPROVED, timezone.now()
    budget.equalisation_waived_on = equalisation_waived_on
    budget.version += 1
    budget.save()
    record_event(
        trajectory,
        EventKind.BUDGET_APPROVED,
        user,
        _("Version %(number)s: %(amount)s of the municipality committed")
        % {"number": budget.number, "amount": format_money(municipality_share(budget))},
    )
    return budget


@transaction.atomic
def budget_return(*, user, budget: Budget, comments: str) -> Budget:
    """The expert group returns the budget with comments; it can be changed and submitted again."""
    require_permission(user, "finance.review_budget", budget.trajectory)
    if not comments.strip():
        raise ValidationError(
            {"comments": _("Write down what has to change before the budget can be approved.")}
        )
    trajectory, budget, review = _pending_budget_review(user, budget)
    record_decision(review, ReviewDecision.RETURNED, user, comments)
    budget.status = BudgetStatus.RETURNED
    budget.version += 1
    budget.save()
    record_event(trajectory, EventKind.BUDGET_RETURNED, user, review.comments)
    return budget


# The grant decision (beschikking)


@transaction.atomic
def grant_decision_save(
    *, user, budget: Budget, date: datetime.date | None, reference: str, amount: Decimal | None
) -> GrantDecision:
    """Record (or correct) the municipality's grant decision on an approved budget: dated on or after the
    approval, with a reference of its own, for at most the approved municipal share."""
    require_permission(user, "finance.record_grant_decision", budget.trajectory)
    trajectory = lock_trajectory(budget.trajectory)
    budget = Budget.objects.get(pk=budget.pk)
    if budget.status != BudgetStatus.APPROVED:
        raise ValidationError(_("A grant decision is recorded for the approved budget only."))
    errors = {}
    reference = reference.strip()
    if not reference:
        errors["reference"] = _("Enter the reference of the grant decision.")
    elif GrantDecision.objects.filter(reference__iexact=reference).exclude(budget=budget).exists():
        errors["reference"] = _("Another grant decision already has the reference %(reference)s.") % {
            "reference": reference
        }
    errors.update(_money_errors({"amount": amount}, {"amount": _("Enter the granted amount.")}))
    share = municipality_share(budget)
    if "amount" not in errors and amount == 0:
        errors["amount"] = _("Enter an amount above zero.")
    elif "amount" not in errors and amount > share:
        errors["amount"] = _("The grant may not exceed the approved municipal share of %(share)s.") % {
            "share": format_money(share)
        }
    if date is None:
        errors["date"] = _("Enter the date of the grant decision.")
    else:
        approved_on = timezone.localdate(budget.approved_at)
        try:
            check_past_date(
                date,
                field="date",
                not_before=approved_on,
                before_message=_(
                    "The grant decision follows the approval of the budget on %(date)s: choose that day or later."
                )
                % {"date": long_date(approved_on)},
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    decision = GrantDecision.objects.filter(budget=budget).first() or GrantDecision(budget=budget)
    decision.date, decision.reference, decision.amount = date, reference, amount
    decision.recorded_by, decision.recorded_at = user, timezone.now()
    decision.save()
    record_event(
        trajectory,
        EventKind.GRANT_DECISION,
        user,
        _("%(reference)s of %(date)s: %(amount)s")
        % {"reference": reference, "date": long_date(date), "amount": format_money(amount)},
    )
    return decision


# What was spent per quarter


def reporting_quarters(trajectory: Trajectory) -> tuple[Quarter, Quarter]:
    """The first and last quarter spending or the experts' hours can be recorded for: from the quarter of the
    registration until the end of the plan period, and no later than the current quarter."""
    _first_day, last_day = plan_period(trajectory)
    return Quarter.of(trajectory.registered_on), min(Quarter.of(last_day), Quarter.of(timezone.localdate()))


def check_quarter(trajectory: Trajectory, quarter: Quarter | None, field: str = "quarter") -> None:
    """A quarter within the trajectory that has begun (else a ValidationError on `field`)."""
    if quarter is None:
        raise ValidationError({field: _("Choose the quarter.")})
    first = Quarter.of(trajectory.registered_on)
    last = Quarter.of(plan_period(trajectory)[1])
    if quarter < first:
        message = _("The trajectory started in %(first)s: choose that quarter or a later one.") % {
            "first": first
        }
    elif quarter > last:
        message = _("The trajectory runs until %(last)s: choose that quarter or an earlier one.") % {
            "last": last
        }
    elif quarter.first_day > timezone.localdate():
        message = _("%(quarter)s has not begun yet: record it once the quarter has started.") % {
            "quarter": quarter.label.capitalize()
        }
    else:
        return
    raise ValidationError({field: message})


@transaction.atomic
def realisation_save(
    *,
    user,
    trajectory: Trajectory,
    quarter: Quarter | None,
    amounts: Mapping[int, tuple[Decimal | None, Decimal | None]],
    note: str = "",
    expected_version: int | None = None,
) -> RealisationQuarter:
    """Record what was spent in a quarter, per line of the approved budget (line id → (from the municipality's
    share, from the board's share)); saving a recorded quarter again corrects it (pass the version that was
    read). A line left at zero has no spending in that quarter."""
    require_permission(user, "finance.record_realisation", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, *SPENDING_PHASES)
    budget = Budget.objects.filter(trajectory=trajectory, status=BudgetStatus.APPROVED).first()
    if budget is None:
        raise ValidationError(
            _(
                "Spending is recorded against the approved budget, and this trajectory has no approved budget yet."
            )
        )
    check_quarter(trajectory, quarter)
    lines = {line.pk: line for line in budget.lines.all()}
    if any(line_id not in lines for line_id in amounts):
        raise ValidationError(_("An amount belongs to a line of another budget. Open the quarter again."))
    for municipality, board in amounts.values():
        errors = _money_errors({"municipality": municipality or Decimal(0), "board": board or Decimal(0)}, {})
        if errors:
            raise ValidationError(next(iter(errors.values())))
    record = RealisationQuarter.objects.filter(
        trajectory=trajectory, year=quarter.year, quarter=quarter.number
    ).first()
    if record is None:
        record = RealisationQuarter(
            trajectory=trajectory, year=quarter.year, quarter=quarter.number, recorded_by=user
        )
    elif expected_version is None:
        raise ValidationError(
            {
                "quarter": _("The spending of %(quarter)s has already been recorded; change it there.")
                % {"quarter": quarter}
            }
        )
    else:
        bump_version(record, expected_version, STALE_REALISATION)
    record.note = note.strip()
    record.save()
    entries = {entry.lineage: entry for entry in record.entries.all()}
    for line_id, (municipality, board) in amounts.items():
        line = lines[line_id]
        municipality, board = municipality or Decimal(0), board or Decimal(0)
        entry = entries.get(line.lineage)
        if not municipality and not board:
            if entry is not None:
                entry.delete()
            continue
        entry = entry or RealisationEntry(realisation=record, lineage=line.lineage)
        entry.line, entry.municipality_amount, entry.board_amount = line, municipality, board
        entry.save()
    spent = sum((entry.amount for entry in record.entries.all()), Decimal(0))
    record_event(
        trajectory,
        EventKind.REALISATION,
        user,
        _("%(quarter)s: %(amount)s spent")
        % {"quarter": quarter.label.capitalize(), "amount": format_money(spent)},
    )
    return record


@transaction.atomic
def realisation_document_add(
    *, user, realisation: RealisationQuarter, file, description: str = ""
) -> RealisationDocument:
    """Add a supporting document (an invoice, a statement) to a recorded quarter."""
    require_permission(user, "finance.record_realisation", realisation.trajectory)
    trajectory = lock_trajectory(realisation.trajectory)
    require_phase(trajectory, *SPENDING_PHASES)
    document = RealisationDocument(
        realisation=realisation,
        original_filename=file.name[:255],
        description=description.strip(),
        uploaded_by=user,
    )
    document.file.save(file.name, file, save=False)
    document.save()
    return document


# The external experts' costs


@transaction.atomic
def expert_cost_save(
    *,
    user,
    trajectory: Trajectory,
    cost: ExpertCost | None = None,
    expert,
    quarter: Quarter | None,
    hours: Decimal | None,
    hourly_rate: Decimal | None,
    note: str = "",
) -> ExpertCost:
    """Record (or correct) the hours an education or financial expert worked on a trajectory in a quarter, and
    the hourly rate. One record per expert and quarter."""
    require_permission(user, "finance.record_expert_costs", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, *[phase for phase in Phase if phase != Phase.REGISTERED])
    if cost is not None and cost.trajectory_id != trajectory.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    errors = {}
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
    errors.update(_money_errors({"hourly_rate": hourly_rate}, {"hourly_rate": _("Enter the hourly rate.")}))
    if "hourly_rate" not in errors and hourly_rate == 0:
        errors["hourly_rate"] = _("Enter an hourly rate above zero.")
    elif "hourly_rate" not in errors and hourly_rate > MAX_HOURLY_RATE:
        errors["hourly_rate"] = _("An hourly rate above %(max)s is not plausible; check the amount.") % {
            "max": format_money(MAX_HOURLY_RATE)
        }
    if not errors:
        same = ExpertCost.objects.filter(
            trajectory=trajectory, expert=expert, year=quarter.year, quarter=quarter.number
        ).exclude(pk=cost.pk if cost else None)
        if same.exists():
            errors["quarter"] = _(
                "The hours of %(expert)s in %(quarter)s have already been recorded; change that line instead."
            ) % {"expert": expert, "quarter": quarter}
    if errors:
        raise ValidationError(errors)
    cost = cost or ExpertCost(trajectory=trajectory)
    cost.expert, cost.year, cost.quarter = expert, quarter.year, quarter.number
    cost.hours, cost.hourly_rate, cost.note = hours, hourly_rate, note.strip()
    cost.recorded_by, cost.recorded_at = user, timezone.now()
    cost.save()
    return cost


@transaction.atomic
def expert_cost_remove(*, user, cost: ExpertCost) -> None:
    """Remove a line recorded by mistake (its history is kept)."""
    require_permission(user, "finance.record_expert_costs", cost.trajectory)
    lock_trajectory(cost.trajectory)
    cost.delete()
