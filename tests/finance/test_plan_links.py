"""Where the plan and its budget meet: a new plan version remembers each measure's counterpart (so a revised
budget follows its lines), a measure on a budget cannot be removed from under it, and the trajectory page shows
the budget's step."""

import pytest
from django.core.exceptions import ValidationError

from improvement_plans import services
from improvement_plans.models import Measure
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core import steps
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    UserFactory,
)


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.PROGRAMME_STAFF)


def test_a_new_plan_version_links_each_measure_to_its_counterpart(staff):
    measure = MeasureFactory(goal__plan__status="goedgekeurd", goal__plan__trajectory__phase="uitvoering")
    MeasureFactory(goal=measure.goal, description="Tweede maatregel")
    version_2 = services.plan_new_version(user=staff, trajectory=measure.goal.plan.trajectory, reason="Audit")
    copies = Measure.objects.filter(goal__plan=version_2)
    assert {(copy.previous.pk, copy.description) for copy in copies} == {
        (earlier.pk, earlier.description) for earlier in Measure.objects.filter(goal__plan__number=1)
    }


def test_a_measure_with_budget_lines_is_not_removed_and_the_board_is_told_why(staff):
    line = BudgetLineFactory()
    with pytest.raises(ValidationError) as refused:
        services.measure_remove(user=staff, measure=line.measure)
    assert refused.value.messages == [
        "Deze maatregel heeft regels in de begroting van deze planversie. Vraag de financieel expert eerst die "
        "begrotingsregels weg te halen; daarna kan de maatregel worden verwijderd."
    ]
    with pytest.raises(ValidationError):
        services.goal_remove(user=staff, goal=line.measure.goal)
    assert Measure.objects.filter(pk=line.measure_id).exists()


def test_a_measure_without_budget_lines_is_removed_as_before(staff):
    measure = MeasureFactory()
    BudgetFactory(plan=measure.goal.plan)
    services.measure_remove(user=staff, measure=measure)
    assert not Measure.objects.filter(pk=measure.pk).exists()


@pytest.mark.parametrize(
    ("budget_status", "task_status"),
    [
        (None, "Niet gestart"),
        ("concept", "Bezig"),
        ("ingediend", "Ingediend"),
        ("teruggestuurd", "Teruggestuurd"),
        ("goedgekeurd", "Goedgekeurd"),
    ],
)
def test_the_trajectory_page_shows_the_budget_step_with_a_link(db, budget_status, task_status):
    plan = ImprovementPlanFactory()
    if budget_status == "goedgekeurd":
        BudgetFactory(plan=plan, approved=True)
    elif budget_status:
        BudgetFactory(plan=plan, status=budget_status)
    [task] = [task for task in steps.trajectory_tasks(plan.trajectory) if str(task.label) == "Begroting"]
    assert (str(task.status), task.url) == (task_status, f"/trajecten/{plan.trajectory_id}/begroting/")
