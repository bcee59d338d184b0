"""Background work of the audits app: the periodic jobs that plan expert visits and audits and create the
Inspectie's half-yearly reviews of interim results.

Scheduled in `kwaliteitsaanpak/schedule.py`. Each task calls its service and adds only what a task needs: it is
idempotent (the service creates nothing twice), acknowledged late (a worker that dies mid-run leaves the message on
the queue and the next worker runs it again, which is safe), retried on a lost database connection, and limited in
time. Each takes an optional `today` ("2027-02-01") to run the job as on that day, e.g. to catch up a missed
day by hand; the schedule gives none (today).
"""

from __future__ import annotations

import logging

from celery import shared_task

from kwaliteitsaanpak.core.history import acting_as
from kwaliteitsaanpak.schedule import RETRY_ON_TRANSIENT_ERRORS, job_date

from .services.audits import schedule_audits
from .services.inspection import schedule_inspection_reviews
from .services.visits import schedule_expert_visits

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360, **RETRY_ON_TRANSIENT_ERRORS)
def plan_expert_visits(today: str | None = None) -> int:
    """Keep the next expert visit of every trajectory in execution planned. Returns how many were planned."""
    with acting_as(task="plan_expert_visits"):
        created = schedule_expert_visits(job_date(today))
    logger.info("Expert visits planned: %s", created)
    return created


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360, **RETRY_ON_TRANSIENT_ERRORS)
def plan_audits(today: str | None = None) -> int:
    """Plan the audit of every year of execution. Returns how many were planned."""
    with acting_as(task="plan_audits"):
        created = schedule_audits(job_date(today))
    logger.info("Audits planned: %s", created)
    return created


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360, **RETRY_ON_TRANSIENT_ERRORS)
def create_inspection_reviews(today: str | None = None) -> int:
    """Create the review of each test moment that passed, for every school in execution. Returns how many."""
    with acting_as(task="create_inspection_reviews"):
        created = schedule_inspection_reviews(job_date(today))
    logger.info("Inspection reviews created: %s", created)
    return created
