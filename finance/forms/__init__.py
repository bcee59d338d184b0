"""The forms of the finance pages, one module per part: budgets.py, realisation.py, expert_costs.py. Plain forms:
the views hand their cleaned data to `finance.services`. Amounts are typed the Dutch way (DutchMoneyField)."""
