"""Faults and recovery (issue 13), in the test process: Redis unreachable, a sweep that sends waiting work again, a
file written only when complete, and PostgreSQL dropping the application's connection.

The broker is made unreachable by pointing Celery at a closed port (redis://127.0.0.1:1/15), never by stopping the
machine's Redis. The kill of a worker mid-task, with real workers, is in test_faults_worker.py.
"""

from __future__ import annotations

import datetime
import time
import zoneinfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.celery import app
from kwaliteitsaanpak.core import tasks as core_tasks
from kwaliteitsaanpak.core.tasks import partial_files_dir, save_when_complete, sweep_waiting_tasks
from monitoring.models import FinalScoreImport, MonitorReport, MonitorReportKind, MonitorReportStatus
from monitoring.services_reports import monitor_report_request
from schools.constants import ImportStatus
from schools.models import RegisterImport
from tests.factories import SchoolFactory, UserFactory
from tests.kwaliteitsaanpak import faults
from tests.kwaliteitsaanpak.faults import WAITING, other_session
from tests.monitoring.reports_world import report_world
from tests.schools.duo_files import PUPILS_FILE

pytestmark = pytest.mark.django_db

# The shared fixtures (tests/kwaliteitsaanpak/faults.py).
broker_down = faults.broker_down
broker_calls = faults.broker_calls

FINAL_SCORES = (
    settings.BASE_DIR / "tests" / "monitoring" / "data" / "gemiddelde_eindscores_bo_2024-2025_sample.csv"
)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Redis down: asking for work keeps it waiting, quickly, and the page says so


# Transactional: as in production, the task is sent at the commit, before the response.
@pytest.mark.django_db(transaction=True)
def test_a_report_asked_for_with_redis_down_waits_and_the_page_says_so(client, broker_down, broker_calls):
    world = report_world()
    client.force_login(world.municipality)
    data = {"programme_round": world.programme_round.pk, "stadsdeel": "", "board": "", "reason": ""}
    started = time.monotonic()
    response = client.post(reverse("monitoring:report_request_programme"), data, follow=True)
    assert time.monotonic() - started < 5  # the page does not hang on the broker
    report = MonitorReport.objects.get()
    assert response.redirect_chain[-1][0] == report.get_absolute_url()
    assert WAITING in messages_of(response)
    assert report.status == MonitorReportStatus.QUEUED
    assert broker_calls  # it did try to send


@pytest.mark.django_db(transaction=True)
def test_both_imports_started_with_redis_down_wait_and_the_page_says_so(
    client, broker_down, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    upload = SimpleUploadedFile(PUPILS_FILE.name, PUPILS_FILE.read_bytes(), "text/csv")
    response = client.post("/import/nieuw/", {"kind": "leerlingen", "file": upload}, follow=True)
    assert WAITING in messages_of(response)
    assert RegisterImport.objects.get().status == ImportStatus.QUEUED
    assert "In de wachtrij" in response.content.decode()

    upload = SimpleUploadedFile("eindscores.csv", FINAL_SCORES.read_bytes(), "text/csv")
    response = client.post("/monitor/indicatoren/importeren/", {"file": upload}, follow=True)
    assert WAITING in messages_of(response)
    assert FinalScoreImport.objects.get().status == ImportStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_with_redis_up_no_waiting_message(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = report_world()
    client.force_login(world.municipality)
    response = client.post(
        reverse("monitoring:report_request_school"), {"school": world.schools[0].code}, follow=True
    )
    assert WAITING not in messages_of(response)
    assert MonitorReport.objects.get().status == MonitorReportStatus.DONE  # made eagerly


# The sweep: what waited is sent once the broker is back; what a live worker holds is left to it


@pytest.mark.django_db(transaction=True)
def test_the_sweep_sends_waiting_and_abandoned_work_but_not_work_in_hand(settings, tmp_path, broker_down):
    settings.MEDIA_ROOT = tmp_path
    world = report_world()
    waiting = monitor_report_request(user=world.staff, kind=MonitorReportKind.SCHOOL, school=world.schools[0])
    assert core_tasks.task_waiting(waiting)
    abandoned = monitor_report_request(
        user=world.staff, kind=MonitorReportKind.SCHOOL, school=world.schools[1]
    )
    in_hand = monitor_report_request(user=world.staff, kind=MonitorReportKind.SCHOOL, school=world.schools[2])
    MonitorReport.objects.filter(pk__in=[abandoned.pk, in_hand.pk]).update(status=MonitorReportStatus.RUNNING)
    # A live worker holds the lock of `in_hand` (its own database session); the one that ran `abandoned` was killed.
    worker_session = other_session()
    with worker_session.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", core_tasks._lock_key(in_hand))

    app.conf.task_always_eager = True  # the broker is back (tasks run here, eagerly)
    try:
        sent = sweep_waiting_tasks()
        assert sent == {"monitoring.tasks.build_monitor_report": 2}
        statuses = dict(MonitorReport.objects.values_list("pk", "status"))
        assert statuses == {
            waiting.pk: MonitorReportStatus.DONE,
            abandoned.pk: MonitorReportStatus.DONE,
            in_hand.pk: MonitorReportStatus.RUNNING,
        }
        files = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())
        assert files == sorted(MonitorReport.objects.exclude(file="").values_list("file", flat=True))
        assert sweep_waiting_tasks() == {}  # done is done; the one in hand stays its worker's
    finally:
        # The worker "dies": its lock goes with its session. Closing a connection ends its server process a moment
        # later; terminating it and waiting (up to 5 s) makes sure the lock is gone before the next sweep.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [worker_session.get_backend_pid()])
        worker_session.close()
    assert sweep_waiting_tasks() == {"monitoring.tasks.build_monitor_report": 1}
    assert not MonitorReport.objects.exclude(status=MonitorReportStatus.DONE).exists()


@pytest.mark.parametrize(("now", "sent"), [("2026-12-03 06:59", False), ("2026-12-03 07:00", True)])
def test_the_sweep_also_sends_todays_reminders_once_they_were_due(monkeypatch, now, sent):
    """The daily reminders (07:00, Amsterdam) were perhaps missed while Redis was down; before 07:00 they are not."""
    runs = []
    monkeypatch.setattr(core_tasks, "send_due_reminders", lambda: runs.append(1) or _NoReminders())
    moment = datetime.datetime.fromisoformat(now).replace(tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
    monkeypatch.setattr(core_tasks.timezone, "now", lambda: moment)
    core_tasks.sweep_waiting.apply()
    assert runs == ([1] if sent else [])


class _NoReminders:
    sent = already_sent = failed = 0


def test_a_task_that_holds_its_record_is_not_run_twice_at_once(db, settings, tmp_path):
    from monitoring.tasks import build_monitor_report

    settings.MEDIA_ROOT = tmp_path
    world = report_world()
    report = MonitorReport.objects.create(
        kind=MonitorReportKind.SCHOOL, school=world.schools[0], requested_by=world.staff, filters_key="x"
    )
    other = other_session()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", core_tasks._lock_key(report))
        assert build_monitor_report.apply(args=(report.pk,)).get() == "busy"
        report.refresh_from_db()
        assert report.status == MonitorReportStatus.QUEUED and not report.file
    finally:
        other.close()


# A file is written under a temporary name and moved into place only when complete


def test_a_file_is_moved_into_place_only_when_complete(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = MonitorReport.objects.create(
        kind=MonitorReportKind.SCHOOL, school=SchoolFactory(), requested_by=UserFactory(), filters_key="y"
    )
    content = b"%PDF-1.7\n" + bytes(range(256)) * 100 + b"\n%%EOF"
    seen_while_writing = []

    def look():
        seen_while_writing.append(
            sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
        )

    settings.FAULTS_SLOW_TASK_SECONDS = 0.01
    original_sleep = core_tasks.time.sleep
    core_tasks.time.sleep = lambda seconds: look()  # the test hook's pause: halfway through the write
    try:
        save_when_complete(report.file, "rapport.pdf", content)
    finally:
        core_tasks.time.sleep = original_sleep
    # Halfway, the only file was the partial one, outside every folder a record points into.
    assert seen_while_writing == [[f".partial/monitoring.monitorreport-{report.pk}-file"]]
    assert report.file.name.startswith("rapporten/") and report.file.name.endswith(".pdf")
    assert (tmp_path / report.file.name).read_bytes() == content
    assert list(partial_files_dir().iterdir()) == []


# PostgreSQL drops the application's connection (a restart): the next request gets a new one by itself


def _serve(path: str, cookie: str) -> int:
    """One request through Django's WSGI handler as a real server makes it (gunicorn, runserver): unlike the test
    client, it sends request_started/finished to `close_old_connections`, which keeps or checks the connection."""
    statuses = []
    environ = RequestFactory().get(path, HTTP_COOKIE=cookie).environ
    response = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


@pytest.mark.django_db(transaction=True)
def test_a_request_after_postgresql_dropped_the_connection_succeeds(client):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert (
        connection.settings_dict["CONN_MAX_AGE"] > 0
    )  # kept between requests: the case that needs the check
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    assert _serve("/scholen/", cookie) == 200
    kept = connection.connection.get_backend_pid()  # the connection is kept for the next request

    with other_session() as session, session.cursor() as cursor:  # the server drops it, as on a restart
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [kept])  # and wait until it is gone
        assert cursor.fetchone()[0] is True
    session.close()

    assert _serve("/scholen/", cookie) == 200
    assert connection.connection.get_backend_pid() != kept
