"""Reads of the improvement plan's versions: the plan with everything its pages show, its goals numbered in the
order every page and document uses, the comparison with the previous version, and the plan's step on the
trajectory page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, Field, Prefetch, Value, When
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.steps import NextStep, Step, Task, TaskStatus
from kwaliteitsaanpak.core.workflow import SubmissionStatus

from ..constants import GOAL_THEMES, AnalysisTopic, Phase
from ..models import Goal, ImprovementPlan, Measure, PlanReview, Trajectory
from .analysis import SUBMISSION_TASK_STATUS
from .trajectory import BOARD, EXPERT_GROUP, EXPERTS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def latest_plan(trajectory: Trajectory) -> ImprovementPlan | None:
    """The newest version of the trajectory's improvement plan, or None."""
    return trajectory.plans.order_by("-number").first()


def plan_with_everything(plan: ImprovementPlan) -> ImprovementPlan:
    """A plan version with its goals, their findings, measures and comments, in a fixed number of queries."""
    goals = Goal.objects.prefetch_related("findings", "measures", "comments__review").select_related(
        "previous"
    )
    return (
        ImprovementPlan.objects.filter(pk=plan.pk)
        .select_related("trajectory__school__board", "trajectory__programme_round", "created_by", "previous")
        .prefetch_related(
            Prefetch("goals", queryset=goals),
            Prefetch("reviews", queryset=PlanReview.objects.select_related("submitted_by", "decided_by")),
        )
        .get()
    )


def goals_by_theme(plan: ImprovementPlan) -> list[tuple[StrOrPromise, list[Goal]]]:
    """The plan's goals grouped per core theme, in the order of the themes (uses the prefetched goals)."""
    goals = list(plan.goals.all())
    return [
        (AnalysisTopic(theme).label, [goal for goal in goals if goal.theme == theme])
        for theme in GOAL_THEMES
        if any(goal.theme == theme for goal in goals)
    ]


@dataclass
class GoalRow:
    """A goal as the plan's pages and documents show it: its number ("Goal 3"), measures and their cost."""

    number: int
    goal: Goal
    measures: list[Measure]
    findings: list
    cost: Decimal


@dataclass
class ThemeRows:
    label: StrOrPromise
    goals: list[GoalRow] = field(default_factory=list)

    @property
    def cost(self) -> Decimal:
        return sum((row.cost for row in self.goals), Decimal(0))


def plan_goal_rows(plan: ImprovementPlan) -> list[ThemeRows]:
    """The plan's goals per core theme, numbered in that order: the one numbering of the plan page, the review page,
    the PDF and the budget pages. Uses the prefetched goals, findings and measures (`plan_with_everything`)."""
    themes, number = [], 0
    for label, goals in goals_by_theme(plan):
        theme = ThemeRows(label)
        for goal in goals:
            number += 1
            measures = list(goal.measures.all())
            cost = sum((measure.estimated_cost for measure in measures), Decimal(0))
            theme.goals.append(GoalRow(number, goal, measures, list(goal.findings.all()), cost))
        themes.append(theme)
    return themes


def goal_numbers(plan: ImprovementPlan) -> dict[int, int]:
    """Goal id → its number on the plan's pages (one query when the goals are not prefetched)."""
    goals = [goal for _label, goals in goals_by_theme(plan) for goal in goals]
    return {goal.pk: number for number, goal in enumerate(goals, start=1)}


def goal_order(goal: str = "") -> list:
    """`order_by` terms that put goals, or rows that reach a goal through the lookup `goal` (e.g. "measure__goal"),
    in the order of the plan's numbering (`plan_goal_rows`): per core theme in the themes' order, then the goal's
    order. Goals outside the core themes have no number and come first."""
    prefix = f"{goal}__" if goal else ""
    theme_position = Case(
        *(
            When(**{f"{prefix}theme": theme}, then=Value(position))
            for position, theme in enumerate(GOAL_THEMES, start=1)
        ),
        default=Value(0),
    )
    return [theme_position, f"{prefix}order", f"{prefix}id"]


@dataclass
class GoalChange:
    """How a goal of a plan version differs from its counterpart in the previous version."""

    goal: Goal | None  # in this version (None: removed)
    previous: Goal | None  # in the previous version (None: added)
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


def plan_comparison(plan: ImprovementPlan) -> list[GoalChange]:
    """Per goal, what this version changed against the previous one (empty for version 1)."""
    previous = plan.previous  # None without a query for version 1
    if previous is None:
        return []
    previous_goals: dict[int | None, Goal] = {
        goal.pk: goal for goal in previous.goals.prefetch_related("measures")
    }
    rows = []
    for goal in plan.goals.prefetch_related("measures"):
        before = previous_goals.pop(goal.previous_id, None)
        changes = []
        if before is not None:
            for name in COMPARED_GOAL_FIELDS:
                old, new = _display(before, name), _display(goal, name)
                if old != new:
                    changes.append((_field_label(name), old, new))
            old_measures = sorted(str(measure) for measure in before.measures.all())
            new_measures = sorted(str(measure) for measure in goal.measures.all())
            if old_measures != new_measures:
                changes.append((str(_("measures")), "; ".join(old_measures), "; ".join(new_measures)))
        rows.append(GoalChange(goal=goal, previous=before, changes=changes))
    rows += [GoalChange(goal=None, previous=goal, changes=[]) for goal in previous_goals.values()]
    return rows


def _field_label(name: str) -> str:
    model_field = Goal._meta.get_field(name)
    return str(model_field.verbose_name) if isinstance(model_field, Field) else name


def _display(goal: Goal, name: str) -> str:
    value = getattr(goal, f"get_{name}_display", lambda: getattr(goal, name))()
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return number_format(value.normalize())
    return str(value)


def _plan_task(trajectory: Trajectory) -> Task:
    plan = latest_plan(trajectory)
    reachable = plan is not None or trajectory.phase in (Phase.PLAN, Phase.EXECUTION, Phase.SUSTAINING)
    return Task(
        _("Improvement plan"),
        SUBMISSION_TASK_STATUS[plan.status] if plan else TaskStatus.NOT_STARTED,
        url=reverse("improvement_plans:plan_latest", args=[trajectory.pk]) if reachable else None,
    )


def _plan_next_step(trajectory: Trajectory) -> NextStep | None:
    if trajectory.phase not in (Phase.PLAN, Phase.EXECUTION):
        return None
    plan = latest_plan(trajectory)
    if plan is None:
        return NextStep(_("Write the improvement plan."), f"{BOARD}, {EXPERTS}")
    if plan.status == SubmissionStatus.SUBMITTED:
        return NextStep(_("Approve the improvement plan or return it with comments."), EXPERT_GROUP)
    if plan.status == SubmissionStatus.RETURNED:
        return NextStep(_("Change the plan after the expert group's comments and submit it again."), BOARD)
    if plan.status == SubmissionStatus.DRAFT:
        return NextStep(
            _("Complete the improvement plan and submit it to the expert group."), f"{BOARD}, {EXPERTS}"
        )
    return None


PLAN_STEP = Step(order=40, name="plan", task=_plan_task, next_step=_plan_next_step)
