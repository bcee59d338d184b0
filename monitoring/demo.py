"""Fictional demo data for `make run`: schools, boards, verdict histories, trajectories and one user per role.

Everything here is invented. BRIN numbers start with 99, a range DUO does not use, so importing DUO's real
register beside the demo can never attach an invented verdict to a real school. It lives in monitoring, the app
that may use every other app.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from finance.constants import BudgetStatus, CostCategory, Quarter, quarters_between, school_year_of
from finance.models import (
    Budget,
    BudgetLine,
    BudgetReview,
    ExpertCost,
    GrantDecision,
    RealisationEntry,
    RealisationQuarter,
)
from improvement_plans.constants import (
    ANALYSIS_QUESTIONS,
    CORE_THEMES,
    AnalysisStatus,
    AnalysisTopic,
    EventKind,
    FinalTest,
    IntakeOutcome,
    InterviewPartner,
    MeasureKind,
    NoteVisibility,
    ObservationPoint,
    Phase,
    PlanStatus,
    ReviewDecision,
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
from kwaliteitsaanpak.core.money import format_money, to_cents
from schools.constants import ReferenceList, SchoolKind, Stadsdeel, SupervisionArrangement, Verdict
from schools.models import InspectionVerdict, School, SchoolBoard

DEMO_PASSWORD = "kwaliteit-demo"  # noqa: S105 (fictional demo accounts for local use only)

BOARDS = [
    ("Stichting Openbaar Onderwijs Amstelstad", "90001"),
    ("Stichting Katholiek Basisonderwijs Aan het IJ", "90002"),
    ("Vereniging Christelijke Scholen Noorderlicht", "90003"),
    ("Stichting Samen Leren Zuidoost", "90004"),
    ("Stichting Islamitisch Onderwijs De Brug", "90005"),
    ("Stichting Westelijke Tuinsteden Scholen", "90006"),
    ("Stichting Algemeen Bijzonder Onderwijs Oost", "90007"),
    ("Vereniging Montessori en Dalton Amsterdam", "90008"),
]
SCHOOL_NAMES = [
    "De Zonnewijzer",
    "De Regenboog",
    "Het Kompas",
    "De Vuurtoren",
    "De Windroos",
    "Het Palet",
    "De Sterrenkijker",
    "De Notenkraker",
    "Het Klimrek",
    "De Toverfluit",
    "De Boomgaard",
    "Het Ankerpunt",
    "De Waterlelie",
    "De Ontdekking",
    "Het Vlot",
    "De Kraanvogel",
    "De Lindeboom",
    "Het Zeepaardje",
    "De Duizendpoot",
    "De Springplank",
    "Het Veldboeket",
    "De Zeester",
    "De Wilgenhof",
    "Het Schateiland",
    "De Ijsvogel",
    "De Regenwolk",
    "Het Lichtbaken",
    "De Paardenbloem",
    "De Vlieger",
    "Het Mozaïek",
    "De Eikenhof",
    "De Blauwe Reiger",
    "Het Kastanjeplein",
    "De Koppeling",
    "De Meander",
    "Het Spoorboekje",
    "De Bolster",
    "De Sprankel",
    "Het Waterrad",
    "De Vlinderhof",
]
POSTCODES = {
    Stadsdeel.NOORD: "1024",
    Stadsdeel.NIEUW_WEST: "1064",
    Stadsdeel.ZUIDOOST: "1103",
    Stadsdeel.OOST: "1093",
    Stadsdeel.WEST: "1056",
    Stadsdeel.ZUID: "1074",
    Stadsdeel.CENTRUM: "1011",
    Stadsdeel.WEESP: "1382",
}
DEMO_USERS = [
    (Role.PROGRAMME_STAFF, "dmo@kwaliteitsaanpak.example", "Petra", "de Vries", {"is_staff": True}),
    (Role.EDUCATION_EXPERT, "expert@kwaliteitsaanpak.example", "Jan", "Bakker", {}),
    (Role.FINANCIAL_EXPERT, "financieel@kwaliteitsaanpak.example", "Fatima", "El Amrani", {}),
    (Role.EXPERT_GROUP, "expertgroep@kwaliteitsaanpak.example", "Willem", "Jansen", {}),
    (Role.SCHOOL_BOARD, "bestuur@kwaliteitsaanpak.example", "Sanne", "Visser", {}),
    (Role.INSPECTION, "inspectie@kwaliteitsaanpak.example", "Koen", "Smit", {}),
    (Role.MUNICIPALITY, "gemeente@kwaliteitsaanpak.example", "Anouk", "Mulder", {}),
]


@dataclass
class DemoLogin:
    role: str
    email: str
    board: str | None


def _demo_brin(index: int) -> str:
    return f"99{chr(65 + index // 26)}{chr(65 + index % 26)}"


def _create_register(rng: random.Random) -> None:
    boards = [SchoolBoard.objects.create(name=name, number=number) for name, number in BOARDS]
    stadsdelen = list(POSTCODES)
    for index, name in enumerate(SCHOOL_NAMES):
        stadsdeel = stadsdelen[index % len(stadsdelen)] if index % 9 else Stadsdeel.NIEUW_WEST
        school = School.objects.create(
            brin=_demo_brin(index),
            location_code="00",
            name=f"Basisschool {name}" if index % 7 else f"SBO {name}",
            board=boards[index % len(boards)],
            kind=SchoolKind.BO if index % 7 else SchoolKind.SBO,
            denomination=rng.choice(
                ["Openbaar", "Rooms-Katholiek", "Protestants-Christelijk", "Algemeen bijzonder"]
            ),
            street_address=f"{name.split()[-1]}straat {rng.randint(1, 120)}",
            postcode=f"{POSTCODES[stadsdeel]} {chr(65 + index % 20)}{chr(66 + index % 17)}",
            city="Weesp" if stadsdeel == Stadsdeel.WEESP else "Amsterdam",
            stadsdeel=stadsdeel,
            pupil_count=rng.randint(120, 520),
            pupil_count_date=datetime.date(2008, 10, 1),
        )
        _create_history(school, index, rng)


def _create_history(school: School, index: int, rng: random.Random) -> None:
    """Schools 0–30 are on the list of 31 January 2008, 31–32 were added later; 33–39 never were weak."""

    def verdict(date: datetime.date, value: Verdict, **extra) -> None:
        weak = value in (Verdict.WEAK, Verdict.VERY_WEAK)
        InspectionVerdict.objects.create(
            school=school,
            date=date,
            verdict=value,
            supervision_arrangement=SupervisionArrangement.ADJUSTED if weak else SupervisionArrangement.BASIC,
            report_reference=f"DEMO-{school.brin}-{date:%Y%m%d}",
            **extra,
        )

    verdict(datetime.date(2005, 3, 1) + datetime.timedelta(days=index * 9), Verdict.SUFFICIENT)
    if index <= 30:
        weak = Verdict.VERY_WEAK if index % 5 == 0 else Verdict.WEAK
        verdict(
            datetime.date(2007, 5, 1) + datetime.timedelta(days=index * 7),
            weak,
            reference_list=ReferenceList.ORIGINAL,
        )
        if index % 3 == 0:
            verdict(datetime.date(2010, 2, 1) + datetime.timedelta(days=index * 5), Verdict.SUFFICIENT)
    elif index <= 32:
        verdict(
            datetime.date(2008, 4, 15) + datetime.timedelta(days=index),
            Verdict.WEAK,
            reference_list=ReferenceList.ADDITION,
        )


# Trajectories: which schools take part, in which phase, and how far their analysis is.
PHASE_CYCLE = [Phase.EXECUTION, Phase.PLAN, Phase.ANALYSIS, Phase.INTAKE, Phase.SUSTAINING]
ANALYSIS_STATUS_BY_INDEX = {
    2: AnalysisStatus.DRAFT,
    7: AnalysisStatus.SUBMITTED,
    12: AnalysisStatus.RETURNED,
    17: AnalysisStatus.DRAFT,
    22: AnalysisStatus.SUBMITTED,
    27: AnalysisStatus.RETURNED,
    32: AnalysisStatus.DRAFT,
}


def _demo_trajectories() -> list[tuple[int, Phase, str]]:
    """(school index, phase, reason) of every demo trajectory."""
    chosen = [(index, PHASE_CYCLE[index % 5], TrajectoryReason.REFERENCE_LIST) for index in range(30)]
    chosen.append((32, Phase.ANALYSIS, TrajectoryReason.REFERENCE_LIST))
    chosen += [(36, Phase.INTAKE, TrajectoryReason.AT_RISK), (37, Phase.INTAKE, TrajectoryReason.AT_RISK)]
    chosen.append((38, Phase.REGISTERED, TrajectoryReason.VOLUNTARY))
    return chosen


def _at(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10, 0)))


def _create_trajectories(users: dict[Role, User]) -> None:
    staff, expert, finance = (
        users[Role.PROGRAMME_STAFF],
        users[Role.EDUCATION_EXPERT],
        users[Role.FINANCIAL_EXPERT],
    )
    expert_group, board_user = users[Role.EXPERT_GROUP], users[Role.SCHOOL_BOARD]
    schools = list(School.objects.order_by("brin"))
    for index, phase, reason in _demo_trajectories():
        school = schools[index]
        if phase == Phase.REGISTERED:
            registered = timezone.localdate() - datetime.timedelta(days=10)
        elif reason == TrajectoryReason.AT_RISK:
            registered = datetime.date(2009, 9, 1)
        else:
            registered = datetime.date(2008, 6, 2) + datetime.timedelta(days=index * 3)
        trajectory = Trajectory.objects.create(
            school=school, reason=reason, phase=phase, registered_on=registered, registered_by=staff
        )
        events = [(registered, EventKind.REGISTERED, staff, TrajectoryReason(reason).label)]
        if phase != Phase.REGISTERED:
            trajectory.intake_date = registered + datetime.timedelta(days=14)
            trajectory.intake_experts.set([expert])
            events.append((registered + datetime.timedelta(days=2), EventKind.INTAKE_SCHEDULED, staff, ""))
        if phase not in (Phase.REGISTERED, Phase.INTAKE):
            trajectory.intake_outcome = IntakeOutcome.TAKES_PART
            if index % 2 == 0:
                trajectory.education_experts.set([expert])
            trajectory.financial_expert = finance
            events.append((trajectory.intake_date, EventKind.TAKES_PART, staff, ""))
            events.append((trajectory.intake_date, EventKind.EXPERTS_ASSIGNED, staff, str(expert)))
            status = ANALYSIS_STATUS_BY_INDEX.get(index, AnalysisStatus.APPROVED)
            events += _create_analysis(trajectory, status, expert, expert_group, board_user)
            if phase in (Phase.PLAN, Phase.EXECUTION, Phase.SUSTAINING):
                events += _create_plans(trajectory, index, users)
                events += _create_budget(trajectory, index, users)
        trajectory.save()
        TrajectoryEvent.objects.bulk_create(
            TrajectoryEvent(
                trajectory=trajectory, kind=kind, actor=actor, comment=comment, created_at=_at(date)
            )
            for date, kind, actor, comment in events
        )
        if school.board_id == board_user.school_board_id or index % 4 == 0:
            TrajectoryNote.objects.create(
                trajectory=trajectory,
                author=expert,
                text="De lesbezoeken in groep 4 en 6 zijn ingepland; graag de toetsgegevens vooraf toesturen.",
                visibility=NoteVisibility.SHARED,
                created_at=_at(registered + datetime.timedelta(days=20)),
            )
            TrajectoryNote.objects.create(
                trajectory=trajectory,
                author=staff,
                text="Let op: de directeur vertrekt na dit schooljaar. Bespreken in het expertoverleg.",
                visibility=NoteVisibility.INTERNAL,
                created_at=_at(registered + datetime.timedelta(days=21)),
            )


def _create_revision(users: dict[Role, User]) -> None:
    """After an audit: version 2 of the board's executing plan, with one target lowered (shows the comparison)."""
    from improvement_plans import services

    board_user = users[Role.SCHOOL_BOARD]
    trajectory = Trajectory.objects.filter(
        phase=Phase.EXECUTION, school__board=board_user.school_board
    ).first()
    if trajectory is None:
        return
    revision = services.plan_new_version(
        user=users[Role.PROGRAMME_STAFF],
        trajectory=trajectory,
        reason="Audit na het eerste jaar: de leesdoelen zijn te hoog gesteld; rekenen ligt op koers.",
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
    _create_budget_revision(revision, users)


def _create_budget_revision(revision: ImprovementPlan, users: dict[Role, User]) -> None:
    """The budget of plan version 2, in draft: its lines copied from version 1, the reading specialist's second
    year cut down. Version 1 stays approved (and its money committed) until the expert group approves this one."""
    from finance import services

    finance = users[Role.FINANCIAL_EXPERT]
    budget = services.budget_create(
        user=finance,
        plan=revision,
        reason="Audit na het eerste jaar: de leesspecialist werkt in het tweede schooljaar anderhalve dag per "
        "week in plaats van twee, omdat het leesdoel is verlaagd.",
    )
    line = (
        budget.lines.filter(measure__kind=MeasureKind.EXTRA_STAFF)
        .select_related("measure__goal")
        .order_by("-school_year")
        .first()
    )
    amount = to_cents(line.amount * 3 / 4)
    municipality = to_cents(amount * line.municipality_amount / line.amount)
    services.budget_line_save(
        user=finance,
        budget=budget,
        line=line,
        measure=line.measure,
        school_year=line.school_year,
        category=line.category,
        description="Leesspecialist, anderhalve dag per week",
        amount=amount,
        municipality_amount=municipality,
        board_amount=amount - municipality,
    )


# Plans of the trajectories in the plan phase, by school index: how far each is (None: not started yet).
PLAN_STATUS_BY_INDEX = {
    1: PlanStatus.DRAFT,
    6: PlanStatus.SUBMITTED,
    11: PlanStatus.RETURNED,
    16: PlanStatus.DRAFT,
    21: None,
}
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


def _plan_dates(trajectory) -> tuple[datetime.date, datetime.date, datetime.date]:
    """When the first plan version (and its budget) was started, submitted and decided."""
    start = trajectory.intake_date + datetime.timedelta(days=70)
    submitted = start + datetime.timedelta(days=20)
    return start, submitted, submitted + datetime.timedelta(days=14)


def _create_plans(trajectory, index: int, users: dict[Role, User]) -> list[tuple]:
    """The plan versions of a trajectory in the plan phase or later; returns their events."""
    status = (
        PLAN_STATUS_BY_INDEX.get(index, PlanStatus.APPROVED)
        if trajectory.phase == Phase.PLAN
        else PlanStatus.APPROVED
    )
    if status is None:
        return []
    start, submitted, decided = _plan_dates(trajectory)
    plan = ImprovementPlan.objects.create(
        trajectory=trajectory,
        status=status,
        created_by=users[Role.SCHOOL_BOARD],
        final_test=FinalTest.CITO,
        final_test_target=Decimal("532"),
        lwoo_target=Decimal("17.5"),
        created_at=_at(start),
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
    events = []
    if status != PlanStatus.DRAFT:
        decision = {
            PlanStatus.APPROVED: ReviewDecision.APPROVED,
            PlanStatus.RETURNED: ReviewDecision.RETURNED,
        }
        review = PlanReview.objects.create(
            plan=plan,
            submitted_by=users[Role.SCHOOL_BOARD],
            submitted_at=_at(submitted),
            decision=decision.get(status, ""),
            decided_by=users[Role.EXPERT_GROUP] if status in decision else None,
            decided_at=_at(decided) if status in decision else None,
        )
        events.append((submitted, EventKind.PLAN_SUBMITTED, users[Role.SCHOOL_BOARD], "Versie 1"))
        if status == PlanStatus.RETURNED:
            GoalComment.objects.create(
                review=review,
                goal=plan.goals.get(theme=AnalysisTopic.LANGUAGE),
                text="Maak de streefwaarde per leerjaar concreet en noem de toets waarmee u meet.",
            )
            events.append((decided, EventKind.PLAN_RETURNED, users[Role.EXPERT_GROUP], ""))
        elif status == PlanStatus.APPROVED:
            plan.approved_at = _at(decided)
            plan.save(update_fields=["approved_at"])
            trajectory.execution_started_on = decided
            events.append((decided, EventKind.PLAN_APPROVED, users[Role.EXPERT_GROUP], "Versie 1"))
    return events


# Budgets: the lines of a measure of DEMO_GOALS, per school year of the measure (0: the year it starts, 1: the
# next), with the municipality's percentage. The totals per measure match the plan's estimated costs.
DEMO_BUDGET_LINES = {
    MeasureKind.TEACHER_TRAINING: [
        (0, CostCategory.TRAINING, "Scholing directe instructie, vijf teambijeenkomsten", 7200, 75),
        (0, CostCategory.COACHING, "Coaching in de klas in groep 3 tot en met 5", 2800, 80),
        (1, CostCategory.TRAINING, "Vervolgscholing en intervisie", 4500, 70),
    ],
    MeasureKind.NEW_METHOD: [
        (0, CostCategory.MATERIALS, "Leerlingmaterialen en handleidingen van de rekenmethode", 7400, 60),
        (1, CostCategory.TRAINING, "Implementatietraining door de uitgever", 2400, 70),
    ],
    MeasureKind.EXTRA_STAFF: [
        (0, CostCategory.PERSONNEL, "Leesspecialist, twee dagen per week", 18600, 75),
        (1, CostCategory.PERSONNEL, "Leesspecialist, twee dagen per week", 12400, 70),
    ],
    MeasureKind.DIRECTOR_COACHING: [
        (0, CostCategory.COACHING, "Coachingstraject directeur, tien gesprekken", 4950, 80),
        (1, CostCategory.EXTERNAL_EXPERTISE, "Externe audit van de opbrengstgerichte sturing", 3300, 65),
    ],
}
# The budget of a trajectory in the plan phase follows its plan (submitted and decided with it); school 26's plan
# is approved and its budget waits for the expert group.
BUDGET_STATUS_BY_PLAN_STATUS = {
    PlanStatus.DRAFT: BudgetStatus.DRAFT,
    PlanStatus.SUBMITTED: BudgetStatus.SUBMITTED,
    PlanStatus.RETURNED: BudgetStatus.RETURNED,
    PlanStatus.APPROVED: BudgetStatus.SUBMITTED,
}
# Quarters of spending recorded: executing trajectories are in their first year and a half, sustaining ones later.
SPENDING_QUARTERS = {Phase.EXECUTION: 5, Phase.SUSTAINING: 7}
# The board's executing school spent more on its reading specialist than budgeted (one line overspent).
OVERSPENT = (0, MeasureKind.EXTRA_STAFF, 0)
EXPERT_RATES = {Role.EDUCATION_EXPERT: Decimal("95.00"), Role.FINANCIAL_EXPERT: Decimal("110.00")}


def _budget_lines(budget, measures, index: int, complete: bool) -> list[BudgetLine]:
    """The lines of a demo budget, a little larger or smaller per school; a draft has its first year only."""
    scale = Decimal("0.85") + Decimal("0.06") * (index % 6)
    lines = []
    for measure in measures:
        first_year = school_year_of(measure.starts_on)
        for offset, category, description, amount, percentage in DEMO_BUDGET_LINES[measure.kind]:
            if offset and not complete:
                continue
            amount = (Decimal(amount) * scale / 50).quantize(Decimal(1)) * 50
            municipality = to_cents(amount * (percentage + 5 * (index % 3 - 1)) / 100)
            lines.append(
                BudgetLine(
                    budget=budget,
                    measure=measure,
                    school_year=first_year + offset,
                    category=category,
                    description=description,
                    amount=amount,
                    municipality_amount=municipality,
                    board_amount=amount - municipality,
                )
            )
    return lines


def _create_budget(trajectory, index: int, users: dict[Role, User]) -> list[tuple]:
    """The budget of the trajectory's first plan version, in step with the plan; for an approved budget also the
    grant decision, the spending per quarter and the experts' hours. Returns the events."""
    plan = trajectory.plans.first()
    if plan is None:
        return []
    if trajectory.phase == Phase.PLAN:
        status = BUDGET_STATUS_BY_PLAN_STATUS[plan.status]
    else:
        status = BudgetStatus.APPROVED
    finance, expert_group = users[Role.FINANCIAL_EXPERT], users[Role.EXPERT_GROUP]
    start, submitted, decided = _plan_dates(trajectory)
    approved = status == BudgetStatus.APPROVED
    budget = Budget.objects.create(
        trajectory=trajectory,
        plan=plan,
        status=status,
        created_by=finance,
        created_at=_at(start + datetime.timedelta(days=5)),
        approved_at=_at(decided) if approved else None,
        equalisation_waived_on=decided - datetime.timedelta(days=6) if approved else None,
    )
    measures = Measure.objects.filter(goal__plan=plan).order_by("goal__order", "id")
    lines = BudgetLine.objects.bulk_create(
        _budget_lines(budget, measures, index, complete=status != BudgetStatus.DRAFT)
    )
    share = sum((line.municipality_amount for line in lines), Decimal(0))
    events = [(start + datetime.timedelta(days=5), EventKind.BUDGET_STARTED, finance, "Versie 1")]
    if status == BudgetStatus.DRAFT:
        return events
    review = BudgetReview(budget=budget, submitted_by=finance, submitted_at=_at(submitted))
    events.append((submitted, EventKind.BUDGET_SUBMITTED, finance, "Versie 1"))
    if status == BudgetStatus.RETURNED:
        review.decision, review.decided_by, review.decided_at = (
            ReviewDecision.RETURNED,
            expert_group,
            _at(decided),
        )
        review.comments = (
            "Onderbouw de kosten van de leesspecialist met een loonkostenberekening en pas de begroting aan "
            "op de opmerkingen bij het plan."
        )
        events.append((decided, EventKind.BUDGET_RETURNED, expert_group, review.comments))
    elif status == BudgetStatus.APPROVED:
        review.decision, review.decided_by, review.decided_at = (
            ReviewDecision.APPROVED,
            expert_group,
            _at(decided),
        )
        events.append(
            (decided, EventKind.BUDGET_APPROVED, expert_group, f"Versie 1: {format_money(share)} toegezegd")
        )
        events += _create_grant_and_spending(trajectory, budget, lines, share, index, decided, users)
    review.save()
    return events


def _create_grant_and_spending(trajectory, budget, lines, share, index, decided, users) -> list[tuple]:
    """The grant decision on an approved budget, what was spent per quarter and the experts' hours."""
    staff, finance = users[Role.PROGRAMME_STAFF], users[Role.FINANCIAL_EXPERT]
    granted_on = decided + datetime.timedelta(days=21)
    grant = GrantDecision.objects.create(
        budget=budget,
        date=granted_on,
        reference=f"DMO/{granted_on.year}/{4100 + index}",
        amount=share,
        recorded_by=staff,
        recorded_at=_at(granted_on),
    )
    events = [(granted_on, EventKind.GRANT_DECISION, staff, f"{grant.reference}: {format_money(share)}")]
    quarters = [Quarter.of(min(line.measure.starts_on for line in lines))]
    while len(quarters) < SPENDING_QUARTERS[trajectory.phase]:
        quarters.append(quarters[-1].next())
    board_user = users[Role.SCHOOL_BOARD]
    recorder = board_user if trajectory.school.board_id == board_user.school_board_id else finance
    records = RealisationQuarter.objects.bulk_create(
        RealisationQuarter(
            trajectory=trajectory,
            year=quarter.year,
            quarter=quarter.number,
            recorded_by=recorder,
            recorded_at=_at(quarter.last_day + datetime.timedelta(days=20)),
            note="Facturen en loonstroken bijgevoegd in de administratie van het bestuur.",
        )
        for quarter in quarters
    )
    entries = []
    for number, (quarter, record) in enumerate(zip(quarters, records, strict=True)):
        for position, line in enumerate(lines):
            if school_year_of(quarter.last_day) != line.school_year:
                continue
            offset = line.school_year - school_year_of(line.measure.starts_on)
            if (index, line.measure.kind, offset) == OVERSPENT:
                factor = Decimal("1.12")
            else:
                factor = Decimal("0.85") + Decimal("0.05") * ((index * 7 + number * 3 + position) % 5)
            spent = to_cents(line.amount * factor / 4)
            municipality = to_cents(spent * line.municipality_amount / line.amount)
            entries.append(
                RealisationEntry(
                    realisation=record,
                    line=line,
                    lineage=line.lineage,
                    municipality_amount=municipality,
                    board_amount=spent - municipality,
                )
            )
    RealisationEntry.objects.bulk_create(entries)
    for quarter, record in zip(quarters, records, strict=True):
        spent = sum((entry.amount for entry in entries if entry.realisation is record), Decimal(0))
        events.append(
            (
                quarter.last_day + datetime.timedelta(days=20),
                EventKind.REALISATION,
                recorder,
                f"{quarter.label.capitalize()}: {format_money(spent)} besteed",
            )
        )
    experts = [(users[Role.FINANCIAL_EXPERT], 6, Role.FINANCIAL_EXPERT)]
    if index % 2 == 0:  # the trajectories with an education expert assigned (see _create_trajectories)
        experts.append((users[Role.EDUCATION_EXPERT], 14, Role.EDUCATION_EXPERT))
    ExpertCost.objects.bulk_create(
        ExpertCost(
            trajectory=trajectory,
            expert=expert,
            year=quarter.year,
            quarter=quarter.number,
            hours=Decimal(hours + (index + number) % 4 * 2),
            hourly_rate=EXPERT_RATES[role],
            recorded_by=staff,
            recorded_at=_at(quarter.last_day + datetime.timedelta(days=15)),
        )
        for number, quarter in enumerate(quarters_between(Quarter.of(trajectory.intake_date), quarters[-1]))
        for expert, hours, role in experts
    )
    return events


def _create_analysis(trajectory, status, expert, expert_group, board_user) -> list[tuple]:
    """An analysis in the given status, with findings, two class visits and an interview; returns its events."""
    start = trajectory.intake_date + datetime.timedelta(days=7)
    analysis = Analysis.objects.create(
        trajectory=trajectory,
        status=status,
        data_used="Eindtoetsresultaten 2005–2008, het leerlingvolgsysteem en het inspectierapport van 2007.",
        strengths="Betrokken team; goede sfeer in de groepen.",
        weaknesses="Instructie sluit weinig aan bij verschillen tussen leerlingen; zorgstructuur is niet sluitend.",
    )
    complete = status != AnalysisStatus.DRAFT
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
    events = []
    submitted = start + datetime.timedelta(days=21)
    if status in (AnalysisStatus.RETURNED, AnalysisStatus.APPROVED, AnalysisStatus.SUBMITTED):
        decided = submitted + datetime.timedelta(days=10)
        decision = {
            AnalysisStatus.RETURNED: ReviewDecision.RETURNED,
            AnalysisStatus.APPROVED: ReviewDecision.APPROVED,
        }
        AnalysisReview.objects.create(
            analysis=analysis,
            submitted_by=board_user,
            submitted_at=_at(submitted),
            decision=decision.get(status, ""),
            decided_by=expert_group if status in decision else None,
            decided_at=_at(decided) if status in decision else None,
            comments="Onderbouw de bevindingen over rekenen met de toetsgegevens."
            if status == AnalysisStatus.RETURNED
            else "",
        )
        events.append((submitted, EventKind.ANALYSIS_SUBMITTED, board_user, ""))
        if status == AnalysisStatus.RETURNED:
            events.append(
                (decided, EventKind.ANALYSIS_RETURNED, expert_group, "Onderbouw de bevindingen over rekenen.")
            )
        elif status == AnalysisStatus.APPROVED:
            events.append((decided, EventKind.ANALYSIS_APPROVED, expert_group, ""))
    return events


def _ensure_users() -> dict[Role, User]:
    board = SchoolBoard.objects.order_by("number").first()
    users = {}
    for role, email, first_name, last_name, extra in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, first_name=first_name, last_name=last_name, **extra
            )
            user.groups.add(Group.objects.get(name=role))
            if role == Role.SCHOOL_BOARD:
                user.school_board = board
                user.save(update_fields=["school_board"])
        users[role] = user
    return users


@transaction.atomic
def seed_demo(*, seed: int = 2008) -> tuple[bool, list[DemoLogin]]:
    """Fill an empty register with demo data and make sure the demo users exist.

    Returns whether the register was filled (False when it already held schools) and the demo logins.
    """
    filled = not School.objects.exists()
    if filled:
        _create_register(random.Random(seed))
    users = _ensure_users()
    if filled:
        _create_trajectories(users)
        _create_revision(users)
    logins = [
        DemoLogin(
            role=role.label, email=user.email, board=str(user.school_board) if user.school_board else None
        )
        for role, user in users.items()
    ]
    return filled, logins
