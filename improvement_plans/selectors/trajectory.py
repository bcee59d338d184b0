"""Reads about trajectories shared by the pages, their tables and the monitor (lists start from `visible_to`), and
the trajectory's own steps on its page: registration and intake, execution and sustaining."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.steps import NextStep, Step, Task, TaskStatus
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from kwaliteitsaanpak.permissions import users_with_perm
from schools.models import School

from ..constants import OPEN_PHASES, NoteVisibility, Phase
from ..models import Trajectory, TrajectoryNote

# Who acts, as the trajectory page names them.
STAFF, BOARD, EXPERTS, EXPERT_GROUP = (
    _("Programme staff"),
    _("School board"),
    _("Education experts"),
    _("Expert group"),
)


def open_phase_values() -> list[str]:
    return [phase.value for phase in OPEN_PHASES]


def notes_visible_to(trajectory: Trajectory, user) -> QuerySet[TrajectoryNote]:
    """The notes of a trajectory this user may read: a board user never sees internal ones."""
    notes = trajectory.notes.select_related("author")
    if user.has_perm("improvement_plans.write_internal_note", trajectory):
        return notes
    return notes.filter(visibility=NoteVisibility.SHARED)


def education_experts() -> QuerySet:
    """The users that can be assigned as education expert (their role holds that permission)."""
    return users_with_perm("improvement_plans.act_as_education_expert")


def financial_experts() -> QuerySet:
    return users_with_perm("improvement_plans.act_as_financial_expert")


def trajectory_overview_counts(user) -> dict[str, int]:
    """Headline numbers of the trajectories this user can see, for the start page."""
    trajectories = Trajectory.objects.visible_to(user).open()
    return {
        "open": trajectories.count(),
        "intake_overdue": trajectories.intake_overdue().count(),
        "awaiting_review": trajectories.filter(analysis__status=SubmissionStatus.SUBMITTED).count(),
    }


def phase_is_past(trajectory: Trajectory, phase: Phase) -> bool:
    """Whether the trajectory has moved beyond `phase` (never for an ended trajectory)."""
    order = open_phase_values()
    return trajectory.phase in order and order.index(trajectory.phase) > order.index(phase)


# The trajectory's own steps on its page (see `kwaliteitsaanpak.core.steps`; registered in `apps.py`).


def _registration_task(trajectory: Trajectory) -> Task:
    return Task(_("Registration"), TaskStatus.DONE)


def _registration_next_step(trajectory: Trajectory) -> NextStep | None:
    if trajectory.phase != Phase.REGISTERED:
        return None
    return NextStep(
        _("Schedule the intake conversation, by %(date)s.")
        % {"date": date_format(trajectory.intake_due_on, "j F Y")},
        STAFF,
    )


def _intake_task(trajectory: Trajectory) -> Task:
    status = TaskStatus.NOT_STARTED
    if trajectory.intake_outcome:
        status = TaskStatus.DONE
    elif trajectory.intake_overdue:
        status = TaskStatus.LATE
    elif trajectory.phase == Phase.INTAKE:
        status = TaskStatus.IN_PROGRESS
    return Task(_("Intake"), status)


def _intake_next_step(trajectory: Trajectory) -> NextStep | None:
    if trajectory.phase != Phase.INTAKE:
        return None
    return NextStep(_("Hold the intake and record whether the school takes part."), STAFF)


def _execution_task(trajectory: Trajectory) -> Task:
    status = TaskStatus.NOT_STARTED
    if trajectory.phase == Phase.EXECUTION:
        status = TaskStatus.IN_PROGRESS
    elif phase_is_past(trajectory, Phase.EXECUTION):
        status = TaskStatus.DONE
    return Task(_("Execution"), status)


def _execution_next_step(trajectory: Trajectory) -> NextStep | None:
    if trajectory.phase not in (Phase.PLAN, Phase.EXECUTION):
        return None
    return NextStep(
        _("Carry out the improvement plan; the experts visit every three months."), f"{BOARD}, {EXPERTS}"
    )


def _sustaining_task(trajectory: Trajectory) -> Task:
    in_progress = trajectory.phase == Phase.SUSTAINING
    return Task(_("Sustaining"), TaskStatus.IN_PROGRESS if in_progress else TaskStatus.NOT_STARTED)


REGISTRATION_STEP = Step(
    order=10, name="registration", task=_registration_task, next_step=_registration_next_step
)
INTAKE_STEP = Step(order=20, name="intake", task=_intake_task, next_step=_intake_next_step)
# Its next action is general, so it is asked after the execution steps of higher apps (progress reports 65, visits 62,
# audits 70), which name what waits and for whom.
EXECUTION_STEP = Step(
    order=60, name="execution", task=_execution_task, next_step=_execution_next_step, next_step_order=85
)
SUSTAINING_STEP = Step(order=90, name="sustaining", task=_sustaining_task)


def schools_to_register(user):
    """The schools `user` may register: within their scope and without an open trajectory (a school has at most
    one). Empty for a board whose every school already takes part."""
    return School.objects.visible_to(user).with_participation().filter(participation_reason__isnull=True)
