"""The inspection services (owned by the inspection helper)."""

from __future__ import annotations

import datetime


def schedule_inspection_reviews(today: datetime.date | None = None) -> int:
    """The scheduled job's service: idempotent (running it twice creates nothing twice); returns how many records
    it created."""
    raise NotImplementedError
