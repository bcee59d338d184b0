"""The import as a whole: parse, apply in one transaction, and keep the RegisterImport's status and progress."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import ImportKind, ImportStatus
from ..models import RegisterImport
from .apply import _apply
from .common import ParsedFile, RegisterFileError
from .locations import _parse_locations_file
from .pupils import _parse_pupils_file
from .recognise import _unknown_kind
from .report import _report

# The package's name, as before it was split into modules.
logger = logging.getLogger(__package__)
# How often (in rows) the parse writes its progress to the RegisterImport.
PROGRESS_EVERY = 500

Parsed = TypeVar("Parsed")


def execute_register_import(register_import: RegisterImport) -> None:
    """Run the import of one RegisterImport and leave it DONE with a report, or FAILED with a message.

    The file is parsed completely before anything is written; the changes are then applied in one transaction, so
    a failure leaves every school and board as it was.
    """

    def apply(parsed: ParsedFile) -> dict[str, Any]:
        schools, boards = _apply(parsed, register_import=register_import)
        return {"report": _report(parsed, schools=schools, boards=boards)}

    run_import(
        register_import, parse=lambda data, progress: _parse(register_import, data, progress), apply=apply
    )


def run_import(
    record: Any,
    *,
    parse: Callable[[bytes, ImportProgress], Parsed],
    apply: Callable[[Parsed], dict[str, Any]],
) -> None:
    """Run an import of an uploaded file kept on `record` (a RegisterImport, or another app's import record with
    the same status and progress fields): `parse(data, progress)` reads the whole file, `apply(parsed)` writes it
    and returns the fields to set on the record when done (its report). The apply runs in one transaction; the
    record ends DONE, or FAILED with a message a user can act on, and nothing changed."""
    set_fields(record, status=ImportStatus.RUNNING, error="", rows_processed=0)
    try:
        parsed = parse(read_upload(record), ImportProgress(record))
        with transaction.atomic():
            done = apply(parsed)
    except RegisterFileError as exc:
        set_fields(record, status=ImportStatus.FAILED, error=str(exc), finished_at=timezone.now())
        return
    except Exception:
        # Whatever went wrong, the transaction was rolled back; record the failure rather than leave it running.
        logger.exception("%s %s failed", type(record).__name__, record.pk)
        message = _(
            "The import failed because of an unexpected error; nothing was changed. Try again later, or contact "
            "the administrator if it keeps failing."
        )
        set_fields(record, status=ImportStatus.FAILED, error=message, finished_at=timezone.now())
        return
    set_fields(record, status=ImportStatus.DONE, finished_at=timezone.now(), **done)


def set_fields(record: Any, **values: Any) -> None:
    """Write straight to the row (outside the apply transaction), so a page polling the import sees it."""
    type(record)._default_manager.filter(pk=record.pk).update(**values)
    for name, value in values.items():
        setattr(record, name, value)


def _parse(register_import: RegisterImport, data: bytes, progress: ImportProgress) -> ParsedFile:
    if register_import.kind == ImportKind.PUPILS_PER_LOCATION:
        return _parse_pupils_file(data, progress)
    if register_import.kind == ImportKind.NATIONAL_LOCATIONS:
        return _parse_locations_file(data, progress)
    raise _unknown_kind(register_import.kind)


def read_upload(record: Any) -> bytes:
    """The uploaded file of an import record, or a message to upload it again."""
    if not record.file:
        raise RegisterFileError(_("The import has no file. Upload the file again."))
    try:
        with record.file.open("rb") as handle:
            return handle.read()
    except OSError as exc:
        raise RegisterFileError(_("The uploaded file cannot be read. Upload it again.")) from exc


class ImportProgress:
    """Writes how far the parse got to the import record, every PROGRESS_EVERY rows."""

    def __init__(self, record: Any) -> None:
        self.record = record

    def start(self, total: int) -> None:
        set_fields(self.record, rows_total=total, rows_processed=0)

    def row(self, number: int) -> None:
        if number % PROGRESS_EVERY == 0:
            set_fields(self.record, rows_processed=number)

    def finish(self) -> None:
        set_fields(self.record, rows_processed=self.record.rows_total)
