"""The filter panels of the indicator and benchmark lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from improvement_plans.constants import FinalTest
from schools.constants import Stadsdeel
from schools.filters import BoardSearchFilter, search_schools

from .constants import Indicator, Reference, school_year_choices
from .models import Benchmark, IndicatorValue

# One choice per scale: each final test apart, never "all final tests" (their scores cannot be put together).
FINAL_TEST_PREFIX = f"{Indicator.FINAL_TEST}:"


def scale_choices() -> list[tuple[str, str]]:
    tests = [
        (f"{FINAL_TEST_PREFIX}{test.value}", _("Final test: %(test)s") % {"test": test.label})
        for test in FinalTest
    ]
    return [
        *tests,
        (Indicator.LWOO.value, Indicator.LWOO.label),
        (Indicator.PUPILS.value, Indicator.PUPILS.label),
    ]


def filter_scale(queryset, name, value):
    if value.startswith(FINAL_TEST_PREFIX):
        return queryset.filter(
            indicator=Indicator.FINAL_TEST, final_test=value.removeprefix(FINAL_TEST_PREFIX)
        )
    return queryset.filter(indicator=value)


class IndicatorValueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("School name or BRIN number, for example 18WD")
    )
    school_year = django_filters.ChoiceFilter(
        label=_("School year"), choices=school_year_choices, empty_label=_("All")
    )
    scale = django_filters.ChoiceFilter(
        label=_("Indicator"), choices=scale_choices, method="filter_scale", empty_label=_("All")
    )
    stadsdeel = django_filters.ChoiceFilter(
        label=_("Stadsdeel"), field_name="school__stadsdeel", choices=Stadsdeel.choices, empty_label=_("All")
    )
    board = BoardSearchFilter(field_name="school__board")

    class Meta:
        model = IndicatorValue
        fields = ["q", "school_year", "scale", "stadsdeel", "board"]

    def filter_search(self, queryset, name, value):
        return search_schools(queryset, value, school="school__")

    def filter_scale(self, queryset, name, value):
        return filter_scale(queryset, name, value)


class BenchmarkFilter(django_filters.FilterSet):
    school_year = django_filters.ChoiceFilter(
        label=_("School year"), choices=school_year_choices, empty_label=_("All")
    )
    scale = django_filters.ChoiceFilter(
        label=_("Indicator"),
        choices=lambda: scale_choices()[:-1],
        method="filter_scale",
        empty_label=_("All"),
    )
    reference = django_filters.ChoiceFilter(
        label=_("Average of"), choices=Reference.choices, empty_label=_("All")
    )

    class Meta:
        model = Benchmark
        fields = ["school_year", "scale", "reference"]

    def filter_scale(self, queryset, name, value):
        return filter_scale(queryset, name, value)
