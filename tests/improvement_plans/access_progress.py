"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): the progress reports of a trajectory in execution of the own board (the matrix's experts
assigned; quarter 1 a draft with a document the board user added, quarter 2 submitted) and of another board's."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from improvement_plans.models import ProgressReportDocument, Trajectory
from improvement_plans.services import progress as services
from kwaliteitsaanpak.accounts.roles import Role
from tests.access import ALL_TRAJECTORIES, TRAJECTORY_READERS, Page
from tests.factories import GoalFactory, ImprovementPlanFactory, MeasureFactory, SchoolFactory

REPORTS = "/trajecten/{progress_trajectory}/voortgang/"
OTHER_REPORTS = "/trajecten/{other_progress_trajectory}/voortgang/"
DRAFT = REPORTS + "1/"
SUBMITTED = REPORTS + "2/"
WRITERS = {Role.PROGRAMME_STAFF, Role.SCHOOL_BOARD, Role.SCHOOL_DIRECTOR}
SUBMITTERS = {Role.PROGRAMME_STAFF, Role.SCHOOL_BOARD}
# Another board's trajectory: every trajectory for staff and the expert group, 404 for whoever is not assigned to it
# and for the board user and director of another school.
HIDDEN = {
    Role.EDUCATION_EXPERT: 404,
    Role.FINANCIAL_EXPERT: 404,
    Role.SCHOOL_BOARD: 404,
    Role.SCHOOL_DIRECTOR: 404,
}


def _not_found(name: str, url: str, readers: set) -> Page:
    return Page(name, url, set(), others=dict.fromkeys(readers, 404))


PAGES: list[Page] = [
    Page("progress reports", REPORTS, TRAJECTORY_READERS),
    Page("other board's progress reports", OTHER_REPORTS, ALL_TRAJECTORIES, others=HIDDEN),
    Page("progress report", DRAFT, TRAJECTORY_READERS),
    Page("other board's progress report", OTHER_REPORTS + "1/", ALL_TRAJECTORIES, others=HIDDEN),
    _not_found("a quarter without a report", REPORTS + "9/", TRAJECTORY_READERS),
    Page("fill in progress report", DRAFT + "invullen/", WRITERS),
    # A submitted report cannot change: back to its page.
    Page("fill in a submitted progress report", SUBMITTED + "invullen/", WRITERS, allowed_status=302),
    Page("download progress document", DRAFT + "documenten/{progress_document}/", TRAJECTORY_READERS),
    _not_found(
        "another board's progress document by URL",
        DRAFT + "documenten/{other_progress_document}/",
        TRAJECTORY_READERS,
    ),
    # Only who added a document removes it (the board user): the others who fill in are sent back with a message.
    Page(
        "remove progress document",
        DRAFT + "documenten/{progress_document}/verwijderen/",
        {Role.SCHOOL_BOARD},
        others={Role.PROGRAMME_STAFF: 302, Role.SCHOOL_DIRECTOR: 302},
    ),
    Page("submit progress report", DRAFT + "indienen/", SUBMITTERS, hidden_from_director=True),
    Page(
        "assess progress report",
        SUBMITTED + "beoordelen/",
        {Role.EDUCATION_EXPERT},
        hidden_from_director=True,
    ),
    Page(
        "assess a draft progress report",
        DRAFT + "beoordelen/",
        set(),
        others={Role.EDUCATION_EXPERT: 302},
        hidden_from_director=True,
    ),
]
# The rows of the own trajectory, whose school the matrix's director leads when the world allows it (see `build`).
OWN_ROWS = [page for page in PAGES if page.url.startswith(REPORTS)]


def _executing(school, users) -> Trajectory:
    today = timezone.localdate()
    plan = ImprovementPlanFactory(status="goedgekeurd", trajectory__school=school)
    trajectory = plan.trajectory
    trajectory.phase = "uitvoering"
    trajectory.execution_started_on = today - datetime.timedelta(days=200)
    trajectory.financial_expert = users[Role.FINANCIAL_EXPERT]
    trajectory.save()
    trajectory.education_experts.add(users[Role.EDUCATION_EXPERT])
    MeasureFactory(goal=GoalFactory(plan=plan))
    services.schedule_progress_reports(today, trajectory=trajectory)
    return trajectory


def _document(report, user) -> int:
    document = ProgressReportDocument(report=report, original_filename="trendanalyse.pdf", uploaded_by=user)
    document.file.save("trendanalyse.pdf", ContentFile(b"%PDF-1.4 trendanalyse"), save=False)
    document.save()
    return document.pk


def build(users, boards, objects) -> dict:
    """Adds this area's objects to the shared world: `users` per role, `boards` = (own board, other board),
    `objects` what is built so far (ids by name). Returns the ids to add, by the names the URLs use.

    The own trajectory is on the school the matrix's director leads when that school has no open trajectory yet;
    a director without a school is given this one. When the director leads a school that is taken, they do not see
    these reports: their rows expect 404."""
    own_board, other_board = boards
    director = users[Role.SCHOOL_DIRECTOR]
    school = director.school if director.school_id else None
    if (
        school is None
        or school.board_id != own_board.pk
        or school.trajectories.filter(ended_on__isnull=True).exists()
    ):
        school = SchoolFactory(board=own_board)
    if director.school_id is None:
        director.school = school
        director.save(update_fields=["school"])
    if director.school_id != school.pk:
        for page in OWN_ROWS:
            if Role.SCHOOL_DIRECTOR in page.allowed or Role.SCHOOL_DIRECTOR in page.others:
                page.others[Role.SCHOOL_DIRECTOR] = 404
    own = _executing(school, users)
    board_user = users[Role.SCHOOL_BOARD]
    draft, submitted = own.progress_reports.get(quarter=1), own.progress_reports.get(quarter=2)
    document = _document(draft, board_user)
    answers = {
        "summary": "Het kwartaal verliep volgens plan.",
        "goal_lines": {
            line.goal_id: {"status": "op_schema", "current_value": Decimal(60)}
            for line in submitted.goal_lines.all()
        },
        "measure_lines": {
            line.measure_id: {"status": "volgens_plan"} for line in submitted.measure_lines.all()
        },
    }
    services.progress_report_update(
        user=board_user, report=submitted, expected_version=submitted.version, **answers
    )
    submitted.refresh_from_db()
    services.progress_report_submit(user=board_user, report=submitted, expected_version=submitted.version)
    other = _executing(SchoolFactory(board=other_board), users)
    other.education_experts.clear()
    other.financial_expert = None
    other.save()
    return {
        "progress_trajectory": own.pk,
        "other_progress_trajectory": other.pk,
        "progress_document": document,
        "other_progress_document": _document(
            other.progress_reports.get(quarter=1), users[Role.PROGRAMME_STAFF]
        ),
    }
