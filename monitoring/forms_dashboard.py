"""The dashboard's filter panel: round, stadsdeel, school board and reason.

The board is chosen from the boards of the round's schools only (a few dozen), never from the national register's
thousand boards. The form only shows the choices; `dashboard.DashboardFilters.from_query` reads the values.
"""

from __future__ import annotations

from crispy_forms.layout import Div, Layout
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from improvement_plans.constants import TrajectoryReason
from improvement_plans.models import ProgrammeRound
from kwaliteitsaanpak.core.forms import FilterFormHelper
from schools.constants import Stadsdeel
from schools.models import SchoolBoard

from .dashboard import BOARD_PARAM, REASON_PARAM, ROUND_PARAM, STADSDEEL_PARAM, DashboardFilters

FIELDS = [ROUND_PARAM, STADSDEEL_PARAM, BOARD_PARAM, REASON_PARAM]


class DashboardFilterForm(forms.Form):
    ronde = forms.ModelChoiceField(
        label=_("Programme round"), queryset=ProgrammeRound.objects.none(), empty_label=None, required=False
    )
    stadsdeel = forms.ChoiceField(label=_("Stadsdeel"), required=False)
    board = forms.ModelChoiceField(
        label=_("School board"),
        queryset=SchoolBoard.objects.none(),
        required=False,
        empty_label=_("All"),
        help_text=_("The boards of the round's schools."),
    )
    reason = forms.ChoiceField(label=_("Reason for taking part"), required=False)

    def __init__(self, filters: DashboardFilters, *args, **kwargs):
        initial = {
            ROUND_PARAM: filters.programme_round,
            STADSDEEL_PARAM: filters.stadsdeel,
            BOARD_PARAM: filters.board,
            REASON_PARAM: filters.reason,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields[ROUND_PARAM].queryset = ProgrammeRound.objects.order_by("-reference_date")
        self.fields[STADSDEEL_PARAM].choices = [("", _("All")), *Stadsdeel.choices]
        self.fields[REASON_PARAM].choices = [("", _("All")), *TrajectoryReason.choices]
        in_round = Q(schools__trajectories__programme_round=filters.programme_round)
        if filters.board is not None:
            in_round |= Q(pk=filters.board.pk)
        self.fields[BOARD_PARAM].queryset = SchoolBoard.objects.filter(in_round).distinct().order_by("name")


class DashboardFilterFormHelper(FilterFormHelper):
    """The filters in one row above the figures, which need the page's width."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_id = "dashboard-filters"
        self.layout = Layout(
            Div(*(Div(name, css_class="col-sm-6 col-lg-3") for name in FIELDS), css_class="row gx-3")
        )
