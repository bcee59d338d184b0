"""Background work of the schools app."""

import logging

from celery import shared_task
from django.db.models import Q

from kwaliteitsaanpak.core.history import acting_as
from kwaliteitsaanpak.core.tasks import register_resumable, task_lock

from .constants import ImportStatus
from .importers import execute_register_import
from .models import RegisterImport

logger = logging.getLogger(__name__)


# acks_late: a worker that dies mid-import leaves the message on the queue and the next worker runs the import
# again, which is safe because its changes are applied in one transaction. There is no retry on errors: the import
# records any failure on the RegisterImport as FAILED with a message, and the user uploads the file again.
@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def run_register_import(register_import_id: int) -> None:
    """Run a queued import of DUO's register. An import that already finished is left alone."""
    register_import = RegisterImport.objects.filter(pk=register_import_id).first()
    if register_import is None:
        logger.warning("Register import %s does not exist; nothing to run", register_import_id)
        return
    with task_lock(register_import) as free:  # not while another worker runs it (a duplicate message)
        if not free:
            return
        register_import.refresh_from_db()
        if register_import.is_finished:
            return
        with acting_as(register_import.started_by, task="run_register_import"):
            execute_register_import(register_import)


# Sent again by the sweep (kwaliteitsaanpak.core.tasks) when queued while Redis was down, or left running by a
# worker that was killed.
register_resumable(
    "schools.tasks.run_register_import",
    model=RegisterImport,
    unfinished=Q(status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)),
)
