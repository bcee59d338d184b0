"""Reads of the audits: who may read an audit in draft, the audits of a trajectory, the overview list, an audit with
everything its page and document show, and the audits' line on the trajectory's task list."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.core.steps import NextStep, Task, TaskStatus
from kwaliteitsaanpak.core.workflow import OPEN_STATUSES, SubmissionStatus

from ..constants import AuditDecision
from ..models import Audit, AuditGoalJudgement, AuditReview
from ..services.audits import audit_opens_on


def sees_audit_drafts(user: Any, trajectory: Trajectory) -> bool:
    """Who reads an audit before the expert group adopts it: programme staff and the expert group (every
    trajectory), and the education experts who draw it up. The school board, its director and the financial expert
    read an audit once it is adopted."""
    return user.has_perm("improvement_plans.view_all_trajectories") or user.has_perm(
        "audits.work_on_audit", trajectory
    )


def readable_audit(audit: Audit, user: Any) -> bool:
    return audit.is_approved or audit.is_superseded or sees_audit_drafts(user, audit.trajectory)


def trajectory_audits(trajectory: Trajectory) -> list[Audit]:
    """The audits of a trajectory in their order (year 1, 2, 3), with the plan version each started."""
    return list(trajectory.audits.select_related("follow_up_plan", "plan").order_by("planned_on", "kind"))


def audit_with_everything(audit: Audit) -> Audit:
    """An audit with its trajectory, plans, judgement lines with their goals, and its submissions, in a fixed number
    of queries."""
    return (
        Audit.objects.filter(pk=audit.pk)
        .select_related("trajectory__school__board", "plan", "follow_up_plan")
        .prefetch_related(
            Prefetch(
                "goal_judgements",
                queryset=AuditGoalJudgement.objects.select_related("goal").order_by("goal__order", "goal_id"),
            ),
            Prefetch("reviews", queryset=AuditReview.objects.select_related("submitted_by", "decided_by")),
        )
        .get()
    )


def audit_overview(user: Any) -> QuerySet[Audit]:
    """Every audit the user may see, for the overview list (staff and the expert group)."""
    return Audit.objects.visible_to(user).select_related("trajectory__school__board")


def overdue_filter(today: datetime.date) -> Q:
    """An audit whose planned date has passed without adoption, on an open trajectory in execution."""
    return Q(planned_on__lt=today, trajectory__phase=Phase.EXECUTION, trajectory__ended_on__isnull=True) & ~Q(
        status__in=[SubmissionStatus.APPROVED, SubmissionStatus.SUPERSEDED]
    )


def is_overdue(audit: Audit, today: datetime.date) -> bool:
    return (
        audit.planned_on < today
        and audit.status not in (SubmissionStatus.APPROVED, SubmissionStatus.SUPERSEDED)
        and audit.trajectory.phase == Phase.EXECUTION
        and audit.trajectory.ended_on is None
    )


def audit_state_label(audit: Audit) -> Any:
    """The audit's state in words: planned (not started), being drawn up, submitted, returned or adopted."""
    if audit.is_approved:
        return _("Adopted")
    if audit.status == SubmissionStatus.DRAFT and audit.plan_id is None:
        return _("Planned")
    if audit.status == SubmissionStatus.DRAFT:
        return _("Being drawn up")
    return audit.get_status_display()


# The audits' step on the trajectory page (order 70, registered in `plug_audits`).


def audits_task(trajectory: Trajectory) -> Task:
    audits = trajectory_audits(trajectory)
    if not audits:
        return Task(_("Audits"), TaskStatus.NOT_STARTED)
    today = timezone.localdate()
    open_audits = [audit for audit in audits if audit.status in OPEN_STATUSES]
    current = open_audits[0] if open_audits else audits[-1]
    if any(is_overdue(audit, today) for audit in audits):
        status: Any = TaskStatus.LATE
    elif current.is_submitted:
        status = TaskStatus.SUBMITTED
    elif current.is_returned:
        status = TaskStatus.RETURNED
    elif current.plan_id is not None and not current.is_approved:
        status = TaskStatus.IN_PROGRESS
    elif all(audit.is_approved for audit in audits):
        status = TaskStatus.DONE
    elif any(audit.is_approved for audit in audits):
        status = TaskStatus.IN_PROGRESS
    else:
        status = TaskStatus.NOT_STARTED
    hint = "; ".join(
        f"{audit.get_kind_display()}: {audit.get_decision_display() if audit.is_approved else audit_state_label(audit)}"
        for audit in audits
    )
    return Task(
        _("Audits"),
        status,
        url=reverse("audits:audit_detail", args=[trajectory.pk, current.pk]),
        hint=hint,
    )


def audits_next_step(trajectory: Trajectory) -> NextStep | None:
    """The audit waiting for the expert group, or for the experts once it can be drawn up."""
    if trajectory.phase != Phase.EXECUTION:
        return None
    today = timezone.localdate()
    for audit in trajectory_audits(trajectory):
        if audit.is_submitted:
            return NextStep(
                _("Adopt the %(audit)s or return it with comments.")
                % {"audit": audit.get_kind_display().lower()},
                _("Expert group"),
            )
        if audit.is_editable and audit_opens_on(audit) <= today:
            return NextStep(
                _("Draw up the %(audit)s (planned on %(date)s) and submit it to the expert group.")
                % {"audit": audit.get_kind_display().lower(), "date": date_format(audit.planned_on, "j F Y")},
                _("Education experts"),
            )
    return None


def decision_effect(audit: Audit) -> Any:
    """What adopting the audit's decision does, for the review page and the submit page."""
    effects: dict[str, Any] = {
        AuditDecision.CONTINUE: _("Execution continues as planned."),
        AuditDecision.ADJUST_PLAN: _(
            "A new version of the improvement plan is started with the audit's conclusion as its reason; the school "
            "board changes it and submits it, and the budget is revised with it."
        ),
        AuditDecision.EXTEND: _(
            "Execution is extended by a third year: progress reports and expert visits continue for four more "
            "quarters, and an audit after the third year is planned."
        ),
        AuditDecision.COMPLETE: _("Execution ends: the trajectory moves on to sustaining (borging)."),
    }
    return effects.get(audit.decision, "")
