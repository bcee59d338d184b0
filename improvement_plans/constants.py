from django.db import models
from django.utils.translation import gettext_lazy as _


class TrajectoryReason(models.TextChoices):
    REFERENCE_LIST = "referentielijst", _("On the reference list")
    LATER_WEAK = "later_zwak", _("Judged (very) weak later")
    AT_RISK = "risicoschool", _("At-risk school")
    VOLUNTARY = "vrijwillig", _("Voluntary")


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
