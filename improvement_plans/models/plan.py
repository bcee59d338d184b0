"""The improvement plan (verbeterplan) in its versions: result agreements, SMART goals, measures, and its
submissions to the expert group with comments per goal."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kwaliteitsaanpak.core.models import Review, Submission, user_field
from kwaliteitsaanpak.core.workflow import OPEN_STATUSES, SubmissionStatus

from ..constants import AnalysisTopic, Direction, FinalTest, MeasureKind, TargetDate
from .analysis import AnalysisFinding
from .trajectory import Trajectory


class ImprovementPlan(Submission):
    """One version of a trajectory's improvement plan (verbeterplan, plan op maat).

    Version 1 is written after the analysis is approved; after an audit a new version may adjust it. Every version
    stays readable: a later approved version supersedes the earlier one, which the database keeps the only approved
    one of its trajectory.
    """

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("trajectory"), on_delete=models.PROTECT, related_name="plans"
    )
    number = models.PositiveSmallIntegerField(_("version number"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        related_name="next_version",
        null=True,
        blank=True,
    )
    change_reason = models.TextField(_("reason for this version"), blank=True)
    # Result agreements (resultaatafspraken) of the school, per plan version.
    final_test = models.CharField(_("final test"), max_length=10, choices=FinalTest.choices, blank=True)
    final_test_target = models.DecimalField(
        _("target final-test result"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    lwoo_target = models.DecimalField(
        _("target LWOO percentage"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "The share of pupils with an LWOO indication the school aims for; the G4 average is the norm."
        ),
    )
    final_test_baseline = models.DecimalField(
        _("starting final-test result"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("The school's result on the same test when the plan was made."),
    )
    lwoo_baseline = models.DecimalField(
        _("starting LWOO percentage"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    target_date = models.CharField(
        _("no longer (very) weak"), max_length=12, choices=TargetDate.choices, default=TargetDate.TARGET
    )
    target_justification = models.TextField(_("justification for the exception"), blank=True)
    created_by = user_field(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    this_record = _("this plan")
    the_record = _("the plan")

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["trajectory", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "number"], name="plan_unique_version_number"),
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(status=SubmissionStatus.APPROVED),
                name="plan_one_approved_version_per_trajectory",
            ),
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(status__in=OPEN_STATUSES),
                name="plan_one_open_version_per_trajectory",
            ),
            models.CheckConstraint(
                condition=Q(target_date=TargetDate.TARGET) | ~Q(target_justification=""),
                name="plan_exception_needs_justification",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Improvement plan of %(school)s, version %(number)s")
            % {"school": self.trajectory.school.name, "number": self.number}
        )

    def get_absolute_url(self) -> str:
        return reverse("improvement_plans:plan_detail", args=[self.trajectory_id, self.number])

    @property
    def target_year(self) -> int:
        """The year by which the school must no longer be (very) weak, from its trajectory's programme round."""
        programme_round = self.trajectory.programme_round
        if self.target_date == TargetDate.EXCEPTION:
            return programme_round.exception_year
        return programme_round.target_year


class Goal(models.Model):
    """A SMART goal of a plan version, on one core theme, answering one or more findings of the analysis."""

    plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("same goal in the previous version"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    theme = models.CharField(_("core theme"), max_length=20, choices=AnalysisTopic.choices)
    findings = models.ManyToManyField(
        AnalysisFinding, verbose_name=_("findings it answers"), related_name="goals", blank=True
    )
    description = models.TextField(_("goal"), help_text=_("Specific: what will be different, for whom."))
    indicator = models.CharField(
        _("indicator"),
        max_length=200,
        help_text=_("Measurable: what is measured, e.g. “average score on the M6 arithmetic test”."),
    )
    unit = models.CharField(
        _("unit"), max_length=50, help_text=_("E.g. “percentage of pupils”, “score”, “lessons”.")
    )
    baseline = models.DecimalField(_("baseline"), max_digits=10, decimal_places=2)
    target = models.DecimalField(_("target value"), max_digits=10, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    deadline = models.DateField(_("deadline"))
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("Who is responsible for reaching the goal.")
    )
    target_change_reason = models.TextField(
        _("reason for the changed target"),
        blank=True,
        help_text=_("Required when a new version of the plan changes this goal's target."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )

    history = HistoricalRecords()

    this_record = _("this goal")

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=F("baseline")), name="goal_target_differs_from_baseline"
            ),
            models.CheckConstraint(
                condition=Q(direction=Direction.HIGHER_IS_BETTER, target__gt=F("baseline"))
                | Q(direction=Direction.LOWER_IS_BETTER, target__lt=F("baseline")),
                name="goal_target_in_its_direction",
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.description).words(12, truncate="…")


class Measure(models.Model):
    """A measure (maatregel) that serves a goal; its estimated cost feeds the budget."""

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="measures")
    previous = models.ForeignKey(
        "self",
        verbose_name=_("same measure in the previous version"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        help_text=_(
            "Set when a new version of the plan copies it, so a revised budget can follow its lines."
        ),
    )
    kind = models.CharField(_("kind of measure"), max_length=20, choices=MeasureKind.choices)
    description = models.TextField(_("description"))
    responsible = models.CharField(_("responsible"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    estimated_cost = models.DecimalField(
        _("estimated cost (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )

    history = HistoricalRecords()

    this_record = _("this measure")

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["goal", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="measure_ends_after_start"),
            models.CheckConstraint(condition=Q(estimated_cost__gte=0), name="measure_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class PlanReview(Review):
    """One submission of a plan version and the expert group's decision, with comments per goal when returned."""

    plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="reviews"
    )
    comments = models.TextField(_("general comments"), blank=True)

    class Meta(Review.Meta):
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        constraints = [
            Review.one_pending("plan", name="plan_review_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_decision_display() or '…'}"


class GoalComment(models.Model):
    """The expert group's comment on one goal when it returns a plan."""

    review = models.ForeignKey(
        PlanReview, verbose_name=_("review"), on_delete=models.PROTECT, related_name="goal_comments"
    )
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment on a goal")
        verbose_name_plural = _("comments on goals")
        constraints = [models.UniqueConstraint(fields=["review", "goal"], name="goal_comment_one_per_review")]

    def __str__(self) -> str:
        return self.text[:60]
