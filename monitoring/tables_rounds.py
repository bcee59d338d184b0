"""The tables of the programme rounds: the list of rounds, and a round's reference list and trajectories."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from improvement_plans.models import ProgrammeRound, Trajectory
from improvement_plans.tables import phase_tag
from schools.models import School
from schools.templatetags.school_tags import verdict_tag

NUMBER_ATTRS = {"th": {"class": "num"}, "td": {"class": "num"}}


class ProgrammeRoundTable(tables.Table):
    name = tables.Column(verbose_name=_("Round"), linkify=True)
    reference_date = tables.Column(verbose_name=_("Reference list of"))
    target_year = tables.Column(verbose_name=_("Target year"), attrs=NUMBER_ATTRS)
    exception_year = tables.Column(verbose_name=_("Exceptions until"), attrs=NUMBER_ATTRS)
    follow_up_until = tables.Column(
        verbose_name=_("On the monitor until"),
        accessor="follow_up_until_year",
        order_by=("exception_year", "follow_up_years"),
        attrs=NUMBER_ATTRS,
    )
    school_count = tables.Column(verbose_name=_("Schools on the list"), attrs=NUMBER_ATTRS)
    trajectory_count = tables.Column(verbose_name=_("Trajectories"), attrs=NUMBER_ATTRS)
    reference = tables.Column(verbose_name=_("Compared with"))
    change = tables.Column(
        verbose_name=_("Action"), empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        model = ProgrammeRound
        # The key columns first, so that a narrow screen shows them.
        fields = [
            "name",
            "reference_date",
            "target_year",
            "exception_year",
            "school_count",
            "trajectory_count",
            "follow_up_until",
            "reference",
            "change",
        ]
        empty_text = _("No rounds match this search.")

    def __init__(self, *args, can_change: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_change:
            self.columns.hide("change")

    def render_reference_date(self, value) -> str:
        return date_format(value, "j F Y")

    def value_reference_date(self, value) -> str:
        return value.strftime("%d-%m-%Y")

    def render_target_year(self, value) -> str:
        return str(value)

    def render_exception_year(self, value) -> str:
        return str(value)

    def render_follow_up_until(self, value) -> str:
        return str(value)

    def render_change(self, record) -> str:
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("monitoring:round_update", args=[record.pk]),
            _("Change"),
            record.name,
        )


class ReferenceSchoolTable(tables.Table):
    name = tables.Column(verbose_name=_("School"), linkify=True)
    code = tables.Column(verbose_name=_("BRIN"), order_by=("brin", "location_code"))
    board = tables.Column(verbose_name=_("School board"), order_by=("board__name",), default="–")
    current_verdict = tables.Column(verbose_name=_("Current verdict"), default="–")
    current_verdict_date = tables.DateColumn(verbose_name=_("Of"), format="d-m-Y", default="–")

    class Meta:
        model = School
        fields = ["name", "code", "current_verdict", "current_verdict_date", "board"]
        empty_text = _("No schools on the reference list yet.")

    def render_current_verdict(self, value):
        return verdict_tag(value)


class RoundTrajectoryTable(tables.Table):
    school = tables.Column(verbose_name=_("School"), order_by=("school__name",))
    code = tables.Column(verbose_name=_("BRIN"), accessor="school__code", order_by=("school__brin",))
    phase = tables.Column(verbose_name=_("Phase"))
    reason = tables.Column(verbose_name=_("Reason"))
    registered_on = tables.DateColumn(verbose_name=_("Registered"), format="d-m-Y")

    class Meta:
        model = Trajectory
        fields = ["school", "code", "phase", "registered_on", "reason"]
        empty_text = _("No trajectories in this round yet.")

    def __init__(self, *args, can_open: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_open = can_open

    def render_school(self, record) -> str:
        if self.can_open:
            return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.school.name)
        return record.school.name

    def render_phase(self, record) -> str:
        return phase_tag(record)
