"""Quarterly expert visits (schoolbezoeken) and, when execution stagnates, the actions agreed with the school."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from improvement_plans.models import Trajectory
from kwaliteitsaanpak.core.models import user_field

from ..constants import VisitStatus


class ExpertVisitQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExpertVisitQuerySet":
        return self.filter(trajectory__in=Trajectory.objects.visible_to(user))

    def overdue(self, today=None) -> "ExpertVisitQuerySet":
        """Still planned on a day that has passed (the rule of `ExpertVisit.is_overdue`)."""
        return self.filter(status=VisitStatus.PLANNED, planned_on__lt=today or timezone.localdate())


class ExpertVisit(models.Model):
    """The education expert's visit to the school in one quarter of execution. The scheduled job keeps the next
    visit of every trajectory in execution planned (one per quarter: running it twice plans nothing twice); the
    expert records it when it has taken place."""

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("trajectory"), on_delete=models.PROTECT, related_name="expert_visits"
    )
    quarter = models.PositiveSmallIntegerField(_("quarter of execution"))
    planned_on = models.DateField(_("planned on"))
    status = models.CharField(
        _("status"), max_length=15, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    expert = user_field(_("education expert"), optional=True)
    visited_on = models.DateField(_("date of the visit"), null=True, blank=True)
    spoken_with = models.TextField(
        _("spoken with"), blank=True, help_text=_("E.g. the director, the IB, teachers.")
    )
    classes_visited = models.CharField(_("classes visited"), max_length=200, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    stagnating = models.BooleanField(
        _("execution stagnates"),
        default=False,
        help_text=_("Execution does not get going or falls behind: agree actions with the school."),
    )
    recorded_by = user_field(_("recorded by"), optional=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )

    history = HistoricalRecords()
    objects = ExpertVisitQuerySet.as_manager()

    this_record = _("this visit")
    the_record = _("the visit")

    class Meta:
        verbose_name = _("expert visit")
        verbose_name_plural = _("expert visits")
        ordering = ["trajectory", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "quarter"], name="expert_visit_one_per_quarter"),
            models.CheckConstraint(
                condition=~Q(status=VisitStatus.DONE) | Q(visited_on__isnull=False),
                name="expert_visit_done_has_date",
            ),
        ]
        permissions = [
            ("record_visit", _("Can record an expert visit")),
            ("manage_actions", _("Can agree and close actions after a stagnating visit")),
        ]

    def __str__(self) -> str:
        return str(
            _("Visit quarter %(quarter)s to %(school)s")
            % {"quarter": self.quarter, "school": self.trajectory.school}
        )

    def get_absolute_url(self) -> str:
        return reverse("audits:visit_detail", args=[self.trajectory_id, self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == VisitStatus.PLANNED and self.planned_on < timezone.localdate()


class StagnationActionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "StagnationActionQuerySet":
        return self.filter(trajectory__in=Trajectory.objects.visible_to(user))

    def open(self) -> "StagnationActionQuerySet":
        return self.filter(closed_on__isnull=True)

    def overdue(self, today=None) -> "StagnationActionQuerySet":
        return self.open().filter(due_on__lt=today or timezone.localdate())


class StagnationAction(models.Model):
    """What was agreed with the school after a stagnating visit: what, who does it, by when. Open until closed;
    overdue when its date passed while open."""

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("trajectory"), on_delete=models.PROTECT, related_name="stagnation_actions"
    )
    visit = models.ForeignKey(
        ExpertVisit, verbose_name=_("visit"), on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField(_("what was agreed"))
    responsible = models.CharField(_("who does it"), max_length=200)
    due_on = models.DateField(_("by when"))
    created_by = user_field(_("agreed by"))
    created_at = models.DateTimeField(_("agreed at"), default=timezone.now)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = user_field(_("closed by"), optional=True)
    closing_note = models.TextField(_("how it was done"), blank=True)

    history = HistoricalRecords()
    objects = StagnationActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_by__isnull=False),
                name="action_closed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()
