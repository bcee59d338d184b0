"""Object permissions on budgets, spending and the experts' costs. The object is always the trajectory.

Who may do what is the role's group permissions (`kwaliteitsaanpak/accounts/roles.py`); the rules add the
trajectory's scope: staff and the expert group reach every trajectory, experts their assigned ones, a board user its
own schools'.
"""

import rules

from improvement_plans.rules import can_see_trajectory
from kwaliteitsaanpak.permissions import has_model_perm


def _scoped(permission: str) -> None:
    rules.add_perm(permission, has_model_perm(permission) & can_see_trajectory)


def _unscoped(permission: str) -> None:
    rules.add_perm(permission, has_model_perm(permission))


for scoped in (
    "finance.view_budget",
    "finance.work_on_budget",
    "finance.submit_budget",
    "finance.record_realisation",
    "finance.view_expert_costs",
):
    _scoped(scoped)
for unscoped in (
    "finance.review_budget",
    "finance.record_grant_decision",
    "finance.record_expert_costs",
    "finance.view_finance_totals",
):
    _unscoped(unscoped)

# The finance overview: budget readers see the budgets they may read, the municipality every budget's totals.
rules.add_perm(
    "finance.view_finance_overview",
    has_model_perm("finance.view_budget") | has_model_perm("finance.view_finance_totals"),
)
