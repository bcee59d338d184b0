"""A fingerprint of the whole database and the stored files, to prove that a refused request changed nothing.

`database_fingerprint()` reads every table of the database (every app's models, their history tables, many-to-many
tables, auth, Celery beat's schedule, axes) in one query: per table the row count and an md5 of all its rows as
text. A count catches an INSERT or DELETE; the hash of the rows catches an UPDATE too, also of models that
simple_history does not track (users, groups, sessions, Celery beat, axes, the review rows that are appended, and any
model that has no `history`), so nothing needs `max(id)` or an `updated` column. It is meant for the small worlds
of the tests (a few hundred rows; a few milliseconds), not for a national data set.

Left out: `django_session`, which a signed-in request may renew (`SESSION_RENEW_SECONDS`) whatever it posts.
"""

from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import connection

# Tables that change on requests that change nothing else.
VOLATILE_TABLES = frozenset({"django_session"})
# What a failed login writes by design (django-axes counts failures; ADR 11).
LOGIN_ATTEMPT_TABLES = frozenset({"axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"})


def stored_files() -> list[str]:
    """Every stored file under MEDIA_ROOT (uploads and generated reports), by path."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path) for path in root.rglob("*")) if root.exists() else []


def _tables(exclude: Iterable[str]) -> list[str]:
    excluded = VOLATILE_TABLES | set(exclude)
    return sorted(
        table for table in connection.introspection.table_names(include_views=False) if table not in excluded
    )


def database_fingerprint(exclude: Iterable[str] = ()) -> dict:
    """table → (row count, md5 of its rows), for every table but `VOLATILE_TABLES` and `exclude`, and "files" →
    the stored files. Two fingerprints are equal when no row and no file was added, changed or removed."""
    tables = _tables(exclude)
    sql = " UNION ALL ".join(
        f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"
        for table in (connection.ops.quote_name(name) for name in tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        state: dict = {table: (count, digest) for table, count, digest in cursor.fetchall()}
    state["files"] = stored_files()
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    """The tables (and "files") whose fingerprint differs: what a failing assertion names."""
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
