"""What waits for a user ("mijn taken"), gathered from every step, whatever app it lives in (ADR 7).

Each app registers a task source from its `AppConfig.ready()` (through its plug or `my_tasks` module):
`register_task_source("progress_reports", source)`, where `source(user, today)` returns the `UserTask`s waiting for
`user`. A source answers in a fixed number of queries whatever the number of tasks (no query per row), and returns
nothing for a user whose role has no part in it. `tasks_for` merges them, oldest due date first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class UserTask:
    """One thing waiting for the user: what to do, for which school, by when, and where it is done."""

    what: StrOrPromise  # e.g. "Fill in the progress report of quarter 3"
    school: str
    url: str
    due_on: datetime.date | None = None
    kind: str = ""  # the source's name, for filtering and tests

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.due_on is not None and self.due_on < (today or timezone.localdate())


TaskSource = Callable[[Any, datetime.date], Iterable[UserTask]]
_SOURCES: dict[str, TaskSource] = {}


def register_task_source(name: str, source: TaskSource) -> None:
    """Add (or, under the same name, replace) a source of tasks. Called from an app's `ready()`."""
    _SOURCES[name] = source


def tasks_for(user: Any, today: datetime.date | None = None) -> list[UserTask]:
    """Everything waiting for `user`, the oldest due date first (tasks without a due date last)."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    tasks = [task for source in _SOURCES.values() for task in source(user, today)]
    return sorted(
        tasks, key=lambda task: (task.due_on is None, task.due_on or datetime.date.max, str(task.what))
    )
