"""The import as a whole: parse, apply in one transaction, and keep the FinalScoreImport's status and progress."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.constants import ImportStatus
from schools.importers.common import Counts, RegisterFileError

from ..constants import school_year_label
from ..models import FinalScoreImport
from .final_scores import ParsedScores, apply_final_scores, parse_final_scores

logger = logging.getLogger(__package__)
# How often (in rows) the parse writes its progress.
PROGRESS_EVERY = 500


def execute_final_score_import(final_score_import: FinalScoreImport) -> None:
    """Run one import and leave it DONE with a report, or FAILED with a message (and nothing changed)."""
    _set(final_score_import, status=ImportStatus.RUNNING, error="", rows_processed=0)
    try:
        parsed = parse_final_scores(_read(final_score_import), _Progress(final_score_import))
        with transaction.atomic():
            counts = apply_final_scores(parsed, final_score_import=final_score_import)
    except RegisterFileError as exc:
        _set(final_score_import, status=ImportStatus.FAILED, error=str(exc), finished_at=timezone.now())
        return
    except Exception:
        logger.exception("Final-score import %s failed", final_score_import.pk)
        message = _(
            "The import failed because of an unexpected error; nothing was changed. Try again later, or contact "
            "the administrator if it keeps failing."
        )
        _set(final_score_import, status=ImportStatus.FAILED, error=message, finished_at=timezone.now())
        return
    _set(
        final_score_import,
        status=ImportStatus.DONE,
        school_year=parsed.school_year,
        report=_report(parsed, counts),
        finished_at=timezone.now(),
    )


def _report(parsed: ParsedScores, counts: Counts) -> dict[str, Any]:
    skipped_reason = _("outside Amsterdam")
    parts = [
        _("School year %(year)s") % {"year": school_year_label(parsed.school_year)},
        _("results: %(created)s new, %(updated)s updated, %(unchanged)s unchanged") % asdict(counts),
        _("schools without a result: %(count)s") % {"count": parsed.without_result},
        _("rows rejected: %(count)s") % {"count": len(parsed.rejected)},
    ]
    if parsed.skipped:
        parts.append(
            _("skipped: %(count)s (%(reason)s)") % {"count": parsed.skipped, "reason": skipped_reason}
        )
    return {
        "school_year": parsed.school_year,
        "values": asdict(counts),
        "without_result": parsed.without_result,
        "skipped": parsed.skipped,
        "skipped_reason": skipped_reason,
        "rejected": [asdict(rejection) for rejection in parsed.rejected],
        "summary": "; ".join(parts) + ".",
    }


def _set(final_score_import: FinalScoreImport, **values: Any) -> None:
    """Write straight to the row (outside the apply transaction), so a page polling the import sees it."""
    FinalScoreImport.objects.filter(pk=final_score_import.pk).update(**values)
    for name, value in values.items():
        setattr(final_score_import, name, value)


def _read(final_score_import: FinalScoreImport) -> bytes:
    if not final_score_import.file:
        raise RegisterFileError(_("The import has no file. Upload the file again."))
    try:
        with final_score_import.file.open("rb") as handle:
            return handle.read()
    except OSError as exc:
        raise RegisterFileError(_("The uploaded file cannot be read. Upload it again.")) from exc


class _Progress:
    def __init__(self, final_score_import: FinalScoreImport) -> None:
        self.final_score_import = final_score_import

    def start(self, total: int) -> None:
        _set(self.final_score_import, rows_total=total, rows_processed=0)

    def row(self, number: int) -> None:
        if number % PROGRESS_EVERY == 0:
            _set(self.final_score_import, rows_processed=number)

    def finish(self) -> None:
        _set(self.final_score_import, rows_processed=self.final_score_import.rows_total)
