"""A real Celery worker for the tests that need one, and eager Celery for all the others.

Registered as a pytest plugin by the repository's root conftest.py.

- Every test runs with ``task_always_eager = True`` (tasks run in the test process), EXCEPT tests
  marked ``@pytest.mark.celery_worker``: for those, ``.delay()`` sends the task through Redis to a
  real worker subprocess (``celery_worker_process``), which works on the pytest-django test database.
- Such tests must use ``@pytest.mark.django_db(transaction=True)``: the worker only sees committed data.
  (tests/conftest.py gives transactional tests back the role groups that the flush after each one deletes.)
- Under pytest-xdist every xdist worker that runs such a test starts a Celery worker of its own, on that xdist
  worker's test database (test_..._gw0, ...) and on a queue of its own.
- Redis is required, never optional: when the worker does not answer, the test run fails with the
  worker's log. The broker is $CELERY_BROKER_URL, or redis://127.0.0.1:6379/15.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/15"
WORKER_START_TIMEOUT = 30  # seconds
WORKER_STOP_TIMEOUT = 10  # seconds


@dataclass(frozen=True)
class CeleryWorkerProcess:
    """What a test needs to know about the running worker."""

    process: subprocess.Popen
    broker_url: str
    queue: str
    hostname: str
    media_root: Path
    log_path: Path
    database_url: str

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER_URL


def database_url_from(settings_dict: dict) -> str:
    """The DATABASE_URL (as settings.py reads it) of the database Django is connected to."""
    engine = settings_dict["ENGINE"]
    name = str(settings_dict["NAME"])
    if engine == "django.db.backends.postgresql":
        user = quote(settings_dict.get("USER") or "", safe="")
        password = quote(settings_dict.get("PASSWORD") or "", safe="")
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or ""
        if host.startswith("/"):  # a Unix socket directory
            return f"postgres://{credentials}/{quote(name, safe='')}?host={quote(host, safe='')}"
        port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
        return f"postgres://{credentials}{host}{port}/{quote(name, safe='')}"
    if engine == "django.db.backends.sqlite3" and "memory" not in name and name:
        return f"sqlite:///{Path(name).resolve()}"
    pytest.fail(
        f"A real Celery worker cannot share the test database {name!r} ({engine}): "
        "run the tests against PostgreSQL (`make test`, which sets DATABASE_URL, or .ci/run).",
        pytrace=False,
    )


def _log_tail(log_path: Path, lines: int = 80) -> str:
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no log written)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def _celery_executable() -> str:
    candidate = Path(sys.executable).with_name("celery")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("celery")
    if not found:
        pytest.fail("The `celery` command is not installed next to this Python: run `make install`.")
    return found


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: a warm shutdown
    try:
        process.wait(timeout=WORKER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=WORKER_STOP_TIMEOUT)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """Start one real Celery worker (solo pool) for the session, on the pytest-django test database.

    Yields a CeleryWorkerProcess. Its queue is unique to this run, so parallel runs on the same
    Redis do not take each other's tasks; tests marked `celery_worker` send their tasks there.
    """
    from celery import Celery
    from django.db import connection

    with django_db_blocker.unblock():
        # After django_db_setup, NAME is the test database's name (test_..., with an xdist suffix).
        database_url = database_url_from(connection.settings_dict)

    url = broker_url()
    run_id = uuid.uuid4().hex[:10]
    queue = f"pytest-{run_id}"
    hostname = f"pytest-{run_id}@localhost"
    workdir = tmp_path_factory.mktemp("celery-worker")
    media_root = workdir / "private-media"
    media_root.mkdir()
    log_path = workdir / "worker.log"

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kwaliteitsaanpak.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "celery-worker-test-only-secret-key",
        "CELERY_BROKER_URL": url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,  # what the worker sends itself (the sweep of waiting tasks) stays here
        "PRIVATE_MEDIA_ROOT": str(media_root),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        _celery_executable(),
        "-A",
        "kwaliteitsaanpak",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=info",
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
        "-Q",
        queue,
        "-n",
        hostname,
    ]
    repo_root = Path(__file__).resolve().parents[1]
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            cwd=repo_root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    # A separate app only for pinging, so the project's app keeps its configuration.
    control = Celery("pytest-celery-control", broker=url, set_as_current=False)
    control.conf.broker_connection_retry_on_startup = False
    control.conf.broker_connection_max_retries = 0
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    last_error = ""
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"The Celery worker exited with code {process.returncode} before answering.\n"
                    f"Broker: {url}\nWorker log:\n{_log_tail(log_path)}",
                    pytrace=False,
                )
            try:
                if control.control.ping(destination=[hostname], timeout=1.0):
                    break
            except Exception as error:  # e.g. Redis is down: keep trying until the deadline
                last_error = f"{type(error).__name__}: {error}"
                time.sleep(0.5)
            if time.monotonic() > deadline:
                pytest.fail(
                    f"The Celery worker did not answer a ping within {WORKER_START_TIMEOUT} s. Is Redis "
                    f"running at {url}? (.ci/run starts it.) Last error: {last_error or 'none'}\n"
                    f"Worker log:\n{_log_tail(log_path)}",
                    pytrace=False,
                )
    except BaseException:
        _stop(process)
        control.close()
        raise

    worker = CeleryWorkerProcess(
        process=process,
        broker_url=url,
        queue=queue,
        hostname=hostname,
        media_root=media_root,
        log_path=log_path,
        database_url=database_url,
    )
    try:
        yield worker
    finally:
        control.close()
        # Before django_db_setup's teardown drops the test database, which fails while connected.
        _stop(process)
        _forget_queue(url, queue)


def _forget_queue(url: str, queue: str) -> None:
    """Remove this run's queue and kombu's bindings for it from Redis (each run has its own queue)."""
    import redis

    try:
        client = redis.Redis.from_url(url)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        client.close()
    except redis.RedisError:
        pass  # only tidying up


def _reset_producer_pools(app) -> None:
    """Forget connections to the old broker after changing broker_url.

    Celery's `app.pool` is kombu's global pool for the broker's URL; closing it without clearing kombu's registry
    would leave a closed pool there for the next test that sends to the same URL ("Acquire on closed pool").
    """
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Eager Celery for every test, except a real worker for tests marked `celery_worker`."""
    from kwaliteitsaanpak.celery import app

    conf = app.conf
    saved = {
        "task_always_eager": conf.task_always_eager,
        "broker_url": conf.broker_url,
        "task_default_queue": conf.task_default_queue,
    }
    uses_worker = request.node.get_closest_marker("celery_worker") is not None
    if uses_worker:
        worker = request.getfixturevalue("celery_worker_process")
        conf.task_always_eager = False
        conf.broker_url = worker.broker_url
        conf.task_default_queue = worker.queue  # read by the router on every send
        _reset_producer_pools(app)
    else:
        conf.task_always_eager = True
    try:
        yield
    finally:
        for key, value in saved.items():
            setattr(conf, key, value)
        if uses_worker:
            _reset_producer_pools(app)
