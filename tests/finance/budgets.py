"""Budgets in every status, built through the services (`budget_in`), spending of a quarter (`record_quarter`),
and the finance events on the trajectory's timeline."""

from decimal import Decimal

from django.utils import timezone

from finance import services
from finance.constants import BudgetEventKind, CostCategory
from finance.models import Budget, BudgetLine
from improvement_plans import services as plan_services
from improvement_plans.constants import AnalysisTopic, MeasureKind
from improvement_plans.models import ImprovementPlan, Measure, Trajectory
from tests.actors import EXPERT_GROUP, FINANCIAL_EXPERT, STAFF
from tests.factories import GoalFactory, MeasureFactory
from tests.finance.worlds import FIRST_QUARTER, RETURN_COMMENT, REVISION_REASON, WAIVED_ON
from tests.improvement_plans.plans import fresh, new_plan
from tests.improvement_plans.plans import submit as submit_plan


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


def line_amounts(amount: str, municipality: str, board: str) -> dict:
    """A line's amounts as the service takes them: `amount` euro, `municipality` of it from the municipality and
    `board` from the board."""
    return {
        "amount": Decimal(amount),
        "municipality_amount": Decimal(municipality),
        "board_amount": Decimal(board),
    }


def add_amounts(
    world, budget: Budget, amount: str, municipality: str, board: str, user=None, **kwargs
) -> BudgetLine:
    """A line of `amount` euro, `municipality` of it from the municipality and `board` from the board."""
    return add_line(world, budget, user, **line_amounts(amount, municipality, board), **kwargs)


def grant(world, budget: Budget, user=None, **kwargs):
    """The grant decision for the approved budget, recorded by staff today: DMO/2009/0042, € 10.000,00."""
    arguments = {
        "date": timezone.localdate(),
        "reference": "DMO/2009/0042",
        "amount": Decimal("10000.00"),
    } | kwargs
    return services.grant_decision_save(user=user or world[STAFF], budget=budget, **arguments)


def money(value: str) -> Decimal:
    return Decimal(value)


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
            user=world[STAFF], trajectory=plan.trajectory, reason="De audit na jaar 1."
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
    BudgetEventKind.BUDGET_STARTED,
    BudgetEventKind.BUDGET_REVISED,
    BudgetEventKind.BUDGET_SUBMITTED,
    BudgetEventKind.BUDGET_RETURNED,
    BudgetEventKind.BUDGET_APPROVED,
    BudgetEventKind.GRANT_DECISION,
    BudgetEventKind.REALISATION,
]


def last_event(trajectory: Trajectory):
    return events(trajectory, FINANCE_EVENTS)[-1]
