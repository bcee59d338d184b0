"""The table of the audit overview: school, audit, planned and held dates, status and decision, sortable."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.steps import TaskStatus
from kwaliteitsaanpak.core.table_columns import WIDE_ONLY
from kwaliteitsaanpak.core.templatetags.workflow_tags import STATUS_COLOURS

from .models import Audit
from .selectors.audits import audit_state_label, is_overdue


def _long_date(value) -> str:
    return date_format(value, "j F Y") if value else ""


class AuditTable(tables.Table):
    school = tables.Column(
        verbose_name=_("School"),
        accessor="trajectory__school__name",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("trajectory__school__name",),
    )
    board = tables.Column(
        verbose_name=_("School board"),
        accessor="trajectory__school__board__name",
        order_by=("trajectory__school__board__name",),
        attrs=WIDE_ONLY,
    )
    kind = tables.Column(verbose_name=_("Audit"))
    planned_on = tables.Column(verbose_name=_("Planned on"))
    held_on = tables.Column(verbose_name=_("Held on"), attrs=WIDE_ONLY)
    status = tables.Column(verbose_name=_("Status"))
    decision = tables.Column(verbose_name=_("Decision"))

    class Meta:
        model = Audit
        # The key columns first: on a narrow screen they are what shows without scrolling.
        fields = ["school", "kind", "planned_on", "status", "decision", "held_on", "board"]
        sequence = fields
        empty_text = _("No audits match these filters.")

    def render_planned_on(self, record, value):
        if is_overdue(record, timezone.localdate()):
            return format_html('{} <span class="tag tag-red">{}</span>', _long_date(value), TaskStatus.LATE)
        return _long_date(value)

    def value_planned_on(self, record, value) -> str:
        return value.isoformat()

    def render_held_on(self, value):
        return _long_date(value)

    def value_held_on(self, value) -> str:
        return value.isoformat() if value else ""

    def render_status(self, record):
        return format_html(
            '<span class="tag tag-{}">{}</span>',
            STATUS_COLOURS.get(record.status, "grey"),
            audit_state_label(record),
        )

    def value_status(self, record) -> str:
        return str(audit_state_label(record))

    def render_decision(self, record):
        return record.get_decision_display() if record.is_approved else "–"

    def value_decision(self, record) -> str:
        return record.get_decision_display() if record.is_approved else ""
