"""The audits after year 1 and year 2 of execution (and after a third year): scheduling, drawing up, submitting to
the expert group, and its adoption (which carries out the decision) or return.

The rules this module decides:

- `schedule_audits` plans an audit for every year of execution of every open trajectory in execution, on the day
  `AUDIT_AFTER_YEAR_END` after that year ends; it is idempotent and never touches a withdrawn or ended trajectory.
- An audit is opened (`audit_start`) by an assigned education expert or the expert group once its planned date is
  within `OPEN_BEFORE` (30 days) or has passed: that fixes the audited plan version (the approved one) and creates a
  judgement line for each of its goals. Lines are therefore always those of the plan the audit judges.
- The decisions that fit each audit: after year 1 continue or adjust the plan; after year 2 extend by a third year
  (with a written justification, once) or complete; after the third year complete. Adjust and complete are refused
  while a new plan version is being written. The checks run on submit and again on adoption.
- Only the expert group adopts (`audits.decide_audit`); adoption carries out the decision in the same transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from improvement_plans.constants import EXTENDED_EXECUTION_YEARS, EventKind, Phase
from improvement_plans.models import Trajectory
from improvement_plans.services import plan_new_version_on_decision
from improvement_plans.services.trajectory import (
    check_past_date,
    lock_trajectory,
    long_date,
    record_event,
    require_phase,
)
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core import workflow
from kwaliteitsaanpak.core.dates import add_months
from kwaliteitsaanpak.core.workflow import OPEN_STATUSES, SubmissionStatus, bump_version
from kwaliteitsaanpak.permissions import not_allowed, require_permission

from ..constants import (
    AUDIT_AFTER_YEAR_END,
    AUDIT_KIND_YEAR,
    AuditDecision,
    AuditEventKind,
    AuditKind,
    GoalJudgement,
    OverallJudgement,
)
from ..models import Audit, AuditGoalJudgement, AuditReview

# An audit may be drawn up from this long before its planned date (and "my tasks" shows it from then on).
OPEN_BEFORE = datetime.timedelta(days=30)

# The decisions that fit each audit (see the module docstring).
DECISIONS_BY_KIND: dict[str, tuple[str, ...]] = {
    AuditKind.YEAR_1: (AuditDecision.CONTINUE, AuditDecision.ADJUST_PLAN),
    AuditKind.YEAR_2: (AuditDecision.EXTEND, AuditDecision.COMPLETE),
    AuditKind.YEAR_3: (AuditDecision.COMPLETE,),
}
KIND_BY_YEAR = {year: kind for kind, year in AUDIT_KIND_YEAR.items()}


def audit_planned_on(execution_started_on: datetime.date, year: int) -> datetime.date:
    """The day the audit after `year` of execution is planned: a month after that year ends."""
    return add_months(execution_started_on, 12 * year) + AUDIT_AFTER_YEAR_END


def audit_opens_on(audit: Audit) -> datetime.date:
    """From this day the audit can be drawn up."""
    return audit.planned_on - OPEN_BEFORE


def allowed_decisions(audit: Audit) -> tuple[str, ...]:
    return DECISIONS_BY_KIND.get(audit.kind, ())


def schedule_audits(today: datetime.date | None = None) -> int:
    """The scheduled job's service: plans the audits of every year of execution (jaar_1, jaar_2, and jaar_3 after
    an extension) of every open trajectory in execution. Idempotent: running it twice creates nothing twice.
    Returns how many audits it created. `today` is not needed (every year's audit is planned ahead, so the
    calendar and the lists show it); it is accepted like the other scheduled jobs'."""
    trajectories = Trajectory.objects.open().filter(phase=Phase.EXECUTION, execution_started_on__isnull=False)
    existing = set(Audit.objects.filter(trajectory__in=trajectories).values_list("trajectory_id", "kind"))
    missing = [
        Audit(
            trajectory=trajectory,
            kind=KIND_BY_YEAR[year],
            planned_on=audit_planned_on(trajectory.execution_started_on, year),
        )
        for trajectory in trajectories.only("pk", "execution_started_on", "execution_years")
        for year in range(1, trajectory.execution_years + 1)
        if (trajectory.pk, KIND_BY_YEAR[year]) not in existing
    ]
    # Another run at the same moment may create the same audit: the database's one-per-kind rule keeps one.
    Audit.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def _audit_on_locked_trajectory(user: User, audit: Audit, permission: str) -> tuple[Trajectory, Audit]:
    """Checks `permission` on the audit's trajectory, locks it, checks the phase and re-reads the audit."""
    require_permission(user, permission, audit.trajectory)
    trajectory = lock_trajectory(audit.trajectory)
    require_phase(trajectory, Phase.EXECUTION)
    return trajectory, Audit.objects.select_related("trajectory__school", "plan").get(pk=audit.pk)


def _not_editable(audit: Audit) -> None:
    workflow.ensure_editable(audit, _("This audit is %(status)s and cannot be changed."))


@transaction.atomic
def audit_start(*, user: User, audit: Audit, today: datetime.date | None = None) -> Audit:
    """Open the audit for drawing up: the approved plan version becomes the audited one and every goal of it gets
    a judgement line. Possible from 30 days before the planned date."""
    trajectory, audit = _audit_on_locked_trajectory(user, audit, "audits.work_on_audit")
    _not_editable(audit)
    today = today or timezone.localdate()
    if audit.plan_id is not None:
        raise ValidationError(_("This audit is already being drawn up."))
    if today < audit_opens_on(audit):
        raise ValidationError(
            _("This audit is planned on %(date)s; it can be drawn up from %(opens)s.")
            % {"date": long_date(audit.planned_on), "opens": long_date(audit_opens_on(audit))}
        )
    plan = trajectory.plans.filter(status=SubmissionStatus.APPROVED).first()
    if plan is None:
        raise ValidationError(_("The trajectory has no approved improvement plan to audit."))
    audit.plan = plan
    bump_version(audit)
    audit.save()
    AuditGoalJudgement.objects.bulk_create(
        AuditGoalJudgement(audit=audit, goal=goal) for goal in plan.goals.all()
    )
    return audit


def _decision_errors(trajectory: Trajectory, audit: Audit, decision: str, justification: str) -> dict:
    """What is wrong with `decision` for this audit now, per field (empty when it fits)."""
    if not decision:
        return {}
    if decision not in allowed_decisions(audit):
        labels = ", ".join(f"“{AuditDecision(choice).label.lower()}”" for choice in allowed_decisions(audit))
        return {
            "decision": _("After this audit the expert group can choose: %(choices)s.") % {"choices": labels}
        }
    if decision == AuditDecision.EXTEND:
        if not justification.strip():
            return {
                "decision_justification": _(
                    "A third year needs a written justification: why the school needs it and what it will reach "
                    "with it."
                )
            }
        if trajectory.execution_years >= EXTENDED_EXECUTION_YEARS:
            return {"decision": _("Execution has already been extended by a third year.")}
    if decision in (AuditDecision.ADJUST_PLAN, AuditDecision.COMPLETE):
        open_version = trajectory.plans.filter(status__in=OPEN_STATUSES).first()
        if open_version is not None:
            return {
                "decision": _(
                    "Version %(number)s of the plan is still being written or reviewed. Let the expert group "
                    "decide on it first."
                )
                % {"number": open_version.number}
            }
    return {}


@transaction.atomic
def audit_update(
    *,
    user: User,
    audit: Audit,
    expected_version: int,
    held_on: datetime.date | None,
    goal_judgements: dict[int, tuple[str, str]],
    overall_judgement: str,
    conclusion: str,
    decision: str,
    decision_justification: str = "",
) -> Audit:
    """Save the audit as drawn up so far: when it was held, a judgement (and explanation) per goal by the goal's id,
    the overall judgement, the conclusion and the proposed decision. Everything may still be empty; what is filled
    in must be valid. A save based on an older version is refused."""
    trajectory, audit = _audit_on_locked_trajectory(user, audit, "audits.work_on_audit")
    _not_editable(audit)
    if audit.plan_id is None:
        raise ValidationError(_("Start drawing up the audit first."))
    lines = {line.goal_id: line for line in audit.goal_judgements.all()}
    errors: dict[str, str] = {}
    if any(goal_id not in lines for goal_id in goal_judgements):
        raise not_allowed()
    if any(value not in ("", *GoalJudgement.values) for value, _note in goal_judgements.values()):
        errors["goal_judgements"] = _("Choose a judgement of the list for each goal.")
    if overall_judgement not in ("", *OverallJudgement.values):
        errors["overall_judgement"] = _("Choose the overall judgement.")
    started_on = trajectory.execution_started_on
    if held_on is not None and started_on is not None:
        try:
            check_past_date(
                held_on,
                field="held_on",
                not_before=started_on,
                before_message=_("The audit cannot be held before execution started on %(date)s.")
                % {"date": long_date(started_on)},
            )
        except ValidationError as error:
            errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if decision not in ("", *AuditDecision.values):
        errors["decision"] = _("Choose a decision of the list.")
    else:
        errors.update(_decision_errors(trajectory, audit, decision, decision_justification))
    if errors:
        raise ValidationError(errors)
    bump_version(audit, expected_version)
    audit.held_on, audit.overall_judgement = held_on, overall_judgement
    audit.conclusion, audit.decision = conclusion.strip(), decision
    audit.decision_justification = decision_justification.strip() if decision == AuditDecision.EXTEND else ""
    audit.save()
    for goal_id, (judgement, note) in goal_judgements.items():
        line = lines[goal_id]
        line.judgement, line.note = judgement, note.strip()
        line.save()
    return audit


def audit_missing_parts(audit: Audit) -> list[str]:
    """What the audit still lacks before it can be submitted, in plain words."""
    if audit.plan_id is None:
        return [str(_("the audit has not been started"))]
    missing = []
    if audit.held_on is None:
        missing.append(str(_("the date the audit was held")))
    unjudged = [line for line in audit.goal_judgements.all() if not line.judgement]
    if unjudged:
        missing.append(str(_("a judgement of %(count)s goal(s)") % {"count": len(unjudged)}))
    if not audit.overall_judgement:
        missing.append(str(_("the overall judgement")))
    if not audit.conclusion.strip():
        missing.append(str(_("the conclusion")))
    if not audit.decision:
        missing.append(str(_("the proposed decision")))
    return missing


@transaction.atomic
def audit_submit(*, user: User, audit: Audit, expected_version: int) -> AuditReview:
    """Submit a complete audit to the expert group for adoption."""
    require_permission(user, "audits.submit_audit", audit.trajectory)
    trajectory, audit = _audit_on_locked_trajectory(user, audit, "audits.work_on_audit")
    _not_editable(audit)
    missing = audit_missing_parts(audit)
    if missing:
        raise ValidationError(
            _("The audit is not complete. Still missing: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    errors = _decision_errors(trajectory, audit, audit.decision, audit.decision_justification)
    if errors:
        raise ValidationError(list(errors.values()))
    review = workflow.submit(audit, user=user, expected_version=expected_version)
    record_event(trajectory, AuditEventKind.AUDIT_SUBMITTED, user, audit.get_kind_display())
    return review


def _pending(user: User, audit: Audit) -> tuple[Trajectory, Audit, AuditReview]:
    trajectory, audit = _audit_on_locked_trajectory(user, audit, "audits.decide_audit")
    return trajectory, audit, workflow.pending_review(audit, _("There is no submitted audit to decide on."))


def _carry_out(user: User, trajectory: Trajectory, audit: Audit) -> str:
    """Carry out the adopted audit's decision on the (locked) trajectory; returns what happened, for the
    timeline."""
    decision = audit.decision
    if decision == AuditDecision.ADJUST_PLAN:
        reason = _("%(audit)s (held on %(date)s): %(conclusion)s") % {
            "audit": audit.get_kind_display(),
            "date": long_date(audit.held_on) if audit.held_on else "",
            "conclusion": audit.conclusion,
        }
        audit.follow_up_plan = plan_new_version_on_decision(user=user, trajectory=trajectory, reason=reason)
        audit.save(update_fields=["follow_up_plan"])
        return _("A new version of the plan (version %(number)s) has been started.") % {
            "number": audit.follow_up_plan.number
        }
    if decision == AuditDecision.EXTEND and trajectory.execution_started_on is not None:
        trajectory.execution_years = EXTENDED_EXECUTION_YEARS
        trajectory.save(update_fields=["execution_years"])
        year_3, _created = Audit.objects.get_or_create(
            trajectory=trajectory,
            kind=AuditKind.YEAR_3,
            defaults={"planned_on": audit_planned_on(trajectory.execution_started_on, 3)},
        )
        record_event(trajectory, EventKind.EXECUTION_EXTENDED, user, audit.decision_justification)
        return _(
            "Execution now ends on %(date)s; the audit after the third year is planned on %(audit)s."
        ) % {
            "date": long_date(trajectory.execution_ends_on),
            "audit": long_date(year_3.planned_on),
        }
    if decision == AuditDecision.COMPLETE:
        trajectory.phase = Phase.SUSTAINING
        trajectory.save(update_fields=["phase"])
        record_event(trajectory, EventKind.SUSTAINING_STARTED, user, audit.conclusion)
        return _("The school moves on to sustaining.")
    return _("Execution continues as planned.")


@transaction.atomic
def audit_adopt(*, user: User, audit: Audit, comments: str = "") -> Audit:
    """The expert group adopts the audit (approves it) and its decision is carried out at once: continue; a new
    plan version with the audit as its reason; a third year; or sustaining."""
    trajectory, audit, review = _pending(user, audit)
    errors = _decision_errors(trajectory, audit, audit.decision, audit.decision_justification)
    if errors:
        raise ValidationError(list(errors.values()))
    workflow.approve(audit, review=review, user=user, comments=comments)
    outcome = _carry_out(user, trajectory, audit)
    record_event(
        trajectory,
        AuditEventKind.AUDIT_DECIDED,
        user,
        f"{audit.get_kind_display()}: {audit.get_decision_display()}. {outcome}",
    )
    return audit


@transaction.atomic
def audit_return(*, user: User, audit: Audit, comments: str) -> Audit:
    """The expert group returns the audit with comments; the experts change it and submit it again."""
    require_permission(user, "audits.decide_audit", audit.trajectory)
    if not comments.strip():
        raise ValidationError({"comments": _("Write down what has to change in the audit.")})
    trajectory, audit, review = _pending(user, audit)
    workflow.return_with_comments(audit, review=review, user=user, comments=comments)
    record_event(trajectory, AuditEventKind.AUDIT_RETURNED, user, review.comments)
    return audit
