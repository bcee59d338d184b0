import django_filters
from crispy_forms.layout import Div, Layout
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import FilterFormHelper
from kwaliteitsaanpak.core.workflow import OPEN_STATUSES, SubmissionStatus
from schools.constants import Stadsdeel
from schools.filters import search_schools
from schools.models import SchoolBoard

from .constants import Commitment
from .models import Budget

OVERVIEW_FILTER_FIELDS = ["q", "status", "commitment", "board", "stadsdeel"]


class FinanceOverviewFilterFormHelper(FilterFormHelper):
    """The filters in a row above the table, which needs the page's full width for its amounts."""

    def __init__(self, *args, fields=OVERVIEW_FILTER_FIELDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = Layout(
            Div(*(Div(name, css_class="col-sm-6 col-lg") for name in fields), css_class="row gx-3")
        )


def _boards_with_a_budget(request):
    """Only the boards that have a row in the overview, so no choice leads to an empty list."""
    if request is None:
        return SchoolBoard.objects.none()
    budgets = Budget.objects.visible_to(request.user).values("trajectory__school__board")
    return SchoolBoard.objects.filter(pk__in=budgets).order_by("name")


class FinanceOverviewFilter(django_filters.FilterSet):
    """Filters of the finance overview, whose rows are budgets (one per trajectory: the one that counts now)."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("School name or BRIN number, for example 18WD")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status of the budget"),
        # A superseded budget never counts now, so it is never a row.
        choices=[(status.value, status.label) for status in (*OPEN_STATUSES, SubmissionStatus.APPROVED)],
        empty_label=_("All"),
    )
    commitment = django_filters.ChoiceFilter(
        label=_("Municipality's money"),
        choices=[(Commitment.COMMITTED.value, _("Committed")), (Commitment.PLANNED.value, _("Planned"))],
        method="filter_commitment",
        empty_label=_("All"),
    )
    board = django_filters.ModelChoiceFilter(
        label=_("School board"),
        field_name="trajectory__school__board",
        queryset=_boards_with_a_budget,
        empty_label=_("All"),
    )
    stadsdeel = django_filters.ChoiceFilter(
        label=_("Stadsdeel"),
        field_name="trajectory__school__stadsdeel",
        choices=Stadsdeel.choices,
        empty_label=_("All"),
    )

    class Meta:
        model = Budget
        fields = OVERVIEW_FILTER_FIELDS

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # A board user sees its own board's budgets only, a school director its school's: choosing a board would
        # change nothing.
        if request is not None and (request.user.school_board_id or request.user.school_id):
            del self.filters["board"]

    def filter_search(self, queryset, name, value):
        return search_schools(queryset, value, "trajectory__school__")

    def filter_commitment(self, queryset, name, value):
        if value == Commitment.COMMITTED:
            return queryset.filter(status=SubmissionStatus.APPROVED)
        return queryset.exclude(status=SubmissionStatus.APPROVED)
