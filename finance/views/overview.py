"""The programme's finances at a glance: per trajectory the budget that counts now, and the totals over the rows the
filters leave."""

from django.utils.translation import gettext as _

from kwaliteitsaanpak.core.views import FilteredTableView, ProtectedView

from .. import selectors
from ..filters import OVERVIEW_FILTER_FIELDS, FinanceOverviewFilter, FinanceOverviewFilterFormHelper
from ..tables.overview import EXPERT_COST_COLUMNS, FinanceOverviewTable


def sees_expert_costs(user) -> bool:
    return user.has_perm("finance.view_expert_costs") or user.has_perm("finance.view_finance_totals")


def opens_budgets(user) -> bool:
    """Whether the user may open a row's budget (the rows are already the user's scope); the municipality reads
    the totals only."""
    return user.has_perm("improvement_plans.view_trajectory") and user.has_perm("finance.view_budget")


class FinanceOverviewView(ProtectedView, FilteredTableView):
    """The municipality, staff and the expert group see every budget; a board its own schools'; experts the
    trajectories they are assigned to. The school links to its budget for those who may open it."""

    permission_required = "finance.view_finance_overview"
    filterset_class = FinanceOverviewFilter
    table_class = FinanceOverviewTable
    template_name = "finance/overview.html"
    export_name = "financien"

    def get_queryset(self):
        return selectors.finance_overview(self.request.user)

    def get_table_kwargs(self):
        user = self.request.user
        exclude = [] if sees_expert_costs(user) else list(EXPERT_COST_COLUMNS)
        if (
            user.school_board_id or user.school_id
        ):  # one board's budgets only: the column would repeat its name
            exclude.append("board")
        return {"link_budgets": opens_budgets(user), "exclude": exclude}

    def get_context_data(self, **kwargs):
        user = self.request.user
        filters = [name for name in OVERVIEW_FILTER_FIELDS if name in self.filterset.filters]
        totals = selectors.programme_totals(self.object_list)
        totals["spent"] = totals["spent_municipality"] + totals["spent_board"]
        return super().get_context_data(
            page_title=_("Finances"),
            filter_helper=FinanceOverviewFilterFormHelper(fields=filters),
            totals=totals,
            link_budgets=opens_budgets(user),
            show_expert_costs=sees_expert_costs(user),
            sees_all=user.has_perm("finance.view_finance_totals"),
            filtered=any(self.request.GET.get(name) for name in filters),
            **kwargs,
        )
