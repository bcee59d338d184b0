from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        # The trajectory page (improvement_plans, which may not import this app) shows the budget's step.
        from improvement_plans.selectors import LaterStep, register_step

        from .selectors import budget_next_step, budget_task

        register_step("budget", LaterStep(task=budget_task, next_step=budget_next_step))
