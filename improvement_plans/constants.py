from django.db import models
from django.utils.translation import gettext_lazy as _

# Why a school takes part: defined with the schools, whose lists all show it.
from schools.constants import ParticipationReason as TrajectoryReason

__all__ = ["Phase", "TrajectoryReason"]


class Phase(models.TextChoices):
    """A trajectory's phases in their order; withdrawn can follow any of them."""

    REGISTERED = "aangemeld", _("Registered")
    INTAKE = "intake", _("Intake")
    ANALYSIS = "analyse", _("Analysis")
    PLAN = "plan", _("Improvement plan")
    EXECUTION = "uitvoering", _("Execution")
    SUSTAINING = "borging", _("Sustaining")
    CLOSED = "afgesloten", _("Closed")
    WITHDRAWN = "teruggetrokken", _("Withdrawn")
