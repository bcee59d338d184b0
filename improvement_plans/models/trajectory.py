"""The trajectory: a school's participation in the programme, its timeline and its messages."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kwaliteitsaanpak.core.dates import add_months
from kwaliteitsaanpak.core.models import user_field
from kwaliteitsaanpak.core.steps import event_kind_choices

from ..constants import (
    EXECUTION_YEARS,
    EXTENDED_EXECUTION_YEARS,
    INTAKE_DUE_AFTER,
    QUARTERS_PER_YEAR,
    IntakeOutcome,
    NoteVisibility,
    Phase,
    TrajectoryReason,
)
from .round import current_round_id

USER = settings.AUTH_USER_MODEL


def sees_all_trajectories(user) -> bool:
    return user.is_authenticated and user.has_perm("improvement_plans.view_all_trajectories")


class TrajectoryQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrajectoryQuerySet:
        """Staff and the expert group see every trajectory; an expert the ones assigned to them; a board user
        its own schools'; a school director their school's; everyone else none."""
        if not user.is_authenticated or not user.has_perm("improvement_plans.view_trajectory"):
            return self.none()
        if sees_all_trajectories(user):
            return self
        scope = Q(education_experts=user) | Q(financial_expert=user)
        if user.school_board_id:
            scope |= Q(school__board_id=user.school_board_id)
        if user.school_id:
            scope |= Q(school_id=user.school_id)
        # A subquery keeps the many-to-many join from repeating rows.
        return self.filter(pk__in=self.model.objects.filter(scope).values("pk"))

    def open(self) -> TrajectoryQuerySet:
        return self.filter(ended_on__isnull=True)

    def intake_overdue(self) -> TrajectoryQuerySet:
        """Registered without an intake within the weeks after registration, or an intake date that passed."""
        today = timezone.localdate()
        return self.filter(
            Q(phase=Phase.REGISTERED, registered_on__lt=today - INTAKE_DUE_AFTER)
            | Q(phase=Phase.INTAKE, intake_date__lt=today)
        )

    def for_lists(self) -> TrajectoryQuerySet:
        return self.select_related("school__board", "financial_expert", "programme_round").prefetch_related(
            "education_experts"
        )


class Trajectory(models.Model):
    """A school's participation in the programme, from registration to closing (or withdrawal).

    A trajectory is open until `ended_on` is set; a school has at most one open trajectory. Its phase changes only
    through the services in `improvement_plans.services`.
    """

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="trajectories"
    )
    programme_round = models.ForeignKey(
        "improvement_plans.ProgrammeRound",
        verbose_name=_("programme round"),
        on_delete=models.PROTECT,
        related_name="trajectories",
        default=current_round_id,
        help_text=_("The round of the programme the school takes part in; its years hold for the targets."),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=TrajectoryReason.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.REGISTERED)
    registered_on = models.DateField(_("registration date"))
    registered_by = user_field(_("registered by"), optional=True)
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
    financial_expert = user_field(_("financial expert"), optional=True, related_name="financial_trajectories")
    execution_started_on = models.DateField(
        _("execution started on"),
        null=True,
        blank=True,
        help_text=_("The day the first plan version was approved."),
    )
    execution_years = models.PositiveSmallIntegerField(
        _("years of execution"),
        choices=[
            (EXECUTION_YEARS, _("Two years")),
            (EXTENDED_EXECUTION_YEARS, _("Three years (extended by an audit)")),
        ],
        default=EXECUTION_YEARS,
        help_text=_("Two years from the plan's approval; an audit may extend execution by a third year."),
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
            ("work_on_progress_report", _("Can fill in the quarterly progress report")),
            ("submit_progress_report", _("Can submit the quarterly progress report")),
            ("assess_progress_report", _("Can assess a quarterly progress report")),
        ]

    def __str__(self) -> str:
        return f"{self.school.name}: {self.get_phase_display()}"

    def get_absolute_url(self) -> str:
        return reverse("improvement_plans:trajectory_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def execution_quarters(self) -> int:
        """How many quarters execution lasts: 8, or 12 with a third year."""
        return self.execution_years * QUARTERS_PER_YEAR

    @property
    def execution_ends_on(self):
        """The planned last day of execution (None before the plan is approved)."""
        if self.execution_started_on is None:
            return None
        return add_months(self.execution_started_on, 12 * self.execution_years) - datetime.timedelta(days=1)

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
    kind = models.CharField(_("what"), max_length=30, choices=event_kind_choices)
    actor = user_field(_("who"), optional=True)
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
    author = user_field(_("author"))
    text = models.TextField(_("message"))
    visibility = models.CharField(_("visible to"), max_length=10, choices=NoteVisibility.choices)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
