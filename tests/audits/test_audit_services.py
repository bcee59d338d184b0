"""The audit services: who may draw up, submit and adopt an audit; the refusals (stale version, already decided, a
decision that does not fit); what each adopted decision does; and the scheduled planning of the audits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audits.constants import AuditDecision, AuditEventKind, AuditKind, GoalJudgement
from audits.models import Audit
from audits.services import audits as services
from improvement_plans.constants import EventKind, Phase
from improvement_plans.models import ImprovementPlan, Trajectory
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.actors import EDUCATION_EXPERT, EXPERT_GROUP, STAFF, UNASSIGNED_EXPERT
from tests.audits.factories_audits import (
    CONCLUSION,
    EXECUTION_STARTED_ON,
    adopted_audit,
    drawn_up,
    executing_trajectory,
    planned_audit,
    started_audit,
    submitted_audit,
)
from tests.improvement_plans.worlds import ACTOR_IDS, ACTORS, make_world, trajectory_in
from tests.refusals import NOT_ALLOWED, messages_of, refused_unchanged

APPS = ("audits", "improvement_plans")


@pytest.fixture
def world(db):
    return make_world()


DRAWERS = {EDUCATION_EXPERT, EXPERT_GROUP}


def refused(call):
    """Refused with a ValidationError, and nothing changed."""
    return refused_unchanged(APPS, call)


# Who may do what: the assigned education experts and the expert group draw up and submit; only the expert group
# adopts or returns. Everyone else is refused and nothing changes. Each service: (allowed, prepare, act).

SERVICES = {
    "audit_start": (DRAWERS, planned_audit, lambda user, audit: services.audit_start(user=user, audit=audit)),
    "audit_update": (
        DRAWERS,
        started_audit,
        lambda user, audit: services.audit_update(
            user=user,
            audit=audit,
            expected_version=audit.version,
            held_on=None,
            goal_judgements={},
            overall_judgement="",
            conclusion="Eerste aantekeningen.",
            decision="",
        ),
    ),
    "audit_submit": (
        DRAWERS,
        lambda world: drawn_up(world, started_audit(world), AuditDecision.CONTINUE),
        lambda user, audit: services.audit_submit(user=user, audit=audit, expected_version=audit.version),
    ),
    "audit_adopt": (
        {EXPERT_GROUP},
        submitted_audit,
        lambda user, audit: services.audit_adopt(user=user, audit=audit),
    ),
    "audit_return": (
        {EXPERT_GROUP},
        submitted_audit,
        lambda user, audit: services.audit_return(user=user, audit=audit, comments="Onderbouw het oordeel."),
    ),
}


@pytest.mark.parametrize("actor", ACTORS, ids=lambda actor: ACTOR_IDS[actor])
@pytest.mark.parametrize("name", list(SERVICES))
def test_only_the_right_roles_may_call_each_audit_service(world, name, actor):
    allowed, prepare, act = SERVICES[name]
    audit = prepare(world)
    user = world[actor]
    if actor in allowed:
        before = audit.version
        act(user, audit)
        audit.refresh_from_db()
        assert audit.version > before
        return
    error = refused_unchanged(APPS, lambda: act(user, audit), PermissionDenied)
    assert str(error) == NOT_ALLOWED


def test_an_unassigned_expert_may_not_draw_up_the_audit(world):
    audit = planned_audit(world)
    refused_unchanged(
        APPS, lambda: services.audit_start(user=world[UNASSIGNED_EXPERT], audit=audit), PermissionDenied
    )


# Drawing up


def test_starting_fixes_the_approved_plan_and_a_line_per_goal(world):
    audit = started_audit(world)
    plan = ImprovementPlan.objects.get(trajectory=audit.trajectory, number=1)
    assert audit.plan == plan
    assert sorted(line.goal_id for line in audit.goal_judgements.all()) == sorted(
        plan.goals.values_list("pk", flat=True)
    )


def test_an_audit_cannot_be_started_long_before_it_is_planned(world):
    audit = planned_audit(world)
    error = refused(
        lambda: services.audit_start(
            user=world[EDUCATION_EXPERT], audit=audit, today=datetime.date(2010, 1, 1)
        )
    )
    assert messages_of(error) == [
        "Deze audit is gepland op 14 februari 2010; u kunt hem opstellen vanaf 15 januari 2010."
    ]


def test_a_save_based_on_an_older_version_is_refused(world):
    audit = started_audit(world)
    stale = audit.version
    drawn_up(world, audit, AuditDecision.CONTINUE)
    error = refused(
        lambda: services.audit_update(
            user=world[EDUCATION_EXPERT],
            audit=audit,
            expected_version=stale,
            held_on=None,
            goal_judgements={},
            overall_judgement="",
            conclusion="Iets anders",
            decision="",
        )
    )
    assert "Iemand anders heeft deze audit opgeslagen" in messages_of(error)[0]


def test_a_future_date_is_refused_beside_its_field(world):
    audit = started_audit(world)
    error = refused(
        lambda: drawn_up(
            world, audit, AuditDecision.CONTINUE, held_on=datetime.date.today() + datetime.timedelta(days=3)
        )
    )
    assert error.message_dict["held_on"] == ["Deze datum ligt in de toekomst."]


def test_extending_without_a_justification_is_refused_with_a_clear_message(world):
    audit = started_audit(world, AuditKind.YEAR_2)
    error = refused(lambda: drawn_up(world, audit, AuditDecision.EXTEND, decision_justification="  "))
    assert error.message_dict["decision_justification"] == [
        "Een derde jaar vraagt om een schriftelijke onderbouwing: waarom de school het nodig heeft en wat zij ermee "
        "bereikt."
    ]


def test_a_third_year_fits_only_the_audit_after_year_2(world):
    audit = started_audit(world, AuditKind.YEAR_1)
    error = refused(lambda: drawn_up(world, audit, AuditDecision.EXTEND))
    assert error.message_dict["decision"] == [
        "Na deze audit kan de expertgroep kiezen uit: “doorgaan volgens plan”, “plan bijstellen (een nieuwe "
        "planversie en begrotingsherziening)”."
    ]


def test_an_incomplete_audit_cannot_be_submitted_and_says_what_is_missing(world):
    audit = started_audit(world)
    error = refused(
        lambda: services.audit_submit(
            user=world[EDUCATION_EXPERT], audit=audit, expected_version=audit.version
        )
    )
    assert messages_of(error) == [
        "De audit is nog niet compleet. Nog niet ingevuld: de datum waarop de audit is gehouden; een oordeel over "
        "2 doel(en); het totaaloordeel; de conclusie; het voorgestelde besluit."
    ]


def test_submitting_records_the_event_and_fixes_the_audit(world):
    audit = submitted_audit(world)
    assert audit.status == SubmissionStatus.SUBMITTED
    assert audit.trajectory.events.filter(kind=AuditEventKind.AUDIT_SUBMITTED).count() == 1
    error = refused(lambda: drawn_up(world, audit, AuditDecision.CONTINUE))
    assert messages_of(error) == ["Deze audit is ingediend en kan niet worden gewijzigd."]


# Adoption and its effects


def test_continue_changes_nothing_but_the_audit(world):
    audit = adopted_audit(world, AuditDecision.CONTINUE)
    trajectory = Trajectory.objects.get(pk=audit.trajectory_id)
    assert audit.status == SubmissionStatus.APPROVED and audit.follow_up_plan is None
    assert (trajectory.phase, trajectory.execution_years) == (Phase.EXECUTION, 2)
    assert trajectory.plans.count() == 1
    event = trajectory.events.get(kind=AuditEventKind.AUDIT_DECIDED)
    assert event.comment == "Audit na jaar 1: Doorgaan volgens plan. De uitvoering gaat door zoals gepland."


def test_adjusting_starts_a_new_plan_version_with_the_audit_as_its_reason(world):
    audit = adopted_audit(world, AuditDecision.ADJUST_PLAN)
    new = audit.follow_up_plan
    assert (new.number, new.status) == (2, SubmissionStatus.DRAFT)
    assert new.change_reason == f"Audit na jaar 1 (gehouden op 10 februari 2010): {CONCLUSION}"
    assert new.goals.count() == 2
    assert audit.trajectory.events.filter(kind=EventKind.PLAN_NEW_VERSION).count() == 1


def test_extending_gives_a_third_year_and_plans_its_audit(world):
    trajectory = executing_trajectory(world)
    adopted_audit(world, AuditDecision.CONTINUE, AuditKind.YEAR_1, trajectory)
    adopted_audit(world, AuditDecision.EXTEND, AuditKind.YEAR_2, trajectory)
    trajectory.refresh_from_db()
    assert trajectory.execution_years == 3 and trajectory.execution_quarters == 12
    assert trajectory.execution_ends_on == datetime.date(2012, 1, 14)
    year_3 = Audit.objects.get(trajectory=trajectory, kind=AuditKind.YEAR_3)
    assert year_3.planned_on == datetime.date(2012, 2, 14)
    assert trajectory.events.get(kind=EventKind.EXECUTION_EXTENDED).comment.startswith(
        "Het team is vernieuwd"
    )
    assert services.schedule_audits() == 0


def test_completing_moves_the_trajectory_to_sustaining(world):
    trajectory = executing_trajectory(world)
    adopted_audit(world, AuditDecision.COMPLETE, AuditKind.YEAR_2, trajectory)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.SUSTAINING
    assert trajectory.events.filter(kind=EventKind.SUSTAINING_STARTED).count() == 1


def test_completing_is_refused_while_a_new_plan_version_is_open(world):
    trajectory = executing_trajectory(world)
    audit = submitted_audit(world, AuditDecision.COMPLETE, AuditKind.YEAR_2, trajectory)
    from improvement_plans.services import plan_new_version

    plan_new_version(user=world[STAFF], trajectory=trajectory, reason="Bijstelling")
    error = refused(lambda: services.audit_adopt(user=world[EXPERT_GROUP], audit=audit))
    assert messages_of(error) == [
        "Versie 2 van het plan wordt nog geschreven of beoordeeld. Laat de expertgroep daar eerst over beslissen."
    ]


def test_an_audit_already_decided_is_not_decided_again(world):
    audit = submitted_audit(world, AuditDecision.CONTINUE)
    stale = Audit.objects.get(pk=audit.pk)
    services.audit_adopt(user=world[EXPERT_GROUP], audit=audit)
    error = refused(
        lambda: services.audit_return(user=world[EXPERT_GROUP], audit=stale, comments="Toch niet.")
    )
    assert messages_of(error) == ["Er is geen ingediende audit om over te beslissen."]
    review = audit.reviews.get()
    assert (review.decision, review.decided_by) == (ReviewDecision.APPROVED, world[EXPERT_GROUP])


def test_returning_needs_comments_and_lets_the_experts_change_it(world):
    audit = submitted_audit(world)
    error = refused(lambda: services.audit_return(user=world[EXPERT_GROUP], audit=audit, comments=" "))
    assert error.message_dict["comments"] == ["Schrijf op wat er in de audit moet veranderen."]
    services.audit_return(user=world[EXPERT_GROUP], audit=audit, comments="Onderbouw het oordeel over lezen.")
    audit.refresh_from_db()
    assert audit.status == SubmissionStatus.RETURNED
    drawn_up(
        world,
        audit,
        AuditDecision.ADJUST_PLAN,
        goal_judgements={
            line.goal_id: (GoalJudgement.INSUFFICIENT, "Te weinig groei.")
            for line in audit.goal_judgements.all()
        },
    )
    assert set(audit.goal_judgements.values_list("judgement", flat=True)) == {GoalJudgement.INSUFFICIENT}


# Scheduling


def test_scheduling_plans_an_audit_per_year_once(world):
    trajectory = executing_trajectory(world)
    assert services.schedule_audits() == 2
    assert services.schedule_audits() == 0
    planned = list(Audit.objects.filter(trajectory=trajectory).values_list("kind", "planned_on"))
    assert planned == [("jaar_1", datetime.date(2010, 2, 14)), ("jaar_2", datetime.date(2011, 2, 14))]


def test_scheduling_plans_nothing_for_a_withdrawn_trajectory_or_before_execution(world):
    withdrawn = trajectory_in(world, "withdrawn_during_analysis")
    Trajectory.objects.filter(pk=withdrawn.pk).update(execution_started_on=EXECUTION_STARTED_ON)
    trajectory_in(world, "plan")
    assert services.schedule_audits() == 0
    assert not Audit.objects.exists()
