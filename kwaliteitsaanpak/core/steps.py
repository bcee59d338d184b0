"""How the steps of a trajectory plug into its page, whatever app they live in (ADR 7).

The trajectory (in `improvement_plans`) may not import the apps above it, yet its page lists every step of the
programme and says what has to happen next. So each step registers itself here, from its app's `ready()`:

- `register_step(Step(...))`: its place in the programme (`order`), its entry on the task list and, when it is the
  step waiting for someone, the next action and who must act. improvement_plans registers its own steps the same way.
- `register_panel(Panel(...))`: a section of its own on the trajectory page, below the task list.
- `register_event_kinds(SomeEventKind)`: the kinds of event the step writes on the trajectory's timeline, with their
  labels. `TrajectoryEvent.kind` takes its choices from here through a callable, so a new kind needs no migration in
  another app.

`trajectory_tasks` and `trajectory_next_step` read the registry in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import TextChoices
    from django_stubs_ext import StrOrPromise


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
class Task:
    """One step of the programme on the trajectory's task list."""

    label: StrOrPromise
    status: StrOrPromise  # one of TaskStatus
    url: str | None = None
    hint: StrOrPromise = ""


@dataclass
class NextStep:
    """What has to happen next on a trajectory, and who must act."""

    text: StrOrPromise
    who: StrOrPromise


@dataclass(frozen=True)
class Step:
    """A step of the programme as the trajectory page shows it.

    `task(trajectory)` gives the step's line on the task list. `next_step(trajectory)` gives the action waiting on
    this step, or None when the step is not the one waiting (steps are asked in `order`, the first answer wins).
    """

    order: int
    name: str
    task: Callable[[Any], Task]
    next_step: Callable[[Any], NextStep | None] | None = None
    # Where the step is asked for the next action, when that differs from its place on the task list: a general
    # answer ("carry out the plan") is asked after the specific steps that may have something waiting.
    next_step_order: int | None = None


@dataclass(frozen=True)
class Panel:
    """A section a step adds to the trajectory page, below the task list (e.g. the goals' latest progress, the open
    actions of a stagnating execution, the audits). `context(trajectory, user)` gives the template's `panel`
    variable, or None when the section has nothing to show to this user. Panels are shown in `order`."""

    order: int
    name: str
    template: str
    context: Callable[[Any, Any], dict | None]


_STEPS: dict[str, Step] = {}
_PANELS: dict[str, Panel] = {}
_EVENT_KINDS: dict[str, StrOrPromise] = {}


def register_step(step: Step) -> None:
    """Add (or, registered again under the same name, replace) a step. Called from an app's `ready()`."""
    _STEPS[step.name] = step


def registered_steps() -> list[Step]:
    return sorted(_STEPS.values(), key=lambda step: step.order)


def trajectory_tasks(trajectory: Any) -> list[Task]:
    """The programme's steps in order, each with its status on this trajectory."""
    return [step.task(trajectory) for step in registered_steps()]


def trajectory_next_step(trajectory: Any) -> NextStep | None:
    """What has to happen next on this trajectory, and who must act. None for an ended trajectory."""
    if not trajectory.is_open:
        return None
    for step in sorted(registered_steps(), key=lambda step: step.next_step_order or step.order):
        action = step.next_step(trajectory) if step.next_step else None
        if action is not None:
            return action
    return NextStep(trajectory.get_phase_display(), _("Programme staff"))


_PLAN_PARTS: dict[str, Callable[[Any], Task]] = {}


def register_plan_part(name: str, task: Callable[[Any], Task]) -> None:
    """A part of an improvement plan version that a higher app keeps (finance: its budget). `task(plan)` gives the
    part's status on the plan's submit page, so that whoever submits the plan sees whether it is drawn up."""
    _PLAN_PARTS[name] = task


def plan_parts(plan: Any) -> list[Task]:
    """The registered parts of a plan version, each with its status."""
    return [task(plan) for task in _PLAN_PARTS.values()]


def register_panel(panel: Panel) -> None:
    """Add (or, registered again under the same name, replace) a section of the trajectory page."""
    _PANELS[panel.name] = panel


def trajectory_panels(trajectory: Any, user: Any) -> list[tuple[str, dict]]:
    """The sections the steps add to the trajectory page for this user, as (template, context) in order."""
    sections = []
    for panel in sorted(_PANELS.values(), key=lambda panel: panel.order):
        context = panel.context(trajectory, user)
        if context is not None:
            sections.append((panel.template, context))
    return sections


def register_event_kinds(kinds: type[TextChoices]) -> None:
    """Make an app's event kinds (a TextChoices) known to the trajectory's timeline. A value may be registered once
    only, so two apps cannot claim the same kind."""
    for value, label in kinds.choices:
        if _EVENT_KINDS.get(value, label) != label:
            raise ValueError(f"The event kind {value!r} is registered twice.")
        _EVENT_KINDS[value] = label


def event_kind_choices() -> list[tuple[str, StrOrPromise]]:
    """The choices of `TrajectoryEvent.kind`: every registered kind."""
    return list(_EVENT_KINDS.items())
