"""The tables of the inspection pages: the reviews of interim results and the supervision arrangements. The
reviews' table shows the judgement, never figures per grade (the municipality reads it too)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.dates import school_year_label

from .filters_inspection import STATUS_CHOICES
from .models import InspectionReview, SupervisionArrangement

# Columns that fold away on a narrow screen, so that the key columns (school, moment, status, judgement) fit.
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


def _long_date(value) -> str:
    return date_format(value, "j F Y") if value else ""


class ReviewTable(tables.Table):
    school = tables.Column(
        verbose_name=_("School"),
        accessor="school__name",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("school__name",),
    )
    # In the export only: on the page the board is a filter, and the table must fit beside the filter panel.
    board = tables.Column(
        verbose_name=_("School board"),
        accessor="school__board__name",
        order_by=("school__board__name",),
        visible=False,
    )
    school_year = tables.Column(verbose_name=_("School year"), order_by=("school_year", "test_moment"))
    test_moment = tables.Column(verbose_name=_("Test moment"))
    due_on = tables.DateColumn(verbose_name=_("Results due"), format="j F Y", attrs=WIDE_ONLY)
    status = tables.TemplateColumn(
        verbose_name=_("Status"), template_name="audits/includes/inspection_status_cell.html"
    )
    judgement = tables.TemplateColumn(
        verbose_name=_("Judgement"), template_name="audits/includes/inspection_judgement_cell.html"
    )

    class Meta:
        model = InspectionReview
        fields = ["school", "status", "judgement", "test_moment", "school_year", "due_on", "board"]
        sequence = fields
        order_by = ("-school_year", "school")
        empty_text = _("No reviews match these filters.")

    def render_school_year(self, value) -> str:
        return school_year_label(value)

    def value_school_year(self, value) -> str:
        return school_year_label(value)

    def value_status(self, record) -> str:
        return str(dict(STATUS_CHOICES).get(record.status, record.get_status_display()))

    def value_judgement(self, record) -> str:
        return record.get_judgement_display()


class ArrangementTable(tables.Table):
    school = tables.Column(
        verbose_name=_("School"),
        accessor="school__name",
        linkify=("audits:inspection_arrangement_detail", {"pk": tables.A("pk")}),
        order_by=("school__name",),
    )
    # In the export only: on the page the board is a filter, and the table must fit beside the filter panel.
    board = tables.Column(
        verbose_name=_("School board"),
        accessor="school__board__name",
        order_by=("school__board__name",),
        visible=False,
    )
    school_year = tables.Column(verbose_name=_("School year"))
    arrangement = tables.TemplateColumn(
        verbose_name=_("Arrangement"), template_name="audits/includes/inspection_arrangement_cell.html"
    )
    extra_supervision = tables.Column(verbose_name=_("Extra supervision"), orderable=False, attrs=WIDE_ONLY)
    recorded_at = tables.Column(verbose_name=_("Recorded on"), attrs=WIDE_ONLY)

    class Meta:
        model = SupervisionArrangement
        fields = ["school", "arrangement", "school_year", "extra_supervision", "recorded_at", "board"]
        sequence = fields
        order_by = ("-school_year", "school")
        empty_text = _("No arrangements match these filters.")

    def render_school_year(self, value) -> str:
        return school_year_label(value)

    def value_school_year(self, value) -> str:
        return school_year_label(value)

    def render_recorded_at(self, value) -> str:
        return _long_date(timezone.localtime(value))

    def value_arrangement(self, record) -> str:
        return record.get_arrangement_display()

    def render_extra_supervision(self, value) -> str:
        return value if len(value) <= 80 else value[:77] + "…"
