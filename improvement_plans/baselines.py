"""The starting values (baselines) of a plan's result agreements, as far as another app knows them.

The result agreements record the school's starting final-test result (on the chosen test's scale) and its starting
LWOO percentage beside the targets. This app keeps no indicator values: the monitor does, and monitoring sits above
this app in the dependency order (ARCHITECTURE.md). So monitoring registers a *source* here when it loads
(`register_baseline_source`), and the agreements form asks `baselines_for(plan)` for its pre-fill without importing
monitoring. Without a source (or when it knows nothing) the fields stay empty and the user types the values.

Public: `Baseline`, `Baselines`, `BaselineSource`, `register_baseline_source`, `baselines_for`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from schools.models import School

    from .models import ImprovementPlan


@dataclass(frozen=True)
class Baseline:
    """One known starting value: the value, its final test ("" for the LWOO percentage) and the school year it was
    measured in, by the calendar year the school year starts in."""

    value: Decimal
    school_year: int
    final_test: str = ""

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}–{self.school_year + 1}"


@dataclass(frozen=True)
class Baselines:
    final_test: Baseline | None = None
    lwoo: Baseline | None = None


# A source answers for a school: its latest values measured before `before` (a final-test result on `final_test`,
# or on the test of its latest result when `final_test` is empty).
BaselineSource = Callable[..., Baselines]

_sources: list[BaselineSource] = []


def register_baseline_source(source: BaselineSource) -> None:
    """Add a source of starting values; registering the same one twice keeps one (AppConfig.ready may run twice)."""
    if source not in _sources:
        _sources.append(source)


def plan_started_on(plan: ImprovementPlan) -> datetime.date:
    return timezone.localtime(plan.created_at).date() if plan.created_at else timezone.localdate()


def baselines_for(plan: ImprovementPlan, *, final_test: str = "") -> Baselines:
    """The school's starting values known when the plan version was started: per value, the first source that
    knows it. A final-test result is on `final_test` (the plan's own test when not given)."""
    return baselines_of(
        plan.trajectory.school, before=plan_started_on(plan), final_test=final_test or plan.final_test
    )


def baselines_of(school: School, *, before: datetime.date, final_test: str = "") -> Baselines:
    found_test: Baseline | None = None
    found_lwoo: Baseline | None = None
    for source in _sources:
        answer = source(school=school, before=before, final_test=final_test)
        found_test = found_test or answer.final_test
        found_lwoo = found_lwoo or answer.lwoo
    return Baselines(final_test=found_test, lwoo=found_lwoo)
