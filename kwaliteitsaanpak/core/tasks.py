"""Background work of core: the daily reminders by e-mail (`kwaliteitsaanpak.core.reminders`), and the one way the
apps hand work to the worker (`enqueue`) so that a page keeps working while Redis or the worker is down.

Public API (for the apps' services and tasks):
- `register_resumable(task_name, model=..., unfinished=...)`: a task that takes one record's id, for the sweep.
  Such a task works on its record only while it holds the record's lock (`with task_lock(record) as free:`), so
  that the same record is never worked on twice at once, and leaves a finished record alone.
- `save_when_complete(field_file, filename, content)`: a task's output file, moved into place only when complete.
- `enqueue(task, record)`: send the task for the record. When the broker cannot be reached it does not raise: the
  record stays in its queued status, `task_waiting(record)` is true and the page says so (`tell_if_waiting`).
- `sweep_waiting_tasks()`: send again every unfinished record of a resumable task that no worker is working on;
  run by every worker each time it (re)connects to the broker (`SweepOnConnect`), so work queued while Redis was
  down, lost with Redis, or taken by a worker that was killed, is done once the worker is back.

ADR 16 explains why a record's own status is the queue (no outbox table) and why a duplicate message is harmless.
"""

from __future__ import annotations

import datetime
import logging
import os
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import bootsteps, shared_task
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerUnreachable

from kwaliteitsaanpak.celery import app
from kwaliteitsaanpak.schedule import RETRY_ON_TRANSIENT_ERRORS

from .history import acting_as
from .reminders import send_due_reminders

logger = logging.getLogger(__name__)

# When the mail server refused some reminders, the whole run is tried again later: what was sent is skipped.
MAIL_RETRY_DELAY = 15 * 60  # seconds
MAIL_RETRIES = 3

TASK_WAITING_MESSAGE = _(
    "The task is in the queue and starts as soon as task processing can be reached again."
)

_WAITING_FLAG = "_task_waiting"


@dataclass(frozen=True)
class Resumable:
    task_name: str  # a Celery task taking the record's id
    model: type[models.Model]
    unfinished: models.Q  # the records the task still has to do (queued, or running when a worker died)


_RESUMABLE: dict[str, Resumable] = {}


def _lock_key(record: models.Model) -> tuple[int, int]:
    """PostgreSQL's two-integer advisory lock key: the model's label (CRC32, as a signed int4) and the pk."""
    label = zlib.crc32(record._meta.label_lower.encode())
    return label - (1 << 32) if label >= (1 << 31) else label, int(record.pk)


@contextmanager
def task_lock(record: models.Model) -> Iterator[bool]:
    """Hold the record's advisory lock while working on it; yields False when another worker holds it.

    A session lock: it ends with the connection, so a worker that was killed holds nothing. On SQLite (`make run`,
    tasks run eagerly in the request) there is nothing to lock against and it always yields True.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    key = _lock_key(record)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
            except Exception:  # the connection is gone, and the lock with it
                logger.warning("Could not release the task lock of %s %s", record._meta.label, record.pk)


def is_being_worked_on(record: models.Model) -> bool:
    """Whether a worker holds the record's lock right now."""
    with task_lock(record) as acquired:
        return not acquired


def register_resumable(task_name: str, *, model: type[models.Model], unfinished: models.Q) -> None:
    """Register a task that takes one `model` id for `sweep_waiting_tasks`: the records matching `unfinished`
    (queued, or running when the worker that ran them died) are sent to it again. The task itself takes the record's
    `task_lock` first and leaves a finished record alone, so a second message for the same record does nothing."""
    _RESUMABLE[task_name] = Resumable(task_name=task_name, model=model, unfinished=unfinished)


def slow_down_for_tests() -> None:
    """A test hook (settings.FAULTS_SLOW_TASK_SECONDS, 0 outside tests): a long task, to kill a worker during it."""
    if settings.FAULTS_SLOW_TASK_SECONDS:
        logger.info("Slowed down for a test: %s s", settings.FAULTS_SLOW_TASK_SECONDS)
        time.sleep(settings.FAULTS_SLOW_TASK_SECONDS)


def partial_files_dir() -> Path:
    """Where files are written until they are complete: inside MEDIA_ROOT (the same file system, so the move is
    atomic) but in a folder no record points into and the backup leaves out."""
    return Path(settings.MEDIA_ROOT) / ".partial"


def save_when_complete(field_file: FieldFile, filename: str, content: bytes) -> None:
    """Store `content` as the file of `field_file` (not saving its record): written under a temporary name first and
    moved into place only when complete, so a worker killed while writing leaves no half file where a record could
    point to it. The temporary name is the record's own, so a retry writes over what the killed run left.

    For the file-system storage only (private media); another storage falls back to its own `save`.
    """
    storage = field_file.storage
    if not isinstance(storage, FileSystemStorage):
        field_file.save(filename, ContentFile(content), save=False)
        return
    instance = field_file.instance
    name = storage.get_available_name(
        field_file.field.generate_filename(instance, filename), max_length=field_file.field.max_length
    )
    partial_dir = partial_files_dir()
    partial_dir.mkdir(parents=True, exist_ok=True)
    partial = partial_dir / f"{instance._meta.label_lower}-{instance.pk}-{field_file.field.name}"
    half = len(content) // 2
    with partial.open("wb") as handle:
        handle.write(content[:half])
        handle.flush()
        slow_down_for_tests()  # a test kills the worker here: half a file, but only under .partial/
        handle.write(content[half:])
        handle.flush()
        os.fsync(handle.fileno())
    final = Path(storage.path(name))
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(partial, final)
    field_file.name = name


def enqueue(task: Any, record: models.Model) -> bool:
    """Send `task` for `record` (its id); True when sent (or run, when tasks run eagerly).

    Call it from `transaction.on_commit`. When the broker cannot be reached within its short timeouts (settings:
    CELERY_BROKER_TRANSPORT_OPTIONS) nothing is raised: the record keeps its queued status, `task_waiting(record)`
    becomes true and the sweep sends it once a worker is connected again.
    """
    try:
        task.apply_async(args=(record.pk,), retry=False)
    except BrokerUnreachable as error:
        logger.warning("Task %s for %s %s kept waiting: %s", task.name, record._meta.label, record.pk, error)
        setattr(record, _WAITING_FLAG, True)
        return False
    return True


def task_waiting(record: models.Model) -> bool:
    """Whether `enqueue` could not send the task of this record (in this request)."""
    return bool(getattr(record, _WAITING_FLAG, False))


def tell_if_waiting(request: HttpRequest, record: models.Model) -> None:
    """For the page that started the task: say so when it could not be sent and waits (`TASK_WAITING_MESSAGE`)."""
    if task_waiting(record):
        messages.warning(request, TASK_WAITING_MESSAGE)


def sweep_waiting_tasks() -> dict[str, int]:
    """Send again the task of every unfinished record that no worker is working on. Returns how many per task.

    A record whose message is still in the queue gets a second one; the task's own checks (a finished record is
    left alone) and its lock make that one a no-op.
    """
    sent: dict[str, int] = {}
    for name, entry in _RESUMABLE.items():
        for record in entry.model._default_manager.filter(entry.unfinished).only("pk"):
            if is_being_worked_on(record):
                continue
            if enqueue(app.tasks[entry.task_name], record):
                sent[name] = sent.get(name, 0) + 1
    if sent:
        logger.info("Sent again the waiting tasks: %s", sent)
    return sent


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180, **RETRY_ON_TRANSIENT_ERRORS)
def sweep_waiting() -> dict[str, int]:
    """The sweep as a task, sent by every worker when it (re)connects to the broker. Once today's reminders were due
    (their time in the schedule) they were perhaps not sent while the broker was down: they are sent now (each
    reminder goes out once only, so this sends nothing twice)."""
    sent = sweep_waiting_tasks()
    if _reminders_due_today():
        send_reminders.delay()
    return sent


def _reminders_due_today() -> bool:
    from kwaliteitsaanpak.schedule import PERIODIC_TASKS

    job = next(job for job in PERIODIC_TASKS if job.task == send_reminders.name)
    return timezone.localtime().time() >= datetime.time(job.hour, job.minute)


class SweepOnConnect(bootsteps.StartStopStep):
    """A step of the worker's consumer: started each time the consumer (re)connects to the broker, after Redis was
    down or restarted, and when the worker starts. It sends `sweep_waiting` (run by a worker, not here)."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def start(self, parent: Any) -> None:
        try:
            sweep_waiting.apply_async(retry=False)
        except BrokerUnreachable:
            logger.warning("The sweep of waiting tasks could not be sent; it is sent on the next connection")


app.steps["consumer"].add(SweepOnConnect)


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
    **RETRY_ON_TRANSIENT_ERRORS,
)
def send_reminders(self) -> dict[str, int]:
    """Send every reminder due today that was not sent before. Returns the counts (sent, already sent, failed)."""
    with acting_as(task="send_reminders"):
        run = send_due_reminders()
    if run.failed and self.request.retries < MAIL_RETRIES:
        raise self.retry(countdown=MAIL_RETRY_DELAY, max_retries=MAIL_RETRIES)
    return {"sent": run.sent, "already_sent": run.already_sent, "failed": run.failed}
