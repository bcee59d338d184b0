from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits")

    def ready(self) -> None:
        from kwaliteitsaanpak.core.steps import Step, Task, TaskStatus, register_step

        # The audits after year 1 and year 2 arrive with the execution issue; until then the step shows as not
        # started on the trajectory page.
        register_step(
            Step(order=70, name="audits", task=lambda trajectory: Task(_("Audits"), TaskStatus.NOT_STARTED))
        )
