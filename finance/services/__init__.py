"""Every change to budgets, grant decisions, spending and the experts' costs, one module per aggregate: `budget`
(the budget, its lines and the expert group's review), `spending` (the grant decision and what was spent per
quarter) and `expert_costs`; `checks` holds the input rules they share.

Other apps and the views call what is re-exported here (`from finance import services`), never the modules
themselves: the services, the phases they run in (`BUDGET_PHASES`, `SPENDING_PHASES`) and the reads the forms need
(`budget_school_years`, `budget_missing_parts`, `reporting_quarters`, `check_quarter`).

Each service checks the acting user's permission (`rules`) and the trajectory's phase, runs in a transaction on the
locked trajectory row (as the plan's services do, ADR 5), and records what happened on the trajectory's timeline.
A broken rule raises ValidationError with a plain-Dutch message (per field where there is one); a missing
permission raises PermissionDenied. Amounts are Decimals; a float is refused.
"""

from .budget import (
    BUDGET_PHASES,
    NOTHING_TO_JUDGE,
    budget_approve,
    budget_create,
    budget_line_remove,
    budget_line_save,
    budget_missing_parts,
    budget_return,
    budget_school_years,
    budget_submit,
)
from .checks import LARGEST_AMOUNT, check_quarter, reporting_quarters
from .expert_costs import expert_cost_remove, expert_cost_save
from .spending import (
    SPENDING_PHASES,
    grant_decision_save,
    realisation_document_add,
    realisation_document_remove,
    realisation_save,
)

__all__ = [
    "BUDGET_PHASES",
    "LARGEST_AMOUNT",
    "NOTHING_TO_JUDGE",
    "SPENDING_PHASES",
    "budget_approve",
    "budget_create",
    "budget_line_remove",
    "budget_line_save",
    "budget_missing_parts",
    "budget_return",
    "budget_school_years",
    "budget_submit",
    "check_quarter",
    "expert_cost_remove",
    "expert_cost_save",
    "grant_decision_save",
    "realisation_document_add",
    "realisation_document_remove",
    "realisation_save",
    "reporting_quarters",
]
