"""Quarterly progress reports (voortgangsrapportages): scheduling, filling in, documents, submitting and the
education expert's assessment. Each change runs on the locked trajectory row (`services.trajectory`) and goes
through the review kernel (`kwaliteitsaanpak.core.workflow`): approved means "assessed as sufficient".

**What other apps may call**: `schedule_progress_reports` (the daily Celery task and the demo), and the services
named `progress_report_*` / `progress_document_*` below.

A report follows the goals and measures of the plan version that was approved when it was created. When a newer
plan version is approved, a report that is still editable and in which nothing has been filled in yet (no summary,
no line, no document, never submitted) follows the new version the next time the scheduler runs; a report someone
has started keeps its version, so nothing anyone wrote is lost or moved to a goal it was not written for.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core import workflow
from kwaliteitsaanpak.core.dates import quarter_period
from kwaliteitsaanpak.core.uploads import safe_original_name
from kwaliteitsaanpak.core.workflow import SubmissionStatus, touch
from kwaliteitsaanpak.permissions import not_allowed, require_permission

from ..constants import (
    PROGRESS_REPORT_DUE_AFTER,
    EventKind,
    GoalProgressStatus,
    MeasureProgressStatus,
    Phase,
)
from ..models import (
    Goal,
    GoalProgress,
    GoalProgressComment,
    ImprovementPlan,
    Measure,
    MeasureProgress,
    ProgressReport,
    ProgressReportDocument,
    ProgressReportReview,
    Trajectory,
)
from .trajectory import lock_trajectory, record_event, require_phase

# A report is filled in, submitted and assessed during the execution; one still open when the execution is completed
# (the report of the last quarter is due after it ends) can be finished during the sustaining phase.
REPORT_PHASES = (Phase.EXECUTION, Phase.SUSTAINING)
# Statuses that need an explanation before the report can be submitted.
GOAL_STATUSES_TO_EXPLAIN = (GoalProgressStatus.AT_RISK, GoalProgressStatus.BEHIND)
MEASURE_STATUSES_TO_EXPLAIN = (MeasureProgressStatus.DELAYED, MeasureProgressStatus.STOPPED)


def _approved_plan(trajectory: Trajectory) -> ImprovementPlan | None:
    return trajectory.plans.filter(status=SubmissionStatus.APPROVED).first()


def _quarter_words(report: ProgressReport) -> str:
    return _("Quarter %(quarter)s") % {"quarter": report.quarter}


# Scheduling


def _create_lines(report: ProgressReport, plan: ImprovementPlan) -> None:
    goals = list(Goal.objects.filter(plan=plan))
    GoalProgress.objects.bulk_create(GoalProgress(report=report, goal=goal) for goal in goals)
    MeasureProgress.objects.bulk_create(
        MeasureProgress(report=report, measure=measure) for measure in Measure.objects.filter(goal__plan=plan)
    )


def _nothing_filled_in(report: ProgressReport) -> bool:
    return (
        not report.summary.strip()
        and not report.reviews.exists()
        and not report.documents.exists()
        and not report.goal_lines.exclude(status="", explanation="", current_value=None).exists()
        and not report.measure_lines.exclude(status="", explanation="").exists()
    )


def _follow_plan(report: ProgressReport, plan: ImprovementPlan) -> bool:
    """An editable, empty report of an earlier plan version follows `plan`'s goals and measures."""
    if report.plan_id == plan.pk or not report.is_editable or not _nothing_filled_in(report):
        return False
    report.goal_lines.all().delete()
    report.measure_lines.all().delete()
    report.plan = plan
    workflow.bump_version(report)
    report.save(update_fields=["plan", "version"])
    _create_lines(report, plan)
    return True


def _schedule_for(trajectory: Trajectory, today: datetime.date) -> int:
    created = 0
    with transaction.atomic():
        trajectory = lock_trajectory(trajectory)
        if (
            trajectory.phase != Phase.EXECUTION
            or not trajectory.is_open
            or trajectory.execution_started_on is None
        ):
            return 0
        plan = _approved_plan(trajectory)
        if plan is None:
            return 0
        existing = {report.quarter: report for report in trajectory.progress_reports.all()}
        for report in existing.values():
            _follow_plan(report, plan)
        for quarter in range(1, trajectory.execution_quarters + 1):
            start, end = quarter_period(trajectory.execution_started_on, quarter)
            if start > today:
                break
            if quarter in existing:
                continue
            try:
                # A savepoint: a report created meanwhile by another run (the unique constraint) is skipped.
                with transaction.atomic():
                    report = ProgressReport.objects.create(
                        trajectory=trajectory,
                        quarter=quarter,
                        period_start=start,
                        period_end=end,
                        due_on=end + PROGRESS_REPORT_DUE_AFTER,
                        plan=plan,
                    )
                    _create_lines(report, plan)
            except IntegrityError:
                continue
            created += 1
    return created


def schedule_progress_reports(
    today: datetime.date | None = None, *, trajectory: Trajectory | None = None
) -> int:
    """Create the progress report of every quarter of execution that has started, for every open trajectory in
    execution (or only `trajectory`), with a line per goal and measure of the approved plan; idempotent. Returns how
    many were created. A trajectory in sustaining, closed or withdrawn gets no new reports."""
    today = today or timezone.localdate()
    trajectories = Trajectory.objects.open().filter(
        phase=Phase.EXECUTION, execution_started_on__isnull=False, execution_started_on__lte=today
    )
    if trajectory is not None:
        trajectories = trajectories.filter(pk=trajectory.pk)
    return sum(_schedule_for(each, today) for each in trajectories.order_by("pk"))


# Filling in


def _locked_report(user: User, report: ProgressReport, permission: str) -> ProgressReport:
    """The report, re-read under a lock on its trajectory, after the permission and phase checks."""
    require_permission(user, permission, report.trajectory)
    trajectory = lock_trajectory(report.trajectory)
    require_phase(trajectory, *REPORT_PHASES)
    return ProgressReport.objects.select_related("trajectory__school", "plan").get(pk=report.pk)


def _editable_report(user: User, report: ProgressReport) -> ProgressReport:
    report = _locked_report(user, report, "improvement_plans.work_on_progress_report")
    workflow.ensure_editable(
        report, _("This progress report is %(status)s and cannot be changed until it is returned.")
    )
    return report


def _add_document(
    user: User, report: ProgressReport, file: UploadedFile, description: str = ""
) -> ProgressReportDocument:
    document = ProgressReportDocument(
        report=report,
        original_filename=safe_original_name(file.name or ""),
        description=description.strip()[:200],
        uploaded_by=user,
    )
    document.file.save(document.original_filename, file, save=False)
    document.save()
    return document


@transaction.atomic
def progress_report_update(
    *,
    user: User,
    report: ProgressReport,
    expected_version: int,
    summary: str,
    goal_lines: Mapping[int, Mapping[str, Any]],
    measure_lines: Mapping[int, Mapping[str, Any]],
    document: UploadedFile | None = None,
    document_description: str = "",
) -> ProgressReport:
    """Save what the board (or its school director) filled in: the summary, per goal (by id) its `status`,
    `explanation` and `current_value`, per measure its `status` and `explanation`, and optionally a document. A save
    based on an older version of the report is refused. Lines may still be empty: completeness is checked when the
    report is submitted."""
    report = _editable_report(user, report)
    workflow.bump_version(report, expected_version)
    goals = {line.goal_id: line for line in report.goal_lines.all()}
    measures = {line.measure_id: line for line in report.measure_lines.all()}
    if any(goal_id not in goals for goal_id in goal_lines) or any(
        measure_id not in measures for measure_id in measure_lines
    ):
        raise not_allowed()
    errors: dict[str, str] = {}
    for goal_id, values in goal_lines.items():
        status = values.get("status") or ""
        if status not in ("", *GoalProgressStatus.values):
            errors[f"goal_{goal_id}_status"] = _("Choose how the goal stands.")
        value = values.get("current_value")
        if value is not None and (not isinstance(value, Decimal) or abs(value) >= Decimal("1e8")):
            errors[f"goal_{goal_id}_current_value"] = _("Enter the indicator's value as a number.")
    for measure_id, values in measure_lines.items():
        if (values.get("status") or "") not in ("", *MeasureProgressStatus.values):
            errors[f"measure_{measure_id}_status"] = _("Choose whether the measure runs as planned.")
    if errors:
        raise ValidationError(errors)
    for goal_id, values in goal_lines.items():
        line = goals[goal_id]
        line.status = values.get("status") or ""
        line.explanation = (values.get("explanation") or "").strip()
        line.current_value = values.get("current_value")
        line.save()
    for measure_id, values in measure_lines.items():
        measure_line = measures[measure_id]
        measure_line.status = values.get("status") or ""
        measure_line.explanation = (values.get("explanation") or "").strip()
        measure_line.save()
    report.summary = summary.strip()
    report.save()
    if document is not None:
        _add_document(user, report, document, document_description)
    return report


@transaction.atomic
def progress_document_add(
    *, user: User, report: ProgressReport, file: UploadedFile, description: str = ""
) -> ProgressReportDocument:
    """Add a document (the form has checked its kind and size) to a report that may still change."""
    report = _editable_report(user, report)
    document = _add_document(user, report, file, description)
    touch(report)
    return document


@transaction.atomic
def progress_document_remove(*, user: User, document: ProgressReportDocument) -> None:
    """Remove a document from a report that may still change; only the person who added it may."""
    report = _editable_report(user, document.report)
    document = ProgressReportDocument.objects.get(pk=document.pk)
    if document.report_id != report.pk or document.uploaded_by_id != user.pk:
        raise ValidationError(_("Only the person who added this document can remove it."))
    stored = document.file
    document.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
    touch(report)


# Submitting and assessing


def progress_report_missing_parts(report: ProgressReport) -> list[str]:
    """What the report still lacks before it can be submitted, in plain words."""
    missing = []
    if not report.summary.strip():
        missing.append(_("the summary of the quarter"))
    goal_lines = list(report.goal_lines.select_related("goal").order_by("goal__order", "goal_id"))
    for number, line in enumerate(goal_lines, start=1):
        if not line.status:
            missing.append(_("the status of goal %(number)s") % {"number": number})
        if line.current_value is None:
            missing.append(_("the current value of the indicator of goal %(number)s") % {"number": number})
        if line.status in GOAL_STATUSES_TO_EXPLAIN and not line.explanation:
            missing.append(
                _("an explanation why goal %(number)s is %(status)s")
                % {"number": number, "status": line.get_status_display().lower()}
            )
    for measure_line in report.measure_lines.select_related("measure"):
        measure = measure_line.measure
        if not measure_line.status:
            missing.append(_("whether the measure “%(measure)s” runs as planned") % {"measure": measure})
        elif measure_line.status in MEASURE_STATUSES_TO_EXPLAIN and not measure_line.explanation:
            missing.append(_("an explanation for the measure “%(measure)s”") % {"measure": measure})
    return missing


def _decimal_text(value: Decimal | None) -> str:
    return "" if value is None else number_format(value.normalize())


def progress_report_snapshot(report: ProgressReport) -> dict:
    """The report's content as it is now, for the submission's snapshot: readable after later revisions."""
    goals = report.goal_lines.select_related("goal").order_by("goal__order", "goal_id")
    measures = report.measure_lines.select_related("measure__goal").order_by(
        "measure__starts_on", "measure_id"
    )
    return {
        "summary": report.summary,
        "plan": report.plan.number,
        "goals": [
            {
                "goal": line.goal_id,
                "description": line.goal.description,
                "indicator": line.goal.indicator,
                "unit": line.goal.unit,
                "target": _decimal_text(line.goal.target),
                "status": line.status,
                "status_label": str(line.get_status_display()),
                "explanation": line.explanation,
                "current_value": _decimal_text(line.current_value),
            }
            for line in goals
        ],
        "measures": [
            {
                "measure": line.measure_id,
                "description": str(line.measure),
                "status": line.status,
                "status_label": str(line.get_status_display()),
                "explanation": line.explanation,
            }
            for line in measures
        ],
        "documents": [
            {"id": document.pk, "name": document.original_filename, "description": document.description}
            for document in report.documents.all()
        ],
    }


@transaction.atomic
def progress_report_submit(
    *, user: User, report: ProgressReport, expected_version: int
) -> ProgressReportReview:
    """The board submits a complete report to its education expert; the review keeps a snapshot of it."""
    require_permission(user, "improvement_plans.submit_progress_report", report.trajectory)
    report = _editable_report(user, report)
    missing = progress_report_missing_parts(report)
    if missing:
        raise ValidationError(
            _("The progress report is not complete. Still missing: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    review = workflow.submit(report, user=user, expected_version=expected_version)
    review.snapshot = progress_report_snapshot(report)
    review.save(update_fields=["snapshot"])
    record_event(report.trajectory, EventKind.PROGRESS_SUBMITTED, user, _quarter_words(report))
    return review


def _pending(user: User, report: ProgressReport) -> tuple[ProgressReport, ProgressReportReview]:
    report = _locked_report(user, report, "improvement_plans.assess_progress_report")
    review = workflow.pending_review(report, _("There is no submitted progress report to assess."))
    return report, review


@transaction.atomic
def progress_report_assess(*, user: User, report: ProgressReport, comments: str = "") -> ProgressReport:
    """The assigned education expert assesses the submitted report as sufficient."""
    report, review = _pending(user, report)
    workflow.approve(report, review=review, user=user, comments=comments)
    record_event(report.trajectory, EventKind.PROGRESS_ASSESSED, user, _quarter_words(report))
    return report


@transaction.atomic
def progress_report_return(
    *,
    user: User,
    report: ProgressReport,
    comments: str,
    goal_comments: Mapping[int, str] | None = None,
) -> ProgressReport:
    """The assigned education expert returns the report with comments (in general, and per goal where needed);
    the board revises it and submits it again."""
    require_permission(user, "improvement_plans.assess_progress_report", report.trajectory)
    goal_comments = {goal_id: text.strip() for goal_id, text in (goal_comments or {}).items() if text.strip()}
    if not comments.strip():
        raise ValidationError(
            {"comments": _("Write down what has to change before the report can be assessed as sufficient.")}
        )
    report, review = _pending(user, report)
    goals = {line.goal_id: line.goal for line in report.goal_lines.select_related("goal")}
    if any(goal_id not in goals for goal_id in goal_comments):
        raise not_allowed()
    workflow.return_with_comments(report, review=review, user=user, comments=comments)
    GoalProgressComment.objects.bulk_create(
        GoalProgressComment(review=review, goal=goals[goal_id], text=text)
        for goal_id, text in goal_comments.items()
    )
    record_event(
        report.trajectory, EventKind.PROGRESS_RETURNED, user, f"{_quarter_words(report)}: {review.comments}"
    )
    return report
