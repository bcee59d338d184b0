"""The tables of the indicator, benchmark and import lists."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import format_dutch_decimal
from schools.constants import ImportStatus

from .constants import Indicator
from .models import Benchmark, FinalScoreImport, IndicatorValue

NUMBER_ATTRS = {"th": {"class": "num"}, "td": {"class": "num"}}


def display_value(record) -> str:
    """A value as the Dutch read it: "533,5", "12,5%", "412"."""
    text = format_dutch_decimal(record.value)
    return f"{text}%" if record.indicator == Indicator.LWOO else text


class _ValueTable(tables.Table):
    school_year = tables.Column(
        verbose_name=_("School year"), accessor="school_year_label", order_by=("school_year",)
    )
    label = tables.Column(verbose_name=_("Indicator"), order_by=("indicator", "final_test"))
    value = tables.Column(verbose_name=_("Value"), attrs=NUMBER_ATTRS)

    def render_value(self, record) -> str:
        return display_value(record)

    def value_value(self, record):
        return record.value


class IndicatorValueTable(_ValueTable):
    school = tables.Column(
        verbose_name=_("School"),
        order_by=("school__name",),
        linkify=lambda record: record.school.get_absolute_url(),
    )
    code = tables.Column(
        verbose_name=_("BRIN"), accessor="school__code", order_by=("school__brin", "school__location_code")
    )
    # In the export only: on the page the board is a filter, and the table must fit beside the filter panel.
    board = tables.Column(
        verbose_name=_("School board"),
        accessor="school__board",
        order_by=("school__board__name",),
        visible=False,
    )
    pupil_count = tables.Column(verbose_name=_("Pupils tested"), attrs=NUMBER_ATTRS, empty_values=())
    source = tables.Column(verbose_name=_("Source"))
    change = tables.Column(
        verbose_name=_("Action"), empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        model = IndicatorValue
        # The key columns first, so that a narrow screen shows them.
        fields = [
            "school",
            "school_year",
            "label",
            "value",
            "pupil_count",
            "code",
            "board",
            "source",
            "change",
        ]
        empty_text = _("No indicator values match these filters.")

    def __init__(self, *args, can_change: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_change:
            self.columns.hide("change")

    def render_school(self, record) -> str:
        return record.school.name

    def render_pupil_count(self, record) -> str:
        if record.pupil_count_masked:
            return format_html('<abbr title="{}">&lt;5</abbr>', _("fewer than five pupils"))
        if record.pupil_count is None:
            return "–"
        return number_format(record.pupil_count, force_grouping=True)

    def value_pupil_count(self, record) -> str:
        return "<5" if record.pupil_count_masked else (record.pupil_count or "")

    def render_change(self, record) -> str:
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("monitoring:indicator_update", args=[record.pk]),
            _("Change"),
            f"{record.school.name}, {record.school_year_label}, {record.label}",
        )


class BenchmarkTable(_ValueTable):
    reference = tables.Column(verbose_name=_("Average of"))
    change = tables.Column(
        verbose_name=_("Action"), empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        model = Benchmark
        fields = ["school_year", "label", "reference", "value", "change"]
        empty_text = _("No averages match these filters.")

    def __init__(self, *args, can_change: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_change:
            self.columns.hide("change")

    def render_change(self, record) -> str:
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("monitoring:benchmark_update", args=[record.pk]),
            _("Change"),
            f"{record.get_reference_display()}, {record.school_year_label}, {record.label}",
        )


class FinalScoreImportTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name=_("Started"), linkify=True, format="j F Y, H:i")
    original_filename = tables.Column(verbose_name=_("File name"))
    started_by = tables.Column(verbose_name=_("Started by"), default="–")
    status = tables.Column(verbose_name=_("Status"))
    summary = tables.Column(verbose_name=_("Result"), accessor="report__summary", orderable=False, default="")

    class Meta:
        model = FinalScoreImport
        fields = ["created_at", "original_filename", "started_by", "status", "summary"]
        empty_text = _("No imports yet.")

    def render_status(self, record) -> str:
        colour = {ImportStatus.DONE: "green", ImportStatus.FAILED: "red"}.get(record.status, "blue")
        return format_html('<span class="tag tag-{}">{}</span>', colour, record.get_status_display())
