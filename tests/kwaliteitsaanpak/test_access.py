"""The access matrix: every page × every role (and anonymous) → the status a user gets.

Written as data so later issues add their pages as rows. `OWN` objects belong to the board of the board user;
`OTHER` objects to another board, which a board user must not reach even by guessing the URL (404). The school
director leads the school of `OWN` (the analysis trajectory); the plans and budgets below are of other schools of the
own board, which the director does not reach either (`hidden_from_director`: 404).
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLResolver, get_resolver, reverse

from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ImportKind
from schools.models import RegisterImport
from tests.access import (
    ALL_TRAJECTORIES,
    ANALYSIS_WRITERS,
    ANONYMOUS,
    BOARD_AND_DIRECTOR,
    BUDGET_SUBMITTERS,
    BUDGET_WRITERS,
    DIRECTOR,
    EVERY_ROLE,
    EXPERT_COST_READERS,
    FINANCE_OVERVIEW_READERS,
    INSPECTION,
    PLAN_VERSION_STARTERS,
    PLAN_WRITERS,
    ROLES,
    SPENDING_RECORDERS,
    STAFF,
    TRAJECTORY_READERS,
    Page,
    add_change_remove,
    assigned_only,
    client_of,
    fresh_files,
    not_found,
    plausible_post,
    takes_post,
)
from tests.audits import access_audits, access_inspection, access_visits
from tests.factories import (
    AnalysisFactory,
    AnalysisReviewFactory,
    BudgetFactory,
    BudgetLineFactory,
    BudgetReviewFactory,
    ClassVisitFactory,
    ExpertCostFactory,
    ImprovementPlanFactory,
    InspectionVerdictFactory,
    InterviewFactory,
    MeasureFactory,
    PlanReviewFactory,
    RealisationEntryFactory,
    RealisationQuarterFactory,
    SchoolBoardFactory,
    SchoolFactory,
    UserFactory,
)
from tests.fingerprint import changed_tables, database_fingerprint
from tests.improvement_plans import access_progress
from tests.kwaliteitsaanpak import access_history, access_login, access_personal, faults
from tests.monitoring import (
    access_dashboard,
    access_indicators,
    access_reports,
    access_rounds,
    access_school_monitor,
)

# The trajectories of the world (see `_build_world`), as the start of their pages' URLs.
OWN = "/trajecten/{own_trajectory}/"
OTHER = "/trajecten/{other_trajectory}/"
PLANNED = "/trajecten/{plan_trajectory}/"
OTHER_PLANNED = "/trajecten/{other_plan_trajectory}/"
APPROVED_PLAN = "/trajecten/{approved_plan_trajectory}/"
EXECUTING = "/trajecten/{approved_budget_trajectory}/"
PLAN = PLANNED + "plan/1/"
BUDGET = PLANNED + "begroting/1/"
SPENDING = EXECUTING + "realisatie/"
EXPERT_COSTS = EXECUTING + "expertkosten/"

PAGES = [
    Page("home", "/", EVERY_ROLE),
    Page("login", "/inloggen/", {ANONYMOUS}, default_denied=302),
    Page("school list", "/scholen/", EVERY_ROLE),
    Page("school list export", "/scholen/?_export=xlsx", EVERY_ROLE),
    Page("school of own board", "/scholen/{own_school}/", EVERY_ROLE),
    Page(
        "school of other board",
        "/scholen/{other_school}/",
        EVERY_ROLE - BOARD_AND_DIRECTOR,
        hidden_from_board=True,
    ),
    Page("add school", "/scholen/nieuw/", STAFF),
    Page("change school of own board", "/scholen/{own_school}/wijzigen/", STAFF),
    Page("change school of other board", "/scholen/{other_school}/wijzigen/", STAFF, hidden_from_board=True),
    Page("record verdict, own board", "/scholen/{own_school}/oordeel/", INSPECTION),
    Page(
        "record verdict, other board", "/scholen/{other_school}/oordeel/", INSPECTION, hidden_from_board=True
    ),
    Page("change verdict, own board", "/oordelen/{own_verdict}/wijzigen/", INSPECTION),
    Page(
        "change verdict, other board",
        "/oordelen/{other_verdict}/wijzigen/",
        INSPECTION,
        hidden_from_board=True,
    ),
    Page("board list", "/besturen/", EVERY_ROLE),
    Page("own board", "/besturen/{own_board}/", EVERY_ROLE),
    Page("other board", "/besturen/{other_board}/", EVERY_ROLE - BOARD_AND_DIRECTOR, hidden_from_board=True),
    Page("add board", "/besturen/nieuw/", STAFF),
    Page("change own board", "/besturen/{own_board}/wijzigen/", STAFF),
    Page("change other board", "/besturen/{other_board}/wijzigen/", STAFF, hidden_from_board=True),
    Page("import list", "/import/", STAFF),
    Page("start import", "/import/nieuw/", STAFF),
    Page("import report", "/import/{register_import}/", STAFF),
    Page("administration", "/beheer/", STAFF, default_denied=302),
    # Trajectories. The own trajectory (own board) has the matrix's experts assigned; the other one has none.
    Page("trajectory list", "/trajecten/", TRAJECTORY_READERS),
    Page("register a school", "/trajecten/aanmelden/", {Role.PROGRAMME_STAFF, Role.SCHOOL_BOARD}),
    Page("own trajectory", OWN, TRAJECTORY_READERS),
    assigned_only("other trajectory", OTHER),
    Page("schedule intake", OWN + "intake/", STAFF),
    Page("intake outcome", OWN + "intake/uitkomst/", STAFF),
    Page("assign experts", OWN + "experts/", STAFF),
    Page("withdraw", OWN + "terugtrekken/", STAFF),
    Page("other trajectory's intake", OTHER + "intake/", STAFF, hidden_from_board=True),
    # Posting a message is a POST only: a GET by someone allowed is "method not allowed".
    Page("post a message", OWN + "berichten/", TRAJECTORY_READERS, allowed_status=405, form_at=OWN),
    Page("own analysis", OWN + "analyse/", TRAJECTORY_READERS),
    assigned_only("other analysis", OTHER + "analyse/"),
    Page("edit own analysis", OWN + "analyse/wijzigen/", ANALYSIS_WRITERS),
    Page(
        "edit other analysis",
        OTHER + "analyse/wijzigen/",
        STAFF,
        others={Role.EDUCATION_EXPERT: 404, Role.SCHOOL_BOARD: 404, Role.SCHOOL_DIRECTOR: 404},
    ),
    Page("add class visit", OWN + "analyse/lesbezoeken/nieuw/", ANALYSIS_WRITERS),
    Page("change class visit", OWN + "analyse/lesbezoeken/{own_visit}/", ANALYSIS_WRITERS),
    not_found(
        "class visit of another analysis", OWN + "analyse/lesbezoeken/{other_visit}/", ANALYSIS_WRITERS
    ),
    Page("add interview", OWN + "analyse/gesprekken/nieuw/", ANALYSIS_WRITERS),
    Page("change interview", OWN + "analyse/gesprekken/{own_interview}/", ANALYSIS_WRITERS),
    Page("add attachment", OWN + "analyse/bijlagen/nieuw/", ANALYSIS_WRITERS),
    Page("download attachment", OWN + "analyse/bijlagen/{own_attachment}/", TRAJECTORY_READERS),
    # Only who added an attachment (the expert) removes it: the others who work on the analysis are sent back.
    Page(
        "remove attachment",
        OWN + "analyse/bijlagen/{own_attachment}/verwijderen/",
        {Role.EDUCATION_EXPERT},
        others={Role.PROGRAMME_STAFF: 302, Role.SCHOOL_BOARD: 302, Role.SCHOOL_DIRECTOR: 302},
    ),
    assigned_only("download another trajectory's attachment", OTHER + "analyse/bijlagen/{other_attachment}/"),
    Page("submit analysis", OWN + "analyse/indienen/", {Role.PROGRAMME_STAFF, Role.SCHOOL_BOARD}),
    Page(
        "judge analysis",
        "/trajecten/{submitted_trajectory}/analyse/beoordelen/",
        {Role.EXPERT_GROUP},
        hidden_from_director=True,
    ),
    # Improvement plans. The own plan (own board, experts assigned) is a draft version 1 with a goal and a measure.
    Page("latest plan", PLANNED + "plan/", TRAJECTORY_READERS, allowed_status=302, hidden_from_director=True),
    Page(
        "start a plan", PLANNED + "plan/starten/", PLAN_WRITERS, allowed_status=405, hidden_from_director=True
    ),
    Page("own plan", PLAN, TRAJECTORY_READERS, hidden_from_director=True),
    assigned_only("other plan", OTHER_PLANNED + "plan/1/"),
    not_found("a plan version that does not exist", PLANNED + "plan/9/", TRAJECTORY_READERS),
    Page("result agreements", PLAN + "resultaatafspraken/", PLAN_WRITERS, hidden_from_director=True),
    *add_change_remove(
        "goal", PLAN + "doelen/nieuw/", PLAN + "doelen/{goal}/", PLAN_WRITERS, hidden_from_director=True
    ),
    not_found("goal of another plan", PLAN + "doelen/{other_goal}/", PLAN_WRITERS | {DIRECTOR}),
    *add_change_remove(
        "measure",
        PLAN + "doelen/{goal}/maatregelen/nieuw/",
        PLAN + "maatregelen/{measure}/",
        PLAN_WRITERS,
        hidden_from_director=True,
    ),
    Page(
        "submit plan",
        PLAN + "indienen/",
        {Role.PROGRAMME_STAFF, Role.SCHOOL_BOARD},
        hidden_from_director=True,
    ),
    Page(
        "judge plan",
        "/trajecten/{submitted_plan_trajectory}/plan/1/beoordelen/",
        {Role.EXPERT_GROUP},
        hidden_from_director=True,
    ),
    Page(
        "new plan version",
        APPROVED_PLAN + "plan/nieuwe-versie/",
        PLAN_VERSION_STARTERS,
        hidden_from_board=True,
    ),
    Page(
        "compare plan versions",
        "/trajecten/{revised_plan_trajectory}/plan/2/vergelijken/",
        TRAJECTORY_READERS,
        hidden_from_director=True,
    ),
    Page("plan PDF", PLAN + "pdf/", TRAJECTORY_READERS, hidden_from_director=True),
    assigned_only("other plan PDF", OTHER_PLANNED + "plan/1/pdf/"),
    # Finance. Budgets are read by whoever reads the trajectory; only staff, the financial expert and the expert
    # group change them; the board records spending; the municipality sees the overview's totals and nothing else.
    Page("finance overview", "/financien/", FINANCE_OVERVIEW_READERS),
    Page("finance overview export", "/financien/?_export=xlsx", FINANCE_OVERVIEW_READERS),
    Page(
        "latest budget (exists)",
        PLANNED + "begroting/",
        TRAJECTORY_READERS,
        allowed_status=302,
        hidden_from_director=True,
    ),
    Page(
        "budget step before a budget",
        APPROVED_PLAN + "begroting/",
        ALL_TRAJECTORIES | {Role.EDUCATION_EXPERT, Role.FINANCIAL_EXPERT},
        hidden_from_board=True,
    ),
    Page("start a budget", APPROVED_PLAN + "begroting/starten/", BUDGET_WRITERS, hidden_from_board=True),
    Page("own budget", BUDGET, TRAJECTORY_READERS, hidden_from_director=True),
    Page(
        "own budget export",
        BUDGET + "?tabel=regels&_export=xlsx",
        TRAJECTORY_READERS,
        hidden_from_director=True,
    ),
    assigned_only("other budget", OTHER_PLANNED + "begroting/1/"),
    not_found("a budget version that does not exist", PLANNED + "begroting/9/", TRAJECTORY_READERS),
    *add_change_remove(
        "budget line",
        BUDGET + "regels/nieuw/",
        BUDGET + "regels/{budget_line}/",
        BUDGET_WRITERS,
        hidden_from_director=True,
    ),
    not_found("line of another budget", BUDGET + "regels/{other_budget_line}/", BUDGET_WRITERS | {DIRECTOR}),
    Page("submit budget", BUDGET + "indienen/", BUDGET_SUBMITTERS, hidden_from_director=True),
    Page(
        "judge budget",
        "/trajecten/{submitted_budget_trajectory}/begroting/1/beoordelen/",
        {Role.EXPERT_GROUP},
        hidden_from_director=True,
    ),
    Page("grant decision", EXECUTING + "begroting/1/beschikking/", STAFF, hidden_from_director=True),
    Page("spending", SPENDING, TRAJECTORY_READERS, hidden_from_director=True),
    Page(
        "spending export",
        SPENDING + "?tabel=regels&_export=xlsx",
        TRAJECTORY_READERS,
        hidden_from_director=True,
    ),
    assigned_only("other spending", OTHER_PLANNED + "realisatie/"),
    Page("record a quarter", SPENDING + "nieuw/", SPENDING_RECORDERS, hidden_from_director=True),
    Page("change a recorded quarter", SPENDING + "2009/1/", SPENDING_RECORDERS, hidden_from_director=True),
    not_found("a quarter that was not recorded", SPENDING + "2009/2/", SPENDING_RECORDERS | {DIRECTOR}),
    Page(
        "add supporting document",
        SPENDING + "2009/1/documenten/nieuw/",
        SPENDING_RECORDERS,
        hidden_from_director=True,
    ),
    Page(
        "download supporting document",
        SPENDING + "documenten/{document}/",
        TRAJECTORY_READERS,
        hidden_from_director=True,
    ),
    not_found("another trajectory's document", SPENDING + "documenten/{other_document}/", TRAJECTORY_READERS),
    # Only who added a supporting document (staff) removes it: the other recorders are sent back.
    Page(
        "remove supporting document",
        SPENDING + "documenten/{document}/verwijderen/",
        {Role.PROGRAMME_STAFF},
        others={Role.FINANCIAL_EXPERT: 302, Role.SCHOOL_BOARD: 302},
        hidden_from_director=True,
    ),
    Page("expert costs", EXPERT_COSTS, EXPERT_COST_READERS, hidden_from_director=True),
    Page(
        "expert costs export",
        EXPERT_COSTS + "?tabel=kosten&_export=csv",
        EXPERT_COST_READERS,
        hidden_from_director=True,
    ),
    *add_change_remove(
        "expert costs",
        EXPERT_COSTS + "nieuw/",
        EXPERT_COSTS + "{expert_cost}/",
        STAFF,
        hidden_from_director=True,
    ),
    not_found(
        "expert costs of another trajectory", EXPERT_COSTS + "{other_expert_cost}/", STAFF | {DIRECTOR}
    ),
]


# The execution areas keep their rows and objects in modules of their own.
AREAS = [
    access_progress,
    access_visits,
    access_audits,
    access_inspection,
    access_personal,
    access_login,
    access_indicators,
    access_rounds,
    access_dashboard,
    access_school_monitor,
    access_reports,
    access_history,
]
ALL_PAGES = PAGES + [page for area in AREAS for page in area.PAGES]


@pytest.fixture(scope="module")
def access_media_root(tmp_path_factory):
    """The world's uploaded files, kept for the whole module (the world is built once)."""
    return tmp_path_factory.mktemp("access-matrix") / "private-media"


@pytest.fixture(autouse=True)
def private_media_root(settings, access_media_root):
    """Every test of the matrix reads the files of the shared world (instead of a folder of its own)."""
    settings.MEDIA_ROOT = access_media_root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, access_media_root):
    """The read-only role × object world, built once for the module inside a transaction that is rolled back at
    the module's end. Each test still runs in a savepoint of its own (pytest-django's `db`), so what a request
    writes (sessions, last login) is undone after every test."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=access_media_root):
                built = _build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def signed_in(world, django_db_blocker):
    """A browser per role (and one anonymous), signed in once for the module: their sessions live in the world's
    transaction. Signing in again for every request cost more than the request (a new session, axes' bookkeeping);
    what a request writes to a session is undone with the rest of its test."""
    users, _ = world
    with django_db_blocker.unblock():
        return {role: client_of(users, role) for role in ROLES}


@pytest.fixture
def matrix(world, db):
    """The shared world, inside this test's own transaction."""
    return world


def _build_world():
    own_board = SchoolBoardFactory()
    other_board = SchoolBoardFactory()
    own_school = SchoolFactory(board=own_board)
    other_school = SchoolFactory(board=other_board)
    users = {role: UserFactory(role=role) for role in Role}
    users[Role.SCHOOL_BOARD].school_board = own_board
    users[Role.SCHOOL_BOARD].save()
    # The director leads the school of the own trajectory (the analysis): the other own-board trajectories are of
    # other schools of the same board, which the director does not see (404).
    users[Role.SCHOOL_DIRECTOR].school = own_school
    users[Role.SCHOOL_DIRECTOR].save()
    users[Role.PROGRAMME_STAFF].is_staff = True
    users[Role.PROGRAMME_STAFF].save()
    objects = {
        "own_board": own_board.pk,
        "other_board": other_board.pk,
        "own_school": own_school.pk,
        "other_school": other_school.pk,
        "own_verdict": InspectionVerdictFactory(school=own_school).pk,
        "other_verdict": InspectionVerdictFactory(school=other_school).pk,
        "register_import": RegisterImport.objects.create(kind=ImportKind.PUPILS_PER_LOCATION).pk,
    }
    own = AnalysisFactory(trajectory__school=own_school, trajectory__phase="analyse").trajectory
    own.education_experts.add(users[Role.EDUCATION_EXPERT])
    own.financial_expert = users[Role.FINANCIAL_EXPERT]
    own.save()
    other = AnalysisFactory(trajectory__school=other_school, trajectory__phase="analyse").trajectory
    submitted = AnalysisFactory(
        trajectory__school=SchoolFactory(board=own_board), trajectory__phase="analyse", status="ingediend"
    )
    AnalysisReviewFactory(analysis=submitted)
    objects.update(
        own_trajectory=own.pk,
        other_trajectory=other.pk,
        submitted_trajectory=submitted.trajectory_id,
        own_visit=ClassVisitFactory(analysis=own.analysis).pk,
        other_visit=ClassVisitFactory(analysis=other.analysis).pk,
        own_interview=InterviewFactory(analysis=own.analysis).pk,
        own_attachment=_attachment(own.analysis, users[Role.EDUCATION_EXPERT]).pk,
        other_attachment=_attachment(other.analysis, users[Role.PROGRAMME_STAFF]).pk,
    )
    objects.update(_plans(users, own_board, other_board))
    objects.update(_finance(users, own_board, objects))
    for area in AREAS:
        objects.update(area.build(users, (own_board, other_board), objects))
    return users, objects


def _plans(users, own_board, other_board) -> dict:
    """A draft plan (own board, experts assigned), one of another board, a submitted one and an approved one that
    has a second version."""
    from improvement_plans import services

    def assigned(plan):
        plan.trajectory.education_experts.add(users[Role.EDUCATION_EXPERT])
        plan.trajectory.financial_expert = users[Role.FINANCIAL_EXPERT]
        plan.trajectory.save()
        return plan

    own = MeasureFactory(goal__plan__trajectory__school__board=own_board)
    other = MeasureFactory(goal__plan__trajectory__school__board=other_board)
    submitted = ImprovementPlanFactory(status="ingediend", trajectory__school__board=own_board)
    PlanReviewFactory(plan=submitted)
    approved = assigned(ImprovementPlanFactory(status="goedgekeurd"))
    Trajectory.objects.filter(pk=approved.trajectory_id).update(phase="uitvoering")
    approved_twice = assigned(
        ImprovementPlanFactory(status="goedgekeurd", trajectory__school__board=own_board)
    )
    Trajectory.objects.filter(pk=approved_twice.trajectory_id).update(phase="uitvoering")
    services.plan_new_version(
        user=users[Role.PROGRAMME_STAFF],
        trajectory=approved_twice.trajectory,
        reason="Audit na het eerste jaar",
    )
    assigned(own.goal.plan)
    return {
        "plan_trajectory": own.goal.plan.trajectory_id,
        "other_plan_trajectory": other.goal.plan.trajectory_id,
        "submitted_plan_trajectory": submitted.trajectory_id,
        "approved_plan_trajectory": approved.trajectory_id,
        "revised_plan_trajectory": approved_twice.trajectory_id,
        "goal": own.goal_id,
        "other_goal": other.goal_id,
        "measure": own.pk,
    }


def _finance(users, own_board, objects) -> dict:
    """A draft budget with a line on the own draft plan; one of another board; a submitted budget of an approved
    plan; an approved budget in execution with spending in quarter 1 of 2009, a supporting document and expert
    costs (own board, experts assigned)."""
    from finance.models import RealisationDocument
    from improvement_plans.models import ImprovementPlan, Measure

    def executing_plan():
        plan = ImprovementPlanFactory(status="goedgekeurd", trajectory__school__board=own_board)
        plan.trajectory.education_experts.add(users[Role.EDUCATION_EXPERT])
        plan.trajectory.financial_expert = users[Role.FINANCIAL_EXPERT]
        plan.trajectory.phase = "uitvoering"
        plan.trajectory.save()
        return plan

    own_plan = ImprovementPlan.objects.get(trajectory_id=objects["plan_trajectory"])
    line = BudgetLineFactory(
        budget=BudgetFactory(plan=own_plan), measure=Measure.objects.get(pk=objects["measure"])
    )
    other_budget = BudgetFactory(
        plan=ImprovementPlan.objects.get(trajectory_id=objects["other_plan_trajectory"])
    )
    BudgetReviewFactory(budget__plan=executing_plan())
    approved = BudgetFactory(plan=executing_plan(), approved=True)
    spending = RealisationEntryFactory(line=BudgetLineFactory(budget=approved)).realisation
    other_quarter = RealisationQuarterFactory(trajectory=other_budget.trajectory)

    def document(realisation):
        document = RealisationDocument(
            realisation=realisation, original_filename="factuur.pdf", uploaded_by=users[Role.PROGRAMME_STAFF]
        )
        document.file.save("factuur.pdf", ContentFile(b"%PDF-1.4 factuur"), save=False)
        document.save()
        return document.pk

    return {
        "budget_line": line.pk,
        "other_budget_line": BudgetLineFactory(budget=other_budget).pk,
        "submitted_budget_trajectory": Trajectory.objects.get(plans__budget__status="ingediend").pk,
        "approved_budget_trajectory": approved.trajectory_id,
        "document": document(spending),
        "other_document": document(other_quarter),
        "expert_cost": ExpertCostFactory(trajectory=approved.trajectory).pk,
        "other_expert_cost": ExpertCostFactory(trajectory=other_budget.trajectory).pk,
    }


def _attachment(analysis, user):
    from improvement_plans.models import AnalysisAttachment

    attachment = AnalysisAttachment(analysis=analysis, original_filename="verslag.pdf", uploaded_by=user)
    attachment.file.save("verslag.pdf", ContentFile(b"%PDF-1.4 verslag"), save=False)
    attachment.save()
    return attachment


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda page: page.name)
def test_every_role_gets_the_expected_status(matrix, signed_in, page):
    _, objects = matrix
    url = page.url.format(**objects)
    outcomes = {str(role): signed_in[role].get(url).status_code for role in ROLES}
    expected = {str(role): page.expected(role) for role in ROLES}
    assert outcomes == expected


def test_anonymous_users_are_sent_to_the_login_page(client, matrix):
    _, objects = matrix
    response = client.get(f"/scholen/{objects['own_school']}/")
    assert response.url == f"{reverse('login')}?next=/scholen/{objects['own_school']}/"


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin" or str(pattern.pattern).startswith("i18n"):
                continue
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield "/" + prefix + str(pattern.pattern)


def test_the_matrix_covers_every_page():
    """A new page without a row in the matrix fails here. (Logging out is a POST, not a page.)"""
    covered = {re.sub(r"\{[a-z_]+\}|(?<=/)\d+(?=[/.])", "<x>", page.url.split("?")[0]) for page in ALL_PAGES}
    routes = {re.sub(r"<[a-z]+:[a-z_]+>", "<x>", route) for route in _routes(get_resolver().url_patterns)}
    routes -= {"/uitloggen/"}
    assert routes - covered == set()


# The POST matrix: whoever may not use a page cannot post to it either, and their POST changes nothing. Every row
# but those that every role (and anonymous) may use, such as the calendar feed.
REFUSING_PAGES = [page for page in ALL_PAGES if not all(page.may_use(role) for role in ROLES)]


@pytest.mark.parametrize("page", REFUSING_PAGES, ids=lambda page: page.name)
def test_whoever_may_not_use_a_page_cannot_post_to_it(matrix, signed_in, page):
    """Every role that may not use a page posts what a role that may would post: it gets the same refusal as on a
    GET (405 only where the route takes no POST at all) and not a row or a file in the database changed."""
    users, objects = matrix
    url = page.url.format(**objects)
    refused = [role for role in ROLES if not page.may_use(role)]
    data = plausible_post(users, objects, page)
    clients = {role: signed_in[role] for role in refused}  # signed in before the fingerprint is taken
    has_post_handler = takes_post(url.split("?")[0])
    before = database_fingerprint()
    outcomes, expected = {}, {}
    for role in refused:
        response = clients[role].post(url, fresh_files(data))
        outcomes[str(role)] = response.status_code
        expected[str(role)] = (
            response.status_code
            if response.status_code == 405 and not has_post_handler
            else page.expected(role)
        )
        if role == ANONYMOUS and response.status_code == 302:
            assert "inloggen" in response.url or "/beheer/login/" in response.url, response.url
    # One fingerprint after all the refused POSTs (each takes some 30 ms): the statuses above say whose POST
    # was let through when something changed.
    assert changed_tables(before, database_fingerprint()) == []
    assert outcomes == expected


# Faults and recovery (issue 13): with Redis unreachable every page answers as above, and no page that is only read
# (GET) reaches the broker (no status call, no ping). The fixtures are in tests/kwaliteitsaanpak/faults.py.
broker_down = faults.broker_down
broker_calls = faults.broker_calls


def test_every_page_answers_with_redis_down_and_no_get_touches_the_broker(
    client, matrix, broker_down, broker_calls
):
    users, objects = matrix
    answered, expected = {}, {}
    for page in ALL_PAGES:
        role = next((role for role in Role if page.may_use(role)), ANONYMOUS)
        client.logout()
        if role != ANONYMOUS:
            client.force_login(users[role])
        answered[page.name] = client.get(page.url.format(**objects)).status_code
        expected[page.name] = page.expected(role)
    assert answered == expected
    assert broker_calls == []
