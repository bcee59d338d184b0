"""Demo data of the budgets (`make run`): each trajectory's first budget in step with its plan, and for the running
trajectories the grant decision, the spending per quarter and the experts' hours; then the revision of a budget of
the board's, in step with its plan's version 2.

Everything here is invented. `monitoring.demo.seed_demo` calls `create_budgets` with the trajectories that
`improvement_plans.demo.create_trajectories` made, and `create_budget_revision` with the plan version that
`improvement_plans.demo.create_revision` started.
"""

import datetime
from collections import Counter
from decimal import Decimal

from finance import services
from finance.constants import BudgetEventKind, CostCategory, Quarter, quarters_between, school_year_of
from finance.models import (
    Budget,
    BudgetLine,
    BudgetReview,
    ExpertCost,
    GrantDecision,
    RealisationEntry,
    RealisationQuarter,
)
from improvement_plans.constants import MeasureKind, Phase
from improvement_plans.demo import Event, add_events, at, plan_dates
from improvement_plans.models import ImprovementPlan, Measure, Trajectory
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.money import format_money, to_cents
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus

# Budgets: the lines of a measure of improvement_plans.demo.DEMO_GOALS, per school year of the measure (0: the year
# it starts, 1: the next), with the municipality's percentage. The totals per measure match the plan's estimated
# costs.
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
    SubmissionStatus.DRAFT: SubmissionStatus.DRAFT,
    SubmissionStatus.SUBMITTED: SubmissionStatus.SUBMITTED,
    SubmissionStatus.RETURNED: SubmissionStatus.RETURNED,
    SubmissionStatus.APPROVED: SubmissionStatus.SUBMITTED,
}
# Quarters of spending recorded: a sustaining (historical) trajectory recorded seven; one in execution every quarter
# of its budget that has ended.
SUSTAINING_SPENDING_QUARTERS = 7
RECORDED_AFTER = datetime.timedelta(days=20)  # a quarter's spending is recorded three weeks after it ends
# The board's executing school (index 0) spent 12% more on its reading specialist than budgeted in the first school
# year with spending recorded (one line overspent).
OVERSPENT = (0, MeasureKind.EXTRA_STAFF)
OVERSPENT_BY = Decimal("1.12")
EXPERT_RATES = {Role.EDUCATION_EXPERT: Decimal("95.00"), Role.FINANCIAL_EXPERT: Decimal("110.00")}


def create_budgets(
    trajectories: list[tuple[int, Trajectory]], users: dict[Role, User], today: datetime.date
) -> None:
    """The first budget of every trajectory with a plan, given with the index of its school; its events go on the
    trajectory's timeline. Spending is recorded for quarters that ended before `today`."""
    for index, trajectory in trajectories:
        if trajectory.phase in (Phase.PLAN, Phase.EXECUTION, Phase.SUSTAINING):
            add_events(trajectory, _create_budget(trajectory, index, users, today))


def _budget_lines(budget: Budget, measures, index: int, complete: bool) -> list[BudgetLine]:
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


def _create_budget(
    trajectory: Trajectory, index: int, users: dict[Role, User], today: datetime.date
) -> list[Event]:
    """The budget of the trajectory's first plan version, in step with the plan; for an approved budget also the
    grant decision, the spending per quarter and the experts' hours. Returns the events."""
    plan = trajectory.plans.first()
    if plan is None:
        return []
    if trajectory.phase == Phase.PLAN:
        status = BUDGET_STATUS_BY_PLAN_STATUS[plan.status]
    else:
        status = SubmissionStatus.APPROVED
    finance, expert_group = users[Role.FINANCIAL_EXPERT], users[Role.EXPERT_GROUP]
    start, submitted, decided = plan_dates(trajectory)
    approved = status == SubmissionStatus.APPROVED
    budget = Budget.objects.create(
        trajectory=trajectory,
        plan=plan,
        status=status,
        created_by=finance,
        created_at=at(start + datetime.timedelta(days=5)),
        approved_at=at(decided) if approved else None,
        equalisation_waived_on=decided - datetime.timedelta(days=6) if approved else None,
    )
    measures = Measure.objects.filter(goal__plan=plan).order_by("goal__order", "id")
    lines = BudgetLine.objects.bulk_create(
        _budget_lines(budget, measures, index, complete=status != SubmissionStatus.DRAFT)
    )
    share = sum((line.municipality_amount for line in lines), Decimal(0))
    events: list[Event] = [
        (start + datetime.timedelta(days=5), BudgetEventKind.BUDGET_STARTED, finance, "Versie 1")
    ]
    if status == SubmissionStatus.DRAFT:
        return events
    review = BudgetReview(budget=budget, submitted_by=finance, submitted_at=at(submitted))
    events.append((submitted, BudgetEventKind.BUDGET_SUBMITTED, finance, "Versie 1"))
    if status == SubmissionStatus.RETURNED:
        review.decision, review.decided_by, review.decided_at = (
            ReviewDecision.RETURNED,
            expert_group,
            at(decided),
        )
        review.comments = (
            "Onderbouw de kosten van de leesspecialist met een loonkostenberekening en pas de begroting aan "
            "op de opmerkingen bij het plan."
        )
        events.append((decided, BudgetEventKind.BUDGET_RETURNED, expert_group, review.comments))
    elif status == SubmissionStatus.APPROVED:
        review.decision, review.decided_by, review.decided_at = (
            ReviewDecision.APPROVED,
            expert_group,
            at(decided),
        )
        events.append(
            (
                decided,
                BudgetEventKind.BUDGET_APPROVED,
                expert_group,
                f"Versie 1: {format_money(share)} toegezegd",
            )
        )
        events += _create_grant_and_spending(trajectory, budget, lines, share, index, decided, users, today)
    review.save()
    return events


def _create_grant_and_spending(
    trajectory: Trajectory,
    budget: Budget,
    lines: list[BudgetLine],
    share: Decimal,
    index: int,
    decided: datetime.date,
    users: dict[Role, User],
    today: datetime.date,
) -> list[Event]:
    """The grant decision on an approved budget, what was spent per quarter and the experts' hours."""
    staff, finance = users[Role.PROGRAMME_STAFF], users[Role.FINANCIAL_EXPERT]
    granted_on = decided + datetime.timedelta(days=21)
    grant = GrantDecision.objects.create(
        budget=budget,
        date=granted_on,
        reference=f"DMO/{granted_on.year}/{4100 + index}",
        amount=share,
        recorded_by=staff,
        recorded_at=at(granted_on),
    )
    events: list[Event] = [
        (granted_on, BudgetEventKind.GRANT_DECISION, staff, f"{grant.reference}: {format_money(share)}")
    ]
    quarters = _spending_quarters(trajectory, lines, today)
    board_user = users[Role.SCHOOL_BOARD]
    recorder = board_user if trajectory.school.board_id == board_user.school_board_id else finance
    records = RealisationQuarter.objects.bulk_create(
        RealisationQuarter(
            trajectory=trajectory,
            year=quarter.year,
            quarter=quarter.number,
            recorded_by=recorder,
            recorded_at=at(quarter.last_day + RECORDED_AFTER),
            note="Facturen en loonstroken bijgevoegd in de administratie van het bestuur.",
        )
        for quarter in quarters
    )
    entries = []
    per_year = Counter(school_year_of(quarter.last_day) for quarter in quarters)
    for number, (quarter, record) in enumerate(zip(quarters, records, strict=True)):
        for position, line in enumerate(lines):
            if school_year_of(quarter.last_day) != line.school_year:
                continue
            if (index, line.measure.kind) == OVERSPENT and line.school_year == min(per_year):
                factor = (
                    OVERSPENT_BY * 4 / per_year[line.school_year]
                )  # over budget with the quarters recorded
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
                quarter.last_day + RECORDED_AFTER,
                BudgetEventKind.REALISATION,
                recorder,
                f"{quarter.label.capitalize()}: {format_money(spent)} besteed",
            )
        )
    experts = [(users[Role.FINANCIAL_EXPERT], 6, Role.FINANCIAL_EXPERT)]
    if users[Role.EDUCATION_EXPERT] in trajectory.education_experts.all():
        experts.append((users[Role.EDUCATION_EXPERT], 14, Role.EDUCATION_EXPERT))
    # The experts' hours of every quarter since the intake, up to the last one with spending (or that ended).
    last_hours = quarters[-1] if quarters else _previous(Quarter.of(today))
    ExpertCost.objects.bulk_create(
        ExpertCost(
            trajectory=trajectory,
            expert=expert,
            year=quarter.year,
            quarter=quarter.number,
            hours=Decimal(hours + (index + number) % 4 * 2),
            hourly_rate=EXPERT_RATES[role],
            recorded_by=staff,
            recorded_at=at(quarter.last_day + datetime.timedelta(days=15)),
        )
        for number, quarter in enumerate(quarters_between(Quarter.of(trajectory.intake_date), last_hours))
        for expert, hours, role in experts
    )
    return events


def _spending_quarters(
    trajectory: Trajectory, lines: list[BudgetLine], today: datetime.date
) -> list[Quarter]:
    """The quarters whose spending the demo records: from the one the first measure starts in, each that ended
    before `today` and falls in a school year of the budget; seven for a sustaining trajectory."""
    school_years = {line.school_year for line in lines}
    quarter = Quarter.of(min(line.measure.starts_on for line in lines))
    quarters: list[Quarter] = []
    while quarter.last_day + RECORDED_AFTER <= today and school_year_of(quarter.last_day) in school_years:
        if trajectory.phase == Phase.SUSTAINING and len(quarters) == SUSTAINING_SPENDING_QUARTERS:
            break
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def _previous(quarter: Quarter) -> Quarter:
    return Quarter(quarter.year - 1, 4) if quarter.number == 1 else Quarter(quarter.year, quarter.number - 1)


def create_budget_revision(revision: ImprovementPlan, users: dict[Role, User]) -> None:
    """The budget of plan version 2, in draft: its lines copied from version 1, the reading specialist's second
    year cut down. Version 1 stays approved (and its money committed) until the expert group approves this one.
    Written through the services, as a user would."""
    finance = users[Role.FINANCIAL_EXPERT]
    budget = services.budget_create(
        user=finance,
        plan=revision,
        reason="Tussentijdse bijstelling: de leesspecialist werkt in het tweede schooljaar anderhalve dag per "
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
