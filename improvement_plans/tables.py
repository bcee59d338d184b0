import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.steps import TaskStatus
from schools.templatetags.school_tags import participation_tag

from .constants import TrajectoryReason
from .models import Trajectory


def _long_date(value) -> str:
    return date_format(value, "j F Y") if value else ""


class TrajectoryTable(tables.Table):
    school = tables.Column(
        verbose_name=_("School"),
        accessor="school__name",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("school__name",),
    )
    board = tables.Column(
        verbose_name=_("School board"), accessor="school__board__name", order_by=("school__board__name",)
    )
    stadsdeel = tables.Column(
        verbose_name=_("Stadsdeel"), accessor="school__stadsdeel", order_by=("school__stadsdeel",)
    )
    reason = tables.Column(verbose_name=_("Reason"))
    phase = tables.TemplateColumn(
        verbose_name=_("Phase"), template_name="improvement_plans/includes/trajectory_phase_tag.html"
    )
    registered_on = tables.DateColumn(verbose_name=_("Registered on"), format="j F Y")
    intake = tables.Column(
        verbose_name=_("Intake"), accessor="intake_date", order_by=("intake_date",), empty_values=()
    )
    education_experts = tables.Column(verbose_name=_("Education experts"), orderable=False, empty_values=())

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
