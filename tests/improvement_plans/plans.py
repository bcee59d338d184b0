"""Improvement plans in every status, built through the services where a status has a history (`plan_in`), and one
call per plan service with the arguments of a good case (a test changes one of them with a keyword). Each call takes
(world, plan, user, ...), as the transition matrix of test_plan_services.py calls it."""

import datetime
from decimal import Decimal

from improvement_plans import services
from improvement_plans.constants import AnalysisTopic, Direction, FinalTest, MeasureKind, TargetDate
from improvement_plans.models import ImprovementPlan, Measure, Trajectory
from tests.actors import BOARD, EXPERT_GROUP, STAFF
from tests.factories import GoalFactory, ImprovementPlanFactory, MeasureFactory
from tests.improvement_plans.worlds import trajectory_in

DEADLINE = datetime.date(2010, 6, 30)
STARTS_ON = datetime.date(2009, 1, 5)
ENDS_ON = datetime.date(2009, 12, 18)
RETURN_COMMENT = "Maak de doelen op taal concreter."


# Plans in every status, built through the services where a status has a history


def new_plan(world, school=None, *, complete: bool = True) -> ImprovementPlan:
    """A draft version 1 of a trajectory in the plan phase; complete: one arithmetic goal with one measure."""
    trajectory = trajectory_in(world, "plan", school=school)
    plan = ImprovementPlanFactory(trajectory=trajectory, created_by=world[BOARD])
    if complete:
        MeasureFactory(goal=GoalFactory(plan=plan))
    return fresh(plan)


def fresh(plan: ImprovementPlan) -> ImprovementPlan:
    return ImprovementPlan.objects.select_related("trajectory__school").get(pk=plan.pk)


def submit(world, plan: ImprovementPlan) -> ImprovementPlan:
    plan = fresh(plan)
    services.plan_submit(user=world[BOARD], plan=plan, expected_version=plan.version)
    return fresh(plan)


def approve(world, plan: ImprovementPlan) -> ImprovementPlan:
    return fresh(services.plan_approve(user=world[EXPERT_GROUP], plan=submit(world, plan)))


def give_back(world, plan: ImprovementPlan) -> ImprovementPlan:
    return fresh(
        services.plan_return(user=world[EXPERT_GROUP], plan=submit(world, plan), comments=RETURN_COMMENT)
    )


def second_version(world, plan: ImprovementPlan | None = None) -> ImprovementPlan:
    """Version 1 approved, version 2 started after the audit."""
    first = approve(world, plan or new_plan(world))
    return fresh(
        services.plan_new_version(
            user=world[STAFF],
            trajectory=first.trajectory,
            reason="De audit na jaar 1: taal blijft achter.",
        )
    )


def plan_in(world, status: str, school=None) -> ImprovementPlan:
    plan = new_plan(world, school)
    if status == "draft":
        return plan
    if status == "submitted":
        return submit(world, plan)
    if status == "returned":
        return give_back(world, plan)
    if status == "approved":
        return approve(world, plan)
    if status == "superseded":
        version_2 = approve(world, second_version(world, plan))
        return fresh(version_2.previous)
    raise ValueError(status)


STATUSES = ["draft", "returned", "submitted", "approved", "superseded"]
EDITABLE = {"draft", "returned"}


def finding(plan: ImprovementPlan, topic=AnalysisTopic.LANGUAGE):
    return plan.trajectory.analysis.findings.get(topic=topic)


def events(trajectory: Trajectory) -> list[tuple[str, object, str]]:
    return [(e.kind, e.actor, e.comment) for e in trajectory.events.order_by("created_at", "id")]


# One call per service


def call_plan_create(world, plan, user):
    # A trajectory in the plan phase of another school of the board, without a plan yet.
    return services.plan_create(user=user, trajectory=plan.trajectory)


def call_agreements(world, plan, user, **kwargs):
    arguments = {
        "expected_version": plan.version,
        "final_test": FinalTest.CITO,
        "final_test_target": Decimal("530"),
        "lwoo_target": Decimal("15"),
        "target_date": TargetDate.TARGET,
        "target_justification": "",
    } | kwargs
    return services.plan_update_agreements(user=user, plan=plan, **arguments)


def call_goal_save(world, plan, user, **kwargs):
    arguments = {
        "theme": AnalysisTopic.LANGUAGE,
        "findings": [finding(plan)],
        "description": "Meer leerlingen lezen op hun niveau.",
        "indicator": "Leerlingen met een A- of B-score op begrijpend lezen",
        "unit": "procent van de leerlingen",
        "baseline": Decimal("40"),
        "target": Decimal("60"),
        "direction": Direction.HIGHER_IS_BETTER,
        "deadline": DEADLINE,
        "owner": "Taalcoördinator",
    } | kwargs
    return services.goal_save(user=user, plan=plan, **arguments)


def call_goal_change(world, plan, user, goal, **kwargs):
    """Save an existing goal with its own theme, findings and baseline, and the changes in `kwargs`."""
    arguments = {
        "theme": goal.theme,
        "findings": list(goal.findings.all()),
        "baseline": goal.baseline,
    } | kwargs
    return call_goal_save(world, plan, user, goal=goal, **arguments)


def call_goal_remove(world, plan, user):
    return services.goal_remove(user=user, goal=plan.goals.get())


def call_measure_save(world, plan, user, **kwargs):
    arguments = {
        "goal": plan.goals.get(),
        "kind": MeasureKind.DIRECTOR_COACHING,
        "description": "Coaching van de directeur op het leiden van groepsbesprekingen.",
        "responsible": "Bestuurder",
        "starts_on": STARTS_ON,
        "ends_on": ENDS_ON,
        "estimated_cost": Decimal("8400.50"),
    } | kwargs
    return services.measure_save(user=user, **arguments)


def call_measure_remove(world, plan, user):
    return services.measure_remove(user=user, measure=Measure.objects.get(goal__plan=plan))


def call_submit(world, plan, user, expected_version=None):
    version = plan.version if expected_version is None else expected_version
    return services.plan_submit(user=user, plan=plan, expected_version=version)


def call_approve(world, plan, user):
    return services.plan_approve(user=user, plan=plan, comments="Een helder, haalbaar plan.")


def call_return(world, plan, user, comments=RETURN_COMMENT, goal_comments=None):
    return services.plan_return(user=user, plan=plan, comments=comments, goal_comments=goal_comments)


def call_new_version(world, plan, user, reason="De audit na jaar 1: taal blijft achter."):
    return services.plan_new_version(user=user, trajectory=plan.trajectory, reason=reason)
