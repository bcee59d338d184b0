"""How the audits of this app plug into the trajectory and "my tasks" (ADR 7). Called from `AuditsConfig.ready()`.

- The step "Audits" (order 70) on the task list: the audits and their decisions, and the next action when an audit
  waits for the education experts (from 30 days before its planned date) or for the expert group.
- A panel on the trajectory page: the audits planned and held, with the adopted decisions. A board user, the director
  and the financial expert see the decision only once the expert group has adopted the audit.
- The task source `audits`: assigned education experts draw up an audit from 30 days before its planned date
  (due on that date, or four weeks after a return); the expert group adopts submitted audits (due four weeks after
  submission).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from improvement_plans.constants import Phase
from improvement_plans.my_tasks import (
    DECISION_DUE_AFTER,
    RETURNED_AT,
    REWORK_DUE_AFTER,
    SUBMITTED_AT,
    due_after,
)
from kwaliteitsaanpak.core.my_tasks import UserTask, register_task_source
from kwaliteitsaanpak.core.steps import Panel, Step, register_panel, register_step
from kwaliteitsaanpak.core.workflow import EDITABLE_STATUSES, SubmissionStatus

from .models import Audit
from .selectors.audits import (
    audit_state_label,
    audits_next_step,
    audits_task,
    is_overdue,
    sees_audit_drafts,
    trajectory_audits,
)
from .services.audits import OPEN_BEFORE


def audits_panel(trajectory: Any, user: Any) -> dict | None:
    """The audits of the trajectory, or None before any is planned."""
    audits = trajectory_audits(trajectory)
    if not audits:
        return None
    today = timezone.localdate()
    drafts = sees_audit_drafts(user, trajectory)
    rows = []
    for audit in audits:
        adopted = audit.is_approved
        # Before adoption, who does not read drafts sees only that the audit is planned.
        state = audit_state_label(audit) if adopted or drafts else _("Planned")
        decision = audit.get_decision_display() if adopted else ""
        rows.append((audit, state, decision, is_overdue(audit, today)))
    return {
        "audits": rows,
        "extended": trajectory.execution_years > 2,
        "ends_on": trajectory.execution_ends_on,
    }


def audit_tasks(user: Any, today: datetime.date) -> list[UserTask]:
    """At most two queries: the audits to draw up for the assigned education experts, the audits to adopt for the
    expert group."""
    tasks = []
    if user.has_perm("audits.work_on_audit"):
        audits = (
            Audit.objects.filter(
                trajectory__education_experts=user,
                trajectory__phase=Phase.EXECUTION,
                trajectory__ended_on__isnull=True,
                status__in=EDITABLE_STATUSES,
                planned_on__lte=today + OPEN_BEFORE,
            )
            .select_related("trajectory__school")
            .annotate(returned_at=RETURNED_AT)
        )
        for audit in audits:
            returned = audit.status == SubmissionStatus.RETURNED
            what = (
                _("%(audit)s returned: process the comments")
                if returned
                else _("Draw up the %(audit)s and submit it to the expert group")
            )
            kind_name = audit.get_kind_display()
            tasks.append(
                UserTask(
                    what=what % {"audit": kind_name if returned else kind_name.lower()},
                    school=audit.trajectory.school.name,
                    url=audit.get_absolute_url(),
                    due_on=due_after(audit.returned_at, REWORK_DUE_AFTER) if returned else audit.planned_on,
                    kind="audits",
                )
            )
    if user.has_perm("audits.decide_audit"):
        submitted = (
            Audit.objects.visible_to(user)
            .filter(status=SubmissionStatus.SUBMITTED, trajectory__phase=Phase.EXECUTION)
            .select_related("trajectory__school")
            .annotate(submitted_at=SUBMITTED_AT)
        )
        for audit in submitted:
            tasks.append(
                UserTask(
                    what=_("Adopt the %(audit)s or return it") % {"audit": audit.get_kind_display().lower()},
                    school=audit.trajectory.school.name,
                    url=reverse("audits:audit_review", args=[audit.trajectory_id, audit.pk]),
                    due_on=due_after(audit.submitted_at, DECISION_DUE_AFTER),
                    kind="audits",
                )
            )
    return tasks


def register() -> None:
    """Registers this area's step, panel and task source."""
    register_step(Step(order=70, name="audits", task=audits_task, next_step=audits_next_step))
    register_panel(
        Panel(order=70, name="audits", template="audits/includes/audit_panel.html", context=audits_panel)
    )
    register_task_source("audits", audit_tasks)
