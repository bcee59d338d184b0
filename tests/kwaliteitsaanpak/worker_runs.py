"""Run a scheduled job on the real Celery worker (tests/celery_worker.py) and read what it returned from the worker's
log (the project keeps no result backend). Used by the `celery_worker` tests of the scheduled jobs."""

import re
import time

import pytest

TIMEOUT = 60  # seconds


def not_in_this_process(task, monkeypatch) -> None:
    """Proof that the worker does the work: the task's body cannot run in the test process."""

    def not_here(*args, **kwargs):
        raise AssertionError(f"{task.name} ran in the test process instead of the worker")

    monkeypatch.setattr(task, "run", not_here)


def run_on_worker(worker, task, *args, **kwargs) -> str:
    """Send `task` to the worker through Redis, wait until the worker logged its end, and return what the task
    returned (as the worker logged it, e.g. "3"). Fails with the worker's log when it failed or took too long."""
    result = task.delay(*args, **kwargs)
    succeeded = re.compile(rf"{re.escape(task.name)}\[{result.id}\] succeeded in [\d.e-]+s: (.*)")
    failed = f"{task.name}[{result.id}] raised"
    deadline = time.monotonic() + TIMEOUT
    while True:
        log = worker.log()
        match = succeeded.search(log)
        if match:
            return match.group(1).strip()
        if failed in log or worker.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{task.name} did not succeed on the worker.\nWorker log:\n{log}")
        time.sleep(0.2)
