"""Reads of the quarterly progress reports: a report with everything its pages show, the reports of a trajectory per
quarter with their state, each goal's latest status and value, and the reports waiting for a user (my tasks)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.dates import quarter_period
from kwaliteitsaanpak.core.workflow import EDITABLE_STATUSES, SubmissionStatus

from ..constants import GoalProgressStatus, Phase
from ..models import (
    Goal,
    GoalProgress,
    GoalProgressComment,
    MeasureProgress,
    ProgressReport,
    ProgressReportReview,
    Trajectory,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ReportState:
    """The state of a quarter's report as the pages show it, with the tag colour."""

    NOT_YET = ("not-yet", _("Not started yet"), "grey")
    DUE = ("due", _("To be filled in"), "grey")
    OVERDUE = ("overdue", _("Overdue"), "red")
    SUBMITTED = ("submitted", _("Submitted"), "blue")
    RETURNED = ("returned", _("Returned"), "orange")
    ASSESSED = ("assessed", _("Assessed as sufficient"), "green")


# The colour of a goal's status.
GOAL_STATUS_COLOURS: dict[str, str] = {
    GoalProgressStatus.ON_SCHEDULE: "green",
    GoalProgressStatus.ACHIEVED: "green",
    GoalProgressStatus.AT_RISK: "orange",
    GoalProgressStatus.BEHIND: "red",
}


def report_state(report: ProgressReport, today: datetime.date | None = None) -> tuple[str, StrOrPromise, str]:
    """(key, label, colour) of a report: overdue is a draft past its due date (a returned one says so first)."""
    today = today or timezone.localdate()
    if report.status == SubmissionStatus.SUBMITTED:
        return ReportState.SUBMITTED
    if report.status in (SubmissionStatus.APPROVED, SubmissionStatus.SUPERSEDED):
        return ReportState.ASSESSED
    if report.status == SubmissionStatus.RETURNED:
        return ReportState.RETURNED
    return ReportState.OVERDUE if report.due_on < today else ReportState.DUE


def report_with_everything(report: ProgressReport) -> ProgressReport:
    """A report with its lines, documents and assessments (with their comments per goal), in a fixed number of
    queries."""
    reviews = ProgressReportReview.objects.select_related("submitted_by", "decided_by").prefetch_related(
        Prefetch("goal_comments", queryset=GoalProgressComment.objects.order_by("goal__order", "goal_id"))
    )
    return (
        ProgressReport.objects.filter(pk=report.pk)
        .select_related("trajectory__school__board", "plan")
        .prefetch_related(
            Prefetch(
                "goal_lines",
                queryset=GoalProgress.objects.select_related("goal").order_by("goal__order", "goal_id"),
            ),
            Prefetch(
                "measure_lines",
                queryset=MeasureProgress.objects.select_related("measure__goal").order_by(
                    "measure__goal__order", "measure__starts_on", "measure_id"
                ),
            ),
            "documents__uploaded_by",
            Prefetch("reviews", queryset=reviews),
        )
        .get()
    )


@dataclass
class QuarterRow:
    """One quarter of execution: its period, its report (None before it is created) and its state."""

    quarter: int
    period_start: datetime.date
    period_end: datetime.date
    report: ProgressReport | None
    state: tuple[str, StrOrPromise, str]

    @property
    def due_on(self) -> datetime.date | None:
        return self.report.due_on if self.report else None


def trajectory_reports(trajectory: Trajectory) -> list[ProgressReport]:
    """The trajectory's reports by quarter, cached on the trajectory object: the step, the next step and the panel
    of the trajectory page read them once."""
    cached = getattr(trajectory, "_progress_reports", None)
    if cached is None:
        cached = list(trajectory.progress_reports.order_by("quarter"))
        trajectory._progress_reports = cached  # type: ignore[attr-defined]
    return cached


def quarter_rows(trajectory: Trajectory, today: datetime.date | None = None) -> list[QuarterRow]:
    """Every quarter of the trajectory's execution with its report and state (one query)."""
    if trajectory.execution_started_on is None:
        return []
    reports = {report.quarter: report for report in trajectory_reports(trajectory)}
    rows = []
    for quarter in range(1, max(trajectory.execution_quarters, max(reports, default=0)) + 1):
        start, end = quarter_period(trajectory.execution_started_on, quarter)
        report = reports.get(quarter)
        state = report_state(report, today) if report else ReportState.NOT_YET
        rows.append(QuarterRow(quarter, start, end, report, state))
    return rows


@dataclass
class GoalStanding:
    """A goal's latest reported status and indicator value (from submitted or assessed reports)."""

    goal: Goal
    line: GoalProgress | None

    @property
    def value(self) -> Decimal | None:
        return self.line.current_value if self.line else None


def latest_goal_progress(trajectory: Trajectory, goals: list[Goal]) -> list[GoalStanding]:
    """For each of `goals` (of one of the trajectory's plan versions), its latest reported line: of the goal itself
    or of its counterpart in an earlier version. Two queries, whatever the number of goals."""
    counterpart = dict(Goal.objects.filter(plan__trajectory=trajectory).values_list("pk", "previous_id"))
    lines = (
        GoalProgress.objects.filter(
            report__trajectory=trajectory,
            report__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
        )
        .exclude(status="")
        .select_related("report")
        .order_by("-report__quarter")
    )
    latest: dict[int, GoalProgress] = {}
    for line in lines:
        latest.setdefault(line.goal_id, line)
    standings = []
    for goal in goals:
        goal_id: int | None = goal.pk
        found = None
        while goal_id is not None and found is None:
            found = latest.get(goal_id)
            goal_id = counterpart.get(goal_id)
        standings.append(GoalStanding(goal, found))
    return standings


def current_goals(trajectory: Trajectory) -> list[Goal]:
    """The goals of the trajectory's approved plan version, in the plan's order."""
    return list(
        Goal.objects.filter(plan__trajectory=trajectory, plan__status=SubmissionStatus.APPROVED).order_by(
            "order", "id"
        )
    )


# What waits for a user (my tasks)


def reports_to_fill_in(user) -> QuerySet[ProgressReport]:
    """For a board user (or a school director): the editable reports of their open trajectories in execution."""
    scope = Q()
    if getattr(user, "school_board_id", None):
        scope |= Q(trajectory__school__board_id=user.school_board_id)
    if getattr(user, "school_id", None):
        scope |= Q(trajectory__school_id=user.school_id)
    if not scope or not user.has_perm("improvement_plans.work_on_progress_report"):
        return ProgressReport.objects.none()
    return (
        ProgressReport.objects.filter(scope, status__in=EDITABLE_STATUSES)
        .filter(trajectory__ended_on__isnull=True, trajectory__phase__in=[Phase.EXECUTION, Phase.SUSTAINING])
        .select_related("trajectory__school")
        .order_by("due_on", "pk")
    )


def reports_to_assess(user) -> QuerySet[ProgressReport]:
    """For an education expert: the submitted reports of the trajectories they are assigned to."""
    if not user.has_perm("improvement_plans.assess_progress_report"):
        return ProgressReport.objects.none()
    return (
        ProgressReport.objects.filter(status=SubmissionStatus.SUBMITTED, trajectory__education_experts=user)
        .filter(trajectory__ended_on__isnull=True)
        .select_related("trajectory__school")
        .order_by("due_on", "pk")
    )
