"""The Inspectie's half-yearly review of a school's interim results (tussenopbrengsten) and its yearly supervision
arrangement (toezichtarrangement). Interim results are aggregates only, never pupil-level data: per subject, per
grade (groep 3–8), for the review's test moment, the share of pupils at or above the norm and that norm."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from improvement_plans.models import Trajectory
from kwaliteitsaanpak.core.models import Review, Submission, user_field

from ..constants import Arrangement, Grade, InterimJudgement, Subject, TestMoment

PERCENTAGE = [MinValueValidator(0), MaxValueValidator(100)]


class InspectionReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InspectionReviewQuerySet":
        """The Inspectie, staff, the expert group and the municipality see every review; a board (and a school
        director) its own schools'; an expert those of its trajectories."""
        if not user.is_authenticated or not user.has_perm("audits.view_inspectionreview"):
            return self.none()
        if user.has_perm("audits.view_all_inspection_reviews"):
            return self
        return self.filter(trajectory__in=Trajectory.objects.visible_to(user))


class InspectionReview(Submission):
    """The review of one test moment (mid-year or end of year) of one school year for a school in execution.

    Created by the scheduled job after the test moment; the school (its board or director) supplies the interim
    results and the board submits them; the Inspectie judges them through the review workflow: approved with a
    judgement (sufficient or insufficient, with a note), or returned when the results are incomplete."""

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="inspection_reviews",
    )
    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("trajectory"), on_delete=models.PROTECT, related_name="inspection_reviews"
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The calendar year the school year starts in (2026 for 2026-2027).")
    )
    test_moment = models.CharField(_("test moment"), max_length=10, choices=TestMoment.choices)
    due_on = models.DateField(_("results due"))
    school_remarks = models.TextField(_("explanation by the school"), blank=True)
    judgement = models.CharField(_("judgement"), max_length=15, choices=InterimJudgement.choices, blank=True)
    judgement_note = models.TextField(_("the Inspectie's note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = InspectionReviewQuerySet.as_manager()

    this_record = _("this review")
    the_record = _("the review")

    class Meta:
        verbose_name = _("inspection review")
        verbose_name_plural = _("inspection reviews")
        ordering = ["-school_year", "-test_moment", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "test_moment"], name="inspection_review_one_per_moment"
            ),
            models.CheckConstraint(
                condition=~Q(status="goedgekeurd") | ~Q(judgement=""),
                name="inspection_review_judged_has_judgement",
            ),
        ]
        permissions = [
            ("view_all_inspection_reviews", _("Can see the inspection reviews of every school")),
            ("view_interim_results", _("Can see interim results per grade")),
            ("supply_interim_results", _("Can fill in the interim results")),
            ("submit_interim_results", _("Can submit the interim results to the Inspectie")),
            ("judge_interim_results", _("Can judge interim results")),
            ("record_arrangement", _("Can record the supervision arrangement")),
        ]

    def __str__(self) -> str:
        return (
            f"{self.school.name}: {self.get_test_moment_display()} {self.school_year}-{self.school_year + 1}"
        )

    def get_absolute_url(self) -> str:
        return reverse("audits:inspection_review_detail", args=[self.pk])

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"


class InterimResult(models.Model):
    """The share of a grade's pupils at or above the norm in one subject at the review's test moment."""

    review = models.ForeignKey(
        InspectionReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="results"
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    share_at_norm = models.DecimalField(
        _("pupils at or above the norm (%)"), max_digits=4, decimal_places=1, validators=PERCENTAGE
    )
    norm = models.DecimalField(
        _("norm (%)"),
        max_digits=4,
        decimal_places=1,
        validators=PERCENTAGE,
        help_text=_("The share the Inspectie compares it with."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interim result")
        verbose_name_plural = _("interim results")
        ordering = ["review", "subject", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["review", "subject", "grade"], name="interim_result_once"),
            models.CheckConstraint(
                condition=Q(share_at_norm__gte=0, share_at_norm__lte=100, norm__gte=0, norm__lte=100),
                name="interim_result_percentages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.get_grade_display()}: {self.share_at_norm}%"

    @property
    def meets_norm(self) -> bool:
        return self.share_at_norm >= self.norm


class InspectionJudgement(Review):
    """One submission of the interim results to the Inspectie and its decision: approved = judged (the judgement
    itself is on the review), returned = incomplete, with comments."""

    inspection_review = models.ForeignKey(
        InspectionReview, verbose_name=_("review"), on_delete=models.PROTECT, related_name="reviews"
    )

    class Meta(Review.Meta):
        verbose_name = _("submission of interim results")
        verbose_name_plural = _("submissions of interim results")
        constraints = [
            Review.one_pending("inspection_review", name="inspection_judgement_one_pending"),
            Review.returned_has_comments("inspection_judgement_return_has_comments"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_review}: {self.get_decision_display() or '…'}"


class SupervisionArrangement(models.Model):
    """The Inspectie's supervision arrangement of a school for a school year: basic or adjusted, with extra
    supervision where needed. One per school and school year."""

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="supervision_arrangements",
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    arrangement = models.CharField(_("arrangement"), max_length=10, choices=Arrangement.choices)
    extra_supervision = models.TextField(_("extra supervision"), blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = user_field(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision arrangement")
        verbose_name_plural = _("supervision arrangements")
        ordering = ["-school_year", "school"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="arrangement_one_per_school_year")
        ]

    def __str__(self) -> str:
        return (
            f"{self.school.name} {self.school_year}-{self.school_year + 1}: {self.get_arrangement_display()}"
        )
