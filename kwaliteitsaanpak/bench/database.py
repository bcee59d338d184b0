"""The benchmark's own PostgreSQL database: created empty, migrated, used, and dropped afterwards.

It is never the configured database: its name is the configured one's with `_bench` after it (or one given), and the
configured connection is switched to it only while the benchmark runs.
"""

from __future__ import annotations

from contextlib import contextmanager

import psycopg2
from django.core.management import call_command
from django.db import connection, connections


def scratch_name(name: str | None = None) -> str:
    return name or f"{connection.settings_dict['NAME']}_bench"


def _admin_connection(settings_dict: dict):
    """An autocommit connection to the server's `postgres` database (CREATE and DROP DATABASE run outside a
    transaction)."""
    admin = psycopg2.connect(
        dbname="postgres",
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
    )
    admin.autocommit = True
    return admin


def _execute(settings_dict: dict, *statements: str) -> None:
    admin = _admin_connection(settings_dict)
    try:
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        admin.close()


def _quoted(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"Not a plain database name: {name!r}")
    return f'"{name}"'


@contextmanager
def scratch_database(name: str, *, keep: bool = False):
    """Create the database `name` (dropping a leftover of an earlier run), point the default connection at it,
    migrate it, and on leaving point the connection back and drop it (unless `keep`)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The benchmark needs PostgreSQL (set DATABASE_URL).")
    original = connection.settings_dict["NAME"]
    if name == original:
        raise ValueError("The benchmark never runs in the configured database itself.")
    settings_dict = dict(connection.settings_dict)
    # Scratch data: a commit need not wait for the disk (the many small transactions of a migration).
    _execute(
        settings_dict,
        f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)",
        f"CREATE DATABASE {_quoted(name)}",
        f"ALTER DATABASE {_quoted(name)} SET synchronous_commit = off",
    )
    connections.close_all()
    connection.settings_dict["NAME"] = name
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield name
    finally:
        connections.close_all()
        connection.settings_dict["NAME"] = original
        if not keep:
            _execute(settings_dict, f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")
