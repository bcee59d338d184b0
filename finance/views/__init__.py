"""The finance pages: the overview (overview.py), a trajectory's budget (budgets.py), what was spent per quarter
(realisation.py) and the experts' costs (expert_costs.py)."""

from .budgets import (
    BudgetCreateView,
    BudgetDetailView,
    BudgetLatestView,
    BudgetLineCreateView,
    BudgetLineRemoveView,
    BudgetLineUpdateView,
    BudgetReviewView,
    BudgetSubmitView,
    GrantDecisionView,
)
from .expert_costs import ExpertCostCreateView, ExpertCostListView, ExpertCostRemoveView, ExpertCostUpdateView
from .overview import FinanceOverviewView
from .realisation import (
    RealisationCreateView,
    RealisationDocumentCreateView,
    RealisationDocumentDownloadView,
    RealisationDocumentRemoveView,
    RealisationUpdateView,
    RealisationView,
)

__all__ = [
    "BudgetCreateView",
    "BudgetDetailView",
    "BudgetLatestView",
    "BudgetLineCreateView",
    "BudgetLineRemoveView",
    "BudgetLineUpdateView",
    "BudgetReviewView",
    "BudgetSubmitView",
    "ExpertCostCreateView",
    "ExpertCostListView",
    "ExpertCostRemoveView",
    "ExpertCostUpdateView",
    "FinanceOverviewView",
    "GrantDecisionView",
    "RealisationCreateView",
    "RealisationDocumentCreateView",
    "RealisationDocumentDownloadView",
    "RealisationDocumentRemoveView",
    "RealisationUpdateView",
    "RealisationView",
]
