"""The filter panel of the list of generated PDF monitoring reports."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MonitorReport, MonitorReportKind, MonitorReportStatus


class MonitorReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of report"), choices=MonitorReportKind.choices, empty_label=_("All reports")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MonitorReportStatus.choices, empty_label=_("All statuses")
    )
    mine = django_filters.BooleanFilter(
        label=_("Only my requests"), method="filter_mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = MonitorReport
        fields = ["kind", "status"]

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None:
            return queryset.filter(requested_by=self.request.user)
        return queryset
