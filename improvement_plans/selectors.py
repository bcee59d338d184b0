"""Reads shared by the trajectory pages, their tables and (later) the monitor. Lists start from `visible_to`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.permissions import users_with_perm

from .constants import INTAKE_DUE_AFTER, OPEN_PHASES, AnalysisStatus, NoteVisibility, Phase, PlanStatus


def sees_all_trajectories(user) -> bool:
    return user.is_authenticated and user.has_perm("improvement_plans.view_all_trajectories")


class TrajectoryQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrajectoryQuerySet:
        """Staff and the expert group see every trajectory; an expert the ones assigned to them; a board user
        its own schools'; everyone else none."""
        if not user.is_authenticated or not user.has_perm("improvement_plans.view_trajectory"):
            return self.none()
        if sees_all_trajectories(user):
            return self
        scope = Q(education_experts=user) | Q(financial_expert=user)
        if user.school_board_id:
            scope |= Q(school__board_id=user.school_board_id)
        # A subquery keeps the many-to-many join from repeating rows.
        return self.filter(pk__in=self.model.objects.filter(scope).values("pk"))

    def open(self) -> TrajectoryQuerySet:
        return self.filter(ended_on__isnull=True)

    def intake_overdue(self) -> TrajectoryQuerySet:
        """Registered without an intake within the weeks after registration, or an intake date that passed."""
        today = timezone.localdate()
        return self.filter(
            Q(phase=Phase.REGISTERED, registered_on__lt=today - INTAKE_DUE_AFTER)
            | Q(phase=Phase.INTAKE, intake_date__lt=today)
        )

    def for_lists(self) -> TrajectoryQuerySet:
        return self.select_related("school__board", "financial_expert").prefetch_related("education_experts")


def open_phase_values() -> list[str]:
    return [phase.value for phase in OPEN_PHASES]


def notes_visible_to(trajectory, user):
    """The notes of a trajectory this user may read: a board user never sees internal ones."""
    notes = trajectory.notes.select_related("author")
    if user.has_perm("improvement_plans.write_internal_note", trajectory):
        return notes
    return notes.filter(visibility=NoteVisibility.SHARED)


def education_experts():
    """The users that can be assigned as education expert (their role holds that permission)."""
    return users_with_perm("improvement_plans.act_as_education_expert")


def financial_experts():
    return users_with_perm("improvement_plans.act_as_financial_expert")


# The trajectory page: its task list and what has to happen next.


def analysis_of(trajectory):
    """The trajectory's analysis, or None before the intake's outcome (select_related("analysis") saves a query)."""
    try:
        return trajectory.analysis
    except ObjectDoesNotExist:
        return None


@dataclass
class Task:
    """One step of the programme on the trajectory's task list."""

    label: str
    status: str  # one of TaskStatus
    url: str | None = None
    hint: str = ""


class TaskStatus:
    NOT_STARTED = _("Not started")
    IN_PROGRESS = _("In progress")
    SUBMITTED = _("Submitted")
    RETURNED = _("Returned")
    APPROVED = _("Approved")
    LATE = _("Late")
    DONE = _("Done")
    NOT_APPLICABLE = _("Not applicable")


@dataclass
class LaterStep:
    """How a step that lives in an app above this one reads on the trajectory page (see `register_step`)."""

    task: Callable[[object], Task]
    # What has to happen next once the plan version is approved, or None when this step has nothing to ask.
    next_step: Callable[[object], NextStep | None] | None = None


LATER_STEPS: dict[str, LaterStep] = {}


def register_step(name: str, step: LaterStep) -> None:
    """Called from the `ready()` of a higher app (finance: "budget"), which this app may not import."""
    LATER_STEPS[name] = step


def trajectory_tasks(trajectory) -> list[Task]:
    """The programme's steps in order, each with its status on this trajectory (steps whose app has not arrived
    yet show as not started)."""
    phase_order = [phase.value for phase in OPEN_PHASES]
    position = phase_order.index(trajectory.phase) if trajectory.phase in phase_order else None
    analysis = analysis_of(trajectory)
    plan = latest_plan(trajectory)

    def after(phase: Phase) -> bool:
        return position is not None and position > phase_order.index(phase)

    intake_status = TaskStatus.NOT_STARTED
    if trajectory.intake_outcome:
        intake_status = TaskStatus.DONE
    elif trajectory.intake_overdue:
        intake_status = TaskStatus.LATE
    elif trajectory.phase == Phase.INTAKE:
        intake_status = TaskStatus.IN_PROGRESS

    analysis_status = TaskStatus.NOT_STARTED
    if analysis is not None:
        analysis_status = {
            AnalysisStatus.DRAFT: TaskStatus.IN_PROGRESS,
            AnalysisStatus.SUBMITTED: TaskStatus.SUBMITTED,
            AnalysisStatus.RETURNED: TaskStatus.RETURNED,
            AnalysisStatus.APPROVED: TaskStatus.APPROVED,
        }[analysis.status]
    return [
        Task(_("Registration"), TaskStatus.DONE),
        Task(_("Intake"), intake_status),
        Task(
            _("Quality analysis"),
            analysis_status,
            url=reverse("improvement_plans:analysis_detail", args=[trajectory.pk]) if analysis else None,
        ),
        Task(
            _("Improvement plan"),
            _plan_task_status(plan),
            url=reverse("improvement_plans:plan_latest", args=[trajectory.pk])
            if trajectory.phase in (Phase.PLAN, Phase.EXECUTION, Phase.SUSTAINING) or plan
            else None,
        ),
        LATER_STEPS["budget"].task(trajectory)
        if "budget" in LATER_STEPS
        else Task(_("Budget"), TaskStatus.NOT_STARTED),
        Task(
            _("Execution"),
            TaskStatus.IN_PROGRESS
            if trajectory.phase == Phase.EXECUTION
            else (TaskStatus.DONE if after(Phase.EXECUTION) else TaskStatus.NOT_STARTED),
        ),
        Task(_("Audits"), TaskStatus.NOT_STARTED),
        Task(
            _("Sustaining"),
            TaskStatus.IN_PROGRESS if trajectory.phase == Phase.SUSTAINING else TaskStatus.NOT_STARTED,
        ),
    ]


def latest_plan(trajectory):
    """The newest version of the trajectory's improvement plan, or None."""
    return trajectory.plans.order_by("-number").first()


def _plan_task_status(plan) -> str:
    if plan is None:
        return TaskStatus.NOT_STARTED
    return {
        PlanStatus.DRAFT: TaskStatus.IN_PROGRESS,
        PlanStatus.SUBMITTED: TaskStatus.SUBMITTED,
        PlanStatus.RETURNED: TaskStatus.RETURNED,
        PlanStatus.APPROVED: TaskStatus.APPROVED,
        PlanStatus.SUPERSEDED: TaskStatus.APPROVED,
    }[plan.status]


@dataclass
class NextStep:
    text: str
    who: str


def trajectory_next_step(trajectory) -> NextStep | None:
    """What has to happen next on this trajectory, and who must act. None for an ended trajectory."""
    if not trajectory.is_open:
        return None
    staff, board, experts, expert_group = (
        _("Programme staff"),
        _("School board"),
        _("Education experts"),
        _("Expert group"),
    )
    if trajectory.phase == Phase.REGISTERED:
        return NextStep(
            _("Schedule the intake conversation, by %(date)s.")
            % {"date": date_format(trajectory.intake_due_on, "j F Y")},
            staff,
        )
    if trajectory.phase == Phase.INTAKE:
        return NextStep(_("Hold the intake and record whether the school takes part."), staff)
    if trajectory.phase == Phase.ANALYSIS:
        analysis = analysis_of(trajectory)
        if analysis is not None and analysis.status == AnalysisStatus.SUBMITTED:
            return NextStep(_("Approve the analysis or return it with comments."), expert_group)
        if analysis is not None and analysis.status == AnalysisStatus.RETURNED:
            return NextStep(
                _("Change the analysis after the expert group's comments and submit it again."), board
            )
        return NextStep(
            _("Complete the quality analysis and submit it to the expert group."), f"{experts}, {board}"
        )
    if trajectory.phase in (Phase.PLAN, Phase.EXECUTION):
        plan = latest_plan(trajectory)
        if plan is None:
            return NextStep(_("Write the improvement plan."), f"{board}, {experts}")
        if plan.status == PlanStatus.SUBMITTED:
            return NextStep(_("Approve the improvement plan or return it with comments."), expert_group)
        if plan.status == PlanStatus.RETURNED:
            return NextStep(
                _("Change the plan after the expert group's comments and submit it again."), board
            )
        if plan.status == PlanStatus.DRAFT:
            return NextStep(
                _("Complete the improvement plan and submit it to the expert group."), f"{board}, {experts}"
            )
        for step in LATER_STEPS.values():
            later = step.next_step(trajectory) if step.next_step else None
            if later is not None:
                return later
        return NextStep(
            _("Carry out the improvement plan; the experts visit every three months."), f"{board}, {experts}"
        )
    return NextStep(trajectory.get_phase_display(), staff)


def trajectory_overview_counts(user) -> dict[str, int]:
    """Headline numbers of the trajectories this user can see, for the start page."""
    from .models import Trajectory  # the models module imports this one

    trajectories = Trajectory.objects.visible_to(user).open()
    return {
        "open": trajectories.count(),
        "intake_overdue": trajectories.intake_overdue().count(),
        "awaiting_review": trajectories.filter(analysis__status=AnalysisStatus.SUBMITTED).count(),
    }


def analysis_with_everything(analysis):
    """The analysis with everything its page shows, in a fixed number of queries."""
    from .models import (  # models import us
        Analysis,
        AnalysisAttachment,
        AnalysisReview,
        ClassVisit,
        Interview,
    )

    visits = ClassVisit.objects.select_related("observer").prefetch_related("observations")
    return (
        Analysis.objects.filter(pk=analysis.pk)
        .select_related("trajectory__school")
        .prefetch_related(
            "findings",
            Prefetch("class_visits", queryset=visits),
            Prefetch("interviews", queryset=Interview.objects.select_related("interviewer")),
            Prefetch("attachments", queryset=AnalysisAttachment.objects.select_related("uploaded_by")),
            Prefetch("reviews", queryset=AnalysisReview.objects.select_related("submitted_by", "decided_by")),
        )
        .get()
    )


# The improvement plan


def plan_with_everything(plan):
    """A plan version with its goals, their findings, measures and comments, in a fixed number of queries."""
    from .models import Goal, ImprovementPlan, PlanReview  # the models module imports this one

    goals = Goal.objects.prefetch_related("findings", "measures", "comments__review").select_related(
        "previous"
    )
    return (
        ImprovementPlan.objects.filter(pk=plan.pk)
        .select_related("trajectory__school__board", "created_by", "previous")
        .prefetch_related(
            Prefetch("goals", queryset=goals),
            Prefetch("reviews", queryset=PlanReview.objects.select_related("submitted_by", "decided_by")),
        )
        .get()
    )


def goals_by_theme(plan) -> list[tuple[str, list]]:
    """The plan's goals grouped per core theme, in the order of the themes (uses the prefetched goals)."""
    from .constants import GOAL_THEMES, AnalysisTopic

    goals = list(plan.goals.all())
    return [
        (AnalysisTopic(theme).label, [goal for goal in goals if goal.theme == theme])
        for theme in GOAL_THEMES
        if any(goal.theme == theme for goal in goals)
    ]


@dataclass
class GoalChange:
    """How a goal of a plan version differs from its counterpart in the previous version."""

    goal: object | None  # in this version (None: removed)
    previous: object | None  # in the previous version (None: added)
    changes: list[tuple[str, str, str]]  # (what, before, after)

    @property
    def kind(self) -> str:
        if self.previous is None:
            return "added"
        if self.goal is None:
            return "removed"
        return "changed" if self.changes else "unchanged"


COMPARED_GOAL_FIELDS = [
    "theme",
    "description",
    "indicator",
    "unit",
    "baseline",
    "target",
    "direction",
    "deadline",
    "owner",
]


def plan_comparison(plan) -> list[GoalChange]:
    """Per goal, what this version changed against the previous one (empty for version 1)."""
    if plan.previous_id is None:
        return []
    previous_goals = {goal.pk: goal for goal in plan.previous.goals.prefetch_related("measures")}
    rows = []
    for goal in plan.goals.prefetch_related("measures"):
        before = previous_goals.pop(goal.previous_id, None)
        changes = []
        if before is not None:
            for name in COMPARED_GOAL_FIELDS:
                old, new = _display(before, name), _display(goal, name)
                if old != new:
                    changes.append((str(goal._meta.get_field(name).verbose_name), old, new))
            old_measures = sorted(str(measure) for measure in before.measures.all())
            new_measures = sorted(str(measure) for measure in goal.measures.all())
            if old_measures != new_measures:
                changes.append((str(_("measures")), "; ".join(old_measures), "; ".join(new_measures)))
        rows.append(GoalChange(goal=goal, previous=before, changes=changes))
    rows += [GoalChange(goal=None, previous=goal, changes=[]) for goal in previous_goals.values()]
    return rows


def _display(goal, name: str) -> str:
    value = getattr(goal, f"get_{name}_display", lambda: getattr(goal, name))()
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return number_format(value.normalize())
    return str(value)
