import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kwaliteitsaanpak.core.models import PrivateDocument

from .constants import (
    INTAKE_DUE_AFTER,
    AnalysisStatus,
    AnalysisTopic,
    Direction,
    EventKind,
    FinalTest,
    IntakeOutcome,
    InterviewPartner,
    MeasureKind,
    NoteVisibility,
    ObservationPoint,
    Phase,
    PlanStatus,
    Rating,
    ReviewDecision,
    TargetDate,
    TeacherRole,
    TrajectoryReason,
)
from .selectors import TrajectoryQuerySet

USER = settings.AUTH_USER_MODEL


class Trajectory(models.Model):
    """A school's participation in the programme, from registration to closing (or withdrawal).

    A trajectory is open until `ended_on` is set; a school has at most one open trajectory. Its phase changes only
    through the services in `improvement_plans.services`.
    """

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="trajectories"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=TrajectoryReason.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.REGISTERED)
    registered_on = models.DateField(_("registration date"))
    registered_by = models.ForeignKey(
        USER,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    intake_date = models.DateField(_("intake date"), null=True, blank=True)
    intake_experts = models.ManyToManyField(
        USER, verbose_name=_("experts at the intake"), related_name="+", blank=True
    )
    intake_outcome = models.CharField(
        _("intake outcome"), max_length=20, choices=IntakeOutcome.choices, blank=True
    )
    intake_remarks = models.TextField(_("remarks on the intake"), blank=True)
    education_experts = models.ManyToManyField(
        USER, verbose_name=_("education experts"), related_name="education_trajectories", blank=True
    )
    financial_expert = models.ForeignKey(
        USER,
        verbose_name=_("financial expert"),
        on_delete=models.PROTECT,
        related_name="financial_trajectories",
        null=True,
        blank=True,
    )
    execution_started_on = models.DateField(
        _("execution started on"),
        null=True,
        blank=True,
        help_text=_("The day the first plan version was approved."),
    )
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(ended_on__isnull=True),
                name="trajectory_one_open_per_school",
                violation_error_message=_("This school already has an open trajectory."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("registered_on")),
                name="trajectory_ends_after_registration",
            ),
            models.CheckConstraint(
                condition=Q(intake_date__isnull=True) | Q(intake_date__gte=F("registered_on")),
                name="trajectory_intake_after_registration",
                violation_error_message=_("The intake cannot take place before the registration."),
            ),
        ]
        permissions = [
            ("view_all_trajectories", _("Can see every trajectory")),
            ("manage_trajectory", _("Can schedule intakes, assign experts and withdraw trajectories")),
            ("work_on_analysis", _("Can work on the quality analysis")),
            ("submit_analysis", _("Can submit the quality analysis to the expert group")),
            ("review_analysis", _("Can approve or return a quality analysis")),
            ("write_internal_note", _("Can read and write internal notes")),
            ("act_as_education_expert", _("Can be assigned to trajectories as education expert")),
            ("act_as_financial_expert", _("Can be assigned to trajectories as financial expert")),
            ("work_on_plan", _("Can write the improvement plan")),
            ("submit_plan", _("Can submit the improvement plan to the expert group")),
            ("review_plan", _("Can approve or return an improvement plan")),
            ("start_plan_version", _("Can start a new version of an approved improvement plan")),
        ]

    def __str__(self) -> str:
        return f"{self.school.name}: {self.get_phase_display()}"

    def get_absolute_url(self) -> str:
        return reverse("improvement_plans:trajectory_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def intake_due_on(self):
        return self.registered_on + INTAKE_DUE_AFTER

    @property
    def intake_overdue(self) -> bool:
        """The intake is late: not planned within the weeks after registration, or its date passed without an
        outcome."""
        today = timezone.localdate()
        if self.phase == Phase.REGISTERED:
            return today > self.intake_due_on
        if self.phase == Phase.INTAKE:
            return self.intake_date is not None and today > self.intake_date
        return False


class TrajectoryEvent(models.Model):
    """One thing that happened on a trajectory, for its timeline. Appended, never edited."""

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("trajectory"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        USER, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("trajectory event")
        verbose_name_plural = _("trajectory events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%d-%m-%Y})"


class TrajectoryNote(models.Model):
    """A message on a trajectory: internal (staff, experts, expert group) or shared with the school board."""

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("trajectory"), on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("message"))
    visibility = models.CharField(_("visible to"), max_length=10, choices=NoteVisibility.choices)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class Analysis(models.Model):
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
    status = models.CharField(
        _("status"), max_length=15, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality analysis")
        verbose_name_plural = _("quality analyses")

    def __str__(self) -> str:
        return str(_("Analysis of %(school)s") % {"school": self.trajectory.school.name})

    def get_absolute_url(self) -> str:
        return reverse("improvement_plans:analysis_detail", args=[self.trajectory_id])

    @property
    def is_editable(self) -> bool:
        return self.status in (AnalysisStatus.DRAFT, AnalysisStatus.RETURNED)


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
    observer = models.ForeignKey(USER, verbose_name=_("observer"), on_delete=models.PROTECT, related_name="+")
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
    interviewer = models.ForeignKey(
        USER, verbose_name=_("interviewer"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
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


class Review(models.Model):
    """One submission to the expert group and its decision (an abstract base: analyses and plans each have one).
    Appended, never edited after the decision, so earlier submissions and their comments stay readable."""

    submitted_by = models.ForeignKey(
        USER, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decision = models.CharField(_("decision"), max_length=15, choices=ReviewDecision.choices, blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-submitted_at", "-id"]


class AnalysisReview(Review):
    """One submission of the analysis to the expert group and its decision."""

    analysis = models.ForeignKey(
        Analysis, verbose_name=_("analysis"), on_delete=models.PROTECT, related_name="reviews"
    )

    class Meta(Review.Meta):
        verbose_name = _("analysis review")
        verbose_name_plural = _("analysis reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis"], condition=Q(decision=""), name="review_one_pending_per_analysis"
            ),
            models.CheckConstraint(
                condition=~Q(decision=ReviewDecision.RETURNED) | ~Q(comments=""),
                name="review_returned_has_comments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.analysis}: {self.get_decision_display() or '…'}"


class ImprovementPlan(models.Model):
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
    status = models.CharField(
        _("status"), max_length=15, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )
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
    target_date = models.CharField(
        _("no longer (very) weak"), max_length=4, choices=TargetDate.choices, default=TargetDate.IN_2010
    )
    target_justification = models.TextField(_("justification for 2011"), blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["trajectory", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "number"], name="plan_unique_version_number"),
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(status=PlanStatus.APPROVED),
                name="plan_one_approved_version_per_trajectory",
            ),
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED]),
                name="plan_one_open_version_per_trajectory",
            ),
            models.CheckConstraint(
                condition=Q(target_date=TargetDate.IN_2010) | ~Q(target_justification=""),
                name="plan_2011_needs_justification",
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
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


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

    history = HistoricalRecords()

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

    history = HistoricalRecords()

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
            models.UniqueConstraint(
                fields=["plan"], condition=Q(decision=""), name="plan_review_one_pending"
            ),
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
