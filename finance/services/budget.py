"""The budget of a plan version: drawing it up (or revising it for a new plan version), its lines, its submission
to the expert group and the expert group's decision."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from improvement_plans.constants import Phase
from improvement_plans.models import ImprovementPlan, Measure, Trajectory
from improvement_plans.services.trajectory import (
    check_past_date,
    lock_trajectory,
    long_date,
    record_event,
    require_phase,
)
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core import workflow
from kwaliteitsaanpak.core.concurrency import (
    KEPT_ON_FORM,
    NOT_REMOVED,
    ensure_current,
    removed_refusal,
    with_stale_refusal,
)
from kwaliteitsaanpak.core.models import copied_fields
from kwaliteitsaanpak.core.money import format_money
from kwaliteitsaanpak.core.workflow import OPEN_STATUSES, SubmissionStatus, bump_version, touch
from kwaliteitsaanpak.permissions import not_allowed, require_permission

from ..constants import BudgetEventKind, CostCategory, school_year_label, school_years_between
from ..models import Budget, BudgetLine, BudgetReview
from ..selectors import municipality_share
from .checks import money_errors

BUDGET_PHASES = (Phase.PLAN, Phase.EXECUTION)


def _editable_budget(user: User, budget: Budget) -> Budget:
    """The budget, re-read under a lock on its trajectory, while it may be changed."""
    require_permission(user, "finance.work_on_budget", budget.trajectory)
    trajectory = lock_trajectory(budget.trajectory)
    require_phase(trajectory, *BUDGET_PHASES)
    budget = Budget.objects.select_related("plan", "trajectory__school").get(pk=budget.pk)
    workflow.ensure_editable(budget, _("This budget is %(status)s and cannot be changed."))
    return budget


def _counterparts(plan: ImprovementPlan, earlier_plan: ImprovementPlan) -> dict[int, Measure]:
    """For each measure of `earlier_plan` that `plan` still has (following the copies through the versions in
    between): measure id in the earlier version → the measure in `plan`."""
    measures = Measure.objects.filter(
        goal__plan__trajectory_id=plan.trajectory_id,
        goal__plan__number__gte=earlier_plan.number,
        goal__plan__number__lte=plan.number,
    ).select_related("goal")
    by_id: dict[int | None, Measure] = {measure.pk: measure for measure in measures}
    result = {}
    for measure in by_id.values():
        if measure.goal.plan_id != plan.pk:
            continue
        ancestor: Measure | None = measure
        while ancestor is not None and ancestor.goal.plan_id != earlier_plan.pk:
            ancestor = by_id.get(ancestor.previous_id)
        if ancestor is not None:
            result[ancestor.pk] = measure
    return result


@transaction.atomic
def budget_create(*, user: User, plan: ImprovementPlan, reason: str = "") -> Budget:
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
    if plan.status == SubmissionStatus.SUPERSEDED or trajectory.plans.filter(number__gt=plan.number).exists():
        raise ValidationError(
            _("A later version of the plan exists: draw up the budget of the newest version.")
        )
    earlier = (
        Budget.objects.filter(trajectory=trajectory).select_related("plan").order_by("-plan__number").first()
    )
    if earlier is None:
        budget = Budget.objects.create(trajectory=trajectory, plan=plan, created_by=user)
        record_event(
            trajectory,
            BudgetEventKind.BUDGET_STARTED,
            user,
            _("Version %(number)s") % {"number": plan.number},
        )
        return budget
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for revising the budget, e.g. the audit's conclusion.")}
        )
    if earlier.status == SubmissionStatus.SUBMITTED:
        raise ValidationError(
            _(
                "The budget of version %(number)s is waiting for the expert group's decision: revise it once the "
                "expert group has approved or returned it."
            )
            % {"number": earlier.number}
        )
    if earlier.status in OPEN_STATUSES:
        earlier.status = SubmissionStatus.SUPERSEDED
        earlier.save(update_fields=["status"])
    budget = Budget.objects.create(
        trajectory=trajectory, plan=plan, created_by=user, change_reason=reason.strip()
    )
    counterparts = _counterparts(plan, earlier.plan)
    BudgetLine.objects.bulk_create(
        BudgetLine(
            **copied_fields(line, exclude={"budget", "measure"}),
            budget=budget,
            measure=counterparts[line.measure_id],
        )
        for line in earlier.lines.order_by("id")
        if line.measure_id in counterparts
    )
    record_event(
        trajectory,
        BudgetEventKind.BUDGET_REVISED,
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
    user: User,
    budget: Budget,
    line: BudgetLine | None = None,
    measure: Measure | None,
    school_year: int | None,
    category: str,
    description: str = "",
    amount: Decimal | None,
    municipality_amount: Decimal | None,
    board_amount: Decimal | None,
    expected_version: int | None = None,
) -> BudgetLine:
    """Add or change a line: for a measure of the budget's plan version, in a school year in which the measure
    runs, in a cost category, with the municipality's and the board's shares adding up to its amount. A change
    based on `expected_version` is refused when someone saved the line since (ADR 14)."""
    budget = _editable_budget(user, budget)
    if line is not None:
        line = _current_line(line, budget, None)  # its version is checked with the fields, below
    errors = {}
    if measure is None:
        errors["measure"] = _("Choose the measure this amount is for.")
    elif measure.goal.plan_id != budget.plan_id:
        errors["measure"] = _("Choose a measure of this version of the plan.")
    if category not in CostCategory.values:
        errors["category"] = _("Choose the cost category.")
    amounts = {"amount": amount, "municipality_amount": municipality_amount, "board_amount": board_amount}
    errors.update(
        money_errors(
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
    if (
        amount is not None
        and municipality_amount is not None
        and board_amount is not None
        and not errors.keys() & amounts.keys()
        and municipality_amount + board_amount != amount
    ):
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
    elif measure is not None and "measure" not in errors:
        years = school_years_between(measure.starts_on, measure.ends_on)
        if school_year not in years:
            errors["school_year"] = _(
                "The measure runs from %(start)s to %(end)s: choose the school year %(years)s."
            ) % {
                "start": long_date(measure.starts_on),
                "end": long_date(measure.ends_on),
                "years": _(" or ").join(school_year_label(year) for year in years),
            }
    if errors or measure is None or school_year is None:  # a missing value always has its error
        raise with_stale_refusal(errors, line, expected_version)
    if line is None:
        line = BudgetLine(budget=budget)
    else:
        bump_version(line, expected_version)
    line.measure, line.school_year, line.category = measure, school_year, category
    line.description = description.strip()
    line.amount, line.municipality_amount, line.board_amount = amount, municipality_amount, board_amount
    line.save()
    touch(budget)
    return line


def _current_line(
    line: BudgetLine, budget: Budget, expected_version: int | None, *, after=KEPT_ON_FORM
) -> BudgetLine:
    """The stored row of a line of `budget` (read under the trajectory's lock), refused when someone saved it
    after `expected_version` or removed it meanwhile: saving it would bring it back."""
    if line.budget_id != budget.pk:
        raise not_allowed()
    current = BudgetLine.objects.filter(pk=line.pk, budget=budget).first()
    if current is None:
        raise ValidationError(removed_refusal(line, after=after))
    ensure_current(current, expected_version, after=after)
    return current


@transaction.atomic
def budget_line_remove(*, user: User, line: BudgetLine, expected_version: int | None = None) -> None:
    """Remove a line from a budget that is still being drawn up (a decided budget keeps its lines); not when
    someone saved it after `expected_version`."""
    budget = _editable_budget(user, line.budget)
    line = _current_line(line, budget, expected_version, after=NOT_REMOVED)
    line.delete()
    touch(budget)


def budget_missing_parts(budget: Budget) -> list[str]:
    """Why the budget cannot be submitted yet, in plain words (empty when it can)."""
    missing = []
    if not budget.lines.exists():
        missing.append(_("The budget has no lines yet: add at least one amount."))
    if budget.plan.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        missing.append(
            _(
                "The budget is submitted with its plan: version %(number)s of the improvement plan has to be submitted first."
            )
            % {"number": budget.plan.number}
        )
    return missing


@transaction.atomic
def budget_submit(*, user: User, budget: Budget, expected_version: int) -> BudgetReview:
    """Submit the budget to the expert group, with (or after) its plan version."""
    require_permission(user, "finance.submit_budget", budget.trajectory)
    budget = _editable_budget(user, budget)
    missing = budget_missing_parts(budget)
    if missing:
        raise ValidationError(" ".join(missing))
    review = workflow.submit(budget, user=user, expected_version=expected_version)
    record_event(
        budget.trajectory,
        BudgetEventKind.BUDGET_SUBMITTED,
        user,
        _("Version %(number)s") % {"number": budget.number},
    )
    return review


NOTHING_TO_JUDGE = gettext_lazy("There is no submitted budget to judge.")


def _pending_budget_review(user: User, budget: Budget) -> tuple[Trajectory, Budget, BudgetReview]:
    require_permission(user, "finance.review_budget", budget.trajectory)
    trajectory = lock_trajectory(budget.trajectory)
    require_phase(trajectory, *BUDGET_PHASES)
    budget = Budget.objects.select_related("plan").get(pk=budget.pk)
    return trajectory, budget, workflow.pending_review(budget, NOTHING_TO_JUDGE)


@transaction.atomic
def budget_approve(
    *,
    user: User,
    budget: Budget,
    waiver_confirmed: bool,
    equalisation_waived_on: datetime.date | None,
    comments: str = "",
) -> Budget:
    """The expert group approves the budget of an approved plan version: the municipality's share is committed,
    the board's waiver of financial equalisation is recorded, and an earlier approved budget is superseded."""
    trajectory, budget, review = _pending_budget_review(user, budget)
    if budget.plan.status != SubmissionStatus.APPROVED:
        raise ValidationError(
            _(
                "The municipality co-finances an approved plan only: approve version %(number)s of the improvement "
                "plan first, or return the budget."
            )
            % {"number": budget.plan.number}
        )
    errors: dict[str, str | list[str]] = {}
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
    budget.equalisation_waived_on = equalisation_waived_on
    workflow.approve(
        budget,
        review=review,
        user=user,
        comments=comments,
        supersedes=Budget.objects.filter(trajectory=trajectory),
    )
    record_event(
        trajectory,
        BudgetEventKind.BUDGET_APPROVED,
        user,
        _("Version %(number)s: %(amount)s of the municipality committed")
        % {"number": budget.number, "amount": format_money(municipality_share(budget))},
    )
    return budget


@transaction.atomic
def budget_return(*, user: User, budget: Budget, comments: str) -> Budget:
    """The expert group returns the budget with comments; it can be changed and submitted again."""
    require_permission(user, "finance.review_budget", budget.trajectory)
    if not comments.strip():
        raise ValidationError(
            {"comments": _("Write down what has to change before the budget can be approved.")}
        )
    trajectory, budget, review = _pending_budget_review(user, budget)
    workflow.return_with_comments(budget, review=review, user=user, comments=comments)
    record_event(trajectory, BudgetEventKind.BUDGET_RETURNED, user, review.comments)
    return budget
