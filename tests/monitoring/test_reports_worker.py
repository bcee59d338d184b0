"""The PDF monitoring reports made by a real Celery worker through Redis: the progress the page shows, the file stored
in private storage, no duplicate for the same filters, and a failure shown as a failure."""

import subprocess
import time

import pytest
from django.urls import reverse

from kwaliteitsaanpak.celery import app
from monitoring.models import MonitorReport, MonitorReportKind, MonitorReportStatus
from monitoring.services_reports import ReportInTheMaking, monitor_report_request
from monitoring.tasks import build_monitor_report
from tests.kwaliteitsaanpak.worker_runs import not_in_this_process
from tests.monitoring.reports_world import report_world

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 120  # seconds: a loaded CI machine renders slowly


@pytest.fixture
def world(celery_worker_process, settings, monkeypatch):
    # The test process and the worker read and write the same private media folder.
    settings.MEDIA_ROOT = celery_worker_process.media_root
    not_in_this_process(build_monitor_report, monkeypatch)
    assert app.conf.task_always_eager is False
    return report_world()


def ask(world) -> MonitorReport:
    return monitor_report_request(
        user=world.municipality, kind=MonitorReportKind.PROGRAMME, filters=world.filters
    )


def follow(client, report, worker) -> list[str]:
    """Poll the report's status part, as the page does, until the report is finished; what the page said."""
    said = []
    deadline = time.monotonic() + TIMEOUT
    while True:
        report.refresh_from_db()
        partial = client.get(report.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
        said.append(partial)
        if report.is_finished:
            return said
        if worker.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                f"Report not finished after {TIMEOUT} s ({report.status}).\nWorker log:\n{worker.log()}"
            )
        time.sleep(0.1)


def test_the_worker_makes_the_report_and_the_page_follows_it(client, world, celery_worker_process):
    client.force_login(world.municipality)
    report = ask(world)
    said = follow(client, report, celery_worker_process)

    assert report.status == MonitorReportStatus.DONE, f"{report.error}\n{celery_worker_process.log()}"
    assert report.progress == 100 and report.started_at and report.finished_at
    # While it was made the page polled; when done it stopped and offered the download.
    for partial in said:
        assert ('hx-trigger="every 2s"' in partial) == ("De rapportage is klaar." not in partial)
    assert "De rapportage is klaar." in said[-1]
    path = celery_worker_process.media_root / report.file.name
    assert path.is_file()
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {report.page_count}" in pages
    download = client.get(reverse("monitoring:report_download", args=[report.pk]))
    assert b"".join(download.streaming_content) == path.read_bytes()
    assert "monitoring.tasks.build_monitor_report[" in celery_worker_process.log()


def test_a_second_request_while_the_worker_makes_the_report_starts_no_duplicate(
    client, world, celery_worker_process
):
    client.force_login(world.municipality)
    first = ask(world)
    with pytest.raises(ReportInTheMaking) as refused:
        ask(world)
    assert refused.value.report == first
    follow(client, first, celery_worker_process)
    assert MonitorReport.objects.count() == 1
    # Once it is done, the same report may be asked for again: a new one, with today's figures.
    second = ask(world)
    follow(client, second, celery_worker_process)
    assert second.status == MonitorReportStatus.DONE and second.file.name != first.file.name


def test_a_failure_on_the_worker_is_shown_as_a_failure(client, world, celery_worker_process):
    # Where the reports' folder should be, a file: the worker cannot store the PDF.
    blocker = celery_worker_process.media_root / "rapporten"
    if blocker.is_dir():
        for old in blocker.iterdir():
            old.unlink()
        blocker.rmdir()
    blocker.write_text("not a folder")
    try:
        client.force_login(world.staff)
        report = ask(world)
        follow(client, report, celery_worker_process)
    finally:
        blocker.unlink()
    assert report.status == MonitorReportStatus.FAILED
    page = client.get(report.get_absolute_url()).content.decode()
    assert "De rapportage kon niet worden gemaakt." in page and "Deze rapportage opnieuw aanvragen" in page
    assert "hx-trigger" not in page
