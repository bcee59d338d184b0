"""The budget's step on the trajectory page: its task and the next step, through the budget's statuses, after an
audit and before the plan phase."""

import pytest
from django.urls import reverse

from kwaliteitsaanpak.core.steps import trajectory_next_step, trajectory_tasks
from tests.finance.budgets import (
    add_line,
    approve_budget,
    approve_plan,
    budget_in,
    grant,
    new_plan_version,
    return_budget,
    start_budget,
    submit_budget,
)
from tests.improvement_plans.plans import new_plan
from tests.improvement_plans.plans import submit as submit_plan
from tests.improvement_plans.worlds import trajectory_in

# The budget's step on the trajectory page


def budget_task(trajectory):
    tasks = {str(task.label): task for task in trajectory_tasks(trajectory)}
    task = tasks["Begroting"]
    return str(task.status), task.url


def next_step(trajectory):
    step = trajectory_next_step(trajectory)
    return (str(step.text), str(step.who)) if step else None


def test_the_budget_step_through_the_statuses(world):
    plan = new_plan(world)
    trajectory = plan.trajectory
    url = reverse("finance:budget_latest", args=[trajectory.pk])
    assert budget_task(trajectory) == ("Niet gestart", url)
    # While the plan is written, the plan's step comes first.
    assert next_step(trajectory) == (
        "Maak het verbeterplan af en dien het in bij de expertgroep.",
        "Schoolbestuur, Onderwijsexperts",
    )

    budget = start_budget(world, plan)
    add_line(world, budget)
    assert budget_task(trajectory) == ("Bezig", url)

    plan = submit_plan(world, plan)
    budget = submit_budget(world, budget)
    assert budget_task(trajectory) == ("Ingediend", url)
    assert next_step(trajectory) == (
        "Keur het verbeterplan goed of stuur het terug met opmerkingen.",
        "Expertgroep",
    )

    approve_plan(world, plan)
    trajectory.refresh_from_db()
    assert next_step(trajectory) == (
        "Keur de begroting goed of stuur die terug met opmerkingen.",
        "Expertgroep",
    )

    return_budget(world, budget)
    assert budget_task(trajectory) == ("Teruggestuurd", url)
    assert next_step(trajectory) == (
        "Pas de begroting aan na de opmerkingen van de expertgroep en dien die opnieuw in.",
        "Financieel expert",
    )

    approve_budget(world, submit_budget(world, budget))
    assert budget_task(trajectory) == ("Goedgekeurd", url)
    assert next_step(trajectory) == (
        "Leg de beschikking van de gemeente op de goedgekeurde begroting vast.",
        "Projectorganisatie (DMO)",
    )

    grant(world, budget, reference="DMO/2009/0007")
    assert next_step(trajectory) == (
        "Voer het verbeterplan uit; de experts komen elke drie maanden langs.",
        "Schoolbestuur, Onderwijsexperts",
    )


def test_the_budget_step_after_an_audit(world):
    budget = budget_in(world, "approved")
    trajectory = budget.trajectory
    url = reverse("finance:budget_latest", args=[trajectory.pk])
    version_2 = new_plan_version(world, budget.plan)
    # Version 1's budget still counts while version 2 is written.
    assert budget_task(trajectory) == ("Goedgekeurd", url)
    approve_plan(world, submit_plan(world, version_2))
    assert next_step(trajectory) == (
        "Stel de begroting van het goedgekeurde plan op en dien die in bij de expertgroep.",
        "Financieel expert, Schoolbestuur",
    )
    revision = start_budget(world, version_2, reason="De audit na jaar 1.")
    assert budget_task(trajectory) == ("Bezig", url)
    assert next_step(trajectory) == (
        "Maak de begroting af en dien die in bij de expertgroep.",
        "Financieel expert, Schoolbestuur",
    )
    approve_budget(world, submit_budget(world, revision))
    assert budget_task(trajectory) == ("Goedgekeurd", url)
    # The revision needs its own grant decision.
    assert next_step(trajectory)[0] == "Leg de beschikking van de gemeente op de goedgekeurde begroting vast."


def test_an_approved_plan_without_a_budget_asks_for_one(world):
    plan = approve_plan(world, submit_plan(world, new_plan(world)))
    trajectory = plan.trajectory
    assert budget_task(trajectory) == ("Niet gestart", reverse("finance:budget_latest", args=[trajectory.pk]))
    assert next_step(trajectory) == (
        "Stel de begroting van het goedgekeurde plan op en dien die in bij de expertgroep.",
        "Financieel expert, Schoolbestuur",
    )


@pytest.mark.parametrize("state", ["registered", "intake", "analysis_draft"])
def test_before_the_plan_phase_the_budget_step_has_no_link(world, state):
    trajectory = trajectory_in(world, state)
    assert budget_task(trajectory) == ("Niet gestart", None)
