"""What every finance page of a trajectory shares: the trajectory in scope (from improvement_plans' TrajectoryMixin),
the tabs Budget · Spending · Expert costs, the budget of the URL's version, and downloading a page's tables."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from improvement_plans.views.base import TrajectoryMixin
from kwaliteitsaanpak.core.exports import export_response
from kwaliteitsaanpak.core.views import EditableGuardMixin, SubmissionPageMixin

from ..models import Budget
from ..services import BUDGET_PHASES

TABS = [
    ("budget", gettext_lazy("Budget"), "finance:budget_latest", "finance.view_budget"),
    ("realisation", gettext_lazy("Spending"), "finance:realisation", "finance.view_budget"),
    ("expert_costs", gettext_lazy("Expert costs"), "finance:expert_costs", "finance.view_expert_costs"),
]


class FinanceMixin(TrajectoryMixin):
    """A finance page of a trajectory. `tab` names the tab it belongs to."""

    tab = "budget"

    def finance_tabs(self) -> list[dict]:
        user, trajectory = self.request.user, self.trajectory
        return [
            {"label": label, "url": reverse(url_name, args=[trajectory.pk]), "current": name == self.tab}
            for name, label, url_name, permission in TABS
            if user.has_perm(permission, trajectory)
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(finance_tabs=self.finance_tabs(), **kwargs)


class BudgetMixin(FinanceMixin, SubmissionPageMixin):
    """`self.budget` is the budget of the URL's plan version `number` of the URL's trajectory; 404 otherwise."""

    submission_context_name = "budget"

    @cached_property
    def budget(self) -> Budget:
        budgets = Budget.objects.filter(trajectory=self.trajectory).select_related("plan")
        return get_object_or_404(budgets, plan__number=self.kwargs["number"])

    @property
    def submission(self) -> Budget:
        return self.budget


def budget_can_change(trajectory, budget: Budget) -> bool:
    return trajectory.phase in BUDGET_PHASES and budget.is_editable


class EditableBudgetMixin(EditableGuardMixin):
    """For pages that change a budget: while it cannot be changed, back to the budget with a message saying why."""

    def submission_can_change(self) -> bool:
        return budget_can_change(self.trajectory, self.budget)

    def not_editable_message(self) -> str:
        return _("This budget is %(status)s and cannot be changed now.") % {
            "status": self.budget.get_status_display().lower()
        }


class TableExportMixin:
    """A page with several tables, each downloadable as CSV or XLSX: `?tabel=<name>&_export=xlsx`.

    `export_tables()` returns {name: table}; the file is named after the page (`export_prefix`) and the school:
    "besteding-<school>-<name>.xlsx".
    """

    export_formats = ("csv", "xlsx")
    export_prefix = "export"

    @property
    def export_name(self) -> str:
        return f"{self.export_prefix}-{slugify(self.trajectory.school.name)}"

    def export_tables(self) -> dict:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        export_format, name = request.GET.get("_export"), request.GET.get("tabel")
        if export_format in self.export_formats and name:
            tables = self.export_tables()
            if name in tables:
                return export_response(
                    export_format, tables[name], f"{self.export_name}-{name}.{export_format}", title=name
                )
        return super().get(request, *args, **kwargs)
