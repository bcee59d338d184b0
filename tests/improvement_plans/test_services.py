"""The trajectory services of issue 3: who may make each change (per role) and in which phase.

The transition matrix below is data: for every service that changes a trajectory or its analysis, the roles that may
call it. Every other role (plus a board user of another board and an education expert who is not assigned) is
refused with PermissionDenied, and nothing changes. Then every service is called in every phase: where the phase
does not allow it, the service refuses with a Dutch message and nothing changes.

The other files `test_services_*.py` hold bad input, the history, two people clicking at once and the selectors;
they build their data with the helpers of this file.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from improvement_plans import services
from improvement_plans.constants import (
    AnalysisStatus,
    AnalysisTopic,
    EventKind,
    IntakeOutcome,
    InterviewPartner,
    NoteVisibility,
    ObservationPoint,
    Phase,
    ReviewDecision,
    TeacherRole,
    TrajectoryReason,
)
from improvement_plans.models import (
    AnalysisAttachment,
    ClassVisit,
    Interview,
    Trajectory,
    TrajectoryNote,
)
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ReferenceList, Verdict
from tests.factories import (
    AnalysisFactory,
    AnalysisReviewFactory,
    InspectionVerdictFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)

# The actors: every role, plus two who hold a role's permissions but not for this trajectory.
OTHER_BOARD = "board_of_another_board"
UNASSIGNED_EXPERT = "education_expert_not_assigned"
ACTORS = [*Role, OTHER_BOARD, UNASSIGNED_EXPERT]
ACTOR_IDS = {
    Role.PROGRAMME_STAFF: "staff",
    Role.EDUCATION_EXPERT: "education_expert",
    Role.FINANCIAL_EXPERT: "financial_expert",
    Role.EXPERT_GROUP: "expert_group",
    Role.SCHOOL_BOARD: "own_board",
    Role.INSPECTION: "inspection",
    Role.MUNICIPALITY: "municipality",
    OTHER_BOARD: "other_board",
    UNASSIGNED_EXPERT: "unassigned_expert",
}
STAFF, EDUCATION_EXPERT, FINANCIAL_EXPERT, EXPERT_GROUP, BOARD = (
    Role.PROGRAMME_STAFF,
    Role.EDUCATION_EXPERT,
    Role.FINANCIAL_EXPERT,
    Role.EXPERT_GROUP,
    Role.SCHOOL_BOARD,
)

REGISTERED_ON = datetime.date(2008, 9, 1)
INTAKE_ON = datetime.date(2008, 9, 22)
VISIT_ON = datetime.date(2008, 10, 6)
ENDED_ON = datetime.date(2009, 6, 1)
NOT_ALLOWED = "U mag dit niet doen."


# The world every test starts from


class World:
    """A school of "Stichting Eigen" on the reference list, and a user per actor (made when first asked for)."""

    def __init__(self):
        self.board = SchoolBoardFactory(name="Stichting Eigen")
        self.other_board = SchoolBoardFactory(name="Stichting Ander")
        self.school = SchoolFactory(board=self.board, name="De Regenboog")
        InspectionVerdictFactory(
            school=self.school,
            date=datetime.date(2008, 1, 15),
            verdict=Verdict.WEAK,
            reference_list=ReferenceList.ORIGINAL,
        )
        self.users = {}

    def __getitem__(self, actor):
        if actor not in self.users:
            if actor == Role.SCHOOL_BOARD:
                user = UserFactory(role=Role.SCHOOL_BOARD, school_board=self.board)
            elif actor == OTHER_BOARD:
                user = UserFactory(role=Role.SCHOOL_BOARD, school_board=self.other_board)
            elif actor == UNASSIGNED_EXPERT:
                user = UserFactory(role=Role.EDUCATION_EXPERT)
            else:
                user = UserFactory(role=Role(actor))
            self.users[actor] = user
        return self.users[actor]


def make_world() -> World:
    return World()


# A trajectory in each state. The education expert and the financial expert of the world are assigned to it.

STATES = {
    # state: (phase, analysis status or None, analysis answered, review: None / "pending" / a decision)
    "registered": (Phase.REGISTERED, None, False, None),
    "intake": (Phase.INTAKE, None, False, None),
    "analysis_draft": (Phase.ANALYSIS, AnalysisStatus.DRAFT, False, None),
    "analysis_complete": (Phase.ANALYSIS, AnalysisStatus.DRAFT, True, None),
    "analysis_submitted": (Phase.ANALYSIS, AnalysisStatus.SUBMITTED, True, "pending"),
    "analysis_returned": (Phase.ANALYSIS, AnalysisStatus.RETURNED, True, ReviewDecision.RETURNED),
    "plan": (Phase.PLAN, AnalysisStatus.APPROVED, True, ReviewDecision.APPROVED),
    "execution": (Phase.EXECUTION, AnalysisStatus.APPROVED, True, ReviewDecision.APPROVED),
    "sustaining": (Phase.SUSTAINING, AnalysisStatus.APPROVED, True, ReviewDecision.APPROVED),
    "closed_at_intake": (Phase.CLOSED, None, False, None),
    "closed_after_sustaining": (Phase.CLOSED, AnalysisStatus.APPROVED, True, ReviewDecision.APPROVED),
    "withdrawn_when_registered": (Phase.WITHDRAWN, None, False, None),
    "withdrawn_during_analysis": (Phase.WITHDRAWN, AnalysisStatus.DRAFT, True, None),
    "withdrawn_while_submitted": (Phase.WITHDRAWN, AnalysisStatus.SUBMITTED, True, "pending"),
}
OPEN_STATES = [
    state for state, (phase, *_rest) in STATES.items() if phase not in (Phase.CLOSED, Phase.WITHDRAWN)
]


def trajectory_in(world: World, state: str, school=None) -> Trajectory:
    phase, status, answered, review = STATES[state]
    ended = phase in (Phase.CLOSED, Phase.WITHDRAWN)
    outcome = ""
    if status is not None:
        outcome = IntakeOutcome.TAKES_PART
    elif state == "closed_at_intake":
        outcome = IntakeOutcome.DECLINES
    trajectory = TrajectoryFactory(
        school=school or world.school,
        reason=TrajectoryReason.REFERENCE_LIST,
        phase=phase,
        registered_on=REGISTERED_ON,
        registered_by=world[BOARD],
        intake_date=None if state in ("registered", "withdrawn_when_registered") else INTAKE_ON,
        intake_outcome=outcome,
        financial_expert=world[FINANCIAL_EXPERT],
        ended_on=ENDED_ON if ended else None,
        end_reason="Het bestuur stopt met het traject." if ended else "",
    )
    trajectory.education_experts.add(world[EDUCATION_EXPERT])
    if status is not None:
        analysis = AnalysisFactory(trajectory=trajectory, status=status, answered=answered)
        if review == "pending":
            AnalysisReviewFactory(analysis=analysis, submitted_by=world[BOARD])
        elif review is not None:
            AnalysisReviewFactory(
                analysis=analysis,
                submitted_by=world[BOARD],
                decision=review,
                decided_by=world[EXPERT_GROUP],
                decided_at=timezone.now(),
                comments="Werk de zorg voor zwakke rekenaars verder uit.",
            )
    return Trajectory.objects.get(pk=trajectory.pk)


# What the database holds, to show that a refused call changed nothing


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path) for path in root.rglob("*")) if root.exists() else []


def snapshot() -> dict:
    """A fingerprint of every row of the trajectory app (with its history and many-to-many tables) and of every
    stored file, in one query: table → (row count, hash of the rows)."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_app_config("improvement_plans").get_models(include_auto_created=True)
    )
    sql = " UNION ALL ".join(
        f"SELECT '{table}', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
        f'FROM "{table}" t'
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        state = {table: (count, digest) for table, count, digest in cursor.fetchall()}
    state["files"] = stored_files()
    return state


def refused(call: Callable, error: type[Exception] = ValidationError) -> Exception:
    """Call, expect `error`, and check that nothing at all changed."""
    before = snapshot()
    with pytest.raises(error) as info:
        call()
    assert snapshot() == before
    return info.value


def messages_of(error: ValidationError) -> list[str]:
    messages = [str(message) for message in error.messages]
    assert messages and all(message.strip() for message in messages)
    return messages


def field_messages(error: ValidationError, field: str) -> list[str]:
    assert hasattr(error, "error_dict"), f"expected a message on the field {field!r}, got {error.messages}"
    return [str(message) for message in error.message_dict[field]]


def the_event(trajectory: Trajectory, kind: EventKind, user):
    """The one event the service added (trajectories made by factories start without events)."""
    events = list(trajectory.events.all())
    assert [(event.kind, event.actor) for event in events] == [(kind, user)]
    assert timezone.now() - events[0].created_at < datetime.timedelta(minutes=1)
    return events[0]


def phase_message(phase: Phase) -> str:
    return f"Deze stap kan nu niet: het traject is in de fase “{Phase(phase).label}”."


# The calls, one per service (and outcome / visibility)


def observations(score: int | None = 3) -> dict:
    return dict.fromkeys(ObservationPoint, (score, "Duidelijke uitleg, goed tempo."))


def answered_findings() -> dict:
    return dict.fromkeys(AnalysisTopic, ("De school werkt hier planmatig aan.", 3))


def call_register(world, trajectory, user, **kwargs):
    arguments = {"reason": TrajectoryReason.REFERENCE_LIST, "registered_on": REGISTERED_ON} | kwargs
    return services.trajectory_register(user=user, school=world.school, **arguments)


def call_intake_schedule(world, trajectory, user, **kwargs):
    arguments = {"intake_date": INTAKE_ON, "experts": [world[EDUCATION_EXPERT]]} | kwargs
    return services.intake_schedule(user=user, trajectory=trajectory, **arguments)


def call_takes_part(world, trajectory, user):
    return services.intake_record_outcome(
        user=user, trajectory=trajectory, outcome=IntakeOutcome.TAKES_PART, remarks="Het team is gemotiveerd."
    )


def call_declines(world, trajectory, user, remarks="Het bestuur kiest voor een eigen verbeteraanpak."):
    return services.intake_record_outcome(
        user=user, trajectory=trajectory, outcome=IntakeOutcome.DECLINES, remarks=remarks
    )


def call_assign_experts(world, trajectory, user, **kwargs):
    arguments = {
        "education_experts_chosen": [world[EDUCATION_EXPERT], world[UNASSIGNED_EXPERT]],
        "financial_expert": world[FINANCIAL_EXPERT],
    } | kwargs
    return services.trajectory_assign_experts(user=user, trajectory=trajectory, **arguments)


def call_withdraw(world, trajectory, user, reason="Het bestuur fuseert de school met een andere school."):
    return services.trajectory_withdraw(user=user, trajectory=trajectory, reason=reason)


def call_analysis_update(world, trajectory, user, **kwargs):
    arguments = {
        "expected_version": 1,
        "data_used": "Eindtoets 2006–2008, leerlingvolgsysteem, inspectierapport 2007.",
        "strengths": "Betrokken team.",
        "weaknesses": "Weinig differentiatie.",
        "findings": {AnalysisTopic.CHALLENGE: ("Leerlingen worden weinig uitgedaagd.", 2)},
    } | kwargs
    return services.analysis_update(user=user, trajectory=trajectory, **arguments)


def call_class_visit(world, trajectory, user, **kwargs):
    arguments = {
        "date": VISIT_ON,
        "group": 5,
        "teacher_role": TeacherRole.GROUP_TEACHER,
        "observer": world[EDUCATION_EXPERT],
        "remarks": "Rustige les.",
        "observations": observations(),
    } | kwargs
    return services.class_visit_save(user=user, trajectory=trajectory, **arguments)


def call_interview(world, trajectory, user, **kwargs):
    arguments = {
        "date": VISIT_ON,
        "partner": InterviewPartner.DIRECTOR,
        "interviewer": world[EDUCATION_EXPERT],
        "summary": "De directeur wil de instructie verbeteren.",
    } | kwargs
    return services.interview_save(user=user, trajectory=trajectory, **arguments)


def call_attachment(world, trajectory, user):
    upload = SimpleUploadedFile("schoolplan.pdf", b"%PDF-1.4 schoolplan", content_type="application/pdf")
    return services.attachment_add(user=user, trajectory=trajectory, file=upload, description="Schoolplan")


def call_submit(world, trajectory, user, expected_version=1):
    return services.analysis_submit(user=user, trajectory=trajectory, expected_version=expected_version)


def call_approve(world, trajectory, user):
    return services.analysis_approve(user=user, trajectory=trajectory, comments="Helder en volledig.")


def call_return(world, trajectory, user, comments="Werk de zorg voor zwakke rekenaars verder uit."):
    return services.analysis_return(user=user, trajectory=trajectory, comments=comments)


def call_note_internal(world, trajectory, user):
    return services.note_add(
        user=user,
        trajectory=trajectory,
        text="Intern: de directeur twijfelt.",
        visibility=NoteVisibility.INTERNAL,
    )


def call_note_shared(world, trajectory, user):
    return services.note_add(
        user=user, trajectory=trajectory, text="De intake is bevestigd.", visibility=NoteVisibility.SHARED
    )


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
    assert (analysis.status, analysis.version) == (AnalysisStatus.DRAFT, 1)
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
    assert analysis.status == AnalysisStatus.DRAFT


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
    assert (analysis.status, analysis.version) == (AnalysisStatus.SUBMITTED, 2)
    review = analysis.reviews.get()
    assert review == result
    assert (review.submitted_by, review.decision, review.decided_by) == (user, "", None)
    assert Trajectory.objects.get(pk=trajectory.pk).phase == Phase.ANALYSIS
    the_event(trajectory, EventKind.ANALYSIS_SUBMITTED, user)


def check_approve(world, trajectory, user, result):
    trajectory.refresh_from_db()
    analysis = trajectory.analysis
    assert trajectory.phase == Phase.PLAN
    assert analysis.status == AnalysisStatus.APPROVED
    assert not analysis.is_editable
    review = analysis.reviews.get()
    assert (review.decision, review.decided_by, review.comments) == (
        ReviewDecision.APPROVED,
        user,
        "Helder en volledig.",
    )
    assert review.decided_at is not None
    the_event(trajectory, EventKind.ANALYSIS_APPROVED, user)


def check_return(world, trajectory, user, result):
    trajectory.refresh_from_db()
    analysis = trajectory.analysis
    assert trajectory.phase == Phase.ANALYSIS
    assert analysis.status == AnalysisStatus.RETURNED
    assert analysis.is_editable
    review = analysis.reviews.get()
    assert (review.decision, review.decided_by, review.comments) == (
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


ANALYSIS_WORKERS = frozenset({STAFF, EDUCATION_EXPERT, BOARD})
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
        call_note_shared, check_note(NoteVisibility.SHARED), "analysis_draft", INTERNAL | {BOARD}
    ),
}


def test_the_matrix_names_only_known_actors():
    for name, service in SERVICES.items():
        assert service.allowed <= set(ACTORS), name
        assert service.acting is None or service.acting in service.allowed, name


MATRIX = [
    pytest.param(
        name,
        actor,
        actor in service.allowed,
        id=f"{name}-{ACTOR_IDS[actor]}-{'allowed' if actor in service.allowed else 'refused'}",
    )
    for name, service in SERVICES.items()
    for actor in ACTORS
]


@pytest.mark.parametrize(("name", "actor", "allowed"), MATRIX)
def test_transition_matrix(world, name, actor, allowed):
    service = SERVICES[name]
    trajectory = trajectory_in(world, service.state) if service.state else None
    user = world[actor]
    if allowed:
        result = service.call(world, trajectory, user)
        service.check(world, trajectory, user, result)
    else:
        error = refused(lambda: service.call(world, trajectory, user), PermissionDenied)
        assert str(error) == NOT_ALLOWED


# Phase rules: every phase-bound service in every state, by someone who holds the permission.

PHASE_BOUND = [name for name, service in SERVICES.items() if service.allowed_states]


def expected_refusal(name: str, state: str) -> str:
    phase, status, *_rest = STATES[state]
    if phase != Phase.ANALYSIS or name not in ANALYSIS_SERVICES:
        return phase_message(phase)
    if name in ("analysis_approve", "analysis_return"):
        return "Er is geen ingediende analyse om te beoordelen."
    return f"De analyse is {AnalysisStatus(status).label.lower()} en kan nu niet worden gewijzigd."


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
            if state in service.allowed_states:
                before = snapshot()
                call()
                assert snapshot() != before
            else:
                error = refused(call)
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
    assert analysis.status == AnalysisStatus.SUBMITTED
    # The earlier submission and its comments stay.
    assert [(r.decision, r.comments) for r in analysis.reviews.order_by("submitted_at", "id")] == [
        (ReviewDecision.RETURNED, "Werk de zorg voor zwakke rekenaars verder uit."),
        ("", ""),
    ]
    assert review.decision == ""
