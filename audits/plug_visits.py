"""How the visits of this app plug into the trajectory and "my tasks" (ADR 7). Called from `AuditsConfig.ready()`:

- a Step (order 62, "Expert visits") on the trajectory's task list, with the next action while a stagnating visit
  waits for actions or a visit waits to be recorded;
- a Panel on the trajectory page: the next planned visit, the last recorded one and the open actions;
- a task source for "my tasks": the expert's visits planned up to a week ahead (and overdue ones) to record, the
  stagnating visits still without actions, the open actions of the expert's trajectories, and for staff every
  overdue action.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from improvement_plans.constants import Phase
from kwaliteitsaanpak.core.my_tasks import UserTask, register_task_source
from kwaliteitsaanpak.core.steps import (
    NextStep,
    Panel,
    Step,
    Task,
    TaskStatus,
    register_event_kinds,
    register_panel,
    register_step,
)

from .constants import VisitStatus

# An expert sees a planned visit among their tasks this long before its day.
TASK_AHEAD = datetime.timedelta(days=7)
EXECUTION_AND_AFTER = (Phase.EXECUTION, Phase.SUSTAINING, Phase.CLOSED)


def _counts(trajectory) -> dict:
    """The figures of the step, in one query."""
    from .models import ExpertVisit, StagnationAction

    today = timezone.localdate()
    visits = ExpertVisit.objects.filter(trajectory=trajectory).aggregate(
        # Distinct: the join with the actions repeats a visit per action.
        done=Count("pk", filter=Q(status=VisitStatus.DONE), distinct=True),
        late=Count("pk", filter=Q(status=VisitStatus.PLANNED, planned_on__lt=today), distinct=True),
        waiting=Count(
            "pk", filter=Q(status=VisitStatus.DONE, stagnating=True, actions__isnull=True), distinct=True
        ),
    )
    actions = StagnationAction.objects.filter(trajectory=trajectory).open()
    visits["overdue_actions"] = actions.filter(due_on__lt=today).count()
    visits["open_actions"] = actions.count()
    return visits


def visit_task(trajectory) -> Task:
    label = _("Expert visits")
    if trajectory.phase not in EXECUTION_AND_AFTER or trajectory.execution_started_on is None:
        return Task(label, TaskStatus.NOT_STARTED, hint=_("Every quarter of execution"))
    url = reverse("audits:visit_list", args=[trajectory.pk])
    counts = _counts(trajectory)
    hint = gettext("%(done)s recorded") % {"done": counts["done"]}
    if counts["open_actions"]:
        hint += " · " + ngettext(
            "%(count)s open action", "%(count)s open actions", counts["open_actions"]
        ) % {"count": counts["open_actions"]}
    if counts["late"] or counts["overdue_actions"] or counts["waiting"]:
        return Task(label, TaskStatus.LATE, url, hint)
    if trajectory.phase != Phase.EXECUTION:
        return Task(label, TaskStatus.DONE, url, hint)
    return Task(label, TaskStatus.IN_PROGRESS, url, hint)


def visit_next_step(trajectory) -> NextStep | None:
    """While execution runs, a stagnating visit without actions is what waits first."""
    if trajectory.phase != Phase.EXECUTION:
        return None
    from .models import ExpertVisit

    if ExpertVisit.objects.filter(
        trajectory=trajectory, status=VisitStatus.DONE, stagnating=True, actions__isnull=True
    ).exists():
        return NextStep(_("Execution stagnates: agree actions with the school."), _("Education expert"))
    return None


def visit_panel_context(trajectory, user) -> dict | None:
    from .selectors.visits import visit_panel

    if trajectory.phase not in EXECUTION_AND_AFTER or trajectory.execution_started_on is None:
        return None
    panel = visit_panel(trajectory)
    if trajectory.phase != Phase.EXECUTION and not panel.count:
        return None
    may_manage = user.has_perm("audits.manage_actions", trajectory)
    return {
        "trajectory": trajectory,
        "next_visit": panel.next_visit,
        "last_visit": panel.last_visit,
        "open_actions": panel.open_actions,
        "needs_actions": panel.needs_actions,
        "count": panel.count,
        "can_manage_actions": may_manage and trajectory.phase == Phase.EXECUTION,
        "can_close": may_manage and trajectory.phase in (Phase.EXECUTION, Phase.SUSTAINING),
    }


def _visit_url(visit) -> str:
    return reverse("audits:visit_detail", args=[visit.trajectory_id, visit.pk])


def visit_tasks(user: Any, today: datetime.date) -> list[UserTask]:
    """What waits for `user` of the visits, in at most three queries."""
    from .selectors import visits as selectors

    if not user.has_perm("audits.record_visit") and not user.has_perm("audits.manage_actions"):
        return []
    tasks = []
    if user.has_perm("audits.record_visit"):
        for visit in selectors.visits_to_record(user, today, TASK_AHEAD):
            tasks.append(
                UserTask(
                    gettext("Record the visit of quarter %(quarter)s") % {"quarter": visit.quarter},
                    visit.trajectory.school.name,
                    reverse("audits:visit_record", args=[visit.trajectory_id, visit.pk]),
                    visit.planned_on,
                    "visits",
                )
            )
    if user.has_perm("audits.manage_actions"):
        for visit in selectors.stagnating_without_actions(user):
            tasks.append(
                UserTask(
                    gettext("Execution stagnates: agree actions with the school"),
                    visit.trajectory.school.name,
                    reverse("audits:action_create", args=[visit.trajectory_id, visit.pk]),
                    visit.visited_on,
                    "visits",
                )
            )
        sees_all = user.has_perm("improvement_plans.view_all_trajectories")
        for action in selectors.actions_to_close(user, today, overdue_only=sees_all):
            what = gettext("Close the action “%(what)s” (%(who)s, by %(date)s)") % {
                "what": action.description[:60],
                "who": action.responsible,
                "date": date_format(action.due_on, "j F Y"),
            }
            tasks.append(
                UserTask(
                    what,
                    action.trajectory.school.name,
                    reverse("audits:action_close", args=[action.trajectory_id, action.pk]),
                    action.due_on,
                    "visits",
                )
            )
    return tasks


def register() -> None:
    """Registers this area's step, panel, task source and event kinds."""
    from .services.visits import VisitEventKind

    register_event_kinds(VisitEventKind)
    register_step(Step(order=62, name="expert_visits", task=visit_task, next_step=visit_next_step))
    register_panel(
        Panel(
            order=62,
            name="expert_visits",
            template="audits/includes/visit_panel.html",
            context=visit_panel_context,
        )
    )
    register_task_source("expert_visits", visit_tasks)
