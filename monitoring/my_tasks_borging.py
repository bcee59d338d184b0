"""The monitor's source of "my tasks" (`kwaliteitsaanpak.core.my_tasks`), registered from `apps.py`.

- `sustaining`: programme staff (who manage trajectories) look into every flag of a school still followed in
  sustaining: a new (very) weak verdict or a falling indicator (`monitoring.borging`). The task links to the school
  monitor, where the flag is shown with its figures. At most three queries.
"""

from __future__ import annotations

import datetime
from typing import Any

from kwaliteitsaanpak.core.my_tasks import UserTask, register_task_source

from .borging import sustaining_flags

MANAGE_TRAJECTORY = "improvement_plans.manage_trajectory"


def sustaining_tasks(user: Any, today: datetime.date) -> list[UserTask]:
    if not user.has_perm(MANAGE_TRAJECTORY):
        return []
    return [
        UserTask(
            what=f"{flag.title}: {flag.detail}",
            school=flag.school.name,
            url=flag.url,
            kind="sustaining",
        )
        for flag in sustaining_flags(current_only=True, today=today)
    ]


def register() -> None:
    """Registers this app's task source."""
    register_task_source("sustaining", sustaining_tasks)
