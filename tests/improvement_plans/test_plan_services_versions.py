"""The improvement-plan services of issue 4: approval and versions, the events on the timeline, and optimistic
locking (a save or submit from a stale page is refused)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from improvement_plans import selectors, services
from improvement_plans.constants import AnalysisTopic, EventKind, FinalTest, MeasureKind, Phase
from improvement_plans.models import ImprovementPlan, Measure, Trajectory
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.actors import BOARD, EDUCATION_EXPERT, EXPERT_GROUP, STAFF
from tests.factories import GoalFactory, ImprovementPlanFactory, MeasureFactory
from tests.improvement_plans.plans import (
    approve,
    call_agreements,
    call_approve,
    call_goal_change,
    call_goal_save,
    call_measure_save,
    call_new_version,
    call_submit,
    events,
    fresh,
    new_plan,
    plan_in,
    second_version,
)
from tests.improvement_plans.worlds import refused
from tests.refusals import messages_of

# Approval and versions


def test_approving_version_1_starts_the_execution_today(world):
    plan = plan_in(world, "submitted")
    call_approve(world, plan, world[EXPERT_GROUP])
    trajectory = Trajectory.objects.get(pk=plan.trajectory_id)
    assert (trajectory.phase, trajectory.execution_started_on) == (Phase.EXECUTION, timezone.localdate())
    assert not fresh(plan).is_editable


def test_approving_version_2_supersedes_version_1_and_keeps_the_execution_date(world):
    version_2 = second_version(world)
    trajectory = Trajectory.objects.get(pk=version_2.trajectory_id)
    started = trajectory.execution_started_on
    approve(world, version_2)
    statuses = dict(ImprovementPlan.objects.filter(trajectory=trajectory).values_list("number", "status"))
    assert statuses == {1: SubmissionStatus.SUPERSEDED, 2: SubmissionStatus.APPROVED}
    trajectory.refresh_from_db()
    assert (trajectory.phase, trajectory.execution_started_on) == (Phase.EXECUTION, started)
    # Version 1 stays readable, with its goals and measures.
    assert Measure.objects.filter(goal__plan__number=1, goal__plan__trajectory=trajectory).count() == 1


def test_the_database_keeps_one_approved_version_per_trajectory(world):
    plan = plan_in(world, "approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementPlanFactory(
            trajectory=plan.trajectory,
            number=2,
            previous=plan,
            status=SubmissionStatus.APPROVED,
            created_by=world[BOARD],
        )
    assert ImprovementPlan.objects.filter(trajectory=plan.trajectory).count() == 1


def test_the_database_keeps_one_open_version_per_trajectory(world):
    plan = plan_in(world, "draft")
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementPlanFactory(
            trajectory=plan.trajectory, number=2, status=SubmissionStatus.DRAFT, created_by=world[BOARD]
        )


def test_a_new_version_copies_goals_findings_and_measures_with_links_to_the_previous(world):
    first = new_plan(world)
    extra = GoalFactory(plan=first, theme=AnalysisTopic.LANGUAGE, order=2)
    MeasureFactory(goal=extra, estimated_cost=Decimal("1500.25"))
    MeasureFactory(goal=extra, kind=MeasureKind.NEW_METHOD, estimated_cost=Decimal("900"))
    call_agreements(world, fresh(first), world[BOARD], lwoo_target=Decimal("14.5"))
    version_2 = second_version(world, first)
    assert (version_2.number, version_2.previous_id, version_2.change_reason) == (
        2,
        first.pk,
        "De audit na jaar 1: taal blijft achter.",
    )
    assert (version_2.final_test, version_2.final_test_target, version_2.lwoo_target) == (
        FinalTest.CITO,
        Decimal("530"),
        Decimal("14.5"),
    )
    old_goals = {goal.pk: goal for goal in first.goals.prefetch_related("findings", "measures")}
    copies = list(version_2.goals.prefetch_related("findings", "measures"))
    assert {goal.previous_id for goal in copies} == set(old_goals)
    for copy in copies:
        old = old_goals[copy.previous_id]
        assert (copy.theme, copy.description, copy.baseline, copy.target, copy.deadline, copy.order) == (
            old.theme,
            old.description,
            old.baseline,
            old.target,
            old.deadline,
            old.order,
        )
        assert set(copy.findings.all()) == set(old.findings.all())
        assert sorted((m.kind, m.estimated_cost) for m in copy.measures.all()) == sorted(
            (m.kind, m.estimated_cost) for m in old.measures.all()
        )
        assert not {m.pk for m in copy.measures.all()} & {m.pk for m in old.measures.all()}


def test_the_comparison_reports_added_changed_and_removed_goals(world):
    first = new_plan(world)
    leaving = GoalFactory(
        plan=first, theme=AnalysisTopic.LANGUAGE, order=2, description="Een doel dat vervalt."
    )
    MeasureFactory(goal=leaving)
    version_2 = second_version(world, first)
    kept, dropped = version_2.goals.order_by("order")
    call_goal_change(
        world,
        version_2,
        world[BOARD],
        kept,
        target=Decimal("80"),
        target_change_reason="De audit: de lat kan hoger.",
        description=kept.description,
        indicator=kept.indicator,
        unit=kept.unit,
        owner=kept.owner,
        deadline=kept.deadline,
    )
    services.goal_remove(user=world[BOARD], goal=dropped)
    added = call_goal_save(world, fresh(version_2), world[BOARD], description="Een nieuw doel op taal.")
    rows = {row.kind: row for row in selectors.plan_comparison(fresh(version_2))}
    assert set(rows) == {"changed", "removed", "added"}
    assert rows["changed"].goal == kept
    assert [what for what, _before, _after in rows["changed"].changes] == ["streefwaarde"]
    assert rows["removed"].previous == leaving
    assert rows["added"].goal == added
    assert selectors.plan_comparison(fresh(first)) == []


def test_the_comparison_reports_changed_measures(world):
    version_2 = second_version(world)
    goal = version_2.goals.get()
    call_measure_save(world, version_2, world[BOARD], goal=goal)
    (row,) = selectors.plan_comparison(fresh(version_2))
    assert row.kind == "changed"
    assert [what for what, _before, _after in row.changes] == ["maatregelen"]


def test_every_step_writes_an_event_on_the_timeline(world):
    plan = plan_in(world, "returned")
    call_submit(world, fresh(plan), world[STAFF])
    call_approve(world, fresh(plan), world[EXPERT_GROUP])
    call_new_version(world, plan, world[STAFF])
    assert [(kind, actor) for kind, actor, _comment in events(plan.trajectory)] == [
        (EventKind.PLAN_SUBMITTED, world[BOARD]),
        (EventKind.PLAN_RETURNED, world[EXPERT_GROUP]),
        (EventKind.PLAN_SUBMITTED, world[STAFF]),
        (EventKind.PLAN_APPROVED, world[EXPERT_GROUP]),
        (EventKind.PLAN_NEW_VERSION, world[STAFF]),
    ]


# Optimistic locking


def test_agreements_saved_from_a_stale_page_are_refused(world):
    plan = plan_in(world, "draft")
    call_agreements(world, plan, world[BOARD])  # the expert saves; the board's page still shows version 1
    error = refused(
        lambda: call_agreements(world, fresh(plan), world[EDUCATION_EXPERT], expected_version=plan.version)
    )
    # Who saved it and when, what they changed (ADR 14), and that the page keeps what was typed.
    [message] = messages_of(error)
    assert message.startswith("Iemand anders heeft dit plan opgeslagen terwijl u eraan werkte (")
    assert (
        "): Streefscore eindtoets → 530; Streefpercentage LWOO → 15. Uw wijzigingen zijn niet opgeslagen."
        in message
    )


def test_submitting_a_stale_version_is_refused(world):
    plan = plan_in(world, "draft")
    call_agreements(world, plan, world[EDUCATION_EXPERT])
    error = refused(lambda: call_submit(world, fresh(plan), world[BOARD], expected_version=plan.version))
    assert "Iemand anders heeft dit plan opgeslagen" in messages_of(error)[0]
    assert fresh(plan).status == SubmissionStatus.DRAFT
