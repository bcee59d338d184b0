from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def load_periodic_tasks(sender, apps=None, using="default", **kwargs) -> None:
    """After `migrate` (and a test's flush): add the periodic jobs django-celery-beat does not have yet."""
    from kwaliteitsaanpak.schedule import load_periodic_tasks as load

    load(apps, using=using)


class CoreConfig(AppConfig):
    name = "kwaliteitsaanpak.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # The periodic jobs are declared in kwaliteitsaanpak/schedule.py and added, add-only, to the tables that
        # beat's DatabaseScheduler reads and staff edit in /beheer/.
        post_migrate.connect(load_periodic_tasks, sender=self, dispatch_uid="core.load_periodic_tasks")
        # Staff's sessions end when the browser closes (a `user_logged_in` receiver, ADR 11). Every history row
        # written inside `core.history.acting_as` names the task or command (a `pre_create_historical_record`
        # receiver, ADR 15).
        from kwaliteitsaanpak.core import history, security  # noqa: F401

        # get_FOO_display translates only the label asked for, not every choice (ADR 18).
        from kwaliteitsaanpak.core.choices import speed_up_display_methods

        speed_up_display_methods()
