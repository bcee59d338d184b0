"""The import as a whole: parse, apply in one transaction, and keep the RegisterImport's status and progress."""

from __future__ import annotations

import logging
from typing import Any

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


def execute_register_import(register_import: RegisterImport) -> None:
    """Run the import of one RegisterImport and leave it DONE with a report, or FAILED with a message.

    The file is parsed completely before anything is written; the changes are then applied in one transaction, so
    a failure leaves every school and board as it was.
    """
    _set(register_import, status=ImportStatus.RUNNING, error="", rows_processed=0)
    try:
        parsed = _parse(register_import)
        with transaction.atomic():
            schools, boards = _apply(parsed, register_import=register_import)
    except RegisterFileError as exc:
        _set(register_import, status=ImportStatus.FAILED, error=str(exc), finished_at=timezone.now())
        return
    except Exception:
        # Whatever went wrong, the transaction was rolled back; record the failure rather than leave it running.
        logger.exception("Import %s of DUO's register failed", register_import.pk)
        message = _(
            "The import failed because of an unexpected error; nothing was changed. Try again later, or contact "
            "the administrator if it keeps failing."
        )
        _set(register_import, status=ImportStatus.FAILED, error=message, finished_at=timezone.now())
        return
    _set(
        register_import,
        status=ImportStatus.DONE,
        report=_report(parsed, schools=schools, boards=boards),
        finished_at=timezone.now(),
    )


def _set(register_import: RegisterImport, **values: Any) -> None:
    """Write straight to the row (outside the apply transaction), so a page polling the import sees it."""
    RegisterImport.objects.filter(pk=register_import.pk).update(**values)
    for name, value in values.items():
        setattr(register_import, name, value)


def _parse(register_import: RegisterImport) -> ParsedFile:
    data = _read(register_import)
    progress = _Progress(register_import)
    if register_import.kind == ImportKind.PUPILS_PER_LOCATION:
        return _parse_pupils_file(data, progress)
    if register_import.kind == ImportKind.NATIONAL_LOCATIONS:
        return _parse_locations_file(data, progress)
    raise _unknown_kind(register_import.kind)


def _read(register_import: RegisterImport) -> bytes:
    if not register_import.file:
        raise RegisterFileError(_("The import has no file. Upload the file again."))
    try:
        with register_import.file.open("rb") as handle:
            return handle.read()
    except OSError as exc:
        raise RegisterFileError(_("The uploaded file cannot be read. Upload it again.")) from exc


class _Progress:
    def __init__(self, register_import: RegisterImport) -> None:
        self.register_import = register_import

    def start(self, total: int) -> None:
        _set(self.register_import, rows_total=total, rows_processed=0)

    def row(self, number: int) -> None:
        if number % PROGRESS_EVERY == 0:
            _set(self.register_import, rows_processed=number)

    def finish(self) -> None:
        _set(self.register_import, rows_processed=self.register_import.rows_total)
