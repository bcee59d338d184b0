"""Reads of the quality analysis, and its step on the trajectory page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.steps import NextStep, Step, Task, TaskStatus
from kwaliteitsaanpak.core.workflow import SubmissionStatus

from ..constants import Phase
from ..models import Analysis, AnalysisAttachment, AnalysisReview, ClassVisit, Interview, Trajectory
from .trajectory import BOARD, EXPERT_GROUP, EXPERTS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A step's record on the task list: its status as a task.
SUBMISSION_TASK_STATUS: dict[str, StrOrPromise] = {
    SubmissionStatus.DRAFT: TaskStatus.IN_PROGRESS,
    SubmissionStatus.SUBMITTED: TaskStatus.SUBMITTED,
    SubmissionStatus.RETURNED: TaskStatus.RETURNED,
    SubmissionStatus.APPROVED: TaskStatus.APPROVED,
    SubmissionStatus.SUPERSEDED: TaskStatus.APPROVED,
}


def analysis_of(trajectory: Trajectory) -> Analysis | None:
    """The trajectory's analysis, or None before the intake's outcome (select_related("analysis") saves a query)."""
    try:
        return trajectory.analysis
    except ObjectDoesNotExist:
        return None


def analysis_with_everything(analysis: Analysis) -> Analysis:
    """The analysis with everything its page shows, in a fixed number of queries."""
    visits = ClassVisit.objects.select_related("observer").prefetch_related("observations")
    return (
        Analysis.objects.filter(pk=analysis.pk)
        .select_related("trajectory__school")
        .prefetch_related(
            "findings",
            Prefetch("class_visits", queryset=visits),
            Prefetch("interviews", queryset=Interview.objects.select_related("interviewer")),
            Prefetch("attachments", queryset=AnalysisAttachment.objects.select_related("uploaded_by")),
            Prefetch("reviews", queryset=AnalysisReview.objects.select_related("submitted_by", "decided_by")),
        )
        .get()
    )


def _analysis_task(trajectory: Trajectory) -> Task:
    analysis = analysis_of(trajectory)
    if analysis is None:
        return Task(_("Quality analysis"), TaskStatus.NOT_STARTED)
    return Task(
        _("Quality analysis"),
        SUBMISSION_TASK_STATUS[analysis.status],
        url=reverse("improvement_plans:analysis_detail", args=[trajectory.pk]),
    )


def _analysis_next_step(trajectory: Trajectory) -> NextStep | None:
    if trajectory.phase != Phase.ANALYSIS:
        return None
    analysis = analysis_of(trajectory)
    if analysis is not None and analysis.status == SubmissionStatus.SUBMITTED:
        return NextStep(_("Approve the analysis or return it with comments."), EXPERT_GROUP)
    if analysis is not None and analysis.status == SubmissionStatus.RETURNED:
        return NextStep(
            _("Change the analysis after the expert group's comments and submit it again."), BOARD
        )
    return NextStep(
        _("Complete the quality analysis and submit it to the expert group."), f"{EXPERTS}, {BOARD}"
    )


ANALYSIS_STEP = Step(order=30, name="analysis", task=_analysis_task, next_step=_analysis_next_step)
