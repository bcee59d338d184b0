"""Quarterly progress reports: scheduling, filling in, submitting and assessing (owned by the progress helper)."""

from __future__ import annotations

import datetime

from ..models import Trajectory


def schedule_progress_reports(
    today: datetime.date | None = None, *, trajectory: Trajectory | None = None
) -> int:
    """Create the progress report of every quarter of execution that has started, for every open trajectory in
    execution (or only `trajectory`); idempotent. Returns how many were created."""
    raise NotImplementedError
