"""Background work of the monitor: the import of DUO's final-score file and the PDF monitoring reports."""

import logging

from celery import shared_task
from django.db.models import Q

from kwaliteitsaanpak.core.history import acting_as
from kwaliteitsaanpak.core.tasks import register_resumable, task_lock
from kwaliteitsaanpak.schedule import RETRY_ON_TRANSIENT_ERRORS
from schools.constants import ImportStatus

from .importers import execute_final_score_import
from .models import MONITOR_REPORT_UNFINISHED, FinalScoreImport, MonitorReport

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
    with task_lock(final_score_import) as free:  # not while another worker runs it (a duplicate message)
        if not free:
            return
        final_score_import.refresh_from_db()
        if final_score_import.is_finished:
            return
        with acting_as(final_score_import.started_by, task="run_final_score_import"):
            execute_final_score_import(final_score_import)


# The PDF monitoring reports. Acknowledged late: a worker that dies while making a report leaves the message on the
# queue and the next worker makes it again (it overwrites nothing but the same report's file). Retried on a lost
# database connection; any other error is recorded on the report as a failure by the service. Time-limited: the
# programme report of 35 schools takes a few seconds, the soft limit leaves room for a whole round at scale.
@shared_task(acks_late=True, soft_time_limit=300, time_limit=360, **RETRY_ON_TRANSIENT_ERRORS)
def build_monitor_report(report_id: int) -> str:
    """Make the PDF of a requested report. A report that is done or failed already is left alone."""
    from .services_reports import monitor_report_build

    report = MonitorReport.objects.filter(pk=report_id).select_related("requested_by", "school").first()
    if report is None:
        logger.warning("Monitoring report %s does not exist; nothing to make", report_id)
        return "missing"
    with task_lock(report) as free:  # not while another worker makes it (a duplicate message)
        if not free:
            return "busy"
        report.refresh_from_db()
        with acting_as(report.requested_by, task="build_monitor_report"):
            monitor_report_build(report)
    return report.status


# Sent again by the sweep (kwaliteitsaanpak.core.tasks) when queued while Redis was down, or left running by a
# worker that was killed.
register_resumable(
    "monitoring.tasks.run_final_score_import",
    model=FinalScoreImport,
    unfinished=Q(status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)),
)
register_resumable(
    "monitoring.tasks.build_monitor_report",
    model=MonitorReport,
    unfinished=Q(status__in=MONITOR_REPORT_UNFINISHED),
)
