"""How the quarterly progress report plugs into the trajectory (ADR 7): its step, its panel on the trajectory page
and its task source for "my tasks". Called from `ImprovementPlansConfig.ready()`."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kwaliteitsaanpak.core.my_tasks import UserTask, register_task_source
from kwaliteitsaanpak.core.steps import NextStep, Panel, Step, Task, TaskStatus, register_panel, register_step
from kwaliteitsaanpak.core.workflow import SubmissionStatus

from .constants import Phase
from .selectors.progress import (
    current_goals,
    latest_goal_progress,
    quarter_rows,
    reports_to_assess,
    reports_to_fill_in,
    trajectory_reports,
)
from .selectors.trajectory import BOARD, EXPERTS

REPORT_PHASES = (Phase.EXECUTION, Phase.SUSTAINING)


def _list_url(trajectory) -> str:
    return reverse("improvement_plans:progress_report_list", args=[trajectory.pk])


def _task(trajectory) -> Task:
    reports = trajectory_reports(trajectory)
    if trajectory.execution_started_on is None:
        return Task(_("Progress reports"), TaskStatus.NOT_STARTED)
    today = timezone.localdate()
    assessed = sum(report.status == SubmissionStatus.APPROVED for report in reports)
    overdue = [report.quarter for report in reports if report.is_editable and report.due_on < today]
    hint = _("%(assessed)s of %(total)s assessed") % {
        "assessed": assessed,
        "total": trajectory.execution_quarters,
    }
    if overdue:
        hint = "{}, {}".format(
            hint,
            ngettext("quarter %(quarters)s overdue", "quarters %(quarters)s overdue", len(overdue))
            % {"quarters": ", ".join(str(quarter) for quarter in overdue)},
        )
    if overdue:
        status = TaskStatus.LATE
    elif any(report.status == SubmissionStatus.RETURNED for report in reports):
        status = TaskStatus.RETURNED
    elif any(report.status == SubmissionStatus.SUBMITTED for report in reports):
        status = TaskStatus.SUBMITTED
    elif assessed >= trajectory.execution_quarters:
        status = TaskStatus.DONE
    elif reports:
        status = TaskStatus.IN_PROGRESS
    else:
        status = TaskStatus.NOT_STARTED
    return Task(_("Progress reports"), status, url=_list_url(trajectory), hint=hint)


def _next_step(trajectory) -> NextStep | None:
    if trajectory.phase not in REPORT_PHASES:
        return None
    reports = trajectory_reports(trajectory)
    submitted = next((report for report in reports if report.is_submitted), None)
    if submitted is not None:
        return NextStep(
            _("Assess the progress report of quarter %(quarter)s.") % {"quarter": submitted.quarter}, EXPERTS
        )
    waiting = next((report for report in reports if report.is_editable), None)
    if waiting is not None:
        text = (
            _("Revise the progress report of quarter %(quarter)s and submit it again, by %(date)s.")
            if waiting.is_returned
            else _("Fill in and submit the progress report of quarter %(quarter)s, by %(date)s.")
        )
        return NextStep(
            text % {"quarter": waiting.quarter, "date": date_format(waiting.due_on, "j F Y")}, BOARD
        )
    return None


def _panel(trajectory, user) -> dict | None:
    if trajectory.execution_started_on is None:
        return None
    return {
        "trajectory": trajectory,
        "standings": latest_goal_progress(trajectory, current_goals(trajectory)),
        "rows": quarter_rows(trajectory),
        "list_url": _list_url(trajectory),
    }


def progress_tasks(user, today: datetime.date) -> list[UserTask]:
    """The reports waiting for `user`: to fill in or revise (board, director), to assess (assigned expert)."""
    tasks = []
    for report in reports_to_fill_in(user):
        what = (
            _("Revise the progress report of quarter %(quarter)s")
            if report.is_returned
            else _("Fill in the progress report of quarter %(quarter)s")
        )
        tasks.append(
            UserTask(
                what % {"quarter": report.quarter},
                report.trajectory.school.name,
                report.get_absolute_url(),
                report.due_on,
                "progress_reports",
            )
        )
    for report in reports_to_assess(user):
        tasks.append(
            UserTask(
                _("Assess the progress report of quarter %(quarter)s") % {"quarter": report.quarter},
                report.trajectory.school.name,
                reverse(
                    "improvement_plans:progress_report_assess", args=[report.trajectory_id, report.quarter]
                ),
                None,
                "progress_reports",
            )
        )
    return tasks


PROGRESS_STEP = Step(order=65, name="progress_reports", task=_task, next_step=_next_step)
PROGRESS_PANEL = Panel(
    order=65,
    name="progress_reports",
    template="improvement_plans/includes/progress_panel.html",
    context=_panel,
)

__all__ = ["PROGRESS_PANEL", "PROGRESS_STEP", "progress_tasks", "register"]


def register() -> None:
    """Registers the progress report's step (order 65), panel and task source."""
    register_step(PROGRESS_STEP)
    register_panel(PROGRESS_PANEL)
    register_task_source("progress_reports", progress_tasks)
