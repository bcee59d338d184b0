from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import Phase, TrajectoryReason


class Trajectory(models.Model):
    """A school's participation in the programme.

    Only the core of it for now: the trajectories issue adds intake, experts, analysis and the phase services.
    A trajectory is open until `ended_on` is set (closed or withdrawn); a school has at most one open trajectory.
    """

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="trajectories"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=TrajectoryReason.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.REGISTERED)
    registered_on = models.DateField(_("registration date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(ended_on__isnull=True), name="trajectory_one_open_per_school"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("registered_on")),
                name="trajectory_ends_after_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name}: {self.get_phase_display()}"
