"""This app's source of "my tasks" (`kwaliteitsaanpak.core.my_tasks`), registered from `apps.py`.

`budget`: those who submit budgets (the financial expert of the trajectory, programme staff) draw up the budget of an
approved plan version and complete or rework it after the expert group returned it; the expert group judges a
submitted budget; staff record the municipality's grant decision on an approved one. At most five queries.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from improvement_plans.models import ImprovementPlan, Trajectory
from improvement_plans.my_tasks import (
    DECISION_DUE_AFTER,
    RETURNED_AT,
    REWORK_DUE_AFTER,
    SUBMITTED_AT,
    due_after,
)
from kwaliteitsaanpak.core.my_tasks import UserTask, register_task_source
from kwaliteitsaanpak.core.workflow import EDITABLE_STATUSES, SubmissionStatus

from .models import Budget, GrantDecision
from .services import BUDGET_PHASES


def _task(budget: Budget, what, url: str, due_on: datetime.date | None = None) -> UserTask:
    return UserTask(what=what, school=budget.trajectory.school.name, url=url, due_on=due_on, kind="budget")


def _drawing_up(user: Any, trajectories) -> list[UserTask]:
    """Approved plan versions without a budget, and budgets in draft or returned. Two queries."""
    tasks = []
    without_budget = (
        ImprovementPlan.objects.filter(
            trajectory__in=trajectories.filter(phase__in=BUDGET_PHASES), status=SubmissionStatus.APPROVED
        )
        .filter(~Exists(Budget.objects.filter(plan=OuterRef("pk"))))
        .select_related("trajectory__school")
    )
    for plan in without_budget:
        tasks.append(
            UserTask(
                what=_("Draw up the budget of version %(number)s of the improvement plan")
                % {"number": plan.number},
                school=plan.trajectory.school.name,
                url=reverse("finance:budget_create", args=[plan.trajectory_id]),
                due_on=None,
                kind="budget",
            )
        )
    budgets = (
        Budget.objects.visible_to(user)
        .filter(trajectory__in=trajectories, status__in=EDITABLE_STATUSES)
        .select_related("trajectory__school", "plan")
        .annotate(returned_at=RETURNED_AT)
    )
    for budget in budgets:
        number = {"number": budget.plan.number}
        url = reverse("finance:budget_detail", args=[budget.trajectory_id, budget.plan.number])
        if budget.status == SubmissionStatus.RETURNED:
            what = _("Budget (version %(number)s) returned: process the comments") % number
            tasks.append(_task(budget, what, url, due_after(budget.returned_at, REWORK_DUE_AFTER)))
        else:
            what = _("Complete the budget (version %(number)s) and submit it") % number
            tasks.append(_task(budget, what, url))
    return tasks


def budget_tasks(user: Any, today: datetime.date) -> list[UserTask]:
    tasks: list[UserTask] = []
    if not user.is_authenticated:
        return tasks
    visible = Trajectory.objects.visible_to(user).open()
    if user.has_perm("finance.submit_budget"):
        if user.has_perm("improvement_plans.view_all_trajectories"):
            own = visible
        else:
            # A financial expert works on the budgets of the trajectories assigned to them.
            own = visible.filter(financial_expert=user)
        tasks += _drawing_up(user, own)
    if user.has_perm("finance.review_budget"):
        submitted = (
            Budget.objects.visible_to(user)
            .filter(trajectory__in=visible, status=SubmissionStatus.SUBMITTED)
            .select_related("trajectory__school", "plan")
            .annotate(submitted_at=SUBMITTED_AT)
        )
        for budget in submitted:
            what = _("Judge the budget (version %(number)s)") % {"number": budget.plan.number}
            url = reverse("finance:budget_review", args=[budget.trajectory_id, budget.plan.number])
            tasks.append(_task(budget, what, url, due_after(budget.submitted_at, DECISION_DUE_AFTER)))
    if user.has_perm("finance.record_grant_decision"):
        approved = (
            Budget.objects.visible_to(user)
            .filter(trajectory__in=visible, status=SubmissionStatus.APPROVED)
            .filter(~Exists(GrantDecision.objects.filter(budget=OuterRef("pk"))))
            .select_related("trajectory__school", "plan")
        )
        for budget in approved:
            what = _("Record the grant decision on the budget (version %(number)s)") % {
                "number": budget.plan.number
            }
            url = reverse("finance:grant_decision", args=[budget.trajectory_id, budget.plan.number])
            tasks.append(_task(budget, what, url))
    return tasks


def register() -> None:
    """Registers this app's task source."""
    register_task_source("budget", budget_tasks)
