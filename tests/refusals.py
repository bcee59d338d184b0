"""What a refused service call leaves behind: nothing at all changed, and a Dutch message that says why.

`fingerprint` hashes every row of some apps (with their history and many-to-many tables) and every stored file;
`refused_unchanged` calls a service, expects it to refuse, and compares the fingerprints before and after;
`changes_or_refused` expects a change where the call is allowed and such a refusal where it is not. The
worlds of the apps (tests/improvement_plans/worlds.py, tests/finance/worlds.py) bind them to their own apps.
"""

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

NOT_ALLOWED = "U mag dit niet doen."


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path) for path in root.rglob("*")) if root.exists() else []


def fingerprint(app_labels: Iterable[str]) -> dict:
    """A fingerprint of every row of the apps (with their history and many-to-many tables) and of every stored
    file, in one query: table → (row count, hash of the rows)."""
    tables = sorted(
        model._meta.db_table
        for label in app_labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    )
    sql = " UNION ALL ".join(
        f"SELECT '{table}', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
        f'FROM "{table}" t'
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        state = {table: (count, digest) for table, count, digest in cursor.fetchall()}
    state["files"] = stored_files()
    return state


def refused_unchanged(
    app_labels: Iterable[str], call: Callable, error: type[Exception] = ValidationError
) -> Exception:
    """Call, expect `error`, and check that nothing at all changed in the apps."""
    app_labels = tuple(app_labels)
    before = fingerprint(app_labels)
    with pytest.raises(error) as info:
        call()
    assert fingerprint(app_labels) == before
    return info.value


def changes_or_refused(app_labels: Iterable[str], allowed: bool, call: Callable) -> Exception | None:
    """If `allowed`, the call changes something in the apps; otherwise it is refused with a ValidationError and
    nothing at all changes. Returns the refusal (None when allowed), for the caller to check its message."""
    app_labels = tuple(app_labels)
    if not allowed:
        return refused_unchanged(app_labels, call)
    before = fingerprint(app_labels)
    call()
    assert fingerprint(app_labels) != before
    return None


def messages_of(error: ValidationError) -> list[str]:
    messages = [str(message) for message in error.messages]
    assert messages and all(message.strip() for message in messages)
    return messages


def field_messages(error: ValidationError, field: str) -> list[str]:
    assert hasattr(error, "error_dict"), f"expected a message on the field {field!r}, got {error.messages}"
    return [str(message) for message in error.message_dict[field]]
