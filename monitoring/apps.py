from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # The monitor's indicator values pre-fill the starting values of a plan's result agreements.
        from improvement_plans.baselines import register_baseline_source

        from .baselines import plan_baselines

        register_baseline_source(plan_baselines)
        # Flags of the schools in sustaining wait in the staff's "my tasks".
        from . import my_tasks_borging

        my_tasks_borging.register()
