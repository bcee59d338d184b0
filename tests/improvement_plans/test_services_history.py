"""Every change leaves a trace: an event on the trajectory's timeline with who and when, and history rows
(django-simple-history) on the trajectory and its analysis."""

from itertools import groupby

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from improvement_plans import services
from improvement_plans.constants import EventKind, IntakeOutcome, InterviewPartner, Phase, TrajectoryReason
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.actors import BOARD, EDUCATION_EXPERT, EXPERT_GROUP, FINANCIAL_EXPERT, STAFF, UNASSIGNED_EXPERT
from tests.improvement_plans.trajectory_calls import (
    answered_findings,
    call_analysis_update,
    call_assign_experts,
    call_class_visit,
    call_declines,
    call_intake_schedule,
    call_interview,
    call_register,
    call_return,
    call_submit,
    call_withdraw,
)


def timeline(trajectory):
    return [
        (event.kind, event.actor, event.comment) for event in trajectory.events.order_by("created_at", "id")
    ]


def changes(history, field):
    """The successive values of a field in the history rows, repeated values once."""
    values = history.order_by("history_date", "history_id").values_list(field, flat=True)
    return [value for value, _group in groupby(values)]


def test_the_whole_walk_leaves_an_event_for_every_step_with_who_and_when(world):
    staff, board, expert, group = world[STAFF], world[BOARD], world[EDUCATION_EXPERT], world[EXPERT_GROUP]
    started = timezone.now()
    trajectory = call_register(world, None, board)
    call_intake_schedule(world, trajectory, staff)
    services.intake_record_outcome(user=staff, trajectory=trajectory, outcome=IntakeOutcome.TAKES_PART)
    call_assign_experts(world, trajectory, staff)
    call_analysis_update(world, trajectory, expert, expected_version=1, findings=answered_findings())
    # Made jointly: a class visit and the interviews with the director and the internal supervisor.
    call_class_visit(world, trajectory, expert)
    call_interview(world, trajectory, expert)
    call_interview(world, trajectory, expert, partner=InterviewPartner.INTERNAL_SUPERVISOR)
    call_submit(world, trajectory, board, expected_version=2)
    call_return(world, trajectory, group, comments="Onderbouw het oordeel over rekenen.")
    call_analysis_update(world, trajectory, board, expected_version=4, findings=answered_findings())
    call_submit(world, trajectory, board, expected_version=5)
    services.analysis_approve(user=group, trajectory=trajectory, comments="Akkoord.")

    assert [(kind, actor) for kind, actor, _comment in timeline(trajectory)] == [
        (EventKind.REGISTERED, board),
        (EventKind.INTAKE_SCHEDULED, staff),
        (EventKind.TAKES_PART, staff),
        (EventKind.EXPERTS_ASSIGNED, staff),
        (EventKind.ANALYSIS_SUBMITTED, board),
        (EventKind.ANALYSIS_RETURNED, group),
        (EventKind.ANALYSIS_SUBMITTED, board),
        (EventKind.ANALYSIS_APPROVED, group),
    ]
    comments = [comment for _kind, _actor, comment in timeline(trajectory)]
    assert comments[0] == "Op de referentielijst"
    assert comments[5] == "Onderbouw het oordeel over rekenen."
    assert comments[7] == "Akkoord."
    assert all(started <= event.created_at <= timezone.now() for event in trajectory.events.all())

    # Field history on the trajectory and the analysis.
    trajectory.refresh_from_db()
    assert changes(trajectory.history.all(), "phase") == [
        Phase.REGISTERED,
        Phase.INTAKE,
        Phase.ANALYSIS,
        Phase.PLAN,
    ]
    assert changes(trajectory.analysis.history.all(), "status") == [
        SubmissionStatus.DRAFT,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.RETURNED,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.APPROVED,
    ]
    assert list(
        trajectory.analysis.history.values_list("version", flat=True).order_by("history_date")
    ) == list(range(1, 8))

    # Both submissions stay, with their decision and comments.
    reviews = trajectory.analysis.reviews.order_by("submitted_at", "id")
    assert [(r.submitted_by, r.decision, r.decided_by, r.comments) for r in reviews] == [
        (board, ReviewDecision.RETURNED, group, "Onderbouw het oordeel over rekenen."),
        (board, ReviewDecision.APPROVED, group, "Akkoord."),
    ]
    assert all(r.submitted_at <= r.decided_at for r in reviews)


def test_a_declined_intake_is_on_the_timeline_with_its_reason(world):
    staff = world[STAFF]
    trajectory = call_register(world, None, staff, reason=TrajectoryReason.VOLUNTARY)
    call_intake_schedule(world, trajectory, staff)
    call_declines(world, trajectory, staff, remarks="Het bestuur kiest een eigen aanpak.")
    assert [(kind, actor, comment) for kind, actor, comment in timeline(trajectory)][1:] == [
        (EventKind.INTAKE_SCHEDULED, staff, "Op 22 september 2008 met " + str(world[EDUCATION_EXPERT])),
        (EventKind.DECLINED, staff, "Het bestuur kiest een eigen aanpak."),
    ]
    trajectory.refresh_from_db()
    assert changes(trajectory.history.all(), "phase") == [Phase.REGISTERED, Phase.INTAKE, Phase.CLOSED]
    assert trajectory.history.latest().end_reason == "Het bestuur kiest een eigen aanpak."


def test_withdrawing_is_on_the_timeline_and_in_the_history(world):
    staff = world[STAFF]
    trajectory = call_register(world, None, staff, reason=TrajectoryReason.VOLUNTARY)
    call_withdraw(world, trajectory, staff, reason="De school sluit.")
    assert timeline(trajectory)[-1] == (EventKind.WITHDRAWN, staff, "De school sluit.")
    latest = trajectory.history.latest()
    assert (latest.phase, latest.ended_on, latest.end_reason) == (
        Phase.WITHDRAWN,
        timezone.localdate(),
        "De school sluit.",
    )


def test_assigning_experts_names_them_on_the_timeline(world):
    staff = world[STAFF]
    trajectory = call_register(world, None, staff, reason=TrajectoryReason.VOLUNTARY)
    call_assign_experts(world, trajectory, staff)
    kind, actor, comment = timeline(trajectory)[-1]
    assert (kind, actor) == (EventKind.EXPERTS_ASSIGNED, staff)
    for expert in (world[EDUCATION_EXPERT], world[UNASSIGNED_EXPERT], world[FINANCIAL_EXPERT]):
        assert str(expert) in comment


def test_a_refused_step_leaves_no_event(world):
    staff = world[STAFF]
    trajectory = call_register(world, None, staff, reason=TrajectoryReason.VOLUNTARY)
    with pytest.raises(ValidationError):
        services.intake_record_outcome(user=staff, trajectory=trajectory, outcome=IntakeOutcome.TAKES_PART)
    assert [kind for kind, _actor, _comment in timeline(trajectory)] == [EventKind.REGISTERED]
    assert trajectory.history.count() == 1
