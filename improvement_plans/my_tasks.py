"""This app's sources of "my tasks" (`kwaliteitsaanpak.core.my_tasks`), registered from `apps.py`.

- `intake`: programme staff plan the intake of a registered school and record its outcome.
- `analysis`: the board (and the school's director) and the assigned education experts complete the quality
  analysis, also after the expert group returned it; the expert group judges a submitted one.
- `plan`: the same for the improvement plan's versions; before the first version, drawing it up.

Public for the other apps' sources: `DECISION_DUE_AFTER`, `REWORK_DUE_AFTER`, `due_after`, `owner_trajectories`.
Each source answers in a fixed number of queries and returns nothing for a role that has no part in it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.my_tasks import UserTask, register_task_source
from kwaliteitsaanpak.core.workflow import EDITABLE_STATUSES, ReviewDecision, SubmissionStatus

from .constants import Phase
from .models import Analysis, ImprovementPlan, Trajectory

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The programme's working agreement: the expert group decides on a submission within four weeks, and what it
# returned is worked on and submitted again within four weeks. Drafts have no deadline of their own.
DECISION_DUE_AFTER = datetime.timedelta(weeks=4)
REWORK_DUE_AFTER = datetime.timedelta(weeks=4)

RETURNED_AT = Max("reviews__decided_at", filter=Q(reviews__decision=ReviewDecision.RETURNED))
SUBMITTED_AT = Max("reviews__submitted_at", filter=Q(reviews__decision=""))


def due_after(moment: datetime.datetime | None, period: datetime.timedelta) -> datetime.date | None:
    """The day `period` after `moment` (a stored time), in the programme's time zone; None without a moment."""
    if moment is None:
        return None
    return timezone.localdate(moment) + period


def owner_trajectories(user: Any) -> QuerySet[Trajectory]:
    """The open trajectories this user works on as one of its owners: the board's schools for a board user, the
    school of a director, the trajectories an education expert is assigned to. Staff and the expert group, who see
    every trajectory, are no owner of any of them (their tasks are other ones)."""
    scope = Q()
    if user.school_board_id:
        scope |= Q(school__board_id=user.school_board_id)
    if user.school_id:
        scope |= Q(school_id=user.school_id)
    if user.has_perm("improvement_plans.act_as_education_expert"):
        scope |= Q(education_experts=user)
    if not scope:
        return Trajectory.objects.none()
    # A subquery keeps the many-to-many join from repeating rows.
    owned = Trajectory.objects.filter(scope).values("pk")
    return Trajectory.objects.visible_to(user).open().filter(pk__in=owned)


def _returned_or_draft(
    record: Any, *, draft: StrOrPromise, returned: StrOrPromise, url: str, kind: str
) -> UserTask:
    if record.status == SubmissionStatus.RETURNED:
        return UserTask(
            what=returned,
            school=record.trajectory.school.name,
            url=url,
            due_on=due_after(record.returned_at, REWORK_DUE_AFTER),
            kind=kind,
        )
    return UserTask(what=draft, school=record.trajectory.school.name, url=url, kind=kind)


def intake_tasks(user: Any, today: datetime.date) -> list[UserTask]:
    """Staff: registered schools whose intake is to be planned (due four weeks after registration) and intakes
    whose outcome is to be recorded (due on the intake's date). One query."""
    if not user.has_perm("improvement_plans.manage_trajectory"):
        return []
    trajectories = (
        Trajectory.objects.visible_to(user)
        .open()
        .filter(phase__in=[Phase.REGISTERED, Phase.INTAKE])
        .select_related("school")
    )
    tasks = []
    for trajectory in trajectories:
        if trajectory.phase == Phase.REGISTERED or trajectory.intake_date is None:
            what, url_name, due_on = (
                _("Plan the intake conversation"),
                "intake_schedule",
                trajectory.intake_due_on,
            )
        else:
            what, url_name, due_on = (
                _("Record what came out of the intake"),
                "intake_outcome",
                trajectory.intake_date,
            )
        tasks.append(
            UserTask(
                what=what,
                school=trajectory.school.name,
                url=reverse(f"improvement_plans:{url_name}", args=[trajectory.pk]),
                due_on=due_on,
                kind="intake",
            )
        )
    return tasks


def analysis_tasks(user: Any, today: datetime.date) -> list[UserTask]:
    """The analysis to complete or rework for its owners, and the submitted ones for the expert group. At most two
    queries."""
    tasks = []
    if user.has_perm("improvement_plans.work_on_analysis"):
        analyses = (
            Analysis.objects.filter(
                trajectory__in=owner_trajectories(user),
                trajectory__phase=Phase.ANALYSIS,
                status__in=EDITABLE_STATUSES,
            )
            .select_related("trajectory__school")
            .annotate(returned_at=RETURNED_AT)
        )
        draft = (
            _("Complete the quality analysis and submit it to the expert group")
            if user.has_perm("improvement_plans.submit_analysis")
            else _("Complete the quality analysis")
        )
        for analysis in analyses:
            tasks.append(
                _returned_or_draft(
                    analysis,
                    draft=draft,
                    returned=_("Quality analysis returned: process the comments"),
                    url=reverse("improvement_plans:analysis_detail", args=[analysis.trajectory_id]),
                    kind="analysis",
                )
            )
    if user.has_perm("improvement_plans.review_analysis"):
        submitted = (
            Analysis.objects.filter(
                trajectory__in=Trajectory.objects.visible_to(user).open(), status=SubmissionStatus.SUBMITTED
            )
            .select_related("trajectory__school")
            .annotate(submitted_at=SUBMITTED_AT)
        )
        for waiting in submitted:
            tasks.append(
                UserTask(
                    what=_("Judge the quality analysis"),
                    school=waiting.trajectory.school.name,
                    url=reverse("improvement_plans:analysis_review", args=[waiting.trajectory_id]),
                    due_on=due_after(waiting.submitted_at, DECISION_DUE_AFTER),
                    kind="analysis",
                )
            )
    return tasks


def plan_tasks(user: Any, today: datetime.date) -> list[UserTask]:
    """The plan to draw up (a trajectory in the plan phase without a version), a version to complete or rework for
    its owners, and the submitted versions for the expert group. At most three queries."""
    tasks = []
    if user.has_perm("improvement_plans.work_on_plan"):
        owned = owner_trajectories(user)
        without_plan = (
            owned.filter(phase=Phase.PLAN)
            .filter(~Exists(ImprovementPlan.objects.filter(trajectory=OuterRef("pk"))))
            .select_related("school")
        )
        for trajectory in without_plan:
            tasks.append(
                UserTask(
                    what=_("Draw up the improvement plan"),
                    school=trajectory.school.name,
                    url=reverse("improvement_plans:plan_latest", args=[trajectory.pk]),
                    kind="plan",
                )
            )
        plans = (
            ImprovementPlan.objects.filter(trajectory__in=owned, status__in=EDITABLE_STATUSES)
            .select_related("trajectory__school")
            .annotate(returned_at=RETURNED_AT)
        )
        submits = user.has_perm("improvement_plans.submit_plan")
        for plan in plans:
            number = {"number": plan.number}
            draft = (
                _("Complete version %(number)s of the improvement plan and submit it")
                if submits
                else _("Complete version %(number)s of the improvement plan")
            )
            tasks.append(
                _returned_or_draft(
                    plan,
                    draft=draft % number,
                    returned=_("Improvement plan (version %(number)s) returned: process the comments")
                    % number,
                    url=plan.get_absolute_url(),
                    kind="plan",
                )
            )
    if user.has_perm("improvement_plans.review_plan"):
        submitted = (
            ImprovementPlan.objects.filter(
                trajectory__in=Trajectory.objects.visible_to(user).open(), status=SubmissionStatus.SUBMITTED
            )
            .select_related("trajectory__school")
            .annotate(submitted_at=SUBMITTED_AT)
        )
        for waiting_plan in submitted:
            number = {"number": waiting_plan.number}
            tasks.append(
                UserTask(
                    what=_("Judge the improvement plan (version %(number)s)") % number,
                    school=waiting_plan.trajectory.school.name,
                    url=reverse(
                        "improvement_plans:plan_review",
                        args=[waiting_plan.trajectory_id, waiting_plan.number],
                    ),
                    due_on=due_after(waiting_plan.submitted_at, DECISION_DUE_AFTER),
                    kind="plan",
                )
            )
    return tasks


def register() -> None:
    """Registers this app's task sources."""
    register_task_source("intake", intake_tasks)
    register_task_source("analysis", analysis_tasks)
    register_task_source("plan", plan_tasks)
