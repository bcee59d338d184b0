"""The trajectory services of issue 3: who may make each change (per role) and in which phase.

The transition matrix below is data: for every service that changes a trajectory or its analysis, the roles that may
call it. Every other role (plus a board user of another board and an education expert who is not assigned) is
refused with PermissionDenied, and nothing changes. Then every service is called in every phase: where the phase
does not allow it, the service refuses with a Dutch message and nothing changes.

The other files `test_services_*.py` hold bad input, the history, two people clicking at once and the selectors;
they, like this file, build their data with worlds.py and call the services through trajectory_calls.py.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from improvement_plans import services
from improvement_plans.constants import (
    AnalysisTopic,
    EventKind,
    IntakeOutcome,
    InterviewPartner,
    NoteVisibility,
    ObservationPoint,
    Phase,
)
from improvement_plans.models import AnalysisAttachment, ClassVisit, Interview, Trajectory, TrajectoryNote
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.actors import (
    BOARD,
    DIRECTOR,
    EDUCATION_EXPERT,
    EXPERT_GROUP,
    FINANCIAL_EXPERT,
    STAFF,
    UNASSIGNED_EXPERT,
)
from tests.factories import SchoolFactory
from tests.improvement_plans.trajectory_calls import (
    answered_findings,
    call_analysis_update,
    call_approve,
    call_assign_experts,
    call_attachment,
    call_class_visit,
    call_declines,
    call_intake_schedule,
    call_interview,
    call_note_internal,
    call_note_shared,
    call_register,
    call_return,
    call_submit,
    call_takes_part,
    call_withdraw,
)
from tests.improvement_plans.worlds import (
    ACTOR_IDS,
    ACTORS,
    INTAKE_ON,
    OPEN_STATES,
    REGISTERED_ON,
    STATES,
    VISIT_ON,
    changed_or_refused,
    phase_message,
    refused,
    the_event,
    trajectory_in,
)
from tests.matrices import allowed_or_refused, decision_of, matrix
from tests.refusals import messages_of

# What an allowed call leaves behind


def check_register(world, trajectory, user, result):
    trajectory = Trajectory.objects.get(school=world.school)
    assert trajectory == result
    assert (trajectory.phase, trajectory.registered_on, trajectory.registered_by) == (
        Phase.REGISTERED,
        REGISTERED_ON,
        user,
    )
    assert trajectory.is_open
    assert the_event(trajectory, EventKind.REGISTERED, user).comment == "Op de referentielijst"


def check_intake_schedule(world, trajectory, user, result):
    trajectory.refresh_from_db()
    assert (trajectory.phase, trajectory.intake_date) == (Phase.INTAKE, INTAKE_ON)
    assert list(trajectory.intake_experts.all()) == [world[EDUCATION_EXPERT]]
    assert "22 september 2008" in the_event(trajectory, EventKind.INTAKE_SCHEDULED, user).comment


def check_takes_part(world, trajectory, user, result):
    trajectory.refresh_from_db()
    assert (trajectory.phase, trajectory.intake_outcome) == (Phase.ANALYSIS, IntakeOutcome.TAKES_PART)
    assert trajectory.is_open
    analysis = trajectory.analysis
    assert (analysis.status, analysis.version) == (SubmissionStatus.DRAFT, 1)
    assert sorted(analysis.findings.values_list("topic", flat=True)) == sorted(AnalysisTopic.values)
    the_event(trajectory, EventKind.TAKES_PART, user)


def check_declines(world, trajectory, user, result):
    trajectory.refresh_from_db()
    assert (trajectory.phase, trajectory.intake_outcome) == (Phase.CLOSED, IntakeOutcome.DECLINES)
    assert trajectory.ended_on == timezone.localdate()
    assert trajectory.end_reason == "Het bestuur kiest voor een eigen verbeteraanpak."
    assert not hasattr(trajectory, "analysis")
    the_event(trajectory, EventKind.DECLINED, user)


def check_assign_experts(world, trajectory, user, result):
    trajectory.refresh_from_db()
    assert set(trajectory.education_experts.all()) == {world[EDUCATION_EXPERT], world[UNASSIGNED_EXPERT]}
    assert trajectory.financial_expert == world[FINANCIAL_EXPERT]
    assert trajectory.phase == Phase.ANALYSIS
    the_event(trajectory, EventKind.EXPERTS_ASSIGNED, user)


def check_withdraw(world, trajectory, user, result):
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.WITHDRAWN
    assert (trajectory.ended_on, trajectory.end_reason) == (
        timezone.localdate(),
        "Het bestuur fuseert de school met een andere school.",
    )
    # Nothing is deleted.
    assert trajectory.analysis.findings.count() == len(AnalysisTopic)
    the_event(trajectory, EventKind.WITHDRAWN, user)


def check_analysis_update(world, trajectory, user, result):
    analysis = trajectory.analysis
    analysis.refresh_from_db()
    assert analysis.version == 2
    assert analysis.data_used.startswith("Eindtoets 2006–2008")
    assert (analysis.strengths, analysis.weaknesses) == ("Betrokken team.", "Weinig differentiatie.")
    finding = analysis.findings.get(topic=AnalysisTopic.CHALLENGE)
    assert (finding.finding, finding.rating) == ("Leerlingen worden weinig uitgedaagd.", 2)
    assert analysis.status == SubmissionStatus.DRAFT


def check_class_visit(world, trajectory, user, result):
    visit = ClassVisit.objects.get()
    assert visit == result
    assert (visit.analysis, visit.date, visit.group, visit.observer) == (
        trajectory.analysis,
        VISIT_ON,
        5,
        world[EDUCATION_EXPERT],
    )
    assert dict(visit.observations.values_list("point", "score")) == {
        point.value: 3 for point in ObservationPoint
    }


def check_interview(world, trajectory, user, result):
    interview = Interview.objects.get()
    assert (interview.analysis, interview.partner, interview.summary) == (
        trajectory.analysis,
        InterviewPartner.DIRECTOR,
        "De directeur wil de instructie verbeteren.",
    )


def check_attachment(world, trajectory, user, result):
    attachment = AnalysisAttachment.objects.get()
    assert (attachment.analysis, attachment.original_filename, attachment.uploaded_by) == (
        trajectory.analysis,
        "schoolplan.pdf",
        user,
    )
    # Stored under a random name, never the original one.
    assert "schoolplan" not in attachment.file.name
    with attachment.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 schoolplan"


def check_submit(world, trajectory, user, result):
    analysis = trajectory.analysis
    analysis.refresh_from_db()
    assert (analysis.status, analysis.version) == (SubmissionStatus.SUBMITTED, 2)
    review = analysis.reviews.get()
    assert review == result
    assert (review.submitted_by, review.decision, review.decided_by) == (user, "", None)
    assert Trajectory.objects.get(pk=trajectory.pk).phase == Phase.ANALYSIS
    the_event(trajectory, EventKind.ANALYSIS_SUBMITTED, user)


def check_approve(world, trajectory, user, result):
    trajectory.refresh_from_db()
    analysis = trajectory.analysis
    assert (trajectory.phase, analysis.status) == (Phase.PLAN, SubmissionStatus.APPROVED)
    assert not analysis.is_editable
    review = analysis.reviews.get()
    assert decision_of(review) == (ReviewDecision.APPROVED, user, "Helder en volledig.")
    assert review.decided_at is not None
    the_event(trajectory, EventKind.ANALYSIS_APPROVED, user)


def check_return(world, trajectory, user, result):
    trajectory.refresh_from_db()
    analysis = trajectory.analysis
    assert (trajectory.phase, analysis.status) == (Phase.ANALYSIS, SubmissionStatus.RETURNED)
    assert analysis.is_editable
    review = analysis.reviews.get()
    assert decision_of(review) == (
        ReviewDecision.RETURNED,
        user,
        "Werk de zorg voor zwakke rekenaars verder uit.",
    )
    the_event(trajectory, EventKind.ANALYSIS_RETURNED, user)


def check_note(visibility):
    def check(world, trajectory, user, result):
        note = TrajectoryNote.objects.get()
        assert (note.trajectory, note.author, note.visibility) == (trajectory, user, visibility)

    return check


@dataclass
class Service:
    call: Callable
    check: Callable
    state: str | None  # the state the matrix calls it in (None: no trajectory yet)
    allowed: frozenset
    acting: object = None  # who calls it in the phase tests (an allowed actor)
    allowed_states: frozenset = frozenset()  # where the phase allows it; None: phase rules do not apply


ANALYSIS_WORKERS = frozenset({STAFF, EDUCATION_EXPERT, BOARD, DIRECTOR})
EDITABLE = frozenset({"analysis_draft", "analysis_complete", "analysis_returned"})
INTERNAL = frozenset({STAFF, EDUCATION_EXPERT, FINANCIAL_EXPERT, EXPERT_GROUP})

# The transition matrix: service → the actors that may call it (all others: PermissionDenied).
SERVICES = {
    "trajectory_register": Service(call_register, check_register, None, frozenset({STAFF, BOARD})),
    "intake_schedule": Service(
        call_intake_schedule,
        check_intake_schedule,
        "registered",
        frozenset({STAFF}),
        STAFF,
        frozenset({"registered", "intake"}),
    ),
    "intake_record_outcome_takes_part": Service(
        call_takes_part, check_takes_part, "intake", frozenset({STAFF}), STAFF, frozenset({"intake"})
    ),
    "intake_record_outcome_declines": Service(
        call_declines, check_declines, "intake", frozenset({STAFF}), STAFF, frozenset({"intake"})
    ),
    "trajectory_assign_experts": Service(
        call_assign_experts,
        check_assign_experts,
        "analysis_draft",
        frozenset({STAFF}),
        STAFF,
        frozenset(OPEN_STATES),
    ),
    "trajectory_withdraw": Service(
        call_withdraw,
        check_withdraw,
        "analysis_draft",
        frozenset({STAFF}),
        STAFF,
        frozenset(OPEN_STATES),
    ),
    "analysis_update": Service(
        call_analysis_update,
        check_analysis_update,
        "analysis_draft",
        ANALYSIS_WORKERS,
        EDUCATION_EXPERT,
        EDITABLE,
    ),
    "class_visit_save": Service(
        call_class_visit, check_class_visit, "analysis_draft", ANALYSIS_WORKERS, EDUCATION_EXPERT, EDITABLE
    ),
    "interview_save": Service(
        call_interview, check_interview, "analysis_draft", ANALYSIS_WORKERS, EDUCATION_EXPERT, EDITABLE
    ),
    "attachment_add": Service(
        call_attachment, check_attachment, "analysis_draft", ANALYSIS_WORKERS, BOARD, EDITABLE
    ),
    "analysis_submit": Service(
        call_submit,
        check_submit,
        "analysis_complete",
        frozenset({STAFF, BOARD}),
        BOARD,
        # An empty draft is refused for its missing answers: see test_services_input.py.
        frozenset({"analysis_complete", "analysis_returned"}),
    ),
    "analysis_approve": Service(
        call_approve,
        check_approve,
        "analysis_submitted",
        frozenset({EXPERT_GROUP}),
        EXPERT_GROUP,
        frozenset({"analysis_submitted"}),
    ),
    "analysis_return": Service(
        call_return,
        check_return,
        "analysis_submitted",
        frozenset({EXPERT_GROUP}),
        EXPERT_GROUP,
        frozenset({"analysis_submitted"}),
    ),
    "note_add_internal": Service(
        call_note_internal, check_note(NoteVisibility.INTERNAL), "analysis_draft", INTERNAL
    ),
    "note_add_shared": Service(
        call_note_shared, check_note(NoteVisibility.SHARED), "analysis_draft", INTERNAL | {BOARD, DIRECTOR}
    ),
}


def test_the_matrix_names_only_known_actors():
    for name, service in SERVICES.items():
        assert service.allowed <= set(ACTORS), name
        assert service.acting is None or service.acting in service.allowed, name


@pytest.mark.parametrize(("name", "actor", "allowed"), matrix(SERVICES, ACTORS, ACTOR_IDS))
def test_transition_matrix(world, name, actor, allowed):
    service = SERVICES[name]
    trajectory = trajectory_in(world, service.state) if service.state else None
    user = world[actor]
    allowed_or_refused(
        allowed,
        lambda: service.call(world, trajectory, user),
        lambda result: service.check(world, trajectory, user, result),
        refused,
    )


# Phase rules: every phase-bound service in every state, by someone who holds the permission.

PHASE_BOUND = [name for name, service in SERVICES.items() if service.allowed_states]


def expected_refusal(name: str, state: str) -> str:
    phase, status, *_rest = STATES[state]
    if phase != Phase.ANALYSIS or name not in ANALYSIS_SERVICES:
        return phase_message(phase)
    if name in ("analysis_approve", "analysis_return"):
        return "Er is geen ingediende analyse om te beoordelen."
    return f"De analyse is {SubmissionStatus(status).label.lower()} en kan nu niet worden gewijzigd."


ANALYSIS_SERVICES = {
    "analysis_update",
    "class_visit_save",
    "interview_save",
    "attachment_add",
    "analysis_submit",
    "analysis_approve",
    "analysis_return",
}


@pytest.mark.parametrize("name", PHASE_BOUND)
def test_phase_rules(world, subtests, name):
    """The service in every state (each on its own school of the board), by someone who may call it."""
    service = SERVICES[name]
    user = world[service.acting]
    for state in STATES:
        if name == "analysis_submit" and state == "analysis_draft":
            continue  # refused for its missing answers: see test_services_input.py
        with subtests.test(state=state):
            trajectory = trajectory_in(world, state, school=SchoolFactory(board=world.board))
            call = lambda trajectory=trajectory: service.call(world, trajectory, user)  # noqa: E731
            error = changed_or_refused(state in service.allowed_states, call)
            if error is not None:
                assert messages_of(error) == [expected_refusal(name, state)]


def test_an_approved_analysis_is_frozen_for_everyone_who_may_work_on_it(world):
    trajectory = trajectory_in(world, "analysis_submitted")
    services.analysis_approve(user=world[EXPERT_GROUP], trajectory=trajectory)
    for actor in ANALYSIS_WORKERS:
        error = refused(
            lambda actor=actor: call_analysis_update(world, trajectory, world[actor], expected_version=3)
        )
        assert messages_of(error) == [phase_message(Phase.PLAN)]


def test_withdrawing_twice_is_refused(world):
    trajectory = trajectory_in(world, "analysis_draft")
    call_withdraw(world, trajectory, world[STAFF])
    error = refused(lambda: call_withdraw(world, trajectory, world[STAFF], reason="Nog een keer."))
    assert messages_of(error) == [phase_message(Phase.WITHDRAWN)]


def test_a_returned_analysis_can_be_changed_and_submitted_again(world):
    trajectory = trajectory_in(world, "analysis_returned")
    analysis = trajectory.analysis
    call_analysis_update(
        world, trajectory, world[BOARD], expected_version=analysis.version, findings=answered_findings()
    )
    review = call_submit(world, trajectory, world[BOARD], expected_version=analysis.version + 1)
    analysis.refresh_from_db()
    assert analysis.status == SubmissionStatus.SUBMITTED
    # The earlier submission and its comments stay.
    assert [(r.decision, r.comments) for r in analysis.reviews.order_by("submitted_at", "id")] == [
        (ReviewDecision.RETURNED, "Werk de zorg voor zwakke rekenaars verder uit."),
        ("", ""),
    ]
    assert review.decision == ""
