"""The quality analysis of a trajectory: findings per question and theme, class visits, interviews, attachments
and its submissions to the expert group."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kwaliteitsaanpak.core.models import PrivateDocument, Review, Submission, user_field

from ..constants import AnalysisTopic, InterviewPartner, ObservationPoint, Rating, TeacherRole
from .trajectory import Trajectory


class Analysis(Submission):
    """The quality analysis of a trajectory, made by the experts with the school; frozen once approved."""

    trajectory = models.OneToOneField(
        Trajectory, verbose_name=_("trajectory"), on_delete=models.PROTECT, related_name="analysis"
    )
    data_used = models.TextField(
        _("data used"),
        blank=True,
        help_text=_(
            "Which school data the analysis is based on: test results, pupil counts, inspection reports."
        ),
    )
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    this_record = _("this analysis")
    the_record = _("the analysis")

    class Meta:
        verbose_name = _("quality analysis")
        verbose_name_plural = _("quality analyses")

    def __str__(self) -> str:
        return str(_("Analysis of %(school)s") % {"school": self.trajectory.school.name})

    def get_absolute_url(self) -> str:
        return reverse("improvement_plans:analysis_detail", args=[self.trajectory_id])


class AnalysisFinding(models.Model):
    """The finding and four-point rating on one question or core theme of the analysis."""

    analysis = models.ForeignKey(
        Analysis, verbose_name=_("analysis"), on_delete=models.PROTECT, related_name="findings"
    )
    topic = models.CharField(_("question or theme"), max_length=20, choices=AnalysisTopic.choices)
    finding = models.TextField(_("finding"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["analysis", "topic"], name="finding_one_per_topic"),
        ]

    def __str__(self) -> str:
        return self.get_topic_display()

    @property
    def is_answered(self) -> bool:
        return bool(self.finding.strip()) and self.rating is not None


class ClassVisit(models.Model):
    """A visit to one class during the analysis, observed on the fixed points."""

    analysis = models.ForeignKey(
        Analysis, verbose_name=_("analysis"), on_delete=models.PROTECT, related_name="class_visits"
    )
    date = models.DateField(_("date of the visit"))
    group = models.PositiveSmallIntegerField(
        _("group"), validators=[MinValueValidator(1), MaxValueValidator(8)], help_text=_("Group 1 to 8.")
    )
    teacher_role = models.CharField(_("teacher"), max_length=20, choices=TeacherRole.choices)
    observer = user_field(_("observer"))
    remarks = models.TextField(_("general remarks"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("class visit")
        verbose_name_plural = _("class visits")
        ordering = ["date", "group", "id"]

    def __str__(self) -> str:
        return str(_("Group %(group)s on %(date)s") % {"group": self.group, "date": f"{self.date:%d-%m-%Y}"})


class ClassVisitObservation(models.Model):
    visit = models.ForeignKey(
        ClassVisit, verbose_name=_("class visit"), on_delete=models.CASCADE, related_name="observations"
    )
    point = models.CharField(_("observation point"), max_length=20, choices=ObservationPoint.choices)
    score = models.PositiveSmallIntegerField(_("score"), choices=Rating.choices)
    remark = models.TextField(_("remark"), blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["visit", "point"], name="observation_one_per_point"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=4), name="observation_score_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.get_point_display()}: {self.score}"


class Interview(models.Model):
    analysis = models.ForeignKey(
        Analysis, verbose_name=_("analysis"), on_delete=models.PROTECT, related_name="interviews"
    )
    date = models.DateField(_("date of the interview"))
    partner = models.CharField(_("with whom"), max_length=20, choices=InterviewPartner.choices)
    interviewer = user_field(_("interviewer"), optional=True)
    summary = models.TextField(_("summary"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_partner_display()} ({self.date:%d-%m-%Y})"


def attachment_upload_to(instance: "AnalysisAttachment", filename: str) -> str:
    """A random stored name: the original name is kept on the record, never on disk."""
    return f"analyses/{uuid.uuid4().hex}"


class AnalysisAttachment(PrivateDocument):
    analysis = models.ForeignKey(
        Analysis, verbose_name=_("analysis"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to)

    class Meta(PrivateDocument.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class AnalysisReview(Review):
    """One submission of the analysis to the expert group and its decision."""

    analysis = models.ForeignKey(
        Analysis, verbose_name=_("analysis"), on_delete=models.PROTECT, related_name="reviews"
    )

    class Meta(Review.Meta):
        verbose_name = _("analysis review")
        verbose_name_plural = _("analysis reviews")
        constraints = [
            Review.one_pending("analysis", name="review_one_pending_per_analysis"),
            Review.returned_has_comments(name="review_returned_has_comments"),
        ]

    def __str__(self) -> str:
        return f"{self.analysis}: {self.get_decision_display() or '…'}"
