"""The quarterly progress report (voortgangsrapportage) of a trajectory in execution: per goal of the approved plan
its status, a short explanation and the indicator's current value; per measure whether it runs as planned;
documents; and the assigned education expert's assessment (sufficient, or returned with comments per goal)."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kwaliteitsaanpak.core.models import PrivateDocument, Review, Submission

from ..constants import EXTENDED_EXECUTION_YEARS, QUARTERS_PER_YEAR, GoalProgressStatus, MeasureProgressStatus
from .plan import Goal, ImprovementPlan, Measure
from .trajectory import Trajectory

LAST_QUARTER = EXTENDED_EXECUTION_YEARS * QUARTERS_PER_YEAR


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProgressReportQuerySet":
        """The reports of the trajectories the user sees."""
        return self.filter(trajectory__in=Trajectory.objects.visible_to(user))

    def overdue(self, today=None) -> "ProgressReportQuerySet":
        """Not (yet again) with the expert: drafted or returned, and past its due date."""
        today = today or timezone.localdate()
        return self.filter(status__in=["concept", "teruggestuurd"], due_on__lt=today)


class ProgressReport(Submission):
    """The progress report of one quarter of execution (1–8, 9–12 with a third year). Created by the scheduled job
    for every trajectory in execution; filled in by the board (and its school director), submitted by the board, and
    assessed by an assigned education expert through the review workflow (approved = assessed as sufficient).

    A returned report is revised in place and submitted again; each submission keeps a snapshot of what was
    submitted (`ProgressReportReview.snapshot`), so every version and comment stays readable."""

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("trajectory"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter of execution"), validators=[MinValueValidator(1), MaxValueValidator(LAST_QUARTER)]
    )
    period_start = models.DateField(_("quarter starts"))
    period_end = models.DateField(_("quarter ends"))
    due_on = models.DateField(_("due date"))
    plan = models.ForeignKey(
        ImprovementPlan,
        verbose_name=_("plan version"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
        help_text=_("The approved plan version whose goals and measures the report follows."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("In a few sentences: how did execution go this quarter?")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = ProgressReportQuerySet.as_manager()

    this_record = _("this progress report")
    the_record = _("the progress report")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["trajectory", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "quarter"], name="progress_report_one_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=LAST_QUARTER),
                name="progress_report_quarter_in_range",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="progress_report_period_in_order"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("period_end")), name="progress_report_due_after_end"
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Progress report quarter %(quarter)s of %(school)s")
            % {"quarter": self.quarter, "school": self.trajectory.school.name}
        )

    def get_absolute_url(self) -> str:
        return reverse("improvement_plans:progress_report_detail", args=[self.trajectory_id, self.quarter])

    @property
    def is_overdue(self) -> bool:
        return self.is_editable and self.due_on < timezone.localdate()


class GoalProgress(models.Model):
    """A goal's line in a progress report: its status, a short explanation and the indicator's current value."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("progress report"), on_delete=models.CASCADE, related_name="goal_lines"
    )
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(_("status"), max_length=15, choices=GoalProgressStatus.choices, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    current_value = models.DecimalField(
        _("current value of the indicator"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress on a goal")
        verbose_name_plural = _("progress on goals")
        ordering = ["report", "goal__order", "goal_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "goal"], name="goal_progress_one_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_status_display() or '…'}"


class MeasureProgress(models.Model):
    """A measure's line in a progress report: does it run as planned, and if not, why."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="measure_lines",
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="progress"
    )
    status = models.CharField(_("status"), max_length=15, choices=MeasureProgressStatus.choices, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress on a measure")
        verbose_name_plural = _("progress on measures")
        ordering = ["report", "measure__starts_on", "measure_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="measure_progress_one_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.get_status_display() or '…'}"


def progress_document_upload_to(instance: "ProgressReportDocument", filename: str) -> str:
    """A random stored name: the original name is kept on the record, never on disk."""
    return f"progress-reports/{uuid.uuid4().hex}"


class ProgressReportDocument(PrivateDocument):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("progress report"), on_delete=models.PROTECT, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=progress_document_upload_to)

    class Meta(PrivateDocument.Meta):
        verbose_name = _("progress report document")
        verbose_name_plural = _("progress report documents")


class ProgressReportReview(Review):
    """One submission of a progress report and the education expert's assessment: approved means assessed as
    sufficient. `snapshot` holds the report as it was submitted (summary, goal and measure lines, documents), so an
    earlier version stays readable after the board revised it."""

    progress_report = models.ForeignKey(
        ProgressReport, verbose_name=_("progress report"), on_delete=models.PROTECT, related_name="reviews"
    )
    snapshot = models.JSONField(_("the report as submitted"), default=dict, blank=True)

    class Meta(Review.Meta):
        verbose_name = _("progress report assessment")
        verbose_name_plural = _("progress report assessments")
        constraints = [
            Review.one_pending("progress_report", name="progress_review_one_pending"),
            Review.returned_has_comments("progress_review_return_has_comments"),
        ]

    def __str__(self) -> str:
        return f"{self.progress_report}: {self.get_decision_display() or '…'}"


class GoalProgressComment(models.Model):
    """The expert's comment on one goal's line when returning a progress report."""

    review = models.ForeignKey(
        ProgressReportReview,
        verbose_name=_("assessment"),
        on_delete=models.PROTECT,
        related_name="goal_comments",
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="progress_comments"
    )
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment on a goal's progress")
        verbose_name_plural = _("comments on goals' progress")
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="goal_progress_comment_one_per_review")
        ]

    def __str__(self) -> str:
        return self.text[:60]
