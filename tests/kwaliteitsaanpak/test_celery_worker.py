"""A real round trip through Redis and a Celery worker process: the worker imports DUO's register."""

import time

import pytest
from django.core.files import File

from kwaliteitsaanpak.celery import app
from schools.constants import ImportKind, ImportStatus
from schools.models import RegisterImport, School, SchoolBoard
from tests.schools.duo_files import PUPILS_FILE

TIMEOUT = 60  # seconds


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_imports_duo_register(celery_worker_process, settings, monkeypatch):
    from schools.tasks import run_register_import

    # The test process and the worker read and write the same private media folder.
    settings.MEDIA_ROOT = celery_worker_process.media_root

    # Proof that the worker does the work: the task body cannot run in this process.
    def not_here(*args, **kwargs):
        raise AssertionError("run_register_import ran in the test process instead of the worker")

    monkeypatch.setattr(run_register_import, "run", not_here)
    assert app.conf.task_always_eager is False

    record = RegisterImport(kind=ImportKind.PUPILS_PER_LOCATION, original_filename=PUPILS_FILE.name)
    with PUPILS_FILE.open("rb") as handle:
        record.file.save(PUPILS_FILE.name, File(handle), save=True)  # committed: no transaction here
    assert (celery_worker_process.media_root / record.file.name).is_file()
    assert record.status == ImportStatus.QUEUED

    result = run_register_import.delay(record.pk)

    deadline = time.monotonic() + TIMEOUT
    while True:
        record.refresh_from_db()
        if record.status in (ImportStatus.DONE, ImportStatus.FAILED):
            break
        if celery_worker_process.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                f"Import not finished after {TIMEOUT} s (status {record.status!r}).\n"
                f"Worker log:\n{celery_worker_process.log()}"
            )
        time.sleep(0.25)

    assert record.status == ImportStatus.DONE, f"{record.error}\nWorker log:\n{celery_worker_process.log()}"
    assert record.report["schools"]["created"] == 244
    assert School.objects.count() == 244
    assert SchoolBoard.objects.count() == 46
    # The worker logged this very task as its own (it logs success just after the task returns).
    succeeded = f"schools.tasks.run_register_import[{result.id}] succeeded"
    deadline = time.monotonic() + 10
    while succeeded not in celery_worker_process.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = celery_worker_process.log()
    assert f"schools.tasks.run_register_import[{result.id}] received" in log
    assert succeeded in log
