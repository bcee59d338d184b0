"""The improvement-plan services of issue 4: who may call each (per role), in which plan status, with which input.

Like test_services.py: the transition matrix is data (service → the actors that may call it); every other actor,
plus a board user of another board and an education expert who is not assigned, is refused with PermissionDenied
and nothing changes. Then the status rules, bad input (a Dutch message on the field, nothing saved), approval and
versions, events and optimistic locking.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from improvement_plans import selectors, services
from improvement_plans.constants import (
    AnalysisTopic,
    Direction,
    EventKind,
    FinalTest,
    MeasureKind,
    Phase,
    PlanStatus,
    ReviewDecision,
    TargetDate,
)
from improvement_plans.models import Goal, GoalComment, ImprovementPlan, Measure, PlanReview, Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import Verdict
from tests.factories import (
    GoalFactory,
    ImprovementPlanFactory,
    InspectionVerdictFactory,
    MeasureFactory,
    SchoolFactory,
)
from tests.improvement_plans.test_services import (
    ACTOR_IDS,
    ACTORS,
    BOARD,
    EDUCATION_EXPERT,
    EXPERT_GROUP,
    NOT_ALLOWED,
    REGISTERED_ON,
    STAFF,
    field_messages,
    messages_of,
    phase_message,
    refused,
    snapshot,
    trajectory_in,
)

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
            user=world[EXPERT_GROUP],
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
        "target_date": TargetDate.IN_2010,
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


# What an allowed call leaves behind


def check_plan_create(world, plan, user, result):
    assert (result.trajectory, result.number, result.status, result.created_by) == (
        plan.trajectory,
        1,
        PlanStatus.DRAFT,
        user,
    )


def check_agreements(world, plan, user, result):
    stored = fresh(plan)
    assert (stored.final_test, stored.final_test_target, stored.lwoo_target, stored.target_date) == (
        FinalTest.CITO,
        Decimal("530"),
        Decimal("15"),
        TargetDate.IN_2010,
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
    assert stored.status == PlanStatus.SUBMITTED
    assert stored.version == plan.version + 1
    assert (result.plan, result.submitted_by, result.decision) == (stored, user, "")
    assert events(plan.trajectory)[-1] == (EventKind.PLAN_SUBMITTED, user, "Versie 1")


def check_approve(world, plan, user, result):
    stored = fresh(plan)
    trajectory = Trajectory.objects.get(pk=plan.trajectory_id)
    assert stored.status == PlanStatus.APPROVED
    assert stored.approved_at is not None
    assert (trajectory.phase, trajectory.execution_started_on) == (Phase.EXECUTION, timezone.localdate())
    review = stored.reviews.get()
    assert (review.decision, review.decided_by, review.comments) == (
        ReviewDecision.APPROVED,
        user,
        "Een helder, haalbaar plan.",
    )
    assert events(trajectory)[-1] == (EventKind.PLAN_APPROVED, user, "Versie 1")


def check_return(world, plan, user, result):
    stored = fresh(plan)
    assert stored.status == PlanStatus.RETURNED
    assert stored.is_editable
    review = stored.reviews.get()
    assert (review.decision, review.decided_by, review.comments) == (
        ReviewDecision.RETURNED,
        user,
        RETURN_COMMENT,
    )
    assert Trajectory.objects.get(pk=plan.trajectory_id).phase == Phase.PLAN
    assert events(plan.trajectory)[-1] == (EventKind.PLAN_RETURNED, user, RETURN_COMMENT)


def check_new_version(world, plan, user, result):
    assert (result.number, result.status, result.previous, result.created_by) == (
        2,
        PlanStatus.DRAFT,
        plan,
        user,
    )
    assert fresh(plan).status == PlanStatus.APPROVED  # until version 2 is approved
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


WRITERS = frozenset({STAFF, EDUCATION_EXPERT, BOARD})
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
    "plan_new_version": Service(
        call_new_version, check_new_version, "approved", frozenset({STAFF, EXPERT_GROUP})
    ),
}
MATRIX = [(name, actor, actor in service.allowed) for name, service in SERVICES.items() for actor in ACTORS]


def matrix_id(case) -> str:
    name, actor, allowed = case
    return f"{name}-{ACTOR_IDS[actor]}-{'allowed' if allowed else 'refused'}"


@pytest.mark.parametrize(("name", "actor", "allowed"), MATRIX, ids=[matrix_id(case) for case in MATRIX])
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
    if allowed:
        result = service.call(world, plan, user)
        service.check(world, plan, user, result)
    else:
        error = refused(lambda: service.call(world, plan, user), PermissionDenied)
        assert str(error) == NOT_ALLOWED
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
    if status in EDITABLE:
        before = snapshot()
        call()
        assert snapshot() != before
    else:
        error = refused(call)
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
    assert fresh(plan).status == PlanStatus.SUBMITTED


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
    error = refused(lambda: call_new_version(world, version_2, world[EXPERT_GROUP]))
    assert messages_of(error) == ["Er wordt al aan een nieuwe versie van dit plan gewerkt."]


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_a_new_version_before_the_first_approval_is_refused(world, status):
    plan = plan_in(world, status)
    error = refused(lambda: call_new_version(world, plan, world[EXPERT_GROUP]))
    assert messages_of(error) == [phase_message(Phase.PLAN)]


def test_a_new_version_without_an_approved_plan_in_execution_is_refused(world):
    trajectory = trajectory_in(world, "execution")
    error = refused(
        lambda: services.plan_new_version(
            user=world[EXPERT_GROUP], trajectory=trajectory, reason="Na de audit."
        )
    )
    assert messages_of(error) == ["Er is geen goedgekeurd plan om een nieuwe versie van te maken."]


def test_a_new_version_needs_a_reason(world):
    plan = plan_in(world, "approved")
    error = refused(lambda: call_new_version(world, plan, world[EXPERT_GROUP], reason="  "))
    assert field_messages(error, "reason") == [
        "Geef de reden voor een nieuwe versie, bijvoorbeeld de conclusie van de audit."
    ]


# Bad input: a Dutch message on the field, nothing saved


def period_message(plan) -> str:
    first, last = services.plan_period(plan.trajectory)
    return f"Kies een datum tussen {date_format(first, 'j F Y')} en {date_format(last, 'j F Y')}, binnen het traject."


def test_the_plan_period_runs_from_registration_until_three_years_after_today_before_execution(world):
    plan = plan_in(world, "draft")
    today = timezone.localdate()
    assert services.plan_period(plan.trajectory) == (REGISTERED_ON, today.replace(year=today.year + 3))


def test_the_plan_period_runs_until_three_years_after_the_start_of_the_execution(world):
    plan = plan_in(world, "approved")
    trajectory = Trajectory.objects.get(pk=plan.trajectory_id)
    started = trajectory.execution_started_on
    assert services.plan_period(trajectory) == (REGISTERED_ON, started.replace(year=started.year + 3))


def test_the_plan_period_of_an_execution_started_on_29_february_does_not_crash(world):
    """A plan approved on a leap day: three years later there is no 29 February."""
    trajectory = trajectory_in(world, "execution")
    trajectory.execution_started_on = datetime.date(2012, 2, 29)
    first, last = services.plan_period(trajectory)
    assert (first, last) in {
        (REGISTERED_ON, datetime.date(2015, 2, 28)),
        (REGISTERED_ON, datetime.date(2015, 3, 1)),
    }


@pytest.mark.parametrize("when", ["before_registration", "after_the_period"])
def test_a_deadline_outside_the_trajectory_is_refused(world, when):
    plan = plan_in(world, "draft")
    first, last = services.plan_period(plan.trajectory)
    deadline = (
        first - datetime.timedelta(days=1) if when == "before_registration" else last + datetime.timedelta(1)
    )
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], deadline=deadline))
    assert field_messages(error, "deadline") == [period_message(plan)]


def test_the_first_and_last_day_of_the_period_are_allowed(world):
    plan = plan_in(world, "draft")
    first, last = services.plan_period(plan.trajectory)
    assert call_goal_save(world, plan, world[BOARD], deadline=first).deadline == first
    assert call_goal_save(world, plan, world[BOARD], deadline=last).deadline == last


def test_a_target_equal_to_the_baseline_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_goal_save(world, plan, world[BOARD], baseline=Decimal("50"), target=Decimal("50"))
    )
    assert field_messages(error, "target") == [
        "Acceptabel en meetbaar: de streefwaarde moet verschillen van de beginwaarde."
    ]


@pytest.mark.parametrize(
    ("direction", "target", "message"),
    [
        (
            Direction.HIGHER_IS_BETTER,
            "30",
            "Bij deze indicator is hoger beter: kies een streefwaarde boven de beginwaarde.",
        ),
        (
            Direction.LOWER_IS_BETTER,
            "50",
            "Bij deze indicator is lager beter: kies een streefwaarde onder de beginwaarde.",
        ),
    ],
)
def test_a_target_against_the_direction_is_refused(world, direction, target, message):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_goal_save(
            world, plan, world[BOARD], baseline=Decimal("40"), target=Decimal(target), direction=direction
        )
    )
    assert field_messages(error, "target") == [message]


def test_a_lower_is_better_goal_is_saved(world):
    plan = plan_in(world, "draft")
    goal = call_goal_save(
        world,
        plan,
        world[BOARD],
        baseline=Decimal("30"),
        target=Decimal("22.5"),
        direction=Direction.LOWER_IS_BETTER,
    )
    assert Goal.objects.get(pk=goal.pk).target == Decimal("22.5")


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("description", "Specifiek: beschrijf wat er anders wordt."),
        ("indicator", "Meetbaar: noem de indicator die gemeten wordt."),
        ("unit", "Meetbaar: geef de eenheid van de indicator."),
        ("owner", "Noem de eigenaar die verantwoordelijk is voor het doel."),
    ],
)
def test_a_missing_smart_element_is_named(world, field, message):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], **{field: "  "}))
    assert field_messages(error, field) == [message]


@pytest.mark.parametrize("field", ["baseline", "target", "deadline"])
def test_a_missing_number_or_deadline_is_named_not_a_crash(world, field):
    """The form may send None for an empty field: the service must say what is missing, not fail in the
    database."""
    plan = plan_in(world, "draft")
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], **{field: None}))
    assert field_messages(error, field)


def test_a_goal_without_findings_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], findings=[]))
    assert field_messages(error, "findings") == [
        "Kies de bevinding(en) van de analyse waar dit doel op antwoordt."
    ]


def test_findings_of_another_schools_analysis_are_refused(world):
    plan = plan_in(world, "draft")
    other = new_plan(world, SchoolFactory(board=world.board), complete=False)
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], findings=[finding(other)]))
    assert field_messages(error, "findings") == ["Kies bevindingen uit de analyse van deze school."]


def test_a_goal_of_another_plan_cannot_be_changed_through_this_one(world):
    plan = plan_in(world, "draft")
    other = new_plan(world, SchoolFactory(board=world.board))
    refused(lambda: call_goal_save(world, plan, world[BOARD], goal=other.goals.get()), PermissionDenied)


def test_a_changed_target_in_version_2_needs_a_reason(world):
    version_2 = second_version(world)
    goal = version_2.goals.get()
    error = refused(
        lambda: call_goal_save(
            world,
            version_2,
            world[BOARD],
            goal=goal,
            theme=goal.theme,
            findings=list(goal.findings.all()),
            baseline=goal.baseline,
            target=goal.target + 5,
        )
    )
    assert field_messages(error, "target_change_reason")[0].startswith(
        "De streefwaarde wijkt af van versie 1 ("
    )
    saved = call_goal_save(
        world,
        version_2,
        world[BOARD],
        goal=goal,
        theme=goal.theme,
        findings=list(goal.findings.all()),
        baseline=goal.baseline,
        target=goal.target + 5,
        target_change_reason=" Na de audit: de lat kan hoger. ",
    )
    assert Goal.objects.get(pk=saved.pk).target_change_reason == "Na de audit: de lat kan hoger."


def test_the_message_on_a_changed_target_shows_the_old_target_in_dutch(world):
    """The old target is shown as a Dutch reader writes it (75 or 75,00), not as Python writes it (75.00)."""
    version_2 = second_version(world)
    goal = version_2.goals.get()
    error = refused(
        lambda: call_goal_save(
            world,
            version_2,
            world[BOARD],
            goal=goal,
            theme=goal.theme,
            findings=list(goal.findings.all()),
            baseline=goal.baseline,
            target=Decimal("80"),
        )
    )
    assert field_messages(error, "target_change_reason")[0] in {
        "De streefwaarde wijkt af van versie 1 (75): geef de reden voor de wijziging.",
        "De streefwaarde wijkt af van versie 1 (75,00): geef de reden voor de wijziging.",
    }


def test_an_unchanged_target_in_version_2_needs_no_reason(world):
    version_2 = second_version(world)
    goal = version_2.goals.get()
    saved = call_goal_save(
        world,
        version_2,
        world[BOARD],
        goal=goal,
        theme=goal.theme,
        findings=list(goal.findings.all()),
        baseline=goal.baseline,
        target=goal.target,
        owner="Nieuwe rekencoördinator",
    )
    assert Goal.objects.get(pk=saved.pk).owner == "Nieuwe rekencoördinator"


def test_a_measure_that_ends_before_it_starts_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_measure_save(world, plan, world[BOARD], starts_on=ENDS_ON, ends_on=STARTS_ON)
    )
    assert field_messages(error, "ends_on") == ["Vul een einddatum in die na de begindatum ligt."]


def test_a_negative_cost_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_measure_save(world, plan, world[BOARD], estimated_cost=Decimal("-0.01")))
    assert field_messages(error, "estimated_cost") == ["De geraamde kosten kunnen niet negatief zijn."]


def test_a_measure_outside_the_trajectory_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_measure_save(
            world, plan, world[BOARD], starts_on=REGISTERED_ON - datetime.timedelta(days=1)
        )
    )
    assert field_messages(error, "starts_on") == [period_message(plan)]


@pytest.mark.parametrize("field", ["estimated_cost", "starts_on", "ends_on"])
def test_a_measure_without_cost_or_dates_is_named_not_a_crash(world, field):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_measure_save(world, plan, world[BOARD], **{field: None}))
    assert field_messages(error, field)


def test_an_unknown_kind_of_measure_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_measure_save(world, plan, world[BOARD], kind="feestje"))
    assert field_messages(error, "kind")


def test_a_measure_of_another_goal_cannot_be_changed_through_this_one(world):
    plan = plan_in(world, "draft")
    other = new_plan(world, SchoolFactory(board=world.board))
    refused(
        lambda: call_measure_save(world, plan, world[BOARD], measure=Measure.objects.get(goal__plan=other)),
        PermissionDenied,
    )


@pytest.mark.parametrize("target", ["500", "551", "0"])
def test_a_cito_target_outside_its_scale_is_refused(world, target):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_agreements(world, plan, world[BOARD], final_test_target=Decimal(target)))
    expected = (
        "Vul een score boven nul in."
        if target == "0"
        else "Een score op de Cito-eindtoets ligt tussen 501 en 550."
    )
    assert field_messages(error, "final_test_target") == [expected]


@pytest.mark.parametrize("target", ["501", "550"])
def test_the_ends_of_the_cito_scale_are_allowed(world, target):
    plan = plan_in(world, "draft")
    assert call_agreements(
        world, plan, world[BOARD], final_test_target=Decimal(target)
    ).final_test_target == Decimal(target)


@pytest.mark.parametrize("target", ["-1", "100.1"])
def test_an_lwoo_target_outside_0_to_100_is_refused(world, target):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_agreements(world, plan, world[BOARD], lwoo_target=Decimal(target)))
    assert field_messages(error, "lwoo_target") == ["Een percentage ligt tussen 0 en 100."]


def test_2011_for_a_school_that_is_not_very_weak_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_agreements(
            world,
            plan,
            world[BOARD],
            target_date=TargetDate.IN_2011,
            target_justification="Nieuwe directeur.",
        )
    )
    assert field_messages(error, "target_date") == [
        "Alleen een school die zeer zwak is beoordeeld, mag tot 2011 de tijd krijgen; "
        "het huidige oordeel van deze school is niet zeer zwak."
    ]


def test_2011_for_a_very_weak_school_needs_a_justification(world):
    InspectionVerdictFactory(school=world.school, date=datetime.date(2008, 6, 1), verdict=Verdict.VERY_WEAK)
    plan = plan_in(world, "draft")
    error = refused(lambda: call_agreements(world, plan, world[BOARD], target_date=TargetDate.IN_2011))
    assert field_messages(error, "target_justification") == [
        "Schrijf op waarom deze zeer zwakke school tot 2011 nodig heeft."
    ]
    saved = call_agreements(
        world,
        plan,
        world[BOARD],
        target_date=TargetDate.IN_2011,
        target_justification=" De directeur is nieuw. ",
    )
    assert (saved.target_date, fresh(plan).target_justification) == (
        TargetDate.IN_2011,
        "De directeur is nieuw.",
    )


def test_a_school_that_was_very_weak_but_is_now_weak_gets_no_2011(world):
    InspectionVerdictFactory(school=world.school, date=datetime.date(2008, 3, 1), verdict=Verdict.VERY_WEAK)
    InspectionVerdictFactory(school=world.school, date=datetime.date(2008, 11, 1), verdict=Verdict.WEAK)
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_agreements(
            world, plan, world[BOARD], target_date=TargetDate.IN_2011, target_justification="X"
        )
    )
    assert field_messages(error, "target_date")


def test_the_justification_is_dropped_when_2010_is_chosen(world):
    plan = plan_in(world, "draft")
    call_agreements(world, plan, world[BOARD], target_justification="Niet nodig.")
    assert fresh(plan).target_justification == ""


@pytest.mark.parametrize(
    ("what", "missing"),
    [
        ("no_goals", "ten minste één doel"),
        (
            "goal_without_measures",
            "een maatregel voor doel “Meer leerlingen beheersen de rekenvaardigheden van hun leerjaar.”",
        ),
        ("no_final_test", "de streefscore op de eindtoets en welke toets"),
        ("no_lwoo", "het streefpercentage LWOO"),
    ],
)
def test_an_incomplete_plan_cannot_be_submitted(world, what, missing):
    plan = new_plan(world, complete=False)
    if what != "no_goals":
        goal = GoalFactory(plan=plan)
        if what != "goal_without_measures":
            MeasureFactory(goal=goal)
    if what == "no_final_test":
        ImprovementPlan.objects.filter(pk=plan.pk).update(final_test="", final_test_target=None)
    if what == "no_lwoo":
        ImprovementPlan.objects.filter(pk=plan.pk).update(lwoo_target=None)
    plan = fresh(plan)
    error = refused(lambda: call_submit(world, plan, world[BOARD]))
    assert messages_of(error) == [f"Het plan is nog niet volledig. Er ontbreekt nog: {missing}."]


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
    assert statuses == {1: PlanStatus.SUPERSEDED, 2: PlanStatus.APPROVED}
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
            status=PlanStatus.APPROVED,
            created_by=world[BOARD],
        )
    assert ImprovementPlan.objects.filter(trajectory=plan.trajectory).count() == 1


def test_the_database_keeps_one_open_version_per_trajectory(world):
    plan = plan_in(world, "draft")
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementPlanFactory(
            trajectory=plan.trajectory, number=2, status=PlanStatus.DRAFT, created_by=world[BOARD]
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
    call_goal_save(
        world,
        version_2,
        world[BOARD],
        goal=kept,
        theme=kept.theme,
        findings=list(kept.findings.all()),
        baseline=kept.baseline,
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
    assert messages_of(error) == [
        "Iemand anders heeft dit plan opgeslagen terwijl u eraan werkte. Uw wijzigingen zijn niet opgeslagen; "
        "open het plan opnieuw om de nieuwste versie te zien."
    ]


def test_submitting_a_stale_version_is_refused(world):
    plan = plan_in(world, "draft")
    call_agreements(world, plan, world[EDUCATION_EXPERT])
    error = refused(lambda: call_submit(world, fresh(plan), world[BOARD], expected_version=plan.version))
    assert "Iemand anders heeft dit plan opgeslagen" in messages_of(error)[0]
    assert fresh(plan).status == PlanStatus.DRAFT


def test_a_role_without_plan_rights_is_refused_before_anything_is_read(world):
    """Inspection holds no permission on plans at all: refused whatever the plan's state."""
    plan = plan_in(world, "draft")
    for name in ("plan_update_agreements", "goal_save", "plan_submit"):
        error = refused(
            lambda name=name: SERVICES[name].call(world, plan, world[Role.INSPECTION]), PermissionDenied
        )
        assert str(error) == NOT_ALLOWED
