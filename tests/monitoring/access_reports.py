"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): the PDF monitoring reports: ask for one, follow its progress, download it.

Staff, the expert group and the municipality ask for reports and see every report asked for (they read the same
monitor); boards, directors, experts and the inspection reach none of these pages."""

from django.core.files.base import ContentFile
from django.utils import timezone

from kwaliteitsaanpak.accounts.roles import Role
from monitoring.models import MonitorReport, MonitorReportKind, MonitorReportStatus
from tests.access import Page

REPORT_READERS = {Role.PROGRAMME_STAFF, Role.EXPERT_GROUP, Role.MUNICIPALITY}

PAGES: list[Page] = [
    Page("monitoring reports", "/monitor/rapporten/", REPORT_READERS),
    Page("ask for the programme report", "/monitor/rapporten/programma/", REPORT_READERS),
    Page("ask for a school report", "/monitor/rapporten/school/", REPORT_READERS),
    Page("a report's progress", "/monitor/rapporten/{monitor_report}/", REPORT_READERS),
    Page("download a report", "/monitor/rapporten/{monitor_report}/downloaden/", REPORT_READERS),
    # Asking again is a POST only: a GET by someone allowed is "method not allowed".
    Page(
        "ask for a report again",
        "/monitor/rapporten/{monitor_report}/opnieuw/",
        REPORT_READERS,
        allowed_status=405,
    ),
    Page(
        "a report that does not exist",
        "/monitor/rapporten/999999/",
        set(),
        others=dict.fromkeys(REPORT_READERS, 404),
    ),
]


def build(users, boards, objects) -> dict:
    """A programme report that is done, asked for by the staff member, with its PDF in private storage."""
    report = MonitorReport(
        kind=MonitorReportKind.PROGRAMME,
        filters={},
        filters_key="access-matrix",
        filters_description=["Ronde: Kwaliteitsaanpak Basisonderwijs 2008–2011"],
        status=MonitorReportStatus.DONE,
        progress=100,
        page_count=1,
        requested_by=users[Role.PROGRAMME_STAFF],
        finished_at=timezone.now(),
    )
    report.file.save("rapport.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    return {"monitor_report": report.pk}
