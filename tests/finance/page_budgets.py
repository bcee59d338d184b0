"""Plans and budgets for the budget page tests, made through the services by named people (see tests/pages.py), and
the budget pages' address."""

import datetime
from decimal import Decimal

from django.utils import timezone

from finance import services
from improvement_plans import services as plan_services
from improvement_plans.models import Measure
from tests.factories import GoalFactory, ImprovementPlanFactory, MeasureFactory


def make_plan(board, financial_expert, *, goals: int = 2, name: str = "De Vuurtoren"):
    """Version 1 of a plan in the plan phase: `goals` arithmetic goals with one measure each, from 31 October 2008
    to 27 August 2009 (school years 2008/2009 and 2009/2010), estimated at € 12.500,00."""
    plan = ImprovementPlanFactory(
        trajectory__school__board=board,
        trajectory__school__name=name,
        trajectory__financial_expert=financial_expert,
    )
    for _index in range(goals):
        MeasureFactory(goal=GoalFactory(plan=plan))
    return plan


def url(budget, suffix: str = "") -> str:
    return f"/trajecten/{budget.trajectory_id}/begroting/{budget.number}/{suffix}"


def measures(plan) -> list:
    return list(plan.goals.order_by("order", "id").values_list("measures", flat=True))


def line_data(plan, **overrides) -> dict:
    data = {
        "measure": measures(plan)[0],
        "school_year": "2008",
        "category": "scholing",
        "description": "Teamscholing directe instructie",
        "amount": "12.345,67",
        "municipality_amount": "10.000",
        "board_amount": "2.345,67",
    }
    return {**data, **overrides}


def add_line(
    user, budget, measure_id=None, *, year=2008, category="scholing", municipality="10000", board="2500"
):
    measure = Measure.objects.select_related("goal").get(pk=measure_id or measures(budget.plan)[0])
    return services.budget_line_save(
        user=user,
        budget=budget,
        measure=measure,
        school_year=year,
        category=category,
        amount=Decimal(municipality) + Decimal(board),
        municipality_amount=Decimal(municipality),
        board_amount=Decimal(board),
    )


def submit_plan(board_user, plan):
    plan.refresh_from_db()
    plan_services.plan_submit(user=board_user, plan=plan, expected_version=plan.version)


def submit_budget(user, budget):
    budget.refresh_from_db()
    services.budget_submit(user=user, budget=budget, expected_version=budget.version)
    budget.refresh_from_db()


def submitted_budget(board_user, financial_expert, budget):
    """One line, and the budget submitted with its plan."""
    add_line(financial_expert, budget)
    submit_plan(board_user, budget.plan)
    submit_budget(financial_expert, budget)
    return budget


def approved_budget(board_user, financial_expert, reviewer, budget):
    """Plan and budget approved (the trajectory is then in its execution)."""
    submitted_budget(board_user, financial_expert, budget)
    plan_services.plan_approve(user=reviewer, plan=budget.plan)
    services.budget_approve(
        user=reviewer,
        budget=budget,
        waiver_confirmed=True,
        equalisation_waived_on=timezone.localdate(),
    )
    budget.refresh_from_db()
    return budget


def big_budget(board, financial_expert, *, goals: int, years: list[int], categories: list[str], name: str):
    plan = make_plan(board, financial_expert, goals=0, name=name)
    for _index in range(goals):
        MeasureFactory(
            goal=GoalFactory(plan=plan),
            starts_on=datetime.date(2008, 10, 1),
            ends_on=datetime.date(2011, 7, 1),
        )
    budget = services.budget_create(user=financial_expert, plan=plan)
    measure_ids = measures(plan)
    for index, (year, category) in enumerate((year, category) for year in years for category in categories):
        add_line(
            financial_expert,
            budget,
            measure_ids[index % len(measure_ids)],
            year=year,
            category=category,
            municipality="1000",
            board="250.50",
        )
    return budget
