"""Demo data of the trajectories (`make run`): 38 trajectories in every phase, with their analyses, plan versions,
reviews, notes and timelines.

Most trajectories are historical: registered in 2008–2009, the first round of the programme. Those that were in
execution then finished it in 2010 and are sustaining now. Six trajectories are in execution today, each started a
different number of days ago (`RECENT_EXECUTION`), so that the execution demo (`audits.demo.create_execution`) finds
every state: a first quarterly report due soon, a report overdue, the year-1 and year-2 audits.

Everything here is invented. `monitoring.demo.seed_demo` calls `create_trajectories` after the register and the
users exist (`schools.demo`), and `create_revision` after finance has added the budgets. The budget steps of a
trajectory's story are finance's (`finance.demo`), which uses `at`, `plan_dates` and `add_events` from here.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from improvement_plans import services
from improvement_plans.constants import (
    ANALYSIS_QUESTIONS,
    CORE_THEMES,
    AnalysisTopic,
    EventKind,
    FinalTest,
    IntakeOutcome,
    InterviewPartner,
    MeasureKind,
    NoteVisibility,
    ObservationPoint,
    Phase,
    TeacherRole,
    TrajectoryReason,
)
from improvement_plans.models import (
    Analysis,
    AnalysisFinding,
    AnalysisReview,
    ClassVisit,
    ClassVisitObservation,
    Goal,
    GoalComment,
    ImprovementPlan,
    Interview,
    Measure,
    PlanReview,
    Trajectory,
    TrajectoryEvent,
    TrajectoryNote,
)
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from schools.models import School

# An event of a trajectory's timeline: (date, kind, actor, comment).
Event = tuple[datetime.date, str, User, str]

# Trajectories: which schools take part, in which phase, and how far their analysis is. The historical trajectories
# of schools 0–29 go round these phases; the first of the cycle ran its execution in 2008–2010 and is sustaining now.
PHASE_CYCLE = [Phase.SUSTAINING, Phase.PLAN, Phase.ANALYSIS, Phase.INTAKE, Phase.SUSTAINING]
# The trajectories in execution today, by school index: how many days ago execution started (the day the expert
# group approved the first plan version). Schools 0 and 24 are the demo board's (school 0 is its director's school):
# on the first round's reference list, judged sufficient in 2010, now registered again as schools at risk.
RECENT_EXECUTION = {
    39: 80,  # in quarter 1, which ends in about ten days: its progress report is due soon
    30: 150,  # in quarter 2: quarter 1 is reported
    24: 215,  # in quarter 3: quarter 2 ended a month ago and its report is due; a plan revision is being written
    0: 420,  # in quarter 5: year 1 ended about two months ago, its audit is held
    33: 770,  # year 2 ended about forty days ago: its audit is held (the demo's third year)
    34: 800,  # year 2 ended about two months ago; audited after year 1
}
# Since school year 2023–2024 a doorstroomtoets of the school's choice replaces the CITO end test.
DOORSTROOMTOETS_SINCE = datetime.date(2023, 8, 1)
# The board's trajectory whose plan is being revised (`create_revision`).
REVISED_SCHOOL = 24
# The days from registration to the plan's approval in the demo's story (see `plan_dates`).
REGISTRATION_TO_EXECUTION = datetime.timedelta(days=14 + 70 + 20 + 14)
ANALYSIS_STATUS_BY_INDEX = {
    2: SubmissionStatus.DRAFT,
    7: SubmissionStatus.SUBMITTED,
    12: SubmissionStatus.RETURNED,
    17: SubmissionStatus.DRAFT,
    22: SubmissionStatus.SUBMITTED,
    27: SubmissionStatus.RETURNED,
    32: SubmissionStatus.DRAFT,
}
# Plans of the trajectories in the plan phase, by school index: how far each is (None: not started yet).
PLAN_STATUS_BY_INDEX = {
    1: SubmissionStatus.DRAFT,
    6: SubmissionStatus.SUBMITTED,
    11: SubmissionStatus.RETURNED,
    16: SubmissionStatus.DRAFT,
    21: None,
}
# Notes on the board's trajectories and every fourth one: (author, visibility, days after registration, text).
DEMO_NOTES = [
    (
        Role.EDUCATION_EXPERT,
        NoteVisibility.SHARED,
        20,
        "De lesbezoeken in groep 4 en 6 zijn ingepland; graag de toetsgegevens vooraf toesturen.",
    ),
    (
        Role.PROGRAMME_STAFF,
        NoteVisibility.INTERNAL,
        21,
        "Let op: de directeur vertrekt na dit schooljaar. Bespreken in het expertoverleg.",
    ),
]
DEMO_GOALS = [
    (
        AnalysisTopic.ARITHMETIC,
        "Meer leerlingen beheersen de rekenvaardigheden van hun leerjaar.",
        "Leerlingen met ten minste een voldoende op de M-toets rekenen",
        "procent van de leerlingen",
        (48, 70),
        [
            (MeasureKind.TEACHER_TRAINING, "Teamscholing directe instructie bij rekenen", 14500),
            (MeasureKind.NEW_METHOD, "Invoering van een nieuwe rekenmethode in groep 3 tot en met 8", 9800),
        ],
    ),
    (
        AnalysisTopic.LANGUAGE,
        "Leerlingen lezen op het niveau van hun leerjaar.",
        "Leerlingen met een AVI-niveau passend bij hun leerjaar",
        "procent van de leerlingen",
        (52, 75),
        [(MeasureKind.EXTRA_STAFF, "Een leesspecialist twee dagen per week", 31000)],
    ),
    (
        AnalysisTopic.LEADERSHIP,
        "De directeur stuurt het team aan op opbrengsten.",
        "Groepsbesprekingen per jaar waarin opbrengsten worden besproken",
        "besprekingen",
        (1, 3),
        [(MeasureKind.DIRECTOR_COACHING, "Coaching van de directeur door een externe coach", 8250)],
    ),
]


def demo_trajectories() -> list[tuple[int, Phase, str]]:
    """(school index, phase, reason) of every demo trajectory."""
    chosen = [
        (index, PHASE_CYCLE[index % 5], TrajectoryReason.REFERENCE_LIST)
        for index in range(30)
        if index not in RECENT_EXECUTION
    ]
    chosen.append((32, Phase.ANALYSIS, TrajectoryReason.REFERENCE_LIST))
    chosen += [(36, Phase.INTAKE, TrajectoryReason.AT_RISK), (37, Phase.INTAKE, TrajectoryReason.AT_RISK)]
    chosen.append((38, Phase.REGISTERED, TrajectoryReason.VOLUNTARY))
    chosen += [(index, Phase.EXECUTION, TrajectoryReason.AT_RISK) for index in sorted(RECENT_EXECUTION)]
    return chosen


def at(date: datetime.date) -> datetime.datetime:
    """The moment of a demo event on `date` (ten in the morning)."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10, 0)))


def add_events(trajectory: Trajectory, events: list[Event]) -> None:
    """Write events to the trajectory's timeline, in the order given."""
    TrajectoryEvent.objects.bulk_create(
        TrajectoryEvent(trajectory=trajectory, kind=kind, actor=actor, comment=comment, created_at=at(date))
        for date, kind, actor, comment in events
    )


def plan_dates(trajectory: Trajectory) -> tuple[datetime.date, datetime.date, datetime.date]:
    """When the first plan version (and its budget) was started, submitted and decided."""
    start = trajectory.intake_date + datetime.timedelta(days=70)
    submitted = start + datetime.timedelta(days=20)
    return start, submitted, submitted + datetime.timedelta(days=14)


def create_trajectories(users: dict[Role, User], today: datetime.date) -> list[tuple[int, Trajectory]]:
    """The demo trajectories with their analyses, first plan versions, notes and timelines; returns each with the
    index of its school (its place in the register ordered by BRIN). The recent ones are dated back from `today`."""
    staff, expert, finance = (
        users[Role.PROGRAMME_STAFF],
        users[Role.EDUCATION_EXPERT],
        users[Role.FINANCIAL_EXPERT],
    )
    expert_group, board_user = users[Role.EXPERT_GROUP], users[Role.SCHOOL_BOARD]
    schools = list(School.objects.order_by("brin"))
    created = []
    for index, phase, reason in demo_trajectories():
        school = schools[index]
        if phase == Phase.REGISTERED:
            registered = today - datetime.timedelta(days=10)
        elif index in RECENT_EXECUTION:
            registered = today - datetime.timedelta(days=RECENT_EXECUTION[index]) - REGISTRATION_TO_EXECUTION
        elif reason == TrajectoryReason.AT_RISK:
            registered = datetime.date(2009, 9, 1)
        else:
            registered = datetime.date(2008, 6, 2) + datetime.timedelta(days=index * 3)
        trajectory = Trajectory.objects.create(
            school=school, reason=reason, phase=phase, registered_on=registered, registered_by=staff
        )
        events: list[Event] = [(registered, EventKind.REGISTERED, staff, TrajectoryReason(reason).label)]
        if phase != Phase.REGISTERED:
            trajectory.intake_date = registered + datetime.timedelta(days=14)
            trajectory.intake_experts.set([expert])
            events.append((registered + datetime.timedelta(days=2), EventKind.INTAKE_SCHEDULED, staff, ""))
        if phase not in (Phase.REGISTERED, Phase.INTAKE):
            trajectory.intake_outcome = IntakeOutcome.TAKES_PART
            if index % 2 == 0 or index in RECENT_EXECUTION:  # finance.demo books their hours on these only
                trajectory.education_experts.set([expert])
            trajectory.financial_expert = finance
            events.append((trajectory.intake_date, EventKind.TAKES_PART, staff, ""))
            events.append((trajectory.intake_date, EventKind.EXPERTS_ASSIGNED, staff, str(expert)))
            status = ANALYSIS_STATUS_BY_INDEX.get(index, SubmissionStatus.APPROVED)
            events += _create_analysis(trajectory, status, expert, expert_group, board_user)
            if phase in (Phase.PLAN, Phase.EXECUTION, Phase.SUSTAINING):
                events += _create_plans(trajectory, index, users)
        trajectory.save()
        add_events(trajectory, events)
        if school.board_id == board_user.school_board_id or index % 4 == 0:
            TrajectoryNote.objects.bulk_create(
                TrajectoryNote(
                    trajectory=trajectory,
                    author=users[role],
                    text=text,
                    visibility=visibility,
                    created_at=at(registered + datetime.timedelta(days=days)),
                )
                for role, visibility, days, text in DEMO_NOTES
            )
        created.append((index, trajectory))
    return created


def _create_analysis(
    trajectory: Trajectory, status: str, expert: User, expert_group: User, board_user: User
) -> list[Event]:
    """An analysis in the given status, with findings, two class visits and an interview; returns its events."""
    start = trajectory.intake_date + datetime.timedelta(days=7)
    year = trajectory.registered_on.year
    analysis = Analysis.objects.create(
        trajectory=trajectory,
        status=status,
        data_used=f"Eindtoetsresultaten {year - 3}–{year}, het leerlingvolgsysteem en het inspectierapport van "
        f"{year - 1}.",
        strengths="Betrokken team; goede sfeer in de groepen.",
        weaknesses="Instructie sluit weinig aan bij verschillen tussen leerlingen; zorgstructuur is niet sluitend.",
    )
    complete = status != SubmissionStatus.DRAFT
    AnalysisFinding.objects.bulk_create(
        AnalysisFinding(
            analysis=analysis,
            topic=topic,
            finding="Uit lesbezoeken en gesprekken blijkt dat dit onderdeel aandacht vraagt."
            if complete or n < 6
            else "",
            rating=(2 + n % 2) if complete or n < 6 else None,
        )
        for n, topic in enumerate([*ANALYSIS_QUESTIONS, *CORE_THEMES])
    )
    for offset, group in ((0, 4), (1, 6)):
        visit = ClassVisit.objects.create(
            analysis=analysis,
            date=start + datetime.timedelta(days=offset),
            group=group,
            teacher_role=TeacherRole.GROUP_TEACHER,
            observer=expert,
        )
        ClassVisitObservation.objects.bulk_create(
            ClassVisitObservation(visit=visit, point=point, score=2 + (group + n) % 2, remark="")
            for n, point in enumerate(ObservationPoint)
        )
    Interview.objects.create(
        analysis=analysis,
        date=start + datetime.timedelta(days=2),
        partner=InterviewPartner.DIRECTOR,
        interviewer=expert,
        summary="De directeur herkent de zwakke punten en wil de instructie in alle groepen verbeteren.",
    )
    Interview.objects.create(
        analysis=analysis,
        date=start + datetime.timedelta(days=3),
        partner=InterviewPartner.INTERNAL_SUPERVISOR,
        interviewer=expert,
        summary="De intern begeleider ziet dat de zorg voor zwakke rekenaars niet planmatig verloopt.",
    )
    events: list[Event] = []
    submitted = start + datetime.timedelta(days=21)
    if status in (SubmissionStatus.RETURNED, SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED):
        decided = submitted + datetime.timedelta(days=10)
        decision = {
            SubmissionStatus.RETURNED: ReviewDecision.RETURNED,
            SubmissionStatus.APPROVED: ReviewDecision.APPROVED,
        }
        AnalysisReview.objects.create(
            analysis=analysis,
            submitted_by=board_user,
            submitted_at=at(submitted),
            decision=decision.get(status, ""),
            decided_by=expert_group if status in decision else None,
            decided_at=at(decided) if status in decision else None,
            comments="Onderbouw de bevindingen over rekenen met de toetsgegevens."
            if status == SubmissionStatus.RETURNED
            else "",
        )
        events.append((submitted, EventKind.ANALYSIS_SUBMITTED, board_user, ""))
        if status == SubmissionStatus.RETURNED:
            events.append(
                (decided, EventKind.ANALYSIS_RETURNED, expert_group, "Onderbouw de bevindingen over rekenen.")
            )
        elif status == SubmissionStatus.APPROVED:
            events.append((decided, EventKind.ANALYSIS_APPROVED, expert_group, ""))
    return events


def _create_plans(trajectory: Trajectory, index: int, users: dict[Role, User]) -> list[Event]:
    """The first plan version of a trajectory in the plan phase or later; returns its events."""
    status = (
        PLAN_STATUS_BY_INDEX.get(index, SubmissionStatus.APPROVED)
        if trajectory.phase == Phase.PLAN
        else SubmissionStatus.APPROVED
    )
    if status is None:
        return []
    start, submitted, decided = plan_dates(trajectory)
    # The CITO end test in the first round, a doorstroomtoets later (IEP scores 50–100).
    final_test, final_test_target = (
        (FinalTest.CITO, Decimal("532")) if start < DOORSTROOMTOETS_SINCE else (FinalTest.IEP, Decimal("81"))
    )
    plan = ImprovementPlan.objects.create(
        trajectory=trajectory,
        status=status,
        created_by=users[Role.SCHOOL_BOARD],
        final_test=final_test,
        final_test_target=final_test_target,
        lwoo_target=Decimal("17.5"),
        created_at=at(start),
    )
    findings = {finding.topic: finding for finding in trajectory.analysis.findings.all()}
    for order, (theme, description, indicator, unit, (baseline, target), measures) in enumerate(
        DEMO_GOALS, start=1
    ):
        goal = Goal.objects.create(
            plan=plan,
            theme=theme,
            description=description,
            indicator=indicator,
            unit=unit,
            baseline=baseline,
            target=target,
            deadline=start + datetime.timedelta(days=600),
            owner="Directeur en intern begeleider",
            order=order,
        )
        goal.findings.set([findings[theme]])
        Measure.objects.bulk_create(
            Measure(
                goal=goal,
                kind=kind,
                description=text,
                responsible="Directeur",
                starts_on=start + datetime.timedelta(days=30),
                ends_on=start + datetime.timedelta(days=400),
                estimated_cost=Decimal(cost),
            )
            for kind, text, cost in measures
        )
    events: list[Event] = []
    if status != SubmissionStatus.DRAFT:
        decision = {
            SubmissionStatus.APPROVED: ReviewDecision.APPROVED,
            SubmissionStatus.RETURNED: ReviewDecision.RETURNED,
        }
        review = PlanReview.objects.create(
            plan=plan,
            submitted_by=users[Role.SCHOOL_BOARD],
            submitted_at=at(submitted),
            decision=decision.get(status, ""),
            decided_by=users[Role.EXPERT_GROUP] if status in decision else None,
            decided_at=at(decided) if status in decision else None,
        )
        events.append((submitted, EventKind.PLAN_SUBMITTED, users[Role.SCHOOL_BOARD], "Versie 1"))
        if status == SubmissionStatus.RETURNED:
            GoalComment.objects.create(
                review=review,
                goal=plan.goals.get(theme=AnalysisTopic.LANGUAGE),
                text="Maak de streefwaarde per leerjaar concreet en noem de toets waarmee u meet.",
            )
            events.append((decided, EventKind.PLAN_RETURNED, users[Role.EXPERT_GROUP], ""))
        elif status == SubmissionStatus.APPROVED:
            plan.approved_at = at(decided)
            plan.save(update_fields=["approved_at"])
            trajectory.execution_started_on = decided
            events.append((decided, EventKind.PLAN_APPROVED, users[Role.EXPERT_GROUP], "Versie 1"))
    return events


def create_revision(users: dict[Role, User]) -> ImprovementPlan | None:
    """Halfway through the first year: version 2 of a plan of the board's, with one target lowered (shows the
    comparison and a budget revision in preparation; the audits' demo adjusts another plan after its year-1 audit).
    Written through the services, as a user would; returns the new version (None without such a trajectory)."""
    board_user = users[Role.SCHOOL_BOARD]
    school = School.objects.order_by("brin")[REVISED_SCHOOL]
    trajectory = Trajectory.objects.filter(
        phase=Phase.EXECUTION, school=school, school__board=board_user.school_board
    ).first()
    if trajectory is None:
        return None
    revision = services.plan_new_version(
        user=users[Role.PROGRAMME_STAFF],
        trajectory=trajectory,
        reason="Tussentijdse bijstelling na het tweede kwartaal: de leesdoelen zijn te hoog gesteld; rekenen ligt "
        "op koers.",
    )
    goal = revision.goals.get(theme=AnalysisTopic.LANGUAGE)
    services.goal_save(
        user=board_user,
        plan=revision,
        goal=goal,
        theme=goal.theme,
        findings=goal.findings.all(),
        description=goal.description,
        indicator=goal.indicator,
        unit=goal.unit,
        baseline=goal.baseline,
        target=Decimal("68"),
        direction=goal.direction,
        deadline=goal.deadline,
        owner=goal.owner,
        target_change_reason="De nulmeting bleek lager dan gedacht; 68% is haalbaar binnen het traject.",
    )
    return revision
