"""Demo data of the audits area: called by the execution demo after `schedule_audits` planned the audits. Written
through the services, as the experts and the expert group would:

- a year-1 audit that adjusted the plan, whose new version the expert group then approved (version 2 with the
  audit as its reason);
- a year-1 audit to continue and a year-2 audit that extended the trajectory by a third year (the year-3 audit is
  planned with it);
- a year-2 audit proposing to complete, submitted and waiting for the expert group; the audits not yet due stay
  planned.
"""

import datetime

from improvement_plans import services as plan_services
from improvement_plans.constants import AnalysisTopic, Phase
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import OPEN_STATUSES

from .constants import AuditDecision, AuditKind, GoalJudgement, OverallJudgement
from .models import Audit
from .services import audits as services

CONCLUSION_ADJUST = (
    "Rekenen ligt op koers, maar de leesresultaten blijven achter bij de afspraken. Het plan wordt bijgesteld: "
    "meer begeleide leesinstructie in de groepen 4 tot en met 6 en een haalbaarder streefdoel."
)
CONCLUSION_CONTINUE = "De school ligt op koers op alle doelen. De uitvoering gaat door zoals gepland."
CONCLUSION_EXTEND = (
    "De school heeft veel bereikt, maar de tussenopbrengsten begrijpend lezen zijn nog onvoldoende. Een derde jaar "
    "is nodig om de verbeteringen te borgen."
)
JUSTIFICATION = (
    "Het team is in het tweede jaar voor de helft vernieuwd. Met een derde jaar kan de nieuwe leesaanpak in alle "
    "groepen worden ingevoerd en kan de school het oordeel voldoende halen."
)


def _drawer(users: dict, trajectory: Trajectory):
    """The assigned demo education expert where there is one, else the expert group (who may draw up audits too)."""
    expert = users[Role.EDUCATION_EXPERT]
    if trajectory.education_experts.filter(pk=expert.pk).exists():
        return expert
    return users[Role.EXPERT_GROUP]


def _draw_up(
    users: dict, audit: Audit, today: datetime.date, decision: str, conclusion: str, **extra
) -> Audit:
    """Start, fill in and save an audit: every goal judged, held on its planned date (or today)."""
    user = _drawer(users, audit.trajectory)
    audit = services.audit_start(user=user, audit=audit, today=today)
    judgements = {
        line.goal_id: (
            GoalJudgement.INSUFFICIENT
            if line.goal.theme == AnalysisTopic.LANGUAGE
            else GoalJudgement.ON_TRACK,
            "Gezien in de lesbezoeken en de toetsgegevens.",
        )
        for line in audit.goal_judgements.select_related("goal")
    }
    insufficient = any(value == GoalJudgement.INSUFFICIENT for value, _note in judgements.values())
    return services.audit_update(
        user=user,
        audit=audit,
        expected_version=audit.version,
        held_on=min(audit.planned_on, today),
        goal_judgements=judgements,
        overall_judgement=OverallJudgement.INSUFFICIENT
        if insufficient and decision != AuditDecision.CONTINUE
        else OverallJudgement.SUFFICIENT,
        conclusion=conclusion,
        decision=decision,
        **extra,
    )


def _submit(users: dict, audit: Audit) -> Audit:
    services.audit_submit(user=_drawer(users, audit.trajectory), audit=audit, expected_version=audit.version)
    return audit


def _adopt(users: dict, audit: Audit) -> Audit:
    return services.audit_adopt(
        user=users[Role.EXPERT_GROUP], audit=audit, comments="Vastgesteld in de vergadering."
    )


def _openable(trajectory: Trajectory, kind: str, today: datetime.date) -> Audit | None:
    """The trajectory's planned audit of `kind`, when it can be drawn up on `today`."""
    audit = Audit.objects.filter(trajectory=trajectory, kind=kind, plan__isnull=True).first()
    if audit is None or services.audit_opens_on(audit) > today:
        return None
    return audit


def seed(users: dict, today: datetime.date) -> None:
    """Fill this area's records in every state a user should see, on the trajectories in execution: the longest
    running first (year 2 ended), then the ones whose first year ended. Audits not yet due stay planned."""
    executing = list(
        Trajectory.objects.open()
        .filter(phase=Phase.EXECUTION, execution_started_on__isnull=False)
        .order_by("execution_started_on", "pk")
    )
    year_2_done = [t for t in executing if _openable(t, AuditKind.YEAR_2, today)]
    year_1_done = [t for t in executing if t not in year_2_done and _openable(t, AuditKind.YEAR_1, today)]
    # Year 2 ended: year 1 continued; on one trajectory year 2 extends by a third year, on another the year-2
    # audit (complete) waits for the expert group.
    for number, trajectory in enumerate(year_2_done[:2]):
        if audit := _openable(trajectory, AuditKind.YEAR_1, today):
            _adopt(
                users,
                _submit(users, _draw_up(users, audit, today, AuditDecision.CONTINUE, CONCLUSION_CONTINUE)),
            )
        audit = _openable(trajectory, AuditKind.YEAR_2, today)
        if audit is None:
            continue
        if number == len(year_2_done[:2]) - 1:
            _adopt(
                users,
                _submit(
                    users,
                    _draw_up(
                        users,
                        audit,
                        today,
                        AuditDecision.EXTEND,
                        CONCLUSION_EXTEND,
                        decision_justification=JUSTIFICATION,
                    ),
                ),
            )
        else:
            _submit(users, _draw_up(users, audit, today, AuditDecision.COMPLETE, CONCLUSION_CONTINUE))
    # Year 1 ended: the audit adjusts the plan, and the expert group approves the new version.
    for trajectory in year_1_done[:1]:
        audit = _openable(trajectory, AuditKind.YEAR_1, today)
        if audit is None or trajectory.plans.filter(status__in=OPEN_STATUSES).exists():
            continue
        audit = _adopt(
            users, _submit(users, _draw_up(users, audit, today, AuditDecision.ADJUST_PLAN, CONCLUSION_ADJUST))
        )
        revision = audit.follow_up_plan
        plan_services.plan_submit(
            user=users[Role.PROGRAMME_STAFF], plan=revision, expected_version=revision.version
        )
        plan_services.plan_approve(
            user=users[Role.EXPERT_GROUP], plan=revision, comments="De bijgestelde leesdoelen zijn haalbaar."
        )
