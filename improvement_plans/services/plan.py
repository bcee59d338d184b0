"""Every change to the improvement plan's versions: result agreements, SMART goals and measures, submission to
the expert group with its approval or return (`core.workflow`), and a new version after an audit. Each runs on the
locked trajectory row in the plan or execution phase (see `services.trajectory`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from kwaliteitsaanpak.core.workflow import OPEN_STATUSES, SubmissionStatus, bump_version, touch
from kwaliteitsaanpak.permissions import not_allowed, require_permission
from schools.constants import Verdict
from schools.models import School

from ..constants import (
    FINAL_TEST_SCALES,
    GOAL_THEMES,
    PLAN_PERIOD_YEARS,
    Direction,
    EventKind,
    FinalTest,
    MeasureKind,
    Phase,
    TargetDate,
)
from ..models import AnalysisFinding, Goal, GoalComment, ImprovementPlan, Measure, PlanReview, Trajectory
from ..selectors import analysis_of
from .trajectory import lock_trajectory, long_date, record_event, require_phase

# The improvement plan (verbeterplan)


def plan_period(trajectory: Trajectory) -> tuple[datetime.date, datetime.date]:
    """The period goals and measures must fall in: from the registration until three years after the start of
    the execution (two years and, in some cases, a third), or after today while the first version is written."""
    start = trajectory.execution_started_on or timezone.localdate()
    try:
        end = start.replace(year=start.year + PLAN_PERIOD_YEARS)
    except ValueError:  # 29 February in a year without one
        end = start.replace(year=start.year + PLAN_PERIOD_YEARS, day=28)
    return trajectory.registered_on, end


def _editable_plan(user: User, plan: ImprovementPlan) -> ImprovementPlan:
    """The plan, re-read under a lock on its trajectory, while it may be changed."""
    require_permission(user, "improvement_plans.work_on_plan", plan.trajectory)
    trajectory = lock_trajectory(plan.trajectory)
    plan = ImprovementPlan.objects.select_related("trajectory__school").get(pk=plan.pk)
    require_phase(trajectory, Phase.PLAN, Phase.EXECUTION)
    workflow.ensure_editable(plan, _("This version of the plan is %(status)s and cannot be changed."))
    return plan


@transaction.atomic
def plan_create(*, user: User, trajectory: Trajectory) -> ImprovementPlan:
    """Start version 1 of the plan of a trajectory whose analysis is approved."""
    require_permission(user, "improvement_plans.work_on_plan", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, Phase.PLAN)
    analysis = analysis_of(trajectory)
    if analysis is None or analysis.status != SubmissionStatus.APPROVED:
        raise ValidationError(_("The plan is written after the quality analysis has been approved."))
    if trajectory.plans.exists():
        raise ValidationError(_("This trajectory already has an improvement plan."))
    return ImprovementPlan.objects.create(trajectory=trajectory, number=1, created_by=user)


def _school_is_very_weak(school: School) -> bool:
    latest = school.inspection_verdicts.order_by("-date", "-id").first()
    return latest is not None and latest.verdict == Verdict.VERY_WEAK


def _score_error(final_test: str, score) -> str:
    """What is wrong with a final-test score (a target or a starting result) on `final_test`'s scale, or ""."""
    scale = FINAL_TEST_SCALES.get(final_test)
    if score is None:
        return ""
    if score <= 0:
        return _("Enter a score above zero.")
    if scale and not scale[0] <= score <= scale[1]:
        return _("A %(test)s score lies between %(low)s and %(high)s.") % {
            "test": FinalTest(final_test).label,
            "low": scale[0],
            "high": scale[1],
        }
    return ""


def plan_agreements_check(
    *,
    plan: ImprovementPlan,
    final_test: str,
    final_test_target,
    lwoo_target,
    target_date: str,
    target_justification: str = "",
    final_test_baseline=None,
    lwoo_baseline=None,
) -> dict[str, str]:
    """Every problem with these result agreements, per field (empty when there is none). The form calls it too,
    with what it could read, so that one submit shows every problem: the numbers and the round's years at once."""
    errors: dict[str, str] = {}
    if not final_test and (final_test_target is not None or final_test_baseline is not None):
        errors["final_test"] = _(
            "Choose the final test the target and the starting result are measured on: each test has its own scale."
        )
    for field, score in (
        ("final_test_target", final_test_target),
        ("final_test_baseline", final_test_baseline),
    ):
        message = _score_error(final_test, score)
        if message:
            errors[field] = message
    for field, percentage in (("lwoo_target", lwoo_target), ("lwoo_baseline", lwoo_baseline)):
        if percentage is not None and not 0 <= percentage <= 100:
            errors[field] = _("A percentage lies between 0 and 100.")
    exception_year = plan.trajectory.programme_round.exception_year
    if target_date not in TargetDate.values:
        errors["target_date"] = _("Choose by when the school must no longer be (very) weak.")
    elif target_date == TargetDate.EXCEPTION:
        if not _school_is_very_weak(plan.trajectory.school):
            errors["target_date"] = _(
                "Only a school judged very weak may get until %(year)s; this school's current verdict is not "
                "very weak."
            ) % {"year": exception_year}
        elif not (target_justification or "").strip():
            errors["target_justification"] = _(
                "Write down why this very weak school needs until %(year)s."
            ) % {"year": exception_year}
    return errors


@transaction.atomic
def plan_update_agreements(
    *,
    user: User,
    plan: ImprovementPlan,
    expected_version: int,
    final_test: str,
    final_test_target,
    lwoo_target,
    target_date: str,
    target_justification: str = "",
    final_test_baseline=None,
    lwoo_baseline=None,
) -> ImprovementPlan:
    """Save the school's result agreements: the final-test target on its test's scale, the LWOO target, the
    school's starting values beside them, and the year by which the school must no longer be (very) weak: the
    round's target year, or its latest year for exceptions (only for a very weak school, argued)."""
    plan = _editable_plan(user, plan)
    errors = plan_agreements_check(
        plan=plan,
        final_test=final_test,
        final_test_target=final_test_target,
        lwoo_target=lwoo_target,
        target_date=target_date,
        target_justification=target_justification,
        final_test_baseline=final_test_baseline,
        lwoo_baseline=lwoo_baseline,
    )
    if errors:
        raise with_stale_refusal(errors, plan, expected_version)
    bump_version(plan, expected_version)
    plan.final_test, plan.final_test_target, plan.lwoo_target = final_test, final_test_target, lwoo_target
    plan.final_test_baseline, plan.lwoo_baseline = final_test_baseline, lwoo_baseline
    plan.target_date = target_date
    plan.target_justification = target_justification.strip() if target_date == TargetDate.EXCEPTION else ""
    plan.save()
    return plan


def _check_in_period(trajectory: Trajectory, value: datetime.date, field: str) -> None:
    first, last = plan_period(trajectory)
    if not first <= value <= last:
        raise ValidationError(
            {
                field: _("Choose a date between %(first)s and %(last)s, within the trajectory.")
                % {"first": long_date(first), "last": long_date(last)}
            }
        )


@transaction.atomic
def goal_save(
    *,
    user: User,
    plan: ImprovementPlan,
    goal: Goal | None = None,
    theme: str,
    findings: Iterable[AnalysisFinding],
    description: str,
    indicator: str,
    unit: str,
    baseline,
    target,
    direction: str,
    deadline: datetime.date,
    owner: str,
    target_change_reason: str = "",
    expected_version: int | None = None,
) -> Goal:
    """Add or change a SMART goal. Every element must be there; the target must differ from the baseline in the
    goal's direction; the deadline falls within the trajectory; in a later version a changed target needs a
    reason. A change based on `expected_version` is refused when someone saved the goal since (ADR 14)."""
    plan = _editable_plan(user, plan)
    if goal is not None:
        goal = _current(goal, None, plan.goals.all())  # its version is checked with the fields, below
    findings = list(findings)
    errors: dict[str, str | list[str]] = {}
    for field, value, message in (
        ("description", description, _("Specific: describe what will be different.")),
        ("indicator", indicator, _("Measurable: name the indicator that is measured.")),
        ("unit", unit, _("Measurable: give the unit of the indicator.")),
        ("owner", owner, _("Name the owner who is responsible for the goal.")),
    ):
        if not str(value or "").strip():
            errors[field] = message
    for field, given, message in (
        ("baseline", baseline, _("Measurable: enter the baseline, the value now.")),
        ("target", target, _("Measurable: enter the target value.")),
        ("deadline", deadline, _("Time-bound: enter the date by which the goal is reached.")),
    ):
        if given is None:
            errors[field] = message
    if direction not in Direction.values:
        errors["direction"] = _("Choose whether a higher or a lower value is better.")
    if theme not in GOAL_THEMES:
        errors["theme"] = _("Choose the core theme of the goal.")
    if not findings:
        errors["findings"] = _("Choose the finding(s) of the analysis that this goal answers.")
    elif any(finding.analysis.trajectory_id != plan.trajectory_id for finding in findings):
        errors["findings"] = _("Choose findings of this school's own analysis.")
    if baseline is not None and target is not None:
        if target == baseline:
            errors["target"] = _("Achievable and measurable: the target must differ from the baseline.")
        elif direction == Direction.HIGHER_IS_BETTER and target < baseline:
            errors["target"] = _("Higher is better for this indicator: choose a target above the baseline.")
        elif direction == Direction.LOWER_IS_BETTER and target > baseline:
            errors["target"] = _("Lower is better for this indicator: choose a target below the baseline.")
    if deadline is not None:
        try:
            _check_in_period(plan.trajectory, deadline, "deadline")
        except ValidationError as error:
            errors.update(error.message_dict)
    previous = goal.previous if goal is not None else None
    if previous is not None and previous.target != target and not target_change_reason.strip():
        errors["target_change_reason"] = _(
            "The target differs from version %(number)s (%(target)s): give the reason for the change."
        ) % {"number": previous.plan.number, "target": number_format(previous.target.normalize())}
    if errors:
        raise with_stale_refusal(errors, goal, expected_version)
    if goal is None:
        goal = Goal(plan=plan, order=plan.goals.count() + 1)
    else:
        bump_version(goal, expected_version)
    goal.theme, goal.description, goal.indicator, goal.unit = (
        theme,
        description.strip(),
        indicator.strip(),
        unit,
    )
    goal.baseline, goal.target, goal.direction, goal.deadline, goal.owner = (
        baseline,
        target,
        direction,
        deadline,
        owner,
    )
    goal.target_change_reason = target_change_reason.strip()
    goal.save()
    goal.findings.set(findings)
    touch(plan)
    return goal


IN_USE_ELSEWHERE = gettext_lazy(
    "This measure has lines in the budget of this plan version. Ask the financial expert to remove those budget "
    "lines first; then the measure can be removed."
)


def _current(record, expected_version: int | None, stored, *, after=KEPT_ON_FORM) -> Any:
    """The stored row of a goal or measure (from `stored`: the plan's own, read under the trajectory's lock),
    refused when someone saved it after `expected_version` or removed it meanwhile (ADR 14); a record of another
    plan is not allowed. A save passes None and checks the version together with its fields (ADR 12)."""
    current = stored.filter(pk=record.pk).first()
    if current is None:
        if type(record)._default_manager.filter(pk=record.pk).exists():
            raise not_allowed()
        raise ValidationError(removed_refusal(record, after=after))
    ensure_current(current, expected_version, after=after)
    return current


def _delete_unless_in_use(record: Goal | Measure) -> None:
    """Delete a goal or measure, unless another part of the programme (the budget) still refers to it."""
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError as error:
        raise ValidationError(str(IN_USE_ELSEWHERE)) from error


@transaction.atomic
def goal_remove(*, user: User, goal: Goal, expected_version: int | None = None) -> None:
    """Remove a goal from a plan version that is still being written (nothing decided is ever removed); not when
    someone saved it after `expected_version`."""
    plan = _editable_plan(user, goal.plan)
    goal = _current(goal, expected_version, plan.goals.all(), after=NOT_REMOVED)
    _delete_unless_in_use(goal)
    touch(plan)


@transaction.atomic
def measure_save(
    *,
    user: User,
    goal: Goal,
    measure: Measure | None = None,
    kind: str,
    description: str,
    responsible: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    estimated_cost,
    expected_version: int | None = None,
) -> Measure:
    """Add or change a measure of a goal; a change based on `expected_version` is refused when someone saved the
    measure since (ADR 14)."""
    plan = _editable_plan(user, goal.plan)
    if measure is not None:
        measure = _current(measure, None, Measure.objects.filter(goal__plan=plan))  # version: with the fields
    errors: dict[str, str | list[str]] = {}
    if not description.strip():
        errors["description"] = _("Describe the measure.")
    if not responsible.strip():
        errors["responsible"] = _("Name who is responsible for the measure.")
    if kind not in MeasureKind.values:
        errors["kind"] = _("Choose the kind of measure.")
    if estimated_cost is None:
        errors["estimated_cost"] = _("Enter the estimated cost; 0 when the measure costs nothing.")
    elif estimated_cost < 0:
        errors["estimated_cost"] = _("The estimated cost cannot be negative.")
    for field, value in (("starts_on", starts_on), ("ends_on", ends_on)):
        if value is None:
            errors[field] = _("Enter the date.")
            continue
        try:
            _check_in_period(plan.trajectory, value, field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("Enter an end date after the start date.")
    if measure is not None and measure.goal_id != goal.pk:
        raise not_allowed()
    if errors:
        raise with_stale_refusal(errors, measure, expected_version)
    if measure is None:
        measure = Measure(goal=goal)
    else:
        bump_version(measure, expected_version)
    measure.kind, measure.description, measure.responsible = kind, description.strip(), responsible.strip()
    measure.starts_on, measure.ends_on, measure.estimated_cost = starts_on, ends_on, estimated_cost
    measure.save()
    touch(plan)
    return measure


@transaction.atomic
def measure_remove(*, user: User, measure: Measure, expected_version: int | None = None) -> None:
    """Remove a measure from a plan version that is still being written; not when someone saved it after
    `expected_version`."""
    plan = _editable_plan(user, measure.goal.plan)
    measure = _current(measure, expected_version, Measure.objects.filter(goal__plan=plan), after=NOT_REMOVED)
    _delete_unless_in_use(measure)
    touch(plan)


def plan_missing_parts(plan: ImprovementPlan) -> list[str]:
    """What the plan still lacks before it can be submitted, in plain words."""
    missing = []
    goals = list(plan.goals.prefetch_related("findings", "measures"))
    if not goals:
        missing.append(str(_("at least one goal")))
    for goal in goals:
        if not goal.findings.all():
            missing.append(str(_("the findings that goal “%(goal)s” answers") % {"goal": goal}))
        if not goal.measures.all():
            missing.append(str(_("a measure for goal “%(goal)s”") % {"goal": goal}))
    if not plan.final_test or plan.final_test_target is None:
        missing.append(str(_("the target final-test result and its test")))
    if plan.lwoo_target is None:
        missing.append(str(_("the target LWOO percentage")))
    return missing


@transaction.atomic
def plan_submit(*, user: User, plan: ImprovementPlan, expected_version: int) -> PlanReview:
    """The board submits a complete plan version to the expert group."""
    require_permission(user, "improvement_plans.submit_plan", plan.trajectory)
    plan = _editable_plan(user, plan)
    missing = plan_missing_parts(plan)
    if missing:
        raise ValidationError(
            _("The plan is not complete. Still missing: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    review = workflow.submit(plan, user=user, expected_version=expected_version)
    record_event(
        plan.trajectory, EventKind.PLAN_SUBMITTED, user, _("Version %(number)s") % {"number": plan.number}
    )
    return review


def _pending_plan_review(user: User, plan: ImprovementPlan) -> tuple[Trajectory, ImprovementPlan, PlanReview]:
    require_permission(user, "improvement_plans.review_plan", plan.trajectory)
    trajectory = lock_trajectory(plan.trajectory)
    require_phase(trajectory, Phase.PLAN, Phase.EXECUTION)
    plan = ImprovementPlan.objects.get(pk=plan.pk)
    return trajectory, plan, workflow.pending_review(plan, _("There is no submitted plan to judge."))


@transaction.atomic
def plan_approve(*, user: User, plan: ImprovementPlan, comments: str = "") -> ImprovementPlan:
    """Approve a plan version: it is fixed, an earlier approved version is superseded, and the first approval
    starts the execution on today's date."""
    trajectory, plan, review = _pending_plan_review(user, plan)
    today = timezone.localdate()
    workflow.approve(plan, review=review, user=user, comments=comments, supersedes=trajectory.plans.all())
    if trajectory.phase == Phase.PLAN:
        trajectory.phase, trajectory.execution_started_on = Phase.EXECUTION, today
        trajectory.save(update_fields=["phase", "execution_started_on"])
    record_event(trajectory, EventKind.PLAN_APPROVED, user, _("Version %(number)s") % {"number": plan.number})
    return plan


@transaction.atomic
def plan_return(
    *, user: User, plan: ImprovementPlan, comments: str = "", goal_comments: dict[int, str] | None = None
) -> ImprovementPlan:
    """Return a plan version with comments, in general and per goal; it can be changed and submitted again."""
    require_permission(user, "improvement_plans.review_plan", plan.trajectory)
    goal_comments = {goal_id: text.strip() for goal_id, text in (goal_comments or {}).items() if text.strip()}
    if not comments.strip() and not goal_comments:
        raise ValidationError(
            {"comments": _("Write down what has to change: in general, or with the goals it concerns.")}
        )
    trajectory, plan, review = _pending_plan_review(user, plan)
    goals = {goal.pk: goal for goal in plan.goals.all()}
    if any(goal_id not in goals for goal_id in goal_comments):
        raise ValidationError(_("A comment belongs to a goal of another plan."))
    workflow.return_with_comments(plan, review=review, user=user, comments=comments)
    GoalComment.objects.bulk_create(
        GoalComment(review=review, goal=goals[goal_id], text=text) for goal_id, text in goal_comments.items()
    )
    record_event(trajectory, EventKind.PLAN_RETURNED, user, review.comments)
    return plan


# What a new version does not take over from the approved one: it sets these itself, or starts them empty (a new
# version starts as a draft with no approval; a copied goal needs no reason for a target it has not changed yet).
PLAN_SET_ON_A_NEW_VERSION = {
    "number",
    "previous",
    "change_reason",
    "created_by",
    "created_at",
    "status",
    "version",
    "approved_at",
}
GOAL_SET_ON_A_COPY = {"plan", "previous", "target_change_reason"}
MEASURE_SET_ON_A_COPY = {"goal", "previous"}


@transaction.atomic
def plan_new_version(*, user: User, trajectory: Trajectory, reason: str) -> ImprovementPlan:
    """After an audit: start a new version from the approved one, with the reason. Goals and measures are copied
    (each goal remembers its counterpart), so the comparison shows what changed."""
    require_permission(user, "improvement_plans.start_plan_version", trajectory)
    return _start_new_version(user, trajectory, reason)


@transaction.atomic
def plan_new_version_on_decision(*, user: User, trajectory: Trajectory, reason: str) -> ImprovementPlan:
    """The new version that a decision starts: the expert group's adoption of an audit that adjusts the plan
    (`audits.services.audit_adopt`). Public for that caller only, which has checked the deciding permission in the
    same transaction: the expert group decides that the plan is adjusted and does not hold `start_plan_version`
    (separation of duties, ADR 2); the board and its experts write the new version. `user` is recorded as the one
    whose decision started it."""
    return _start_new_version(user, trajectory, reason)


def _start_new_version(user: User, trajectory: Trajectory, reason: str) -> ImprovementPlan:
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for a new version, e.g. the audit's conclusion.")}
        )
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, Phase.EXECUTION)
    current = trajectory.plans.filter(status=SubmissionStatus.APPROVED).first()
    if current is None:
        raise ValidationError(_("There is no approved plan to start a new version from."))
    if trajectory.plans.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("A new version of this plan is already being written."))
    new = ImprovementPlan.objects.create(
        **copied_fields(current, exclude=PLAN_SET_ON_A_NEW_VERSION),
        number=current.number + 1,
        previous=current,
        change_reason=reason.strip(),
        created_by=user,
    )
    for goal in current.goals.prefetch_related("findings", "measures"):
        copy = Goal.objects.create(**copied_fields(goal, exclude=GOAL_SET_ON_A_COPY), plan=new, previous=goal)
        copy.findings.set(goal.findings.all())
        Measure.objects.bulk_create(
            Measure(**copied_fields(measure, exclude=MEASURE_SET_ON_A_COPY), goal=copy, previous=measure)
            for measure in goal.measures.all()
        )
    record_event(trajectory, EventKind.PLAN_NEW_VERSION, user, reason.strip())
    return new
