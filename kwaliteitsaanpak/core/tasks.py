"""Background work of core: the daily reminders by e-mail (`kwaliteitsaanpak.core.reminders`).

Scheduled in `kwaliteitsaanpak/schedule.py`. Idempotent: a reminder that was sent is recorded and never sent again,
so running the task twice, or again after a retry, sends nothing twice.
"""

from __future__ import annotations

import logging

from celery import shared_task

from kwaliteitsaanpak.schedule import RETRY_ON_TRANSIENT_ERRORS

from .reminders import send_due_reminders

logger = logging.getLogger(__name__)

# When the mail server refused some reminders, the whole run is tried again later: what was sent is skipped.
MAIL_RETRY_DELAY = 15 * 60  # seconds
MAIL_RETRIES = 3


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
    **RETRY_ON_TRANSIENT_ERRORS,
)
def send_reminders(self) -> dict[str, int]:
    """Send every reminder due today that was not sent before. Returns the counts (sent, already sent, failed)."""
    run = send_due_reminders()
    if run.failed and self.request.retries < MAIL_RETRIES:
        raise self.retry(countdown=MAIL_RETRY_DELAY, max_retries=MAIL_RETRIES)
    return {"sent": run.sent, "already_sent": run.already_sent, "failed": run.failed}
