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
from django.utils import timezone
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
        permissions = [
            ("import_indicators", _("Can import DUO's final-score file")),
            ("view_monitor", _("Can see the programme dashboard")),
            ("view_school_monitor", _("Can see the monitor of the schools in view")),
            ("request_monitor_report", _("Can ask for monitoring reports")),
        ]

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


# PDF monitoring reports


class MonitorReportKind(models.TextChoices):
    PROGRAMME = "programma", _("Programme report")
    SCHOOL = "school", _("School report")


class MonitorReportStatus(models.TextChoices):
    QUEUED = "wachtrij", _("Queued")
    RUNNING = "bezig", _("Running")
    DONE = "klaar", _("Done")
    FAILED = "mislukt", _("Failed")


# The statuses of a report that is still being made: a second request for the same report waits for it.
MONITOR_REPORT_UNFINISHED = (MonitorReportStatus.QUEUED, MonitorReportStatus.RUNNING)


def monitor_report_upload_to(instance: MonitorReport, filename: str) -> str:
    return f"rapporten/{uuid.uuid4().hex}.pdf"


class MonitorReportQuerySet(models.QuerySet):
    def for_lists(self) -> MonitorReportQuerySet:
        return self.select_related("requested_by", "school")


class MonitorReport(models.Model):
    """A PDF monitoring report asked for by a user and made by a Celery task (`monitoring.tasks`): the programme
    report with the dashboard's filters, or the report of one school. Kept with who asked, when and with which
    filters, so that it can be downloaded again."""

    kind = models.CharField(_("kind of report"), max_length=10, choices=MonitorReportKind.choices)
    filters = models.JSONField(
        _("filters"),
        default=dict,
        blank=True,
        help_text=_("The dashboard's filters the report was made with."),
    )
    filters_key = models.CharField(
        _("filters key"),
        max_length=255,
        help_text=_("The filters in one canonical form, so that the same request is recognised."),
    )
    filters_description = models.JSONField(
        _("filters as text"),
        default=list,
        blank=True,
        help_text=_("The filters as the report's cover lists them."),
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MonitorReportStatus.choices, default=MonitorReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=monitor_report_upload_to, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = user_field(_("requested by"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = MonitorReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One report of a kind with the same filters in the making at a time: a second request waits for it.
            models.UniqueConstraint(
                fields=["kind", "filters_key"],
                condition=Q(status__in=["wachtrij", "bezig"]),
                name="monitor_report_one_in_the_making",
                violation_error_message=_("This report is already being made."),
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="monitor_report_progress_percentage"),
            models.CheckConstraint(
                condition=~Q(kind="school") | Q(school__isnull=False),
                name="monitor_report_school_of_school_report",
            ),
        ]

    def __str__(self) -> str:
        if self.school_id:
            return f"{self.get_kind_display()}: {self.school.name}"
        return str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report_detail", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("monitoring:report_download", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (MonitorReportStatus.DONE, MonitorReportStatus.FAILED)

    @property
    def is_done(self) -> bool:
        return self.status == MonitorReportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == MonitorReportStatus.FAILED

    @property
    def is_queued(self) -> bool:
        return self.status == MonitorReportStatus.QUEUED

    @property
    def download_filename(self) -> str:
        """ "monitor-kwaliteitsaanpak-2026-12-02.pdf", or with the school's code for a school report."""
        day = timezone.localtime(self.finished_at or self.created_at).date().isoformat()
        if self.kind == MonitorReportKind.SCHOOL and self.school_id:
            return f"monitor-kwaliteitsaanpak-{self.school.code}-{day}.pdf"
        return f"monitor-kwaliteitsaanpak-{day}.pdf"
