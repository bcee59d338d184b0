"""The table of the overview of open actions (`/uitvoering/acties/`): per action the school, its board, what was
agreed, who does it and by when, flagged when overdue. The rows come from `selectors.visits.open_actions`, which
reads the school and board along: no query per row."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.table_columns import WIDE_ONLY

from .models import StagnationAction


def overdue_tag() -> str:
    return format_html('<span class="tag tag-red">{}</span>', gettext("Overdue"))


class OpenActionTable(tables.Table):
    school = tables.Column(
        verbose_name=_("School"),
        accessor="trajectory__school__name",
        order_by=("trajectory__school__name", "due_on"),
        attrs={"th": {"class": "min-w-9rem"}},
    )
    board = tables.Column(
        verbose_name=_("School board"),
        accessor="trajectory__school__board__name",
        order_by=("trajectory__school__board__name", "due_on"),
        attrs=WIDE_ONLY,  # at 390 px: school, what was agreed, who, by when
    )
    description = tables.Column(verbose_name=_("What was agreed"), orderable=False)
    responsible = tables.Column(verbose_name=_("Who does it"))
    due_on = tables.Column(verbose_name=_("By when"), order_by=("due_on", "id"))
    visit = tables.Column(
        verbose_name=_("Visit"),
        accessor="visit__visited_on",
        order_by=("visit__visited_on", "id"),
        attrs=WIDE_ONLY,
    )

    class Meta:
        model = StagnationAction
        fields = []
        sequence = ["school", "board", "description", "responsible", "due_on", "visit"]
        order_by = ("due_on",)
        attrs = {"class": "table table-hover align-middle", "data-testid": "open-actions"}

    def render_school(self, record, value):
        return format_html(
            '<a href="{}">{}</a>', reverse("audits:visit_list", args=[record.trajectory_id]), value
        )

    def value_school(self, value) -> str:
        return value

    def render_due_on(self, record, value):
        day = date_format(value, "j F Y")
        if value < timezone.localdate():
            return format_html('<span class="text-nowrap">{}</span> {}', day, overdue_tag())
        return format_html('<span class="text-nowrap">{}</span>', day)

    def value_due_on(self, record, value) -> str:
        return date_format(value, "d-m-Y")

    def render_visit(self, record, value):
        return format_html(
            '<a class="text-nowrap" href="{}">{}</a>',
            reverse("audits:visit_detail", args=[record.trajectory_id, record.visit_id]),
            date_format(value, "j F Y") if value else gettext("Visit"),
        )

    def value_visit(self, value) -> str:
        return date_format(value, "d-m-Y") if value else ""
