"""The reads the services rely on: who sees which trajectory and which notes, the task list and the next step, and
which intakes are overdue."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from improvement_plans import selectors
from improvement_plans.constants import NoteVisibility, Phase
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core import steps
from tests import actors
from tests.factories import (
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    TrajectoryNoteFactory,
    UserFactory,
)
from tests.improvement_plans.trajectory_calls import call_note_internal, call_note_shared
from tests.improvement_plans.worlds import ACTOR_IDS, ACTORS, trajectory_in

# visible_to

SEES = {
    actors.STAFF: {"own", "other"},
    actors.EXPERT_GROUP: {"own", "other"},
    actors.EDUCATION_EXPERT: {"own"},
    actors.FINANCIAL_EXPERT: {"own"},
    actors.BOARD: {"own"},
    actors.DIRECTOR: {"own_school"},
    actors.OTHER_SCHOOL_DIRECTOR: set(),
    actors.OTHER_BOARD: {"other"},
    actors.UNASSIGNED_EXPERT: set(),
    Role.INSPECTION: set(),
    Role.MUNICIPALITY: set(),
}


def test_every_actor_has_an_expected_scope():
    assert set(SEES) == set(ACTORS)


@pytest.mark.parametrize("actor", ACTORS, ids=ACTOR_IDS.get)
def test_visible_to(world, actor):
    """The own board's trajectory has the world's experts assigned (and a second education expert); the other
    board's has none. Ended trajectories are seen like open ones. The director sees the trajectory of their school
    only, not the other school's of the same board."""
    own = trajectory_in(world, "analysis_draft")
    own.education_experts.add(UserFactory(role=Role.EDUCATION_EXPERT))
    other = TrajectoryFactory(school=SchoolFactory(board=world.other_board), phase=Phase.REGISTERED)
    ended = trajectory_in(world, "withdrawn_during_analysis", school=SchoolFactory(board=world.board))
    expected = {"own": {own, ended}, "own_school": {own}, "other": {other}}
    visible = list(Trajectory.objects.visible_to(world[actor]))
    assert len(visible) == len(set(visible)), "no trajectory twice"
    assert set(visible) == set().union(*(expected[key] for key in SEES[actor]))


def test_nobody_anonymous_sees_a_trajectory(world):
    trajectory_in(world, "registered")
    assert not Trajectory.objects.visible_to(AnonymousUser()).exists()


def test_a_board_user_without_a_board_sees_nothing(world):
    trajectory_in(world, "registered")
    assert not Trajectory.objects.visible_to(UserFactory(role=Role.SCHOOL_BOARD, school_board=None)).exists()


def test_an_expert_sees_a_trajectory_from_the_moment_of_assignment(world):
    trajectory = trajectory_in(world, "registered")
    newcomer = world[actors.UNASSIGNED_EXPERT]
    assert not Trajectory.objects.visible_to(newcomer).exists()
    trajectory.education_experts.add(newcomer)
    assert list(Trajectory.objects.visible_to(newcomer)) == [trajectory]


# Notes


@pytest.mark.parametrize(
    ("actor", "sees_internal"),
    [
        (actors.STAFF, True),
        (actors.EDUCATION_EXPERT, True),
        (actors.FINANCIAL_EXPERT, True),
        (actors.EXPERT_GROUP, True),
        (actors.BOARD, False),
        (actors.DIRECTOR, False),
    ],
    ids=lambda value: ACTOR_IDS.get(value, str(value)),
)
def test_notes_visible_to(world, actor, sees_internal):
    trajectory = trajectory_in(world, "analysis_draft")
    internal = call_note_internal(world, trajectory, world[actors.STAFF])
    shared = call_note_shared(world, trajectory, world[actors.BOARD])
    visible = set(selectors.notes_visible_to(trajectory, world[actor]))
    assert visible == ({internal, shared} if sees_internal else {shared})


def test_a_board_never_sees_internal_notes_whoever_wrote_them(world):
    trajectory = trajectory_in(world, "analysis_draft")
    for author in (world[actors.STAFF], world[actors.EDUCATION_EXPERT], world[actors.EXPERT_GROUP]):
        TrajectoryNoteFactory(trajectory=trajectory, author=author, visibility=NoteVisibility.INTERNAL)
    shared = TrajectoryNoteFactory(
        trajectory=trajectory, author=world[actors.STAFF], visibility=NoteVisibility.SHARED
    )
    assert list(selectors.notes_visible_to(trajectory, world[actors.BOARD])) == [shared]


# The task list and the next step


def tasks(trajectory):
    return {str(task.label): str(task.status) for task in steps.trajectory_tasks(trajectory)}


def test_tasks_of_a_fresh_registration(world):
    trajectory = trajectory_in(world, "registered")
    trajectory.registered_on = timezone.localdate() - datetime.timedelta(weeks=1)
    assert tasks(trajectory) == {
        "Aanmelding": "Klaar",
        "Intake": "Niet gestart",
        "Kwaliteitsanalyse": "Niet gestart",
        "Verbeterplan": "Niet gestart",
        "Begroting": "Niet gestart",
        "Uitvoering": "Niet gestart",
        "Schoolbezoeken": "Niet gestart",
        "Voortgangsrapportages": "Niet gestart",
        "Audits": "Niet gestart",
        "Borging": "Niet gestart",
    }


def test_tasks_when_the_intake_is_late(world):
    trajectory = trajectory_in(world, "registered")
    assert tasks(trajectory)["Intake"] == "Te laat"


@pytest.mark.parametrize(
    ("state", "intake", "analysis", "plan"),
    [
        ("analysis_draft", "Klaar", "Bezig", "Niet gestart"),
        ("analysis_submitted", "Klaar", "Ingediend", "Niet gestart"),
        ("analysis_returned", "Klaar", "Teruggestuurd", "Niet gestart"),
        # The plan's task follows the plan itself: not started until its first version exists.
        ("plan", "Klaar", "Goedgekeurd", "Niet gestart"),
    ],
)
def test_tasks_during_and_after_the_analysis(world, state, intake, analysis, plan):
    found = tasks(trajectory_in(world, state))
    assert (found["Intake"], found["Kwaliteitsanalyse"], found["Verbeterplan"]) == (intake, analysis, plan)


def test_the_analysis_task_links_to_the_analysis_once_there_is_one(world):
    registered = trajectory_in(world, "registered")
    analysing = trajectory_in(world, "analysis_draft", school=SchoolFactory(board=world.board))
    [before] = [task for task in steps.trajectory_tasks(registered) if str(task.label) == "Kwaliteitsanalyse"]
    [during] = [task for task in steps.trajectory_tasks(analysing) if str(task.label) == "Kwaliteitsanalyse"]
    assert before.url is None
    assert during.url == analysing.analysis.get_absolute_url()


@pytest.mark.parametrize(
    ("state", "text", "who"),
    [
        ("intake", "Houd de intake en leg vast of de school meedoet.", "Projectorganisatie (DMO)"),
        (
            "analysis_draft",
            "Maak de kwaliteitsanalyse af en dien hem in bij de expertgroep.",
            "Onderwijsexperts, Schoolbestuur",
        ),
        ("analysis_submitted", "Keur de analyse goed of stuur hem terug met opmerkingen.", "Expertgroep"),
        (
            "analysis_returned",
            "Pas de analyse aan na de opmerkingen van de expertgroep en dien hem opnieuw in.",
            "Schoolbestuur",
        ),
        ("plan", "Schrijf het verbeterplan.", "Schoolbestuur, Onderwijsexperts"),
    ],
)
def test_the_next_step(world, state, text, who):
    step = steps.trajectory_next_step(trajectory_in(world, state))
    assert (str(step.text), str(step.who)) == (text, who)


def test_the_next_step_after_registration_names_the_date_the_intake_is_due(world):
    trajectory = trajectory_in(world, "registered")  # registered on 1 September 2008
    step = steps.trajectory_next_step(trajectory)
    assert (str(step.text), str(step.who)) == (
        "Plan het intakegesprek, uiterlijk 29 september 2008.",
        "Projectorganisatie (DMO)",
    )


@pytest.mark.parametrize(
    "state", ["closed_at_intake", "withdrawn_during_analysis", "closed_after_sustaining"]
)
def test_an_ended_trajectory_has_no_next_step(world, state):
    assert steps.trajectory_next_step(trajectory_in(world, state)) is None


# Overdue intakes


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("phase", "registered_days_ago", "intake_in_days", "overdue"),
    [
        pytest.param(Phase.REGISTERED, 35, None, True, id="registered-5-weeks-ago-without-intake"),
        pytest.param(Phase.REGISTERED, 14, None, False, id="registered-2-weeks-ago"),
        pytest.param(Phase.REGISTERED, 28, None, False, id="registered-exactly-4-weeks-ago"),
        pytest.param(Phase.INTAKE, 35, -1, True, id="intake-date-passed-without-outcome"),
        pytest.param(Phase.INTAKE, 35, 0, False, id="intake-today"),
        pytest.param(Phase.INTAKE, 35, 3, False, id="intake-planned"),
        pytest.param(Phase.ANALYSIS, 100, -60, False, id="intake-held"),
        pytest.param(Phase.WITHDRAWN, 100, None, False, id="withdrawn"),
    ],
)
def test_intake_overdue(db, phase, registered_days_ago, intake_in_days, overdue):
    trajectory = TrajectoryFactory(
        phase=phase,
        registered_on=days_ago(registered_days_ago),
        intake_date=None
        if intake_in_days is None
        else timezone.localdate() + datetime.timedelta(days=intake_in_days),
        ended_on=timezone.localdate() if phase == Phase.WITHDRAWN else None,
    )
    TrajectoryFactory(
        school=SchoolFactory(board=SchoolBoardFactory()), phase=Phase.EXECUTION
    )  # never overdue
    assert list(Trajectory.objects.intake_overdue()) == ([trajectory] if overdue else [])
    assert trajectory.intake_overdue is overdue


@pytest.mark.parametrize(
    ("plan_status", "task", "next_step"),
    [
        ("concept", "Bezig", "Maak het verbeterplan af en dien het in bij de expertgroep."),
        ("ingediend", "Ingediend", "Keur het verbeterplan goed of stuur het terug met opmerkingen."),
        (
            "teruggestuurd",
            "Teruggestuurd",
            "Pas het plan aan na de opmerkingen van de expertgroep en dien het opnieuw in.",
        ),
    ],
)
def test_the_plan_task_and_next_step_follow_the_plan(db, plan_status, task, next_step):
    from tests.factories import ImprovementPlanFactory

    plan = ImprovementPlanFactory(status=plan_status)
    tasks = {str(item.label): item for item in steps.trajectory_tasks(plan.trajectory)}
    assert str(tasks["Verbeterplan"].status) == task
    assert tasks["Verbeterplan"].url == f"/trajecten/{plan.trajectory_id}/plan/"
    assert str(steps.trajectory_next_step(plan.trajectory).text) == next_step
