"""Reads of the expert visits and the actions agreed after a stagnating visit, shared by the pages, the trajectory
panel and "my tasks". Each answers in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory

from ..constants import VisitStatus
from ..models import ExpertVisit, StagnationAction


def visits_of(trajectory: Trajectory) -> QuerySet[ExpertVisit]:
    """Every visit of the trajectory, newest quarter first, with the people and the agreed actions."""
    return (
        ExpertVisit.objects.filter(trajectory=trajectory)
        .select_related("expert", "recorded_by")
        .prefetch_related(Prefetch("actions", StagnationAction.objects.select_related("closed_by")))
        .order_by("-quarter")
    )


def actions_of(visit: ExpertVisit) -> QuerySet[StagnationAction]:
    return visit.actions.select_related("created_by", "closed_by").order_by("due_on", "id")


def open_actions(user) -> QuerySet[StagnationAction]:
    """The open actions the user may see, for the overview of execution: the school, its board and the visit."""
    return (
        StagnationAction.objects.visible_to(user)
        .open()
        .select_related("trajectory__school__board", "visit")
        .order_by("due_on", "id")
    )


@dataclass
class VisitPanel:
    """What the trajectory page shows of the visits: the next planned one, the last recorded one, the open actions
    and a stagnating visit still without actions."""

    next_visit: ExpertVisit | None = None
    last_visit: ExpertVisit | None = None
    open_actions: list[StagnationAction] = field(default_factory=list)
    needs_actions: ExpertVisit | None = None
    count: int = 0


def visit_panel(trajectory: Trajectory) -> VisitPanel:
    """The panel's figures, in two queries."""
    visits = list(visits_of(trajectory))
    panel = VisitPanel(count=len(visits))
    planned = [visit for visit in visits if visit.status == VisitStatus.PLANNED]
    done = [visit for visit in visits if visit.status == VisitStatus.DONE]
    panel.next_visit = min(planned, key=lambda visit: visit.planned_on, default=None)
    panel.last_visit = max(done, key=lambda visit: (visit.visited_on, visit.quarter), default=None)
    panel.open_actions = sorted(
        (action for visit in visits for action in visit.actions.all() if action.is_open),
        key=lambda action: (action.due_on, action.pk),
    )
    panel.needs_actions = next(
        (visit for visit in visits if visit.stagnating and not visit.actions.all()), None
    )
    return panel


# My tasks


def visits_to_record(user, today: datetime.date, ahead: datetime.timedelta) -> QuerySet[ExpertVisit]:
    """Planned visits of trajectories in execution where the user is the visit's expert (or, without one, an
    assigned education expert), planned up to `today + ahead` (so also the overdue ones)."""
    return (
        ExpertVisit.objects.filter(
            Q(expert=user) | Q(expert__isnull=True, trajectory__education_experts=user),
            status=VisitStatus.PLANNED,
            planned_on__lte=today + ahead,
            trajectory__phase=Phase.EXECUTION,
            trajectory__ended_on__isnull=True,
        )
        .select_related("trajectory__school")
        .distinct()
    )


def stagnating_without_actions(user) -> QuerySet[ExpertVisit]:
    """Recorded stagnating visits without any action yet, on trajectories in execution the user is an assigned
    education expert of."""
    return (
        ExpertVisit.objects.filter(
            trajectory__education_experts=user,
            status=VisitStatus.DONE,
            stagnating=True,
            actions__isnull=True,
            trajectory__phase=Phase.EXECUTION,
        )
        .select_related("trajectory__school")
        .distinct()
    )


def actions_to_close(user, today: datetime.date, *, overdue_only: bool) -> QuerySet[StagnationAction]:
    """Open actions on trajectories the user is an assigned education expert of, or (`overdue_only`, for staff)
    every overdue open action."""
    actions = StagnationAction.objects.open().select_related("trajectory__school")
    if overdue_only:
        return actions.filter(due_on__lt=today)
    return actions.filter(trajectory__in=Trajectory.objects.filter(education_experts=user).values("pk"))
