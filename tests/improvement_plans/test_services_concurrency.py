"""Two people click at once: exactly one step happens, the other is refused with a Dutch message.

Each click runs in its own thread with its own database connection; a barrier starts them together. The services
are slowed down just after they changed the trajectory (before their transaction commits), so the second click
always arrives while the first still holds the trajectory's row lock. Without that lock (and the re-check of the
phase after it) both clicks would pass the phase check.
"""

import time

import pytest

from improvement_plans import services
from improvement_plans.constants import EventKind, IntakeOutcome, Phase
from improvement_plans.models import Analysis, AnalysisReview, Trajectory, TrajectoryEvent
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.actors import BOARD, EDUCATION_EXPERT, EXPERT_GROUP, STAFF
from tests.concurrency import at_once, one_wins, run_each
from tests.factories import UserFactory
from tests.improvement_plans.trajectory_calls import (
    call_analysis_update,
    call_approve,
    call_register,
    call_return,
    call_takes_part,
)
from tests.improvement_plans.worlds import make_world, trajectory_in

pytestmark = pytest.mark.django_db(transaction=True)

PAUSE = 0.2  # seconds a service holds its lock after changing the trajectory


def slow_down_with(monkeypatch):
    """Make a service helper pause after it ran, inside the service's transaction."""

    def slow_down(name):
        # Each services module looks the helper up in its own namespace: slow it down in every one that uses it.
        for module in (services.trajectory, services.analysis, services.plan):
            if not hasattr(module, name):
                continue
            original = getattr(module, name)

            def slowed(*args, original=original, **kwargs):
                result = original(*args, **kwargs)
                time.sleep(PAUSE)
                return result

            monkeypatch.setattr(module, name, slowed)

    return slow_down


def two_staff_members_record_the_intake_outcome_at_once(world, slow):
    slow("record_event")
    trajectory = trajectory_in(world, "intake")
    other_staff = UserFactory(role=Role.PROGRAMME_STAFF)
    _winner, error = one_wins(
        at_once(
            lambda: call_takes_part(world, trajectory, world[STAFF]),
            lambda: services.intake_record_outcome(
                user=other_staff, trajectory=trajectory, outcome=IntakeOutcome.DECLINES, remarks="Geen tijd."
            ),
        )
    )
    trajectory.refresh_from_db()
    assert error.messages == [
        f"Deze stap kan nu niet: het traject is in de fase “{trajectory.get_phase_display()}”."
    ]
    assert trajectory.phase in (Phase.ANALYSIS, Phase.CLOSED)
    assert TrajectoryEvent.objects.filter(trajectory=trajectory).count() == 1
    assert Analysis.objects.filter(trajectory=trajectory).count() == (
        1 if trajectory.phase == Phase.ANALYSIS else 0
    )


def two_expert_group_members_judge_the_same_analysis_at_once(world, slow):
    slow("record_event")
    trajectory = trajectory_in(world, "analysis_submitted")
    other_member = UserFactory(role=Role.EXPERT_GROUP)
    winner, error = one_wins(
        at_once(
            lambda: call_approve(world, trajectory, world[EXPERT_GROUP]),
            lambda: call_return(world, trajectory, other_member),
        )
    )
    trajectory.refresh_from_db()
    assert error.messages == [
        "Deze stap kan nu niet: het traject is in de fase “Verbeterplan”."
        if winner == 0
        else "Er is geen ingediende analyse om te beoordelen."
    ]
    review = AnalysisReview.objects.get(analysis__trajectory=trajectory)
    if winner == 0:
        assert (review.decision, review.decided_by) == (ReviewDecision.APPROVED, world[EXPERT_GROUP])
        assert (trajectory.phase, trajectory.analysis.status) == (Phase.PLAN, SubmissionStatus.APPROVED)
    else:
        assert (review.decision, review.decided_by) == (ReviewDecision.RETURNED, other_member)
        assert (trajectory.phase, trajectory.analysis.status) == (Phase.ANALYSIS, SubmissionStatus.RETURNED)
    assert TrajectoryEvent.objects.filter(trajectory=trajectory).count() == 1
    assert trajectory.analysis.version == 2


def two_expert_group_members_approve_at_once(world, slow):
    slow("record_event")
    trajectory = trajectory_in(world, "analysis_submitted")
    other_member = UserFactory(role=Role.EXPERT_GROUP)
    one_wins(
        at_once(
            lambda: call_approve(world, trajectory, world[EXPERT_GROUP]),
            lambda: call_approve(world, trajectory, other_member),
        )
    )
    assert list(TrajectoryEvent.objects.filter(trajectory=trajectory).values_list("kind", flat=True)) == [
        EventKind.ANALYSIS_APPROVED
    ]
    assert AnalysisReview.objects.filter(analysis__trajectory=trajectory).exclude(decision="").count() == 1


def two_board_users_register_the_same_school_at_once(world, slow):
    slow("record_event")
    colleague = UserFactory(role=Role.SCHOOL_BOARD, school_board=world.board)
    _winner, error = one_wins(
        at_once(
            lambda: call_register(world, None, world[BOARD]),
            lambda: call_register(world, None, colleague),
        )
    )
    assert error.messages == ["Deze school heeft al een lopend traject."]
    assert Trajectory.objects.filter(school=world.school).count() == 1
    assert (
        TrajectoryEvent.objects.filter(trajectory__school=world.school, kind=EventKind.REGISTERED).count()
        == 1
    )


def two_people_save_the_same_version_of_the_analysis_at_once(world, slow):
    slow("bump_version")
    trajectory = trajectory_in(world, "analysis_draft")
    winner, error = one_wins(
        at_once(
            lambda: call_analysis_update(world, trajectory, world[EDUCATION_EXPERT], expected_version=1),
            lambda: call_analysis_update(
                world, trajectory, world[BOARD], expected_version=1, data_used="Alleen de eindtoets."
            ),
        )
    )
    assert "Iemand anders heeft deze analyse opgeslagen" in error.messages[0]
    analysis = Analysis.objects.get(trajectory=trajectory)
    assert analysis.version == 2
    if winner == 1:
        assert analysis.data_used == "Alleen de eindtoets."
    else:
        assert analysis.data_used.startswith("Eindtoets 2006–2008")
    assert analysis.history.count() == 2  # created, and the one save


SCENARIOS = [
    two_staff_members_record_the_intake_outcome_at_once,
    two_expert_group_members_judge_the_same_analysis_at_once,
    two_expert_group_members_approve_at_once,
    two_board_users_register_the_same_school_at_once,
    two_people_save_the_same_version_of_the_analysis_at_once,
]


def test_two_people_click_at_once(subtests, monkeypatch):
    """Trajectories and analyses: every scenario above as a subtest of one transactional test (see `run_each`)."""
    run_each(SCENARIOS, subtests, monkeypatch, make_world, slow_down_with)
