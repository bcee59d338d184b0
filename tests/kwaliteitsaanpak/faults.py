"""What the tests of faults and recovery (issue 13) share: Redis made unreachable for the test process (Celery pointed
at a closed port, never the machine's Redis stopped), a record of every attempt to reach the broker, and a database
session of its own beside the test's connection."""

from __future__ import annotations

import contextlib
import socket
import threading

import kombu.connection
import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from kwaliteitsaanpak.celery import app
from tests.celery_worker import _reset_producer_pools

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/15"
WAITING = "De taak staat in de wachtrij en start zodra de taakverwerking weer bereikbaar is."


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks are sent to a broker (not run eagerly), and the broker cannot be reached."""
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_PORT_BROKER)  # Celery reads it before its own setting
    conf = app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager = False
    conf.broker_url = CLOSED_PORT_BROKER
    _reset_producer_pools(app)
    assert conf.broker_url == CLOSED_PORT_BROKER
    yield
    monkeypatch.undo()
    conf.task_always_eager, conf.broker_url = saved
    _reset_producer_pools(app)


@pytest.fixture
def broker_calls(monkeypatch):
    """Every attempt to connect to the broker, recorded and refused."""
    calls: list[str] = []
    original = kombu.connection.Connection._establish_connection

    def establish(self):
        calls.append(self.as_uri())
        return original(self)

    monkeypatch.setattr(kombu.connection.Connection, "_establish_connection", establish)
    return calls


def other_session():
    """A session on the test database of its own (autocommit), e.g. a worker's or the one that kills one."""
    params = settings.DATABASES["default"]
    session = psycopg2.connect(
        dbname=connection.settings_dict["NAME"],
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
    )
    session.autocommit = True
    return session


class RedisProxy:
    """A TCP proxy in front of the suite's Redis, for a worker to connect through: `cut()` drops every connection
    and refuses new ones (Redis "goes down" for that worker only, the machine's Redis keeps running for everyone
    else), `restore()` lets connections through again on the same port."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        listener.close()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
