"""The audits services (owned by the audits helper)."""

from __future__ import annotations

import datetime


def schedule_audits(today: datetime.date | None = None) -> int:
    """The scheduled job's service: idempotent (running it twice creates nothing twice); returns how many records
    it created."""
    raise NotImplementedError
