"""The programme round: one agreement of the programme, with its reference list, its years and its indicators.

The agreement of 2008 is the first round (reference list of 31 January 2008, no school (very) weak in 2010, argued
exceptions in 2011). The agreement foresees that schools judged weak later join and that the approach is extended
to at-risk schools; staff open a new round with its own years for them. Every trajectory belongs to a round, and the
result agreements, the monitor and its reports take their years from it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..constants import (
    DEFAULT_FOLLOW_UP_YEARS,
    FIRST_ROUND_EXCEPTION_YEAR,
    FIRST_ROUND_REFERENCE_DATE,
    FIRST_ROUND_TARGET_YEAR,
    Indicator,
    Reference,
)

# The indicators of success the agreement of 2008 names: higher final-test scores and fewer LWOO indications.
AGREED_INDICATORS = [Indicator.FINAL_TEST.value, Indicator.LWOO.value]
FIRST_ROUND_NAME = "Kwaliteitsaanpak Basisonderwijs 2008–2011"


def default_indicators() -> list[str]:
    return list(AGREED_INDICATORS)


class ProgrammeRoundQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> ProgrammeRound:
        """The round a school registered today joins: the newest whose reference list is dated on or before the
        day. The first round is created when there is none (a fresh database), so that there always is one."""
        on = on or timezone.localdate()
        found = self.filter(reference_date__lte=on).order_by("-reference_date", "-id").first()
        return found or self.order_by("reference_date", "id").first() or first_round(self.model)


def first_round(model=None) -> ProgrammeRound:
    """The agreement of 2008, created once (also by the data migration that put every existing trajectory in it)."""
    model = model or ProgrammeRound
    found, _created = model.objects.get_or_create(
        reference_date=FIRST_ROUND_REFERENCE_DATE,
        defaults={
            "name": FIRST_ROUND_NAME,
            "target_year": FIRST_ROUND_TARGET_YEAR,
            "exception_year": FIRST_ROUND_EXCEPTION_YEAR,
            "follow_up_years": DEFAULT_FOLLOW_UP_YEARS,
            "indicators": default_indicators(),
            "reference": Reference.G4,
        },
    )
    return found


def current_round_id() -> int:
    """The default round of a new trajectory (see `ProgrammeRoundQuerySet.current`).

    Only the key is read: migrations call this default while the table still lacks columns added later."""
    return ProgrammeRound.objects.only("pk").current().pk


class ProgrammeRound(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    reference_date = models.DateField(
        _("date of the reference list"),
        unique=True,
        help_text=_("The day the round's list of (very) weak schools was drawn up, e.g. 31-01-2008."),
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        help_text=_("By the end of this year no school of the round is (very) weak any more."),
    )
    exception_year = models.PositiveSmallIntegerField(
        _("latest year for exceptions"),
        help_text=_("A very weak school may, argued, get until the end of this year."),
    )
    follow_up_years = models.PositiveSmallIntegerField(
        _("years of sustaining on the monitor"),
        default=DEFAULT_FOLLOW_UP_YEARS,
        help_text=_("How long a school stays on the monitor after its trajectory completed."),
    )
    indicators = models.JSONField(
        _("agreed indicators"),
        default=default_indicators,
        help_text=_("The indicators of success the round agreed on."),
    )
    reference = models.CharField(
        _("compared with"), max_length=10, choices=Reference.choices, default=Reference.G4
    )
    reference_schools = models.ManyToManyField(
        "schools.School", verbose_name=_("reference list"), related_name="programme_rounds", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )

    history = HistoricalRecords(m2m_fields=[reference_schools])
    this_record = _("this round")
    the_record = _("the round")
    objects = ProgrammeRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme round")
        verbose_name_plural = _("programme rounds")
        ordering = ["-reference_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exception_year__gte=F("target_year")),
                name="round_exception_not_before_target",
                violation_error_message=_(
                    "The latest year for exceptions cannot lie before the target year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_year__gte=2008, target_year__lte=2100),
                name="round_target_year_sensible",
            ),
        ]
        permissions = [("manage_programme_round", _("Can open and change programme rounds"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:round_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.target_year and self.reference_date and self.target_year < self.reference_date.year:
            errors["target_year"] = _("The target year cannot lie before the date of the reference list.")
        if self.target_year and self.exception_year and self.exception_year < self.target_year:
            errors["exception_year"] = _("The latest year for exceptions cannot lie before the target year.")
        unknown = set(self.indicators or []) - set(Indicator.values)
        if unknown:
            errors["indicators"] = _("Choose indicators from the list.")
        if errors:
            raise ValidationError(errors)

    @property
    def years_label(self) -> str:
        """ "2010 (exceptions 2011)"."""
        if self.exception_year == self.target_year:
            return str(self.target_year)
        return str(
            _("%(target)s (exceptions %(exception)s)")
            % {
                "target": self.target_year,
                "exception": self.exception_year,
            }
        )

    @property
    def follow_up_until_year(self) -> int:
        """The last calendar year a school of this round is followed on the monitor."""
        return self.exception_year + self.follow_up_years

    def agreed_indicator_labels(self) -> list[str]:
        return [str(Indicator(value).label) for value in self.indicators if value in Indicator.values]
