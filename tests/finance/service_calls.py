"""The finance services as the role × service matrix of test_services.py calls them: per service a setup (what
must exist before it, as a SimpleNamespace `context`) and a call (world, context, user) with the arguments of a
good case."""

from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from finance import services
from finance.constants import CostCategory
from tests.actors import EDUCATION_EXPERT, FINANCIAL_EXPERT, STAFF
from tests.finance.budgets import add_amounts, budget_in, grant, record_quarter
from tests.finance.worlds import FIRST_QUARTER, RETURN_COMMENT, WAIVED_ON
from tests.improvement_plans.plans import new_plan


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
    return add_amounts(
        world,
        context.budget,
        "3000.00",
        "1500.00",
        "1500.00",
        user=user,
        school_year=2009,
        category=CostCategory.COACHING,
        description="Coaching van de rekencoördinator",
    )


def call_line_change(world, context, user):
    return add_amounts(world, context.budget, "14000.00", "11000.00", "3000.00", user=user, line=context.line)


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
    return grant(world, context.budget, user)


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
