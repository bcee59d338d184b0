"""Background work of the schools app."""

import logging

from celery import shared_task

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
    if register_import.is_finished:
        return
    execute_register_import(register_import)
