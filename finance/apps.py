from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        # The budget is a step of the trajectory (whose app may not import this one): it plugs into the trajectory's
        # page and timeline through the registry in core (ADR 7).
        from kwaliteitsaanpak.core.steps import Step, register_event_kinds, register_plan_part, register_step

        from .constants import BudgetEventKind
        from .selectors import budget_next_step, budget_task, plan_budget_task

        register_step(Step(order=50, name="budget", task=budget_task, next_step=budget_next_step))
        register_event_kinds(BudgetEventKind)
        register_plan_part("budget", plan_budget_task)

        from . import my_tasks

        my_tasks.register()
