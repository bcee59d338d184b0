"""The filters of the overview of open actions: overdue only, the school (name or BRIN), its board, its stadsdeel."""

import django_filters
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import FilterFormHelper
from schools.constants import Stadsdeel
from schools.filters import search_schools
from schools.models import SchoolBoard

from .models import StagnationAction

ACTION_FILTER_FIELDS = ["q", "overdue", "board", "stadsdeel"]


class OpenActionFilterFormHelper(FilterFormHelper):
    def __init__(self, *args, fields=ACTION_FILTER_FIELDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = Layout(*(Div(name) for name in fields))


def _boards_with_open_actions(request):
    """Only the boards with an open action the user sees, so no choice leads to an empty list."""
    if request is None:
        return SchoolBoard.objects.none()
    actions = StagnationAction.objects.visible_to(request.user).open().values("trajectory__school__board")
    return SchoolBoard.objects.filter(pk__in=actions).order_by("name")


class OpenActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("School name or BRIN number, for example 18WD")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    board = django_filters.ModelChoiceFilter(
        label=_("School board"),
        field_name="trajectory__school__board",
        queryset=_boards_with_open_actions,
        empty_label=_("All"),
    )
    stadsdeel = django_filters.ChoiceFilter(
        label=_("Stadsdeel"),
        field_name="trajectory__school__stadsdeel",
        choices=Stadsdeel.choices,
        empty_label=_("All"),
    )

    class Meta:
        model = StagnationAction
        fields = ACTION_FILTER_FIELDS

    def filter_search(self, queryset, name, value):
        return search_schools(queryset, value, "trajectory__school__")

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(due_on__lt=timezone.localdate()) if value else queryset
