"""The report of a finished import: the counts, the rejected rows and one summary sentence."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext as _

from .common import Counts, ParsedFile


def _report(parsed: ParsedFile, *, schools: Counts, boards: Counts) -> dict[str, Any]:
    skipped_reason = _("outside Amsterdam or not primary education")
    return {
        "schools": asdict(schools),
        "boards": asdict(boards),
        "skipped": parsed.skipped,
        "skipped_reason": skipped_reason,
        "rejected": [asdict(rejection) for rejection in parsed.rejected],
        "summary": _summary(parsed, schools=schools, boards=boards, skipped_reason=skipped_reason),
    }


def _summary(parsed: ParsedFile, *, schools: Counts, boards: Counts, skipped_reason: str) -> str:
    """One Dutch sentence: "Scholen: 244 nieuw, 0 bijgewerkt, 0 ongewijzigd; besturen: 46 nieuw; afgewezen rijen: 0."

    Numbers follow their labels, so that one school reads as well as many.
    """
    rejected = _("rows rejected: %(count)s") % {"count": len(parsed.rejected)}
    changed = schools.created or schools.updated or boards.created or boards.updated
    if changed or not schools.unchanged:
        parts = [
            _("Schools: %(created)s new, %(updated)s updated, %(unchanged)s unchanged") % asdict(schools),
            _("school boards: %(created)s new") % asdict(boards),
            rejected,
        ]
    else:
        if boards.unchanged:
            no_changes = _(
                "No changes: all %(schools)s schools and %(boards)s school boards were already up to date"
            )
        else:
            no_changes = _("No changes: all %(schools)s schools were already up to date")
        parts = [no_changes % {"schools": schools.unchanged, "boards": boards.unchanged}]
        if parsed.rejected:
            parts.append(rejected)
    if parsed.skipped:
        parts.append(
            _("skipped: %(count)s (%(reason)s)") % {"count": parsed.skipped, "reason": skipped_reason}
        )
    return "; ".join(parts) + "."
