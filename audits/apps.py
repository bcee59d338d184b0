from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Execution: visits, audits and inspection reviews")

    def ready(self) -> None:
        # The execution steps of this app plug into the trajectory's page, timeline and "my tasks" through the
        # registries in core (ADR 7); each area registers its own.
        from kwaliteitsaanpak.core.steps import register_event_kinds

        from . import plug_audits, plug_inspection, plug_visits
        from .constants import AuditEventKind

        register_event_kinds(AuditEventKind)
        plug_visits.register()
        plug_audits.register()
        plug_inspection.register()
