"""The monitor's data: indicator values per school and school year, the G4 and national benchmarks, and the
imports of DUO's final-score file.

A final-test result is stored with its test: the test is part of the value's identity (the unique constraint) and
of its scale (the check constraints), and `measure` hands the monitor a `scores.Measure` that refuses to be
compared with a value on another scale.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from improvement_plans.constants import FINAL_TEST_SCALES, FinalTest
from kwaliteitsaanpak.core.models import user_field
from schools.models import FileImport

from .constants import (
    BENCHMARK_INDICATORS,
    FIRST_SCHOOL_YEAR,
    PERCENTAGE_MAX,
    Indicator,
    Reference,
    ValueSource,
    school_year_label,
)
from .scores import Measure


def _scale_constraints(prefix: str, *, indicators: tuple[str, ...]) -> list[models.CheckConstraint]:
    """What must hold for every value, of a school or a benchmark: a final test names its test and stays on its
    known scale, a percentage lies between 0 and 100, nothing is negative."""
    low, high = FINAL_TEST_SCALES[FinalTest.CITO]
    return [
        models.CheckConstraint(
            condition=(Q(indicator=Indicator.FINAL_TEST) & ~Q(final_test=""))
            | (~Q(indicator=Indicator.FINAL_TEST) & Q(final_test="")),
            name=f"{prefix}_test_only_for_final_test",
        ),
        models.CheckConstraint(condition=Q(indicator__in=indicators), name=f"{prefix}_known_indicator"),
        models.CheckConstraint(condition=Q(value__gte=0), name=f"{prefix}_not_negative"),
        models.CheckConstraint(
            condition=~Q(indicator=Indicator.LWOO) | Q(value__lte=PERCENTAGE_MAX), name=f"{prefix}_percentage"
        ),
        models.CheckConstraint(
            condition=~Q(final_test=FinalTest.CITO) | Q(value__gte=low, value__lte=high),
            name=f"{prefix}_cito_scale",
        ),
        models.CheckConstraint(condition=Q(school_year__gte=FIRST_SCHOOL_YEAR), name=f"{prefix}_school_year"),
    ]


class IndicatorValueQuerySet(models.QuerySet):
    def for_lists(self) -> IndicatorValueQuerySet:
        return self.select_related("school", "school__board")


class IndicatorValue(models.Model):
    """One indicator of one school in one school year: a final-test result on its test's scale, the percentage
    of pupils with an LWOO indication, or the number of pupils."""

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The school year, by the calendar year it starts in.")
    )
    indicator = models.CharField(_("indicator"), max_length=12, choices=Indicator.choices)
    final_test = models.CharField(
        _("final test"),
        max_length=10,
        choices=FinalTest.choices,
        blank=True,
        help_text=_("Only for a final-test result: the test whose scale the score is on."),
    )
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=2)
    pupil_count = models.PositiveIntegerField(
        _("pupils tested"),
        null=True,
        blank=True,
        help_text=_("For a final-test result: how many pupils took the test, where known."),
    )
    pupil_count_masked = models.BooleanField(
        _("fewer than five pupils"),
        default=False,
        help_text=_("DUO masks a count below five as “<5”; the exact number is then not known."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=ValueSource.choices, default=ValueSource.MANUAL
    )
    final_score_import = models.ForeignKey(
        "FinalScoreImport",
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = user_field(_("recorded by"), optional=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )

    history = HistoricalRecords()

    this_record = _("this value")
    the_record = _("the value")
    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["-school_year", "school__name", "indicator", "final_test"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "indicator", "final_test"],
                name="indicator_value_unique",
                violation_error_message=_(
                    "This school already has a value for this indicator in this school year."
                ),
            ),
            *_scale_constraints("indicator_value", indicators=tuple(Indicator.values)),
        ]
        permissions = [("import_indicators", _("Can import DUO's final-score file"))]

    def __str__(self) -> str:
        return f"{self.school.name}, {self.school_year_label}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:indicator_list")

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def label(self) -> str:
        """ "Final test result (IEP)", "LWOO percentage"."""
        if self.final_test:
            return f"{self.get_indicator_display()} ({self.get_final_test_display()})"
        return str(self.get_indicator_display())

    @property
    def measure(self) -> Measure:
        return Measure(
            indicator=self.indicator,
            final_test=self.final_test,
            value=self.value,
            school_year=self.school_year,
        )


class Benchmark(models.Model):
    """The G4 or national average of an indicator (a final test per test, the LWOO percentage) in a school year."""

    school_year = models.PositiveSmallIntegerField(_("school year"))
    indicator = models.CharField(
        _("indicator"), max_length=12, choices=[(i.value, i.label) for i in BENCHMARK_INDICATORS]
    )
    final_test = models.CharField(_("final test"), max_length=10, choices=FinalTest.choices, blank=True)
    reference = models.CharField(_("average of"), max_length=10, choices=Reference.choices)
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=2)
    recorded_by = user_field(_("recorded by"), optional=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )

    history = HistoricalRecords()

    this_record = _("this value")
    the_record = _("the value")

    class Meta:
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")
        ordering = ["-school_year", "indicator", "final_test", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "indicator", "final_test", "reference"],
                name="benchmark_unique",
                violation_error_message=_("This average has already been recorded for this school year."),
            ),
            *_scale_constraints("benchmark", indicators=tuple(BENCHMARK_INDICATORS)),
        ]

    def __str__(self) -> str:
        return f"{self.get_reference_display()}, {self.school_year_label}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:benchmark_list")

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def label(self) -> str:
        if self.final_test:
            return f"{self.get_indicator_display()} ({self.get_final_test_display()})"
        return str(self.get_indicator_display())

    @property
    def measure(self) -> Measure:
        return Measure(
            indicator=self.indicator,
            final_test=self.final_test,
            value=self.value,
            school_year=self.school_year,
        )


def final_score_import_upload_to(instance: FinalScoreImport, filename: str) -> str:
    return f"imports/eindscores/{uuid.uuid4().hex}"


class FinalScoreImport(FileImport):
    """One run of an import of DUO's file of average final scores per school location, with progress and report.

    Its own model rather than a kind of `schools.RegisterImport`: the import writes the monitor's indicator
    values, and the schools app (below this one) must not know them (ADR 0004's stages are reused, not its record).
    """

    file = models.FileField(_("file"), upload_to=final_score_import_upload_to, blank=True)
    school_year = models.PositiveSmallIntegerField(_("school year"), null=True, blank=True)

    class Meta(FileImport.Meta):
        verbose_name = _("final-score import")
        verbose_name_plural = _("final-score imports")

    def __str__(self) -> str:
        return self.original_filename or str(_("final-score import"))

    def get_absolute_url(self) -> str:
        return reverse("monitoring:indicator_import_detail", args=[self.pk])
