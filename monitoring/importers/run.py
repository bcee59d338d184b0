"""The import as a whole: parse, apply in one transaction, and keep the FinalScoreImport's status and progress."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext as _

from schools.importers.common import Counts
from schools.importers.run import run_import

from ..constants import school_year_label
from ..models import FinalScoreImport
from .final_scores import ParsedScores, apply_final_scores, parse_final_scores


def execute_final_score_import(final_score_import: FinalScoreImport) -> None:
    """Run one import and leave it DONE with a report, or FAILED with a message (and nothing changed); the run
    itself (status, progress, one transaction) is the register import's (`schools.importers.run.run_import`)."""

    def apply(parsed: ParsedScores) -> dict[str, Any]:
        counts = apply_final_scores(parsed, final_score_import=final_score_import)
        return {"school_year": parsed.school_year, "report": _report(parsed, counts)}

    run_import(final_score_import, parse=parse_final_scores, apply=apply)


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
