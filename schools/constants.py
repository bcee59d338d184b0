import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# The Inspectie's list of 31 January 2008 on which the Kwaliteitsakkoord's target is based.
REFERENCE_LIST_DATE = datetime.date(2008, 1, 31)


class Stadsdeel(models.TextChoices):
    CENTRUM = "centrum", "Centrum"
    NIEUW_WEST = "nieuw_west", "Nieuw-West"
    NOORD = "noord", "Noord"
    OOST = "oost", "Oost"
    WEST = "west", "West"
    ZUID = "zuid", "Zuid"
    ZUIDOOST = "zuidoost", "Zuidoost"
    WEESP = "weesp", "Weesp"


class SchoolKind(models.TextChoices):
    """DUO's SOORT_PO."""

    BO = "bo", _("Primary school (bo)")
    SBO = "sbo", _("Special primary school (sbo)")
    SO = "so", _("Special school (so)")
    VSO = "vso", _("Secondary special school (vso)")


class Verdict(models.TextChoices):
    VERY_WEAK = "zeer_zwak", _("Very weak")
    WEAK = "zwak", _("Weak")
    SUFFICIENT = "voldoende", _("Sufficient")
    # The scale the Inspectie uses since 2017.
    INSUFFICIENT = "onvoldoende", _("Insufficient")
    GOOD = "goed", _("Good")


WEAK_VERDICTS = (Verdict.VERY_WEAK, Verdict.WEAK)


class SupervisionArrangement(models.TextChoices):
    BASIC = "basis", _("Basic")
    ADJUSTED = "aangepast", _("Adjusted")


class ReferenceList(models.TextChoices):
    """Whether a verdict puts the school on the programme's reference list."""

    NONE = "", _("Not on the reference list")
    ORIGINAL = "origineel", _("Reference list of 31 January 2008")
    ADDITION = "toevoeging", _("Later addition to the reference list")


class ImportKind(models.TextChoices):
    PUPILS_PER_LOCATION = "leerlingen", _("DUO pupils per school location (CSV)")
    NATIONAL_LOCATIONS = "vestigingen", _("DUO all school locations, geocoded (GeoJSON)")


class ImportStatus(models.TextChoices):
    QUEUED = "wachtrij", _("Queued")
    RUNNING = "bezig", _("Running")
    DONE = "klaar", _("Done")
    FAILED = "mislukt", _("Failed")


class ParticipationReason(models.TextChoices):
    """Why a school takes part in the programme (the reason of its trajectory).

    Defined here, below improvement_plans, because every list of schools shows it: an at-risk school is marked as
    such wherever it appears.
    """

    REFERENCE_LIST = "referentielijst", _("On the reference list")
    LATER_WEAK = "later_zwak", _("Judged (very) weak later")
    AT_RISK = "risicoschool", _("At-risk school")
    VOLUNTARY = "vrijwillig", _("Voluntary")
