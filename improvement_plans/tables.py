import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.steps import TaskStatus
from kwaliteitsaanpak.core.table_columns import WIDE_ONLY
from schools.templatetags.school_tags import participation_tag

from .constants import Phase, TrajectoryReason
from .models import Trajectory


def _long_date(value) -> str:
    return date_format(value, "j F Y") if value else ""


def phase_tag(trajectory) -> str:
    """The phase as a tag with its word: blue before the analysis, grey when ended, green while under way (also the
    `phase_tag` filter of the trajectory and school monitor pages)."""
    if trajectory.phase in (Phase.REGISTERED, Phase.INTAKE):
        colour = "blue"
    elif trajectory.phase in (Phase.CLOSED, Phase.WITHDRAWN):
        colour = "grey"
    else:
        colour = "green"
    # The enum's label: get_phase_display() hashes every choice on each call.
    return format_html('<span class="tag tag-{}">{}</span>', colour, Phase(trajectory.phase).label)


class TrajectoryTable(tables.Table):
    school = tables.Column(
        verbose_name=_("School"),
        accessor="school__name",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("school__name",),
    )
    # At 390 px: school, phase and intake (kwaliteitsaanpak.core.table_columns).
    board = tables.Column(
        verbose_name=_("School board"),
        accessor="school__board__name",
        order_by=("school__board__name",),
        attrs=WIDE_ONLY,
    )
    stadsdeel = tables.Column(
        verbose_name=_("Stadsdeel"),
        accessor="school__stadsdeel",
        order_by=("school__stadsdeel",),
        attrs=WIDE_ONLY,
    )
    reason = tables.Column(verbose_name=_("Reason"), attrs=WIDE_ONLY)
    phase = tables.Column(verbose_name=_("Phase"))
    # Not a DateColumn: that compiles and renders a template per row.
    registered_on = tables.Column(verbose_name=_("Registered on"), attrs=WIDE_ONLY)
    intake = tables.Column(
        verbose_name=_("Intake"), accessor="intake_date", order_by=("intake_date",), empty_values=()
    )
    education_experts = tables.Column(
        verbose_name=_("Education experts"), orderable=False, empty_values=(), attrs=WIDE_ONLY
    )

    class Meta:
        model = Trajectory
        fields = [
            "school",
            "board",
            "stadsdeel",
            "reason",
            "phase",
            "registered_on",
            "intake",
            "education_experts",
        ]
        empty_text = _("No trajectories match these filters.")

    def render_stadsdeel(self, record) -> str:
        return record.school.get_stadsdeel_display()

    def render_reason(self, record, value):
        """An at-risk school is marked with a tag, as in every list of schools."""
        if record.reason == TrajectoryReason.AT_RISK:
            return participation_tag(record.reason)
        return value

    def render_registered_on(self, value) -> str:
        return _long_date(value)

    def value_registered_on(self, value):
        return value

    def render_phase(self, record):
        # Built here, not with the tag's template: a template rendered per row runs every context processor per row.
        return phase_tag(record)

    def value_phase(self, record) -> str:
        return record.get_phase_display()

    def render_intake(self, record):
        """The intake's date; a late intake (not planned in time, or held without an outcome) is tagged."""
        if record.intake_overdue:
            return format_html(
                '<span class="tag tag-red">{}</span> {}', TaskStatus.LATE, _long_date(record.intake_date)
            )
        return _long_date(record.intake_date) or "–"

    def value_intake(self, record) -> str:
        late = str(TaskStatus.LATE) if record.intake_overdue else ""
        return f"{late} {_long_date(record.intake_date)}".strip()

    def render_education_experts(self, record) -> str:
        return ", ".join(str(expert) for expert in record.education_experts.all()) or "–"

    def value_education_experts(self, record) -> str:
        return ", ".join(str(expert) for expert in record.education_experts.all())
