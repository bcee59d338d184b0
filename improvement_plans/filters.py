import django_filters
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import FilterFormHelper
from schools.constants import Stadsdeel
from schools.filters import BoardSearchFilter, search_schools

from . import selectors
from .constants import Phase, TrajectoryReason
from .models import ProgrammeRound, Trajectory

OPEN, ENDED, ALL = "lopend", "beeindigd", "alle"
FILTER_FIELDS = ["q", "status", "phase", "stadsdeel", "board", "expert", "reason", "ronde", "overdue"]


class TrajectoryFilterFormHelper(FilterFormHelper):
    """The filters in rows above the table, which needs the page's full width for its eight columns."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = Layout(
            Div(
                *(Div(name, css_class="col-sm-6 col-lg-3") for name in FILTER_FIELDS[:-1]),
                # The checkbox lines up with the selects beside it rather than with their labels.
                Div(FILTER_FIELDS[-1], css_class="col-sm-6 col-lg-3 pt-lg-4 mt-lg-2"),
                css_class="row gx-3",
            )
        )


def _education_experts(request):
    return selectors.education_experts()


class TrajectoryFilter(django_filters.FilterSet):
    """Filters of the trajectory list. Without a status chosen, the list shows the open trajectories."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("School name or BRIN number, for example 18WD")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Open")), (ENDED, _("Ended (closed or withdrawn)")), (ALL, _("All"))],
        method="filter_status",
        empty_label=None,
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=_("All"))
    stadsdeel = django_filters.ChoiceFilter(
        label=_("Stadsdeel"), field_name="school__stadsdeel", choices=Stadsdeel.choices, empty_label=_("All")
    )
    board = BoardSearchFilter(field_name="school__board")
    expert = django_filters.ModelChoiceFilter(
        label=_("Education expert"),
        field_name="education_experts",
        queryset=_education_experts,
        empty_label=_("All"),
    )
    reason = django_filters.ChoiceFilter(
        label=_("Reason"), choices=TrajectoryReason.choices, empty_label=_("All")
    )
    ronde = django_filters.ModelChoiceFilter(
        label=_("Programme round"),
        field_name="programme_round",
        queryset=ProgrammeRound.objects.order_by("-reference_date"),
        empty_label=_("All"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only trajectories with a late step"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Trajectory
        fields = FILTER_FIELDS

    def __init__(self, data=None, *args, **kwargs):
        if data is None or not data.get("status"):
            data = data.copy() if data is not None else {}
            data["status"] = OPEN
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        return search_schools(queryset, value, "school__")

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        if value == ENDED:
            return queryset.filter(ended_on__isnull=False)
        return queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.intake_overdue() if value else queryset
