"""The filter panel of the list of programme rounds."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from improvement_plans.models import ProgrammeRound


class ProgrammeRoundFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Name of the round or a year, for example 2027"),
    )

    class Meta:
        model = ProgrammeRound
        fields = ["q"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        condition = Q(name__icontains=value)
        if value.isdigit():
            year = int(value)
            condition |= Q(target_year=year) | Q(exception_year=year) | Q(reference_date__year=year)
        return queryset.filter(condition)
