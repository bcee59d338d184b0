"""The table of the generated PDF monitoring reports: who asked, when, with which filters, status, pages, download."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.table_columns import NUMBER_ATTRS, WIDE_ONLY, wide_only

from .models import MonitorReport, MonitorReportStatus

STATUS_COLOURS = {MonitorReportStatus.DONE: "green", MonitorReportStatus.FAILED: "red"}


def status_tag(report: MonitorReport) -> str:
    """The status as a tag with a word (never colour alone)."""
    return format_html(
        '<span class="tag tag-{}">{}</span>',
        STATUS_COLOURS.get(report.status, "blue"),
        report.get_status_display(),
    )


class MonitorReportTable(tables.Table):
    # At 390 px the list shows which report (a link to its page), its status and the download.
    created_at = tables.DateTimeColumn(
        verbose_name=_("Requested"), linkify=True, format="j F Y, H:i", attrs=WIDE_ONLY
    )
    kind = tables.Column(verbose_name=_("Kind of report"))
    filters_description = tables.Column(
        verbose_name=_("Filters"), orderable=False, empty_values=(), attrs=WIDE_ONLY
    )
    requested_by = tables.Column(
        verbose_name=_("Requested by"),
        order_by=("requested_by__last_name", "requested_by__first_name"),
        attrs=WIDE_ONLY,
    )
    status = tables.Column(verbose_name=_("Status"))
    page_count = tables.Column(verbose_name=_("Pages"), attrs=wide_only(NUMBER_ATTRS), default="–")
    download = tables.Column(
        verbose_name=_("Download"), orderable=False, empty_values=(), exclude_from_export=True
    )

    class Meta:
        model = MonitorReport
        fields = ["created_at", "kind", "filters_description", "requested_by", "status", "page_count"]
        order_by = ("-created_at",)

    def render_kind(self, record) -> str:
        if record.school_id:
            return format_html(
                '<a href="{}">{}</a><br><span class="small">{}</span>',
                record.get_absolute_url(),
                record.get_kind_display(),
                record.school.name,
            )
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.get_kind_display())

    def value_kind(self, record) -> str:
        if record.school_id:
            return f"{record.get_kind_display()}: {record.school.name}"
        return str(record.get_kind_display())

    def value_filters_description(self, record) -> str:
        return "; ".join(record.filters_description or [])

    def value_status(self, record) -> str:
        return str(record.get_status_display())

    def render_filters_description(self, record) -> str:
        lines = record.filters_description or []
        if not lines:
            return "–"
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    def render_status(self, record) -> str:
        if record.is_finished:
            return status_tag(record)
        return format_html("{} ({}%)", status_tag(record), record.progress)

    def render_download(self, record) -> str:
        if not record.is_done:
            return "–"
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            record.get_download_url(),
            _("Download PDF"),
            record.download_filename,
        )
