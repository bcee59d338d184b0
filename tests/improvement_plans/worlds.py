"""The world the trajectory and plan service tests start from: a school of "Stichting Eigen" on the reference list,
a user per actor (every role, the director leading that school, plus a board user of another board, the director of
another school of the same board and an education expert who is not assigned), and
a trajectory in each state (`trajectory_in`). With `snapshot` and `refused` for the trajectory app: a refused call
changes nothing in it.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone

from improvement_plans.constants import EventKind, IntakeOutcome, Phase, TrajectoryReason
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from schools.constants import ReferenceList, Verdict
from tests.actors import (
    BOARD,
    EDUCATION_EXPERT,
    EXPERT_GROUP,
    FINANCIAL_EXPERT,
    OTHER_BOARD,
    OTHER_SCHOOL_DIRECTOR,
    UNASSIGNED_EXPERT,
)
from tests.factories import (
    AnalysisFactory,
    AnalysisReviewFactory,
    InspectionVerdictFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.refusals import changes_or_refused, fingerprint, refused_unchanged

# The actors: every role (the director leads the world's school), plus three who hold a role's permissions but not
# for this trajectory.
ACTORS = [*Role, OTHER_BOARD, OTHER_SCHOOL_DIRECTOR, UNASSIGNED_EXPERT]
ACTOR_IDS = {
    Role.PROGRAMME_STAFF: "staff",
    Role.EDUCATION_EXPERT: "education_expert",
    Role.FINANCIAL_EXPERT: "financial_expert",
    Role.EXPERT_GROUP: "expert_group",
    Role.SCHOOL_BOARD: "own_board",
    Role.SCHOOL_DIRECTOR: "director",
    Role.INSPECTION: "inspection",
    Role.MUNICIPALITY: "municipality",
    OTHER_BOARD: "other_board",
    OTHER_SCHOOL_DIRECTOR: "director_of_another_school",
    UNASSIGNED_EXPERT: "unassigned_expert",
}

REGISTERED_ON = datetime.date(2008, 9, 1)
INTAKE_ON = datetime.date(2008, 9, 22)
VISIT_ON = datetime.date(2008, 10, 6)
ENDED_ON = datetime.date(2009, 6, 1)


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
            elif actor == Role.SCHOOL_DIRECTOR:
                user = UserFactory(role=Role.SCHOOL_DIRECTOR, school=self.school)
            elif actor == OTHER_SCHOOL_DIRECTOR:
                school = SchoolFactory(board=self.board, name="De Linde")
                user = UserFactory(role=Role.SCHOOL_DIRECTOR, school=school)
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
    "analysis_draft": (Phase.ANALYSIS, SubmissionStatus.DRAFT, False, None),
    "analysis_complete": (Phase.ANALYSIS, SubmissionStatus.DRAFT, True, None),
    "analysis_submitted": (Phase.ANALYSIS, SubmissionStatus.SUBMITTED, True, "pending"),
    "analysis_returned": (Phase.ANALYSIS, SubmissionStatus.RETURNED, True, ReviewDecision.RETURNED),
    "plan": (Phase.PLAN, SubmissionStatus.APPROVED, True, ReviewDecision.APPROVED),
    "execution": (Phase.EXECUTION, SubmissionStatus.APPROVED, True, ReviewDecision.APPROVED),
    "sustaining": (Phase.SUSTAINING, SubmissionStatus.APPROVED, True, ReviewDecision.APPROVED),
    "closed_at_intake": (Phase.CLOSED, None, False, None),
    "closed_after_sustaining": (Phase.CLOSED, SubmissionStatus.APPROVED, True, ReviewDecision.APPROVED),
    "withdrawn_when_registered": (Phase.WITHDRAWN, None, False, None),
    "withdrawn_during_analysis": (Phase.WITHDRAWN, SubmissionStatus.DRAFT, True, None),
    "withdrawn_while_submitted": (Phase.WITHDRAWN, SubmissionStatus.SUBMITTED, True, "pending"),
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
        analysis = AnalysisFactory(
            trajectory=trajectory,
            status=status,
            answered=answered,
            made_jointly=world[EDUCATION_EXPERT] if answered else None,
        )
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


# What the trajectory app holds, to show that a refused call changed nothing


def snapshot() -> dict:
    """A fingerprint of every row of the trajectory app (with its history and many-to-many tables) and of every
    stored file, in one query: table → (row count, hash of the rows)."""
    return fingerprint(["improvement_plans"])


def refused(call: Callable, error: type[Exception] = ValidationError) -> Exception:
    """Call, expect `error`, and check that nothing at all changed."""
    return refused_unchanged(["improvement_plans"], call, error)


def changed_or_refused(allowed: bool, call: Callable) -> Exception | None:
    """If `allowed`, the call changes something; otherwise it is refused and nothing at all changed."""
    return changes_or_refused(["improvement_plans"], allowed, call)


def the_event(trajectory: Trajectory, kind: EventKind, user):
    """The one event the service added (trajectories made by factories start without events)."""
    events = list(trajectory.events.all())
    assert [(event.kind, event.actor) for event in events] == [(kind, user)]
    assert timezone.now() - events[0].created_at < datetime.timedelta(minutes=1)
    return events[0]


def phase_message(phase: Phase) -> str:
    return f"Deze stap kan nu niet: het traject is in de fase “{Phase(phase).label}”."
