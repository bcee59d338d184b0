"""The filters of the audit overview (`/uitvoering/audits/`): kind, status, planned in a period, only late ones, and a
school search."""

import django_filters
from crispy_forms.layout import Div, Layout
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import DutchDateField, FilterFormHelper
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.filters import search_schools

from .constants import AuditKind
from .models import Audit
from .selectors.audits import overdue_filter

PLANNED, IN_PROGRESS, SUBMITTED, RETURNED, ADOPTED = (
    "gepland",
    "opgesteld",
    "ingediend",
    "teruggestuurd",
    "vastgesteld",
)
STATES = [
    (PLANNED, _("Planned (not started)")),
    (IN_PROGRESS, _("Being drawn up")),
    (SUBMITTED, _("Submitted")),
    (RETURNED, _("Returned")),
    (ADOPTED, _("Adopted")),
]
STATE_FILTERS = {
    PLANNED: Q(status=SubmissionStatus.DRAFT, plan__isnull=True),
    IN_PROGRESS: Q(status=SubmissionStatus.DRAFT, plan__isnull=False),
    SUBMITTED: Q(status=SubmissionStatus.SUBMITTED),
    RETURNED: Q(status=SubmissionStatus.RETURNED),
    ADOPTED: Q(status=SubmissionStatus.APPROVED),
}
FILTER_FIELDS = ["q", "kind", "state", "planned_from", "planned_until", "overdue"]


class DutchDateFilter(django_filters.DateFilter):
    field_class = DutchDateField


class AuditFilterFormHelper(FilterFormHelper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = Layout(*(Div(name) for name in FILTER_FIELDS))


class AuditFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("School name or BRIN number")
    )
    kind = django_filters.ChoiceFilter(label=_("Audit"), choices=AuditKind.choices, empty_label=_("All"))
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATES, method="filter_state", empty_label=_("All")
    )
    planned_from = DutchDateFilter(
        label=_("Planned from"), field_name="planned_on", lookup_expr="gte", help_text=_("dd-mm-yyyy")
    )
    planned_until = DutchDateFilter(
        label=_("Planned until"), field_name="planned_on", lookup_expr="lte", help_text=_("dd-mm-yyyy")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only late audits"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Audit
        fields = FILTER_FIELDS

    def filter_search(self, queryset, name, value):
        return search_schools(queryset, value, "trajectory__school__")

    def filter_state(self, queryset, name, value):
        return queryset.filter(STATE_FILTERS[value]) if value in STATE_FILTERS else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_filter(timezone.localdate())) if value else queryset
