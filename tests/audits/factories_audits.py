"""Factories and builders of the audit tests: a trajectory in execution with an approved plan of two goals (the
world's education and financial experts assigned), its audits, and an audit drawn up, submitted or adopted through
the services."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from audits.constants import AuditDecision, AuditKind, GoalJudgement, OverallJudgement
from audits.models import Audit
from audits.services import audits as services
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.actors import EDUCATION_EXPERT, EXPERT_GROUP
from tests.factories import GoalFactory, ImprovementPlanFactory, MeasureFactory, TrajectoryFactory
from tests.improvement_plans.worlds import trajectory_in

EXECUTION_STARTED_ON = datetime.date(2009, 1, 15)
YEAR_1_PLANNED_ON = datetime.date(2010, 2, 14)  # a year after the start, plus 30 days
HELD_ON = datetime.date(2010, 2, 10)
CONCLUSION = "Rekenen ligt op koers; lezen blijft achter. Het plan wordt bijgesteld op de leesdoelen."
JUSTIFICATION = "Het team is vernieuwd; met een derde jaar haalt de school het oordeel voldoende."


class AuditFactory(DjangoModelFactory):
    """A planned audit (not started) of a trajectory in execution."""

    class Meta:
        model = Audit

    trajectory = factory.SubFactory(
        TrajectoryFactory, phase="uitvoering", execution_started_on=EXECUTION_STARTED_ON
    )
    kind = AuditKind.YEAR_1
    planned_on = YEAR_1_PLANNED_ON


def executing_trajectory(world, school=None) -> Trajectory:
    """A trajectory of the world's school in execution since 15 January 2009, with an approved plan version 1 of
    two goals (arithmetic and language), each with a measure."""
    trajectory = trajectory_in(world, "execution", school=school)
    trajectory.execution_started_on = EXECUTION_STARTED_ON
    trajectory.save()
    plan = ImprovementPlanFactory(
        trajectory=trajectory, status=SubmissionStatus.APPROVED, approved_at=timezone.now()
    )
    for theme in ("rekenen", "taal"):
        MeasureFactory(goal=GoalFactory(plan=plan, theme=theme))
    return Trajectory.objects.get(pk=trajectory.pk)


def planned_audit(world, kind: str = AuditKind.YEAR_1, trajectory=None) -> Audit:
    """The audit of `kind` as the scheduled job plans it, on an executing trajectory."""
    trajectory = trajectory or executing_trajectory(world)
    services.schedule_audits()
    return Audit.objects.get(trajectory=trajectory, kind=kind)


def started_audit(world, kind: str = AuditKind.YEAR_1, trajectory=None) -> Audit:
    audit = planned_audit(world, kind, trajectory)
    return services.audit_start(user=world[EDUCATION_EXPERT], audit=audit)


def drawn_up(world, audit: Audit, decision: str, **changes) -> Audit:
    """Every goal judged, the date, overall judgement, conclusion and `decision` filled in."""
    lines = list(audit.goal_judgements.all())
    arguments = {
        "held_on": HELD_ON,
        "goal_judgements": {
            line.goal_id: (GoalJudgement.ON_TRACK, "Goed zichtbaar in de lessen.") for line in lines
        },
        "overall_judgement": OverallJudgement.SUFFICIENT,
        "conclusion": CONCLUSION,
        "decision": decision,
        "decision_justification": JUSTIFICATION if decision == AuditDecision.EXTEND else "",
    } | changes
    audit.refresh_from_db()
    return services.audit_update(
        user=world[EDUCATION_EXPERT], audit=audit, expected_version=audit.version, **arguments
    )


def submitted_audit(
    world, decision: str = AuditDecision.ADJUST_PLAN, kind: str = AuditKind.YEAR_1, trajectory=None
):
    audit = drawn_up(world, started_audit(world, kind, trajectory), decision)
    services.audit_submit(user=world[EDUCATION_EXPERT], audit=audit, expected_version=audit.version)
    audit.refresh_from_db()
    return audit


def adopted_audit(
    world, decision: str = AuditDecision.CONTINUE, kind: str = AuditKind.YEAR_1, trajectory=None
):
    audit = submitted_audit(world, decision, kind, trajectory)
    return services.audit_adopt(user=world[EXPERT_GROUP], audit=audit)
