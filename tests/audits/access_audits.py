"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): the audits of the own board's trajectory in execution that the progress-report rows built (the
matrix's experts assigned, on the school the matrix's director leads when the world allows it): the year-1 audit
adopted, the year-2 audit being drawn up; a submitted audit of another own-board trajectory; and an audit of another
board's trajectory.

Who reads what: staff and the expert group read every audit, the assigned experts their trajectories' audits; the
board user, the director and the financial expert read an audit's page, but its content and PDF only once it is
adopted (the PDF of a draft is a 404 for them). Only the education experts and the expert group draw up and submit;
only the expert group adopts. The overview is for staff and the expert group."""

from django.utils import timezone

from audits.constants import AuditDecision, AuditKind, GoalJudgement, OverallJudgement
from audits.models import Audit, AuditGoalJudgement, AuditReview
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.access import ALL_TRAJECTORIES, STAFF, TRAJECTORY_READERS, Page
from tests.factories import GoalFactory, ImprovementPlanFactory, MeasureFactory, SchoolFactory

OWN = "/trajecten/{progress_trajectory}/audits/"
ADOPTED = OWN + "{adopted_audit}/"
DRAFT = OWN + "{draft_audit}/"
SUBMITTED = "/trajecten/{submitted_audit_trajectory}/audits/{submitted_audit}/"
OTHER = "/trajecten/{other_audit_trajectory}/audits/{other_audit}/"
DRAWERS = {Role.EDUCATION_EXPERT, Role.EXPERT_GROUP}
DRAFT_READERS = {Role.PROGRAMME_STAFF, Role.EDUCATION_EXPERT, Role.EXPERT_GROUP}
OVERVIEW = STAFF | {Role.EXPERT_GROUP}
HIDDEN = {
    Role.EDUCATION_EXPERT: 404,
    Role.FINANCIAL_EXPERT: 404,
    Role.SCHOOL_BOARD: 404,
    Role.SCHOOL_DIRECTOR: 404,
}

PAGES: list[Page] = [
    Page("audit overview", "/uitvoering/audits/", OVERVIEW),
    Page("audit overview export", "/uitvoering/audits/?_export=xlsx", OVERVIEW),
    Page("adopted audit", ADOPTED, TRAJECTORY_READERS),
    Page("audit being drawn up", DRAFT, TRAJECTORY_READERS),
    Page("other board's audit", OTHER, ALL_TRAJECTORIES, others=HIDDEN),
    Page(
        "another trajectory's audit under the own trajectory",
        OWN + "{other_audit}/",
        set(),
        others=dict.fromkeys(TRAJECTORY_READERS, 404),
    ),
    # Starting is a POST only: a GET by someone allowed is "method not allowed".
    Page("start audit", DRAFT + "starten/", DRAWERS, allowed_status=405, hidden_from_director=True),
    Page("draw up audit", DRAFT + "wijzigen/", DRAWERS, hidden_from_director=True),
    # An adopted audit cannot change: back to its page.
    Page(
        "change an adopted audit",
        ADOPTED + "wijzigen/",
        DRAWERS,
        allowed_status=302,
        hidden_from_director=True,
    ),
    Page("submit audit", DRAFT + "indienen/", DRAWERS, hidden_from_director=True),
    Page("adopt audit", SUBMITTED + "vaststellen/", {Role.EXPERT_GROUP}, hidden_from_director=True),
    Page(
        "adopt an audit being drawn up",
        DRAFT + "vaststellen/",
        set(),
        others={Role.EXPERT_GROUP: 302},
        hidden_from_director=True,
    ),
    Page("adopted audit PDF", ADOPTED + "pdf/", TRAJECTORY_READERS),
    Page(
        "PDF of an audit being drawn up",
        DRAFT + "pdf/",
        DRAFT_READERS,
        others={Role.FINANCIAL_EXPERT: 404, Role.SCHOOL_BOARD: 404, Role.SCHOOL_DIRECTOR: 404},
    ),
]
# The rows of the own trajectory, which the director reads only when it is on the school they lead.
OWN_ROWS = [page for page in PAGES if page.url.startswith(OWN)]


def _executing(school, users, assigned: bool = True) -> Trajectory:
    plan = ImprovementPlanFactory(status="goedgekeurd", trajectory__school=school)
    MeasureFactory(goal=GoalFactory(plan=plan))
    trajectory = plan.trajectory
    trajectory.phase = "uitvoering"
    trajectory.execution_started_on = timezone.localdate().replace(year=timezone.localdate().year - 1)
    if assigned:
        trajectory.financial_expert = users[Role.FINANCIAL_EXPERT]
        trajectory.education_experts.add(users[Role.EDUCATION_EXPERT])
    trajectory.save()
    return trajectory


def _audit(trajectory, kind, users, status=SubmissionStatus.DRAFT, **fields) -> Audit:
    """An audit drawn up on the trajectory's approved plan (every goal judged), in `status`."""
    plan = trajectory.plans.get(status="goedgekeurd")
    audit = Audit.objects.create(
        trajectory=trajectory,
        kind=kind,
        planned_on=timezone.localdate(),
        plan=plan,
        status=status,
        held_on=timezone.localdate(),
        overall_judgement=OverallJudgement.SUFFICIENT,
        conclusion="De school ligt op koers.",
        decision=AuditDecision.CONTINUE,
        **fields,
    )
    AuditGoalJudgement.objects.bulk_create(
        AuditGoalJudgement(audit=audit, goal=goal, judgement=GoalJudgement.ON_TRACK)
        for goal in plan.goals.all()
    )
    if status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        adopted = status == SubmissionStatus.APPROVED
        AuditReview.objects.create(
            audit=audit,
            submitted_by=users[Role.EDUCATION_EXPERT],
            decision=ReviewDecision.APPROVED if adopted else "",
            decided_by=users[Role.EXPERT_GROUP] if adopted else None,
            decided_at=timezone.now() if adopted else None,
        )
    return audit


def build(users, boards, objects) -> dict:
    """Adds this area's objects to the shared world: `users` per role, `boards` = (own board, other board),
    `objects` what is built so far (ids by name). Returns the ids to add, by the names the URLs use."""
    own_board, other_board = boards
    own = Trajectory.objects.get(pk=objects["progress_trajectory"])
    if users[Role.SCHOOL_DIRECTOR].school_id != own.school_id:
        for page in OWN_ROWS:
            if Role.SCHOOL_DIRECTOR in page.allowed or Role.SCHOOL_DIRECTOR in page.others:
                page.others[Role.SCHOOL_DIRECTOR] = 404
    adopted = _audit(own, AuditKind.YEAR_1, users, SubmissionStatus.APPROVED, approved_at=timezone.now())
    draft = _audit(own, AuditKind.YEAR_2, users)
    submitted_trajectory = _executing(SchoolFactory(board=own_board), users)
    submitted = _audit(submitted_trajectory, AuditKind.YEAR_1, users, SubmissionStatus.SUBMITTED)
    other_trajectory = _executing(SchoolFactory(board=other_board), users, assigned=False)
    other = _audit(other_trajectory, AuditKind.YEAR_1, users, SubmissionStatus.APPROVED)
    return {
        "adopted_audit": adopted.pk,
        "draft_audit": draft.pk,
        "submitted_audit_trajectory": submitted_trajectory.pk,
        "submitted_audit": submitted.pk,
        "other_audit_trajectory": other_trajectory.pk,
        "other_audit": other.pk,
    }
