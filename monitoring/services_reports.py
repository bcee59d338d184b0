"""Asking for a PDF monitoring report and making it: the services the report pages and the Celery task call.

`monitor_report_request` records the request and queues the task after the commit; a second request for the same
report (kind and filters) while one is queued or running is refused with `ReportInTheMaking`, which names the one
in the making (the database's conditional unique constraint backs this up against two requests at once).
`monitor_report_build` makes the PDF, keeping the record's progress up to date, and records a failure as one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core.tasks import enqueue, save_when_complete
from kwaliteitsaanpak.permissions import require_permission
from schools.models import School

from .models import MONITOR_REPORT_UNFINISHED, MonitorReport, MonitorReportKind, MonitorReportStatus

if TYPE_CHECKING:
    from .dashboard import DashboardFilters

logger = logging.getLogger(__name__)

PERMISSION = "monitoring.request_monitor_report"


class ReportInTheMaking(Exception):
    """The same report is already queued or being made: `report` is that one, and `message` says so in Dutch.
    Not a ValidationError: nothing in the form is wrong, the user is led to the report in the making instead."""

    def __init__(self, report: MonitorReport):
        self.report = report
        self.message = _(
            "This report is already being made (asked for on %(when)s by %(who)s); no second one was started. "
            "Follow it here."
        ) % {
            "when": timezone.localtime(report.created_at).strftime("%d-%m-%Y %H:%M"),
            "who": report.requested_by,
        }
        super().__init__(self.message)


def programme_filters_key(filters: DashboardFilters) -> str:
    """The programme report's filters in one canonical form: the same filters give the same key."""
    round_id = filters.programme_round.pk if filters.programme_round else ""
    board_id = filters.board.pk if filters.board else ""
    return f"round={round_id};stadsdeel={filters.stadsdeel};board={board_id};reason={filters.reason}"


def school_filters_key(school: School) -> str:
    return f"school={school.pk}"


def _in_the_making(kind: str, key: str) -> MonitorReport | None:
    return (
        MonitorReport.objects.filter(kind=kind, filters_key=key, status__in=MONITOR_REPORT_UNFINISHED)
        .order_by("created_at")
        .first()
    )


def monitor_report_request(
    *,
    user: User,
    kind: str,
    filters: DashboardFilters | None = None,
    school: School | None = None,
) -> MonitorReport:
    """Record a request for a report and queue its task after the commit. A programme report takes the dashboard's
    `filters`; a school report its `school`. Raises `ReportInTheMaking` when the same report is in the making."""
    require_permission(user, PERMISSION)
    if kind == MonitorReportKind.PROGRAMME:
        if filters is None:
            raise ValueError("A programme report needs the dashboard's filters")
        key = programme_filters_key(filters)
        stored_filters: dict = dict(filters.as_query())
        description = [str(line) for line in filters.describe()]
        school = None
    else:
        if school is None:
            raise ValueError("A school report needs its school")
        key = school_filters_key(school)
        stored_filters = {"school": str(school.pk)}
        description = [_("School: %(school)s (%(code)s)") % {"school": school.name, "code": school.code}]
    return _create(
        user=user, kind=kind, key=key, filters=stored_filters, description=description, school=school
    )


def monitor_report_request_again(*, user: User, report: MonitorReport) -> MonitorReport:
    """Ask again for `report`'s kind with its filters (or school), as `user`: a new record and a new task."""
    require_permission(user, PERMISSION)
    return _create(
        user=user,
        kind=report.kind,
        key=report.filters_key,
        filters=report.filters,
        description=report.filters_description,
        school=report.school,
    )


def _create(
    *, user: User, kind: str, key: str, filters: dict, description: list, school: School | None
) -> MonitorReport:
    running = _in_the_making(kind, key)
    if running:
        raise ReportInTheMaking(running)
    try:
        with transaction.atomic():
            report = MonitorReport.objects.create(
                kind=kind,
                filters=filters,
                filters_key=key,
                filters_description=description,
                school=school,
                requested_by=user,
            )
    except IntegrityError:
        # Asked for twice at the same moment: the constraint let one through.
        running = _in_the_making(kind, key)
        if running is None:
            raise
        raise ReportInTheMaking(running) from None
    _queue(report)
    return report


def _queue(report: MonitorReport) -> None:
    from .tasks import build_monitor_report  # the task module imports this one

    transaction.on_commit(lambda: enqueue(build_monitor_report, report))


def _set_progress(report: MonitorReport, progress: int) -> None:
    """Written at once (the task runs outside a transaction), so that the page that polls sees it."""
    progress = max(0, min(99, int(progress)))
    if progress != report.progress:
        report.progress = progress
        MonitorReport.objects.filter(pk=report.pk).update(progress=progress)


def monitor_report_build(report: MonitorReport) -> None:
    """Make the report's PDF and store it; a report already done or failed is left alone (the task may run twice).

    A failure is recorded on the report with a Dutch message, so that its page says so and offers to ask again; a
    lost database connection is raised instead, for the task to retry.
    """
    from .reports import build_report_pdf  # WeasyPrint and the monitor's readers: only when a report is made

    if report.is_finished:
        return
    report.status = MonitorReportStatus.RUNNING
    report.started_at = timezone.now()
    report.progress = 1
    report.save(update_fields=["status", "started_at", "progress"])
    try:
        content, page_count = build_report_pdf(report, progress=lambda value: _set_progress(report, value))
        if report.file:
            report.file.delete(save=False)
        save_when_complete(report.file, report.download_filename, content)  # no half file if the worker dies
    except (OperationalError, InterfaceError):
        raise
    except SoftTimeLimitExceeded:
        _fail(
            report,
            _("It took too long and was stopped. Ask for the report again, or narrow the filters."),
        )
        return
    except Exception:
        logger.exception("Monitoring report %s failed", report.pk)
        _fail(
            report,
            _(
                "An error on our side stopped it. Ask for the report again; if it fails again, contact the "
                "programme's application management."
            ),
        )
        return
    report.page_count = page_count
    report.status = MonitorReportStatus.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    report.error = ""
    report.save(update_fields=["file", "page_count", "status", "progress", "finished_at", "error"])


def _fail(report: MonitorReport, message: str) -> None:
    report.status = MonitorReportStatus.FAILED
    report.error = message
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at"])
