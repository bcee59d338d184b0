"""The change history of a budget (with its lines) and the decisions on it (`kwaliteitsaanpak.core.history`):
staff only, read-only."""

from django.utils.translation import gettext as _

from improvement_plans.views.history import TrajectoryRecordHistoryView
from kwaliteitsaanpak.core.history import HistorySource

from ..models import Budget, BudgetLine
from .base import BudgetMixin


class BudgetHistoryView(BudgetMixin, TrajectoryRecordHistoryView):
    def history_title(self) -> str:
        return _("Budget, version %(number)s") % {"number": self.budget.plan.number}

    def history_back_url(self) -> str:
        return self.budget.get_absolute_url()

    def history_sources(self) -> list[HistorySource]:
        budget = self.budget
        return [
            HistorySource(Budget, {"id": budget.pk}, exclude=frozenset({"trajectory", "plan"})),
            HistorySource(
                BudgetLine,
                {"budget_id": budget.pk},
                label=lambda row: f"{row.school_year}/{row.school_year + 1}, {row.get_category_display()}",
                exclude=frozenset({"budget"}),
            ),
        ]

    def history_reviews(self):
        return self.budget.reviews.select_related("submitted_by", "decided_by")
