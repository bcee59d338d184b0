"""Background work of the improvement_plans app: the periodic job that creates the quarterly progress reports.

Scheduled in `kwaliteitsaanpak/schedule.py`. The task calls the service and adds only what a task needs: it is
idempotent (the service creates nothing twice), acknowledged late (a worker that dies mid-run leaves the message on
the queue and the next worker runs it again, which is safe), retried on a lost database connection, and limited in
time.
"""

from __future__ import annotations

import logging

from celery import shared_task

from kwaliteitsaanpak.core.history import acting_as
from kwaliteitsaanpak.schedule import RETRY_ON_TRANSIENT_ERRORS, job_date

from .models import Trajectory
from .services.progress import schedule_progress_reports

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360, **RETRY_ON_TRANSIENT_ERRORS)
def create_progress_reports(trajectory_id: int | None = None, today: str | None = None) -> int:
    """Create the progress report of every quarter of execution that has started by `today` (an ISO date; default
    today), of every open trajectory in execution or only of `trajectory_id`. Returns how many were created."""
    trajectory = None
    if trajectory_id is not None:
        trajectory = Trajectory.objects.filter(pk=trajectory_id).first()
        if trajectory is None:
            logger.warning("Trajectory %s does not exist; no progress reports to create", trajectory_id)
            return 0
    with acting_as(task="create_progress_reports"):
        created = schedule_progress_reports(job_date(today), trajectory=trajectory)
    logger.info("Progress reports created: %s", created)
    return created
