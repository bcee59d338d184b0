"""Faults and recovery with real Celery workers and Redis (issue 13): a worker killed (SIGKILL) while it writes a
monitoring report leaves no half file, and the next worker finishes it; work asked for while Redis was unreachable is
done once a worker is connected again; a worker whose database connection was dropped carries on.

The workers are this module's own (not the session's worker of tests/celery_worker.py): one is killed. They run on a
queue of their own on the suite's Redis database, and on the test database. A test hook (FAULTS_SLOW_TASK_SECONDS)
makes the first worker pause halfway through writing the PDF, so that it is killed there.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.db import connection

from kwaliteitsaanpak.celery import app
from kwaliteitsaanpak.core.tasks import task_waiting
from monitoring.models import MonitorReport, MonitorReportKind, MonitorReportStatus
from monitoring.services_reports import monitor_report_request
from monitoring.tasks import build_monitor_report
from tests.celery_worker import (
    _celery_executable,
    _forget_queue,
    _reset_producer_pools,
    _stop,
    broker_url,
    database_url_from,
)
from tests.kwaliteitsaanpak.faults import CLOSED_PORT_BROKER, RedisProxy, other_session
from tests.monitoring.reports_world import report_world

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT = 120  # seconds: a loaded machine renders slowly
REPO = Path(__file__).resolve().parents[2]


class Worker:
    def __init__(
        self, *, name: str, queue: str, media_root: Path, log_dir: Path, slow: float = 0, broker: str = ""
    ):
        self.hostname = f"{name}-{queue}@localhost"
        self.log_path = log_dir / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kwaliteitsaanpak.settings",
            "DATABASE_URL": database_url_from(connection.settings_dict),
            "DEBUG": "0",
            "SECRET_KEY": "faults-worker-test-only-secret-key",
            "CELERY_BROKER_URL": broker or broker_url(),
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "PRIVATE_MEDIA_ROOT": str(media_root),
            "FAULTS_SLOW_TASK_SECONDS": str(slow),
            "PYTHONUNBUFFERED": "1",
        }
        command = [_celery_executable(), "-A", "kwaliteitsaanpak", "worker", "--pool=solo", "--loglevel=info"]
        command += [
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-Q",
            queue,
            "-n",
            self.hostname,
        ]
        with self.log_path.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        self.wait_for("ready.")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, text: str) -> None:
        self.wait_for_match(re.escape(text))

    def wait_for_match(self, pattern: str) -> None:
        """Wait until the worker's log has a line matching the regular expression `pattern`."""
        deadline = time.monotonic() + TIMEOUT
        while not re.search(pattern, self.log()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The worker did not log {pattern!r}.\nWorker log:\n{self.log()}")
            time.sleep(0.1)


def _wait_until_done(reports, worker: Worker) -> None:
    deadline = time.monotonic() + TIMEOUT
    while True:
        statuses = {report.pk: MonitorReport.objects.get(pk=report.pk).status for report in reports}
        if all(status == MonitorReportStatus.DONE for status in statuses.values()):
            return
        if worker.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"Not done after {TIMEOUT} s: {statuses}\nWorker log:\n{worker.log()}")
        time.sleep(0.2)


def _files(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def _forget_unacked(queue: str) -> None:
    """The killed worker's message waits in Redis's `unacked` hash until its visibility timeout; it is this run's
    only, so it is removed rather than left for a worker of a later run to restore into a queue nobody reads."""
    client = redis.Redis.from_url(broker_url())
    for tag, raw in client.hgetall("unacked").items():
        try:
            message = json.loads(raw)
        except ValueError:
            continue
        if isinstance(message, list) and message and message[-1] == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.close()


@pytest.fixture
def queue(settings, tmp_path):
    name = f"pytest-faults-{uuid.uuid4().hex[:10]}"
    conf = app.conf
    saved = conf.task_always_eager, conf.task_default_queue
    conf.task_always_eager = False
    conf.task_default_queue = name
    _reset_producer_pools(app)
    settings.MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT.mkdir()
    yield name
    conf.task_always_eager, conf.task_default_queue = saved
    _reset_producer_pools(app)
    _forget_unacked(name)
    _forget_queue(broker_url(), name)


def _request_with_redis_down(world, school) -> MonitorReport:
    conf = app.conf
    saved_env, saved_url = os.environ.get("CELERY_BROKER_URL"), conf.broker_url
    os.environ["CELERY_BROKER_URL"] = CLOSED_PORT_BROKER
    conf.broker_url = CLOSED_PORT_BROKER
    _reset_producer_pools(app)
    try:
        return monitor_report_request(user=world.staff, kind=MonitorReportKind.SCHOOL, school=school)
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        conf.broker_url = saved_url
        _reset_producer_pools(app)


def test_a_worker_killed_mid_report_leaves_no_half_file_and_the_next_worker_finishes_it(queue, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    world = report_world()
    first = Worker(name="first", queue=queue, media_root=media, log_dir=tmp_path, slow=60)
    workers = [first]
    try:
        killed = monitor_report_request(
            user=world.staff, kind=MonitorReportKind.SCHOOL, school=world.schools[0]
        )
        first.wait_for("Slowed down for a test")  # halfway through writing the PDF
        killed.refresh_from_db()
        assert killed.status == MonitorReportStatus.RUNNING
        assert _files(media) == {f".partial/monitoring.monitorreport-{killed.pk}-file"}

        first.process.kill()  # SIGKILL: no warm shutdown, no acknowledgement, no clean-up
        first.process.wait(timeout=10)
        killed.refresh_from_db()
        assert (
            killed.status == MonitorReportStatus.RUNNING and not killed.file
        )  # no record points at a half file
        assert not _files(media) - {f".partial/monitoring.monitorreport-{killed.pk}-file"}

        # While no worker runs: one report is queued in Redis, one could not even be sent (Redis unreachable).
        queued = monitor_report_request(
            user=world.staff, kind=MonitorReportKind.SCHOOL, school=world.schools[1]
        )
        waiting = _request_with_redis_down(world, world.schools[2])
        assert task_waiting(waiting) and not task_waiting(queued)

        second = Worker(name="second", queue=queue, media_root=media, log_dir=tmp_path)
        workers.append(second)
        # It sends the sweep as it connects; the sweep sends the killed and the waiting report again.
        _wait_until_done([killed, queued, waiting], second)
        reports = list(MonitorReport.objects.filter(pk__in=[killed.pk, queued.pk, waiting.pk]))
        assert _files(media) == {report.file.name for report in reports}  # nothing half, nothing twice
        for report in reports:
            content = (media / report.file.name).read_bytes()
            assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
        assert "kwaliteitsaanpak.core.tasks.sweep_waiting[" in second.log()

        # Idempotent: the killed report's message again (as Redis gives it back after its visibility timeout).
        again = build_monitor_report.delay(killed.pk)
        second.wait_for(f"build_monitor_report[{again.id}] succeeded")
        assert _files(media) == {report.file.name for report in reports}

        # PostgreSQL restarted between tasks: every session on the database is dropped. The worker holds none
        # between tasks (Celery's Django fix-up closes the connections after each task), and its next task opens a
        # new one.
        _terminate_other_sessions()
        after = monitor_report_request(
            user=world.staff, kind=MonitorReportKind.SCHOOL, school=world.schools[0]
        )
        _wait_until_done([after], second)
    finally:
        for worker in workers:
            _stop(worker.process)


def test_work_asked_for_while_redis_was_down_is_done_once_the_worker_reconnects(queue, tmp_path):
    """Redis goes down under a running worker and comes back: the worker reconnects by itself, and as it does it
    sweeps, so the report asked for during the outage (which could not be sent) is made without anyone's help."""
    world = report_world()
    redis_url = urlsplit(broker_url())
    proxy = RedisProxy(redis_url.hostname or "127.0.0.1", redis_url.port or 6379)
    worker = Worker(
        name="reconnecting",
        queue=queue,
        media_root=Path(settings.MEDIA_ROOT),
        log_dir=tmp_path,
        broker=f"redis://127.0.0.1:{proxy.port}{redis_url.path}",
    )
    try:
        # The sweep as it starts, finished: else it could still find (and send) the report asked for below, which
        # would then be made without the sweep on reconnecting that this test is about.
        worker.wait_for_match(r"kwaliteitsaanpak\.core\.tasks\.sweep_waiting\[[^\]]+\] succeeded")
        proxy.cut()  # Redis down, for the worker and (pointed at a closed port) for the web process
        waiting = _request_with_redis_down(world, world.schools[0])
        assert task_waiting(waiting)
        worker.wait_for("Connection to broker lost")
        time.sleep(1)
        waiting.refresh_from_db()
        assert waiting.status == MonitorReportStatus.QUEUED

        proxy.restore()  # Redis back
        _wait_until_done([waiting], worker)
        assert (
            worker.log().count("kwaliteitsaanpak.core.tasks.sweep_waiting[") >= 4
        )  # received and succeeded, twice
    finally:
        proxy.cut()
        _stop(worker.process)


def _terminate_other_sessions() -> None:
    session = other_session()
    with session.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)",
            [connection.connection.get_backend_pid()],
        )
    session.close()
