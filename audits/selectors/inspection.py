"""Reads of the inspection reviews and supervision arrangements that pages, the trajectory's panel and "my tasks"
share. Every list starts from what the user may see (`visible_to`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.core.dates import school_year_of
from kwaliteitsaanpak.core.workflow import EDITABLE_STATUSES, SubmissionStatus

from ..constants import Grade, Subject
from ..models import InspectionJudgement, InspectionReview, InterimResult, SupervisionArrangement

if TYPE_CHECKING:
    from kwaliteitsaanpak.accounts.models import User


def reviews_for_list(user: User) -> QuerySet[InspectionReview]:
    """The reviews the user may see, with what a list row shows."""
    return InspectionReview.objects.visible_to(user).select_related("school__board", "trajectory")


def review_for_page(user: User) -> QuerySet[InspectionReview]:
    """The reviews the user may open, with their trajectory (and the experts the permission checks read)."""
    return (
        InspectionReview.objects.visible_to(user)
        .select_related("school__board", "trajectory__school__board", "trajectory__financial_expert")
        .prefetch_related(
            "trajectory__education_experts",
            "results",
            Prefetch(
                "reviews",
                queryset=InspectionJudgement.objects.select_related("submitted_by", "decided_by"),
            ),
        )
    )


@dataclass
class GridRow:
    """One subject of the results grid: per grade its result, or None when the grade was not tested."""

    subject: str
    label: str
    cells: list[tuple[int, InterimResult | None]] = field(default_factory=list)


def results_grid(review: InspectionReview) -> list[GridRow]:
    """The review's results as a grid: a row per subject, a cell per grade (groep 3–8)."""
    results = {(result.subject, result.grade): result for result in review.results.all()}
    return [
        GridRow(
            subject=subject,
            label=str(label),
            cells=[(grade, results.get((subject, grade))) for grade in Grade.values],
        )
        for subject, label in Subject.choices
    ]


def latest_reviews(trajectory: Trajectory, count: int = 4) -> list[InspectionReview]:
    """The trajectory's school's latest reviews, newest test moment first."""
    return list(
        InspectionReview.objects.filter(school_id=trajectory.school_id).order_by(
            "-school_year", "-test_moment"
        )[:count]
    )


def current_arrangement(school_id: int, today: datetime.date | None = None) -> SupervisionArrangement | None:
    """The school's supervision arrangement for the current school year, if recorded."""
    school_year = school_year_of(today or timezone.localdate())
    return (
        SupervisionArrangement.objects.filter(school_id=school_id, school_year=school_year)
        .select_related("recorded_by")
        .first()
    )


def arrangements_visible_to(user: User) -> QuerySet[SupervisionArrangement]:
    """The arrangements the user may read: every school's for those who see every review; else those of the
    schools of the trajectories the user sees."""
    arrangements = SupervisionArrangement.objects.select_related("school__board", "recorded_by")
    if not user.is_authenticated or not user.has_perm("audits.view_inspectionreview"):
        return arrangements.none()
    if user.has_perm("audits.view_all_inspection_reviews"):
        return arrangements
    schools = Trajectory.objects.visible_to(user).values("school_id")
    return arrangements.filter(school_id__in=schools)


def schools_in_execution_without_arrangement(school_year: int) -> QuerySet[Trajectory]:
    """The open trajectories in execution whose school has no arrangement for `school_year`, by school name."""
    recorded = SupervisionArrangement.objects.filter(school_id=OuterRef("school_id"), school_year=school_year)
    return (
        Trajectory.objects.open()
        .filter(phase=Phase.EXECUTION)
        .filter(~Exists(recorded))
        .select_related("school__board")
        .order_by("school__name")
    )


def reviews_to_supply(user: User) -> QuerySet[InspectionReview]:
    """Reviews whose results the user's school (board or director) still has to supply or revise."""
    return (
        InspectionReview.objects.visible_to(user)
        .filter(status__in=EDITABLE_STATUSES, trajectory__phase__in=(Phase.EXECUTION, Phase.SUSTAINING))
        .select_related("school")
        .order_by("due_on", "school__name")
    )


def reviews_to_judge() -> QuerySet[InspectionReview]:
    """Reviews submitted to the Inspectie and waiting for its judgement."""
    return (
        InspectionReview.objects.filter(status=SubmissionStatus.SUBMITTED)
        .select_related("school")
        .order_by("due_on", "school__name")
    )
