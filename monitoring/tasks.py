"""Background work of the monitor: the import of DUO's final-score file."""

import logging

from celery import shared_task

from .importers import execute_final_score_import
from .models import FinalScoreImport

logger = logging.getLogger(__name__)


# acks_late: a worker that dies mid-import leaves the message on the queue and the next worker runs it again,
# which is safe because the changes are applied in one transaction and compared before saving. No retry on errors:
# the import records a failure on the FinalScoreImport with a message, and the user uploads the file again.
@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def run_final_score_import(final_score_import_id: int) -> None:
    """Run a queued final-score import. An import that already finished is left alone."""
    final_score_import = FinalScoreImport.objects.filter(pk=final_score_import_id).first()
    if final_score_import is None:
        logger.warning("Final-score import %s does not exist; nothing to run", final_score_import_id)
        return
    if final_score_import.is_finished:
        return
    execute_final_score_import(final_score_import)
