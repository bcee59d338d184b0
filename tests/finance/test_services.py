"""The finance services of issue 5: who may call each (per role), in which budget status and phase.

Like tests/improvement_plans/test_plan_services.py: the role × service matrix is data (service → the actors that
may call it). Every other actor, among them a board user of another board and a financial expert who is not
assigned to the trajectory, is refused with PermissionDenied, and nothing changes (every row of the finance and
trajectory apps and every stored file are fingerprinted before and after). Then the budget's statuses: lines only
on a draft or returned budget, submit with lines and with the plan, approve a submitted budget of an approved plan
with the board's waiver, return with comments, one pending review, optimistic locking; and the history.

The other files `test_services_*.py` hold revisions, bad input and two people clicking at once; they, and the
selector tests, build their data with the helpers of this file.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format

from finance import services
from finance.constants import BudgetStatus, Commitment, CostCategory, Quarter
from finance.models import Budget, BudgetLine, BudgetReview, ExpertCost, GrantDecision, RealisationQuarter
from improvement_plans import services as plan_services
from improvement_plans.constants import (
    AnalysisTopic,
    EventKind,
    MeasureKind,
    Phase,
    PlanStatus,
    ReviewDecision,
)
from improvement_plans.models import ImprovementPlan, Measure, Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import GoalFactory, ImprovementPlanFactory, MeasureFactory, SchoolFactory, UserFactory
from tests.improvement_plans.test_plan_services import fresh, new_plan
from tests.improvement_plans.test_plan_services import submit as submit_plan
from tests.improvement_plans.test_services import (
    OTHER_BOARD,
    UNASSIGNED_EXPERT,
    World,
    field_messages,
    messages_of,
    phase_message,
    stored_files,
    trajectory_in,
)

# The actors: every role, plus three who hold a role's permissions but not for this trajectory.
UNASSIGNED_FINANCIAL_EXPERT = "financial_expert_not_assigned"
ACTORS = [*Role, OTHER_BOARD, UNASSIGNED_EXPERT, UNASSIGNED_FINANCIAL_EXPERT]
ACTOR_IDS = {
    Role.PROGRAMME_STAFF: "staff",
    Role.EDUCATION_EXPERT: "education_expert",
    Role.FINANCIAL_EXPERT: "financial_expert",
    Role.EXPERT_GROUP: "expert_group",
    Role.SCHOOL_BOARD: "own_board",
    Role.INSPECTION: "inspection",
    Role.MUNICIPALITY: "municipality",
    OTHER_BOARD: "other_board",
    UNASSIGNED_EXPERT: "unassigned_education_expert",
    UNASSIGNED_FINANCIAL_EXPERT: "unassigned_financial_expert",
}
STAFF, EDUCATION_EXPERT, FINANCIAL_EXPERT, EXPERT_GROUP, BOARD = (
    Role.PROGRAMME_STAFF,
    Role.EDUCATION_EXPERT,
    Role.FINANCIAL_EXPERT,
    Role.EXPERT_GROUP,
    Role.SCHOOL_BOARD,
)

NOT_ALLOWED = "U mag dit niet doen."
WAIVED_ON = datetime.date(2009, 1, 12)
RETURN_COMMENT = "Onderbouw de kosten van de coaching per schooljaar."
REVISION_REASON = "De audit na jaar 1: taal blijft achter, de rekenscholing wordt verlengd."
FIRST_QUARTER = Quarter(2009, 1)


def eur(amount: str) -> str:
    """An amount as a Dutch reader sees it: "€ 12.500,00" with a no-break space."""
    return f"€\u00a0{amount}"


def long_date(value: datetime.date) -> str:
    return date_format(value, "j F Y")


# The world


class FinanceWorld(World):
    """The world of the trajectory tests, plus a financial expert who is not assigned to its trajectories."""

    def __getitem__(self, actor):
        if actor == UNASSIGNED_FINANCIAL_EXPERT and actor not in self.users:
            self.users[actor] = UserFactory(role=Role.FINANCIAL_EXPERT)
        return super().__getitem__(actor)


def make_world() -> FinanceWorld:
    return FinanceWorld()


# What the database holds, to show that a refused call changed nothing


def snapshot() -> dict:
    """A fingerprint of every row of the finance and trajectory apps (with their history and many-to-many tables,
    so also the trajectory's events) and of every stored file: table → (row count, hash of the rows)."""
    tables = sorted(
        model._meta.db_table
        for label in ("finance", "improvement_plans")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
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


def refused(call: Callable, error: type[Exception] | None = None) -> Exception:
    """Call, expect `error` (a ValidationError unless told), and check that nothing at all changed."""
    before = snapshot()
    with pytest.raises(error or ValidationError) as info:
        call()
    assert snapshot() == before
    return info.value


# Budgets in every status, built through the services


def fresh_budget(budget: Budget) -> Budget:
    return Budget.objects.select_related("plan", "trajectory__school").get(pk=budget.pk)


def measure_of(plan: ImprovementPlan) -> Measure:
    """The plan's first measure: new_plan's one measure runs from 31 October 2008 to 27 August 2009 (school years
    2008/2009 and 2009/2010), estimated at € 12.500,00."""
    return Measure.objects.filter(goal__plan=plan).select_related("goal").order_by("id").first()


def plan_with_two_goals(world) -> ImprovementPlan:
    """Version 1 with the arithmetic goal and its teacher training (new_plan's, estimated at € 12.500,00) and a
    language goal with a new reading method (estimated at € 6.000,00); both run in 2008/2009 and 2009/2010."""
    plan = new_plan(world)
    language = GoalFactory(
        plan=plan, theme=AnalysisTopic.LANGUAGE, order=2, description="Meer leerlingen lezen op niveau."
    )
    MeasureFactory(goal=language, kind=MeasureKind.NEW_METHOD, estimated_cost=Decimal("6000"))
    return fresh(plan)


def add_line(world, budget: Budget, user=None, **kwargs) -> BudgetLine:
    """€ 12.500,00 for training in 2008/2009, € 10.000,00 of it from the municipality."""
    arguments = {
        "measure": measure_of(budget.plan),
        "school_year": 2008,
        "category": CostCategory.TRAINING,
        "description": "Teamscholing directe instructie",
        "amount": Decimal("12500.00"),
        "municipality_amount": Decimal("10000.00"),
        "board_amount": Decimal("2500.00"),
    } | kwargs
    return services.budget_line_save(user=user or world[FINANCIAL_EXPERT], budget=budget, **arguments)


def start_budget(world, plan: ImprovementPlan, user=None, reason: str = "") -> Budget:
    return fresh_budget(
        services.budget_create(user=user or world[FINANCIAL_EXPERT], plan=fresh(plan), reason=reason)
    )


def submit_budget(world, budget: Budget, user=None) -> Budget:
    budget = fresh_budget(budget)
    services.budget_submit(
        user=user or world[FINANCIAL_EXPERT], budget=budget, expected_version=budget.version
    )
    return fresh_budget(budget)


def approve_budget(world, budget: Budget, user=None, **kwargs) -> Budget:
    arguments = {"waiver_confirmed": True, "equalisation_waived_on": WAIVED_ON, "comments": ""} | kwargs
    services.budget_approve(user=user or world[EXPERT_GROUP], budget=fresh_budget(budget), **arguments)
    return fresh_budget(budget)


def return_budget(world, budget: Budget, user=None, comments: str = RETURN_COMMENT) -> Budget:
    services.budget_return(user=user or world[EXPERT_GROUP], budget=fresh_budget(budget), comments=comments)
    return fresh_budget(budget)


def approve_plan(world, plan: ImprovementPlan) -> ImprovementPlan:
    """Approve a submitted plan version (the first approval starts the execution today)."""
    return fresh(plan_services.plan_approve(user=world[EXPERT_GROUP], plan=fresh(plan)))


def new_plan_version(world, plan: ImprovementPlan) -> ImprovementPlan:
    return fresh(
        plan_services.plan_new_version(
            user=world[EXPERT_GROUP], trajectory=plan.trajectory, reason="De audit na jaar 1."
        )
    )


BUDGET_STATUSES = ["draft", "submitted", "returned", "approved", "superseded"]
EDITABLE_STATUSES = {"draft", "returned"}


def budget_in(world, status: str, school=None, *, plan_approved: bool = True) -> Budget:
    """Version 1 of a plan with one measure and its budget with one line (€ 12.500,00, € 10.000,00 of it from the
    municipality), in a status. The plan is submitted with a draft budget and approved before the budget is judged
    (unless plan_approved=False: then a submitted budget's plan is still submitted). "superseded" is version 1
    after the approval of the revised budget of plan version 2."""
    plan = new_plan(world, school)
    budget = start_budget(world, plan)
    add_line(world, budget)
    plan = submit_plan(world, plan)
    if status == "draft":
        return fresh_budget(budget)
    budget = submit_budget(world, budget)
    if plan_approved:
        plan = approve_plan(world, plan)
    if status == "submitted":
        return budget
    if status == "returned":
        return return_budget(world, budget)
    budget = approve_budget(world, budget)
    if status == "approved":
        return budget
    if status == "superseded":
        version_2 = new_plan_version(world, plan)
        revision = start_budget(world, version_2, reason=REVISION_REASON)
        approve_plan(world, submit_plan(world, version_2))
        approve_budget(world, submit_budget(world, revision))
        return fresh_budget(budget)
    raise ValueError(status)


def record_quarter(world, budget: Budget, quarter=FIRST_QUARTER, user=None, amounts=None, **kwargs):
    """Spending of a quarter: € 4.000,00 of the municipality and € 1.000,00 of the board on the first line."""
    line = budget.lines.order_by("id").first()
    return services.realisation_save(
        user=user or world[FINANCIAL_EXPERT],
        trajectory=budget.trajectory,
        quarter=quarter,
        amounts=amounts if amounts is not None else {line.pk: (Decimal("4000.00"), Decimal("1000.00"))},
        **kwargs,
    )


def events(trajectory: Trajectory, kinds=None) -> list[tuple[str, object, str]]:
    rows = trajectory.events.order_by("created_at", "id")
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    return [(event.kind, event.actor, event.comment) for event in rows]


FINANCE_EVENTS = [
    EventKind.BUDGET_STARTED,
    EventKind.BUDGET_REVISED,
    EventKind.BUDGET_SUBMITTED,
    EventKind.BUDGET_RETURNED,
    EventKind.BUDGET_APPROVED,
    EventKind.GRANT_DECISION,
    EventKind.REALISATION,
]


def last_event(trajectory: Trajectory):
    return events(trajectory, FINANCE_EVENTS)[-1]


# The matrix: one setup, call and check per service


def setup_plan(world):
    plan = new_plan(world)
    return SimpleNamespace(plan=plan, trajectory=plan.trajectory)


def setup_budget(status):
    def setup(world):
        budget = budget_in(world, status)
        return SimpleNamespace(
            budget=budget, trajectory=budget.trajectory, line=budget.lines.get(), plan=budget.plan
        )

    return setup


def setup_recorded_quarter(world):
    context = setup_budget("approved")(world)
    context.realisation = record_quarter(world, context.budget)
    return context


def setup_expert_cost(world):
    context = setup_budget("approved")(world)
    context.cost = services.expert_cost_save(
        user=world[STAFF],
        trajectory=context.trajectory,
        expert=world[EDUCATION_EXPERT],
        quarter=FIRST_QUARTER,
        hours=Decimal("12.50"),
        hourly_rate=Decimal("95.00"),
    )
    context.cost_id = context.cost.pk
    return context


def call_create(world, context, user):
    return services.budget_create(user=user, plan=context.plan)


def call_line_add(world, context, user):
    return add_line(
        world,
        context.budget,
        user,
        school_year=2009,
        category=CostCategory.COACHING,
        description="Coaching van de rekencoördinator",
        amount=Decimal("3000.00"),
        municipality_amount=Decimal("1500.00"),
        board_amount=Decimal("1500.00"),
    )


def call_line_change(world, context, user):
    return add_line(
        world,
        context.budget,
        user,
        line=context.line,
        amount=Decimal("14000.00"),
        municipality_amount=Decimal("11000.00"),
        board_amount=Decimal("3000.00"),
    )


def call_line_remove(world, context, user):
    return services.budget_line_remove(user=user, line=context.line)


def call_submit(world, context, user):
    return services.budget_submit(user=user, budget=context.budget, expected_version=context.budget.version)


def call_approve(world, context, user):
    return services.budget_approve(
        user=user,
        budget=context.budget,
        waiver_confirmed=True,
        equalisation_waived_on=WAIVED_ON,
        comments="Een sluitende begroting.",
    )


def call_return(world, context, user):
    return services.budget_return(user=user, budget=context.budget, comments=RETURN_COMMENT)


def call_grant(world, context, user):
    return services.grant_decision_save(
        user=user,
        budget=context.budget,
        date=timezone.localdate(),
        reference="DMO/2009/0042",
        amount=Decimal("10000.00"),
    )


def call_realisation(world, context, user):
    return record_quarter(world, context.budget, user=user, note="Facturen van de scholing.")


def call_document(world, context, user):
    upload = SimpleUploadedFile("factuur-scholing.pdf", b"%PDF-1.4 factuur", content_type="application/pdf")
    return services.realisation_document_add(
        user=user, realisation=context.realisation, file=upload, description="Factuur scholing"
    )


def call_expert_cost(world, context, user):
    return services.expert_cost_save(
        user=user,
        trajectory=context.trajectory,
        expert=world[FINANCIAL_EXPERT],
        quarter=FIRST_QUARTER,
        hours=Decimal("8.00"),
        hourly_rate=Decimal("87.50"),
        note="Begroting opgesteld",
    )


def call_expert_cost_remove(world, context, user):
    return services.expert_cost_remove(user=user, cost=context.cost)


def check_create(world, context, user, result):
    budget = Budget.objects.get(plan=context.plan)
    assert budget == result
    assert (budget.trajectory, budget.status, budget.created_by, budget.version, budget.change_reason) == (
        context.trajectory,
        BudgetStatus.DRAFT,
        user,
        1,
        "",
    )
    assert not budget.lines.exists()
    assert last_event(context.trajectory) == (EventKind.BUDGET_STARTED, user, "Versie 1")


def check_line_add(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert budget.lines.count() == 2
    line = BudgetLine.objects.get(pk=result.pk)
    assert (line.school_year, line.category, line.amount, line.municipality_amount, line.board_amount) == (
        2009,
        CostCategory.COACHING,
        Decimal("3000.00"),
        Decimal("1500.00"),
        Decimal("1500.00"),
    )
    assert line.lineage != context.line.lineage
    assert budget.version == context.budget.version + 1


def check_line_change(world, context, user, result):
    line = BudgetLine.objects.get(pk=context.line.pk)
    assert (line.amount, line.municipality_amount, line.board_amount) == (
        Decimal("14000.00"),
        Decimal("11000.00"),
        Decimal("3000.00"),
    )
    assert line.lineage == context.line.lineage
    assert fresh_budget(context.budget).version == context.budget.version + 1


def check_line_remove(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert not budget.lines.exists()
    assert budget.version == context.budget.version + 1


def check_submit(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert (budget.status, budget.version) == (BudgetStatus.SUBMITTED, context.budget.version + 1)
    assert not budget.is_editable
    assert budget.reviews.get() == result
    assert (result.submitted_by, result.decision, result.decided_by) == (user, "", None)
    assert last_event(context.trajectory) == (EventKind.BUDGET_SUBMITTED, user, "Versie 1")


def check_approve(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert (budget.status, budget.equalisation_waived_on, budget.commitment) == (
        BudgetStatus.APPROVED,
        WAIVED_ON,
        Commitment.COMMITTED,
    )
    assert budget.approved_at is not None
    review = budget.reviews.get()
    assert (review.decision, review.decided_by, review.comments) == (
        ReviewDecision.APPROVED,
        user,
        "Een sluitende begroting.",
    )
    assert last_event(context.trajectory) == (
        EventKind.BUDGET_APPROVED,
        user,
        f"Versie 1: {eur('10.000,00')} van de gemeente toegezegd",
    )


def check_return(world, context, user, result):
    budget = fresh_budget(context.budget)
    assert (budget.status, budget.commitment) == (BudgetStatus.RETURNED, Commitment.PLANNED)
    assert budget.is_editable
    review = budget.reviews.get()
    assert (review.decision, review.decided_by, review.comments) == (
        ReviewDecision.RETURNED,
        user,
        RETURN_COMMENT,
    )
    assert last_event(context.trajectory) == (EventKind.BUDGET_RETURNED, user, RETURN_COMMENT)


def check_grant(world, context, user, result):
    decision = GrantDecision.objects.get(budget=context.budget)
    assert decision == result
    assert (decision.date, decision.reference, decision.amount, decision.recorded_by) == (
        timezone.localdate(),
        "DMO/2009/0042",
        Decimal("10000.00"),
        user,
    )
    assert last_event(context.trajectory) == (
        EventKind.GRANT_DECISION,
        user,
        f"DMO/2009/0042 van {long_date(timezone.localdate())}: {eur('10.000,00')}",
    )


def check_realisation(world, context, user, result):
    record = RealisationQuarter.objects.get(trajectory=context.trajectory)
    assert record == result
    assert (record.period, record.note, record.recorded_by, record.version) == (
        FIRST_QUARTER,
        "Facturen van de scholing.",
        user,
        1,
    )
    entry = record.entries.get()
    assert (entry.line, entry.lineage, entry.municipality_amount, entry.board_amount) == (
        context.line,
        context.line.lineage,
        Decimal("4000.00"),
        Decimal("1000.00"),
    )
    assert last_event(context.trajectory) == (
        EventKind.REALISATION,
        user,
        f"1e kwartaal 2009: {eur('5.000,00')} besteed",
    )


def check_document(world, context, user, result):
    document = context.realisation.documents.get()
    assert (document.original_filename, document.description, document.uploaded_by) == (
        "factuur-scholing.pdf",
        "Factuur scholing",
        user,
    )
    # Stored under a random name, never the original one.
    assert "factuur" not in document.file.name
    with document.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 factuur"


def check_expert_cost(world, context, user, result):
    cost = ExpertCost.objects.get(trajectory=context.trajectory)
    assert (cost.expert, cost.period, cost.hours, cost.hourly_rate, cost.amount, cost.recorded_by) == (
        world[FINANCIAL_EXPERT],
        FIRST_QUARTER,
        Decimal("8.00"),
        Decimal("87.50"),
        Decimal("700.00"),
        user,
    )


def check_expert_cost_remove(world, context, user, result):
    assert not ExpertCost.objects.filter(trajectory=context.trajectory).exists()
    # Its history is kept.
    assert ExpertCost.history.filter(id=context.cost_id).count() == 2


@dataclass
class Service:
    setup: Callable
    call: Callable
    check: Callable
    allowed: frozenset


BUDGET_WORKERS = frozenset({STAFF, FINANCIAL_EXPERT, EXPERT_GROUP})
SPENDERS = frozenset({STAFF, FINANCIAL_EXPERT, BOARD})

# The role × service matrix: service → the actors that may call it (all others: PermissionDenied).
SERVICES = {
    "budget_create": Service(setup_plan, call_create, check_create, BUDGET_WORKERS),
    "budget_line_save_add": Service(setup_budget("draft"), call_line_add, check_line_add, BUDGET_WORKERS),
    "budget_line_save_change": Service(
        setup_budget("draft"), call_line_change, check_line_change, BUDGET_WORKERS
    ),
    "budget_line_remove": Service(setup_budget("draft"), call_line_remove, check_line_remove, BUDGET_WORKERS),
    "budget_submit": Service(
        setup_budget("draft"), call_submit, check_submit, frozenset({STAFF, FINANCIAL_EXPERT})
    ),
    "budget_approve": Service(
        setup_budget("submitted"), call_approve, check_approve, frozenset({EXPERT_GROUP})
    ),
    "budget_return": Service(setup_budget("submitted"), call_return, check_return, frozenset({EXPERT_GROUP})),
    "grant_decision_save": Service(setup_budget("approved"), call_grant, check_grant, frozenset({STAFF})),
    "realisation_save": Service(setup_budget("approved"), call_realisation, check_realisation, SPENDERS),
    "realisation_document_add": Service(setup_recorded_quarter, call_document, check_document, SPENDERS),
    "expert_cost_save": Service(
        setup_budget("approved"), call_expert_cost, check_expert_cost, frozenset({STAFF})
    ),
    "expert_cost_remove": Service(
        setup_expert_cost, call_expert_cost_remove, check_expert_cost_remove, frozenset({STAFF})
    ),
}


def test_the_matrix_names_only_known_actors():
    for name, service in SERVICES.items():
        assert service.allowed <= set(ACTORS), name


MATRIX = [(name, actor, actor in service.allowed) for name, service in SERVICES.items() for actor in ACTORS]


def matrix_id(case) -> str:
    name, actor, allowed = case
    return f"{name}-{ACTOR_IDS[actor]}-{'allowed' if allowed else 'refused'}"


@pytest.mark.parametrize(("name", "actor", "allowed"), MATRIX, ids=[matrix_id(case) for case in MATRIX])
def test_role_service_matrix(world, name, actor, allowed):
    service = SERVICES[name]
    context = service.setup(world)
    user = world[actor]
    if allowed:
        result = service.call(world, context, user)
        service.check(world, context, user, result)
    else:
        error = refused(lambda: service.call(world, context, user), PermissionDenied)
        assert str(error) == NOT_ALLOWED


# The budget's statuses: what each service does in each of them

LINE_SERVICES = {
    "budget_line_save_add": call_line_add,
    "budget_line_save_change": call_line_change,
    "budget_line_remove": call_line_remove,
    "budget_submit": call_submit,
}


def frozen_message(status: str) -> str:
    return f"Deze begroting is {BudgetStatus(status).label.lower()} en kan niet worden gewijzigd."


@pytest.mark.parametrize("status", BUDGET_STATUSES)
@pytest.mark.parametrize("name", LINE_SERVICES)
def test_lines_change_and_the_budget_is_submitted_only_while_it_is_draft_or_returned(world, name, status):
    budget = budget_in(world, status)
    context = SimpleNamespace(
        budget=budget, line=budget.lines.order_by("id").first(), trajectory=budget.trajectory
    )
    call = lambda: LINE_SERVICES[name](world, context, world[FINANCIAL_EXPERT])  # noqa: E731
    if status in EDITABLE_STATUSES:
        before = snapshot()
        call()
        assert snapshot() != before
    else:
        error = refused(call)
        assert messages_of(error) == [frozen_message(budget.status)]


@pytest.mark.parametrize("status", BUDGET_STATUSES)
@pytest.mark.parametrize("name", ["budget_approve", "budget_return"])
def test_only_a_submitted_budget_is_judged(world, name, status):
    budget = budget_in(world, status)
    context = SimpleNamespace(budget=budget)
    call = lambda: SERVICES[name].call(world, context, world[EXPERT_GROUP])  # noqa: E731
    if status == "submitted":
        call()
        assert fresh_budget(budget).status != BudgetStatus.SUBMITTED
    else:
        error = refused(call)
        assert messages_of(error) == ["Er is geen ingediende begroting om te beoordelen."]


@pytest.mark.parametrize("status", BUDGET_STATUSES)
def test_a_grant_decision_is_recorded_for_the_approved_budget_only(world, status):
    budget = budget_in(world, status)
    call = lambda: call_grant(world, SimpleNamespace(budget=budget), world[STAFF])  # noqa: E731
    if status == "approved":
        assert call().budget == budget
    else:
        error = refused(call)
        assert messages_of(error) == [
            "Een beschikking wordt alleen vastgelegd voor de goedgekeurde begroting."
        ]


def test_a_budget_without_lines_cannot_be_submitted(world):
    plan = submit_plan(world, new_plan(world))
    budget = start_budget(world, plan)
    error = refused(lambda: submit_budget(world, budget))
    assert messages_of(error) == ["De begroting heeft nog geen regels: voeg ten minste één bedrag toe."]


@pytest.mark.parametrize("plan_status", ["draft", "returned"])
def test_a_budget_is_submitted_with_or_after_its_plan(world, plan_status):
    plan = new_plan(world)
    budget = start_budget(world, plan)
    add_line(world, budget)
    if plan_status == "returned":
        plan_services.plan_return(
            user=world[EXPERT_GROUP], plan=submit_plan(world, plan), comments="Maak de doelen concreter."
        )
    error = refused(lambda: submit_budget(world, budget))
    assert messages_of(error) == [
        "De begroting wordt ingediend met het plan: versie 1 van het verbeterplan moet eerst worden ingediend."
    ]


def test_an_empty_budget_of_an_unsubmitted_plan_is_told_both(world):
    budget = start_budget(world, new_plan(world))
    error = refused(lambda: submit_budget(world, budget))
    assert messages_of(error) == [
        "De begroting heeft nog geen regels: voeg ten minste één bedrag toe. "
        "De begroting wordt ingediend met het plan: versie 1 van het verbeterplan moet eerst worden ingediend."
    ]


@pytest.mark.parametrize("plan_status", ["submitted", "approved"])
def test_a_budget_is_submitted_with_a_submitted_or_approved_plan(world, plan_status):
    budget = budget_in(world, "draft")
    if plan_status == "approved":
        approve_plan(world, budget.plan)
    assert submit_budget(world, budget).status == BudgetStatus.SUBMITTED


def test_the_budget_of_a_plan_that_is_not_approved_is_not_approved(world):
    budget = budget_in(world, "submitted", plan_approved=False)
    error = refused(lambda: approve_budget(world, budget))
    assert messages_of(error) == [
        "De gemeente financiert alleen mee aan een goedgekeurd plan: keur eerst versie 1 van het verbeterplan "
        "goed, of stuur de begroting terug."
    ]
    # It can be returned, though.
    assert return_budget(world, budget).status == BudgetStatus.RETURNED


def test_approval_commits_the_municipal_share_and_records_the_waiver(world):
    budget = budget_in(world, "submitted")
    assert budget.commitment == Commitment.PLANNED
    approved = approve_budget(world, budget, comments="  Akkoord.  ")
    assert (approved.status, approved.commitment, approved.equalisation_waived_on) == (
        BudgetStatus.APPROVED,
        Commitment.COMMITTED,
        WAIVED_ON,
    )
    assert timezone.now() - approved.approved_at < datetime.timedelta(minutes=1)
    assert approved.reviews.get().comments == "Akkoord."
    assert not approved.is_editable


@pytest.mark.parametrize("when", ["registration_day", "today"])
def test_the_waiver_may_be_dated_on_the_registration_day_or_today(world, when):
    waived_on = datetime.date(2008, 9, 1) if when == "registration_day" else timezone.localdate()
    budget = budget_in(world, "submitted")
    assert approve_budget(world, budget, equalisation_waived_on=waived_on).equalisation_waived_on == waived_on


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        (
            {"waiver_confirmed": False},
            "waiver_confirmed",
            "Bevestig dat het schoolbestuur afstand heeft gedaan van zijn aanspraken op financiële "
            "gelijkstelling; het akkoord vraagt dat.",
        ),
        (
            {"equalisation_waived_on": None},
            "equalisation_waived_on",
            "Vul de datum in waarop het bestuur afstand heeft gedaan van zijn aanspraken.",
        ),
        (
            {"equalisation_waived_on": datetime.date(2008, 8, 31)},
            "equalisation_waived_on",
            "De afstandsverklaring kan niet van vóór de aanmelding op 1 september 2008 zijn.",
        ),
        ({"equalisation_waived_on": "tomorrow"}, "equalisation_waived_on", "Deze datum ligt in de toekomst."),
    ],
    ids=["not_confirmed", "no_date", "before_registration", "in_the_future"],
)
def test_approval_needs_the_confirmed_and_dated_waiver(world, arguments, field, message):
    if arguments.get("equalisation_waived_on") == "tomorrow":
        arguments = {"equalisation_waived_on": timezone.localdate() + datetime.timedelta(days=1)}
    budget = budget_in(world, "submitted")
    error = refused(lambda: approve_budget(world, budget, **arguments))
    assert field_messages(error, field) == [message]
    assert fresh_budget(budget).commitment == Commitment.PLANNED


def test_without_waiver_and_date_both_fields_are_named(world):
    budget = budget_in(world, "submitted")
    error = refused(
        lambda: approve_budget(world, budget, waiver_confirmed=False, equalisation_waived_on=None)
    )
    assert set(error.message_dict) == {"waiver_confirmed", "equalisation_waived_on"}


@pytest.mark.parametrize("comments", ["", "   \n "])
def test_returning_needs_comments(world, comments):
    budget = budget_in(world, "submitted")
    error = refused(lambda: return_budget(world, budget, comments=comments))
    assert field_messages(error, "comments") == [
        "Schrijf op wat er moet veranderen voordat de begroting kan worden goedgekeurd."
    ]


def test_a_returned_budget_is_changed_and_submitted_again_with_one_pending_review(world):
    budget = budget_in(world, "returned")
    assert budget.is_editable
    add_line(
        world,
        budget,
        school_year=2009,
        amount=Decimal("2000.00"),
        municipality_amount=Decimal("1000.00"),
        board_amount=Decimal("1000.00"),
    )
    budget = submit_budget(world, budget, user=world[STAFF])
    assert budget.status == BudgetStatus.SUBMITTED
    # The earlier submission and its comments stay; only the new one is pending.
    reviews = BudgetReview.objects.filter(budget=budget).order_by("submitted_at", "id")
    assert [(review.decision, review.comments, review.submitted_by) for review in reviews] == [
        (ReviewDecision.RETURNED, RETURN_COMMENT, world[FINANCIAL_EXPERT]),
        ("", "", world[STAFF]),
    ]
    approved = approve_budget(world, budget)
    assert [review.decision for review in approved.reviews.order_by("submitted_at", "id")] == [
        ReviewDecision.RETURNED,
        ReviewDecision.APPROVED,
    ]


def test_submitting_a_stale_version_is_refused(world):
    budget = budget_in(world, "draft")
    seen = budget.version  # the page the financial expert opened
    add_line(world, budget, user=world[STAFF], school_year=2009)  # staff adds a line meanwhile
    error = refused(
        lambda: services.budget_submit(user=world[FINANCIAL_EXPERT], budget=budget, expected_version=seen)
    )
    assert messages_of(error) == [
        "Iemand anders heeft deze begroting opgeslagen terwijl u eraan werkte. Uw wijzigingen zijn niet "
        "opgeslagen; open de begroting opnieuw om de nieuwste versie te zien."
    ]
    assert submit_budget(world, budget).status == BudgetStatus.SUBMITTED


def test_every_change_moves_the_edit_version_on(world):
    budget = budget_in(world, "draft")
    versions = [budget.version]
    line = add_line(world, budget, school_year=2009)
    versions.append(fresh_budget(budget).version)
    add_line(world, budget, line=line, school_year=2009, description="Verlengd")
    versions.append(fresh_budget(budget).version)
    services.budget_line_remove(user=world[FINANCIAL_EXPERT], line=line)
    versions.append(fresh_budget(budget).version)
    assert versions == [versions[0] + step for step in range(4)]


def test_a_line_removed_meanwhile_is_not_brought_back(world):
    """The expert opened the line to change it; a colleague removed it before the expert saved."""
    budget = budget_in(world, "draft")
    opened = budget.lines.get()
    services.budget_line_remove(user=world[STAFF], line=budget.lines.get())
    error = refused(lambda: add_line(world, budget, line=opened, description="Verlengd"))
    assert messages_of(error) == [
        "Iemand anders heeft deze begroting opgeslagen terwijl u eraan werkte. Uw wijzigingen zijn niet "
        "opgeslagen; open de begroting opnieuw om de nieuwste versie te zien."
    ]
    assert not budget.lines.exists()


def test_a_line_of_another_budget_cannot_be_changed_through_this_one(world):
    budget = budget_in(world, "draft")
    other = budget_in(world, "draft", school=SchoolFactory(board=world.board))
    refused(lambda: add_line(world, budget, line=other.lines.get()), PermissionDenied)


# Phases: budgets in the plan and execution phase, spending in the execution and sustaining phase


def test_budget_services_refuse_an_ended_trajectory(world):
    budget = budget_in(world, "draft")
    plan_services.trajectory_withdraw(
        user=world[STAFF], trajectory=budget.trajectory, reason="De school sluit na de zomer."
    )
    message = phase_message(Phase.WITHDRAWN)
    for call in (
        lambda: add_line(world, budget, school_year=2009),
        lambda: services.budget_line_remove(user=world[FINANCIAL_EXPERT], line=budget.lines.get()),
        lambda: submit_budget(world, budget),
    ):
        assert messages_of(refused(call)) == [message]


def test_a_budget_cannot_be_started_before_the_plan_phase(world):
    trajectory = trajectory_in(world, "analysis_complete")
    plan = ImprovementPlanFactory(trajectory=trajectory, created_by=world[BOARD])
    error = refused(lambda: services.budget_create(user=world[FINANCIAL_EXPERT], plan=plan))
    assert messages_of(error) == [phase_message(Phase.ANALYSIS)]


def test_spending_is_recorded_only_from_the_execution_phase(world):
    budget = budget_in(world, "draft")
    error = refused(lambda: record_quarter(world, budget))
    assert messages_of(error) == [phase_message(Phase.PLAN)]


def test_spending_and_documents_are_refused_after_the_trajectory_ended(world):
    budget = budget_in(world, "approved")
    realisation = record_quarter(world, budget)
    plan_services.trajectory_withdraw(
        user=world[STAFF], trajectory=budget.trajectory, reason="De school sluit na de zomer."
    )
    context = SimpleNamespace(realisation=realisation)
    for call in (
        lambda: record_quarter(world, budget, quarter=Quarter(2009, 2)),
        lambda: call_document(world, context, world[BOARD]),
    ):
        assert messages_of(refused(call)) == [phase_message(Phase.WITHDRAWN)]


def test_spending_is_recorded_in_the_sustaining_phase(world):
    budget = budget_in(world, "approved")
    Trajectory.objects.filter(pk=budget.trajectory_id).update(phase=Phase.SUSTAINING)
    assert record_quarter(world, budget, user=world[BOARD]).entries.count() == 1


# The history on the trajectory's timeline


def test_every_step_writes_an_event_with_its_actor_and_comment(world):
    budget = budget_in(world, "returned")
    submit_budget(world, budget, user=world[STAFF])
    approve_budget(world, budget)
    call_grant(world, SimpleNamespace(budget=budget), world[STAFF])
    record_quarter(world, budget, user=world[BOARD])
    version_2 = new_plan_version(world, budget.plan)
    start_budget(world, version_2, reason=f"  {REVISION_REASON}  ")
    today = long_date(timezone.localdate())
    assert events(budget.trajectory, FINANCE_EVENTS) == [
        (EventKind.BUDGET_STARTED, world[FINANCIAL_EXPERT], "Versie 1"),
        (EventKind.BUDGET_SUBMITTED, world[FINANCIAL_EXPERT], "Versie 1"),
        (EventKind.BUDGET_RETURNED, world[EXPERT_GROUP], RETURN_COMMENT),
        (EventKind.BUDGET_SUBMITTED, world[STAFF], "Versie 1"),
        (
            EventKind.BUDGET_APPROVED,
            world[EXPERT_GROUP],
            f"Versie 1: {eur('10.000,00')} van de gemeente toegezegd",
        ),
        (EventKind.GRANT_DECISION, world[STAFF], f"DMO/2009/0042 van {today}: {eur('10.000,00')}"),
        (EventKind.REALISATION, world[BOARD], f"1e kwartaal 2009: {eur('5.000,00')} besteed"),
        (EventKind.BUDGET_REVISED, world[FINANCIAL_EXPERT], f"Versie 2: {REVISION_REASON}"),
    ]
    # The timeline reads in Dutch.
    kinds = {event.kind: event.get_kind_display() for event in budget.trajectory.events.all()}
    assert (
        kinds[EventKind.BUDGET_APPROVED] == "Begroting goedgekeurd: de bijdrage van de gemeente is toegezegd"
    )
    assert kinds[EventKind.GRANT_DECISION] == "Beschikking vastgelegd"


def test_a_refused_step_writes_no_event(world):
    budget = budget_in(world, "submitted")
    count = budget.trajectory.events.count()
    refused(lambda: return_budget(world, budget, comments=""))
    refused(lambda: approve_budget(world, budget, user=world[STAFF]), PermissionDenied)
    assert budget.trajectory.events.count() == count


def test_the_plan_status_is_untouched_by_the_budget(world):
    budget = budget_in(world, "approved")
    assert fresh(budget.plan).status == PlanStatus.APPROVED
    assert Trajectory.objects.get(pk=budget.trajectory_id).phase == Phase.EXECUTION
