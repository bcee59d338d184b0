"""Reads shared by views, tables, filters and reports. Every list starts from `visible_to(user)` (the QuerySets
live with their models in `schools.models`)."""

from __future__ import annotations

from .constants import WEAK_VERDICTS
from .models import School


def school_overview_counts(user) -> dict[str, int]:
    """Headline numbers of the schools this user can see, in one query.

    Counted in Python over three narrow columns: an aggregate filtered on these annotations is not expressible in
    one query through the ORM, and the register holds hundreds of schools, not millions.
    """
    rows = list(
        School.objects.visible_to(user)
        .with_current_verdict()
        .with_participation()
        .values_list("current_verdict", "on_reference_list", "participation_reason")
    )
    return {
        "total": len(rows),
        "on_reference_list": sum(1 for _verdict, on_list, _reason in rows if on_list),
        "weak": sum(1 for verdict, _on_list, _reason in rows if verdict in WEAK_VERDICTS),
        "participating": sum(1 for _verdict, _on_list, reason in rows if reason),
    }
