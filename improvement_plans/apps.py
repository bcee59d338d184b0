from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementPlansConfig(AppConfig):
    name = "improvement_plans"
    verbose_name = _("Improvement plans")

    def ready(self) -> None:
        # The trajectory's own steps and event kinds plug into its page the way a higher app's do (ADR 7).
        from kwaliteitsaanpak.core.steps import register_event_kinds, register_step

        from .constants import EventKind
        from .selectors.analysis import ANALYSIS_STEP
        from .selectors.plan import PLAN_STEP
        from .selectors.trajectory import EXECUTION_STEP, INTAKE_STEP, REGISTRATION_STEP, SUSTAINING_STEP

        for step in (
            REGISTRATION_STEP,
            INTAKE_STEP,
            ANALYSIS_STEP,
            PLAN_STEP,
            EXECUTION_STEP,
            SUSTAINING_STEP,
        ):
            register_step(step)
        register_event_kinds(EventKind)

        from . import my_tasks, plug_progress

        plug_progress.register()
        my_tasks.register()
