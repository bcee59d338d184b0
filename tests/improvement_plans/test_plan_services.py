"""The improvement-plan services of issue 4: who may call each (per role) and in which plan status.

Like test_services.py: the transition matrix is data (service → the actors that may call it); every other actor,
plus a board user of another board and an education expert who is not assigned, is refused with PermissionDenied
and nothing changes. Then the status rules. Bad input is in test_plan_services_input.py; approval, versions, events
and optimistic locking in test_plan_services_versions.py. Plans are built, and the services called, by plans.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from improvement_plans import services
from improvement_plans.constants import AnalysisTopic, EventKind, FinalTest, MeasureKind, Phase, TargetDate
from improvement_plans.models import Goal, GoalComment, ImprovementPlan, Measure, PlanReview, Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.actors import BOARD, DIRECTOR, EDUCATION_EXPERT, EXPERT_GROUP, STAFF
from tests.factories import SchoolFactory
from tests.improvement_plans.plans import (
    DEADLINE,
    EDITABLE,
    ENDS_ON,
    RETURN_COMMENT,
    STARTS_ON,
    STATUSES,
    call_agreements,
    call_approve,
    call_goal_remove,
    call_goal_save,
    call_measure_remove,
    call_measure_save,
    call_new_version,
    call_plan_create,
    call_return,
    call_submit,
    events,
    finding,
    fresh,
    new_plan,
    plan_in,
    second_version,
)
from tests.improvement_plans.worlds import (
    ACTOR_IDS,
    ACTORS,
    changed_or_refused,
    phase_message,
    refused,
    trajectory_in,
)
from tests.matrices import allowed_or_refused, decision_of, matrix
from tests.refusals import NOT_ALLOWED, field_messages, messages_of

# What an allowed call leaves behind


def check_plan_create(world, plan, user, result):
    assert (result.trajectory, result.number, result.status, result.created_by) == (
        plan.trajectory,
        1,
        SubmissionStatus.DRAFT,
        user,
    )


def check_agreements(world, plan, user, result):
    stored = fresh(plan)
    assert (stored.final_test, stored.final_test_target, stored.lwoo_target, stored.target_date) == (
        FinalTest.CITO,
        Decimal("530"),
        Decimal("15"),
        TargetDate.TARGET,
    )
    assert stored.version == plan.version + 1


def check_goal_save(world, plan, user, result):
    goal = Goal.objects.get(pk=result.pk)
    assert (goal.plan, goal.theme, goal.baseline, goal.target, goal.deadline) == (
        plan,
        AnalysisTopic.LANGUAGE,
        Decimal("40"),
        Decimal("60"),
        DEADLINE,
    )
    assert list(goal.findings.all()) == [finding(plan)]
    assert plan.goals.count() == 2


def check_goal_remove(world, plan, user, result):
    assert not plan.goals.exists()
    assert not Measure.objects.filter(goal__plan=plan).exists()


def check_measure_save(world, plan, user, result):
    measure = Measure.objects.get(pk=result.pk)
    assert (measure.kind, measure.estimated_cost, measure.starts_on, measure.ends_on) == (
        MeasureKind.DIRECTOR_COACHING,
        Decimal("8400.50"),
        STARTS_ON,
        ENDS_ON,
    )
    assert Measure.objects.filter(goal__plan=plan).count() == 2


def check_measure_remove(world, plan, user, result):
    assert not Measure.objects.filter(goal__plan=plan).exists()
    assert plan.goals.count() == 1


def check_submit(world, plan, user, result):
    stored = fresh(plan)
    assert stored.status == SubmissionStatus.SUBMITTED
    assert stored.version == plan.version + 1
    assert (result.plan, result.submitted_by, result.decision) == (stored, user, "")
    assert events(plan.trajectory)[-1] == (EventKind.PLAN_SUBMITTED, user, "Versie 1")


def check_approve(world, plan, user, result):
    stored = fresh(plan)
    trajectory = Trajectory.objects.get(pk=plan.trajectory_id)
    assert stored.status == SubmissionStatus.APPROVED
    assert stored.approved_at is not None
    assert (trajectory.phase, trajectory.execution_started_on) == (Phase.EXECUTION, timezone.localdate())
    review = stored.reviews.get()
    assert decision_of(review) == (ReviewDecision.APPROVED, user, "Een helder, haalbaar plan.")
    assert events(trajectory)[-1] == (EventKind.PLAN_APPROVED, user, "Versie 1")


def check_return(world, plan, user, result):
    stored = fresh(plan)
    assert stored.status == SubmissionStatus.RETURNED
    assert stored.is_editable
    review = stored.reviews.get()
    assert decision_of(review) == (ReviewDecision.RETURNED, user, RETURN_COMMENT)
    assert Trajectory.objects.get(pk=plan.trajectory_id).phase == Phase.PLAN
    assert events(plan.trajectory)[-1] == (EventKind.PLAN_RETURNED, user, RETURN_COMMENT)


def check_new_version(world, plan, user, result):
    assert (result.number, result.status, result.previous, result.created_by) == (
        2,
        SubmissionStatus.DRAFT,
        plan,
        user,
    )
    assert fresh(plan).status == SubmissionStatus.APPROVED  # until version 2 is approved
    assert events(plan.trajectory)[-1] == (
        EventKind.PLAN_NEW_VERSION,
        user,
        "De audit na jaar 1: taal blijft achter.",
    )


@dataclass
class Service:
    call: Callable
    check: Callable
    status: str  # the plan status the matrix calls it in
    allowed: frozenset


WRITERS = frozenset({STAFF, EDUCATION_EXPERT, BOARD, DIRECTOR})
SERVICES = {
    "plan_create": Service(call_plan_create, check_plan_create, "none", WRITERS),
    "plan_update_agreements": Service(call_agreements, check_agreements, "draft", WRITERS),
    "goal_save": Service(call_goal_save, check_goal_save, "draft", WRITERS),
    "goal_remove": Service(call_goal_remove, check_goal_remove, "draft", WRITERS),
    "measure_save": Service(call_measure_save, check_measure_save, "draft", WRITERS),
    "measure_remove": Service(call_measure_remove, check_measure_remove, "draft", WRITERS),
    "plan_submit": Service(call_submit, check_submit, "draft", frozenset({STAFF, BOARD})),
    "plan_approve": Service(call_approve, check_approve, "submitted", frozenset({EXPERT_GROUP})),
    "plan_return": Service(call_return, check_return, "submitted", frozenset({EXPERT_GROUP})),
    "plan_new_version": Service(call_new_version, check_new_version, "approved", frozenset({STAFF})),
}


@pytest.mark.parametrize(("name", "actor", "allowed"), matrix(SERVICES, ACTORS, ACTOR_IDS))
def test_transition_matrix(world, name, actor, allowed):
    service = SERVICES[name]
    if service.status == "none":
        plan = ImprovementPlan(
            trajectory=trajectory_in(world, "plan")
        )  # not saved: only its trajectory counts
    else:
        plan = plan_in(world, service.status)
    events_before = len(events(plan.trajectory))
    user = world[actor]
    allowed_or_refused(
        allowed,
        lambda: service.call(world, plan, user),
        lambda result: service.check(world, plan, user, result),
        refused,
    )
    if not allowed:
        assert len(events(plan.trajectory)) == events_before


# Status rules: a submitted, approved or superseded version cannot be changed by anyone


EDITING = [
    "plan_update_agreements",
    "goal_save",
    "goal_remove",
    "measure_save",
    "measure_remove",
    "plan_submit",
]
STATUS_WORDS = {
    "submitted": "ingediend",
    "approved": "goedgekeurd",
    "superseded": "vervangen door een latere versie",
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("name", EDITING)
def test_only_a_draft_or_returned_version_can_be_changed(world, name, status):
    plan = plan_in(world, status)
    call = lambda: SERVICES[name].call(world, plan, world[BOARD])  # noqa: E731
    error = changed_or_refused(status in EDITABLE, call)
    if error is not None:
        assert messages_of(error) == [
            f"Deze versie van het plan is {STATUS_WORDS[status]} en kan niet worden gewijzigd."
        ]


@pytest.mark.parametrize("status", ["draft", "returned", "approved", "superseded"])
@pytest.mark.parametrize("name", ["plan_approve", "plan_return"])
def test_only_a_submitted_version_can_be_judged(world, name, status):
    plan = plan_in(world, status)
    error = refused(lambda: SERVICES[name].call(world, plan, world[EXPERT_GROUP]))
    assert messages_of(error) == ["Er is geen ingediend plan om te beoordelen."]


def test_approving_twice_is_refused(world):
    plan = plan_in(world, "submitted")
    call_approve(world, plan, world[EXPERT_GROUP])
    error = refused(lambda: call_approve(world, plan, world[EXPERT_GROUP]))
    assert messages_of(error) == ["Er is geen ingediend plan om te beoordelen."]
    assert PlanReview.objects.filter(plan=plan).count() == 1


def test_returning_without_any_comment_is_refused(world):
    plan = plan_in(world, "submitted")
    error = refused(lambda: call_return(world, plan, world[EXPERT_GROUP], comments="  ", goal_comments={}))
    assert field_messages(error, "comments") == [
        "Schrijf op wat er moet veranderen: in het algemeen, of bij de doelen waar het over gaat."
    ]
    assert fresh(plan).status == SubmissionStatus.SUBMITTED


def test_a_comment_on_one_goal_is_enough_to_return_and_stays_with_that_goal(world):
    plan = plan_in(world, "submitted")
    goal = plan.goals.get()
    call_return(world, plan, world[EXPERT_GROUP], comments="", goal_comments={goal.pk: " Noem de toets. "})
    comment = GoalComment.objects.get()
    assert (comment.goal, comment.text, comment.review.decision) == (
        goal,
        "Noem de toets.",
        ReviewDecision.RETURNED,
    )


def test_a_comment_on_a_goal_of_another_plan_is_refused(world):
    plan = plan_in(world, "submitted")
    other = new_plan(world, SchoolFactory(board=world.board))
    error = refused(
        lambda: call_return(world, plan, world[EXPERT_GROUP], goal_comments={other.goals.get().pk: "Elders."})
    )
    assert messages_of(error)


def test_a_returned_plan_can_be_changed_and_submitted_again_keeping_the_first_review(world):
    plan = plan_in(world, "returned")
    call_agreements(world, plan, world[BOARD], lwoo_target=Decimal("12"))
    call_submit(world, fresh(plan), world[BOARD])
    reviews = list(fresh(plan).reviews.order_by("submitted_at", "id").values_list("decision", "comments"))
    assert reviews == [(ReviewDecision.RETURNED, RETURN_COMMENT), ("", "")]


def test_a_second_plan_for_the_same_trajectory_cannot_be_created(world):
    plan = new_plan(world)
    error = refused(lambda: services.plan_create(user=world[BOARD], trajectory=plan.trajectory))
    assert messages_of(error) == ["Dit traject heeft al een verbeterplan."]


@pytest.mark.parametrize("state", ["analysis_draft", "analysis_submitted", "execution", "sustaining"])
def test_a_plan_is_created_only_in_the_plan_phase(world, state):
    trajectory = trajectory_in(world, state)
    error = refused(lambda: services.plan_create(user=world[BOARD], trajectory=trajectory))
    assert messages_of(error) == [phase_message(trajectory.phase)]


def test_a_plan_in_a_withdrawn_trajectory_cannot_be_changed(world):
    plan = plan_in(world, "draft")
    services.trajectory_withdraw(user=world[STAFF], trajectory=plan.trajectory, reason="De school sluit.")
    error = refused(lambda: call_goal_save(world, fresh(plan), world[BOARD]))
    assert messages_of(error) == [phase_message(Phase.WITHDRAWN)]


@pytest.mark.parametrize("name", ["plan_approve", "plan_return"])
def test_a_submitted_plan_of_a_withdrawn_trajectory_cannot_be_judged(world, name):
    """Withdrawing ends the trajectory; approving its plan afterwards would approve a plan nobody carries out."""
    plan = plan_in(world, "submitted")
    services.trajectory_withdraw(user=world[STAFF], trajectory=plan.trajectory, reason="De school sluit.")
    error = refused(lambda: SERVICES[name].call(world, fresh(plan), world[EXPERT_GROUP]))
    assert messages_of(error) == [phase_message(Phase.WITHDRAWN)]


def test_a_new_version_while_one_is_open_is_refused(world):
    version_2 = second_version(world)
    error = refused(lambda: call_new_version(world, version_2, world[STAFF]))
    assert messages_of(error) == ["Er wordt al aan een nieuwe versie van dit plan gewerkt."]


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_a_new_version_before_the_first_approval_is_refused(world, status):
    plan = plan_in(world, status)
    error = refused(lambda: call_new_version(world, plan, world[STAFF]))
    assert messages_of(error) == [phase_message(Phase.PLAN)]


def test_a_new_version_without_an_approved_plan_in_execution_is_refused(world):
    trajectory = trajectory_in(world, "execution")
    error = refused(
        lambda: services.plan_new_version(user=world[STAFF], trajectory=trajectory, reason="Na de audit.")
    )
    assert messages_of(error) == ["Er is geen goedgekeurd plan om een nieuwe versie van te maken."]


def test_a_new_version_needs_a_reason(world):
    plan = plan_in(world, "approved")
    error = refused(lambda: call_new_version(world, plan, world[STAFF], reason="  "))
    assert field_messages(error, "reason") == [
        "Geef de reden voor een nieuwe versie, bijvoorbeeld de conclusie van de audit."
    ]


def test_a_role_without_plan_rights_is_refused_before_anything_is_read(world):
    """Inspection holds no permission on plans at all: refused whatever the plan's state."""
    plan = plan_in(world, "draft")
    for name in ("plan_update_agreements", "goal_save", "plan_submit"):
        error = refused(
            lambda name=name: SERVICES[name].call(world, plan, world[Role.INSPECTION]), PermissionDenied
        )
        assert str(error) == NOT_ALLOWED
