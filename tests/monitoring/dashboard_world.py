"""A programme round with known figures for the dashboard's tests: every count below is stated where it is made."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from audits.constants import VisitStatus
from improvement_plans.constants import FinalTest, GoalProgressStatus, Phase, TargetDate, TrajectoryReason
from improvement_plans.models import GoalProgress, ProgrammeRound, Trajectory, first_round
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from monitoring.constants import Indicator, Reference
from schools.constants import Stadsdeel, Verdict
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    GoalFactory,
    InspectionVerdictFactory,
    ProgrammeRoundFactory,
    RealisationEntryFactory,
    SchoolBoardFactory,
    SchoolFactory,
)
from tests.kwaliteitsaanpak.factories_execution import (
    AuditFactory,
    ExpertVisitFactory,
    ProgressReportFactory,
    StagnationActionFactory,
    executing_trajectory,
)
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory

DAY = datetime.timedelta(days=1)


@dataclass
class World:
    programme_round: ProgrammeRound
    board: object
    schools: dict = field(default_factory=dict)
    trajectories: dict = field(default_factory=dict)


def verdict(school, kind: str, date: datetime.date) -> None:
    InspectionVerdictFactory(school=school, verdict=kind, date=date)


def in_round(trajectory: Trajectory, programme_round: ProgrammeRound, **changes) -> Trajectory:
    trajectory.programme_round = programme_round
    for name, value in changes.items():
        setattr(trajectory, name, value)
    trajectory.save()
    return trajectory


def build_world() -> World:
    """Round "Ronde 2026" (target 2027, exceptions 2028, compared with the G4):

    - reference list: "Weak" (weak now), "Very weak" (very weak now), "Recovered" (weak, then sufficient), and
      "Noord" (in Noord, weak now): 4 schools, 3 still (very) weak, 1 of them very weak.
    - trajectories in the round: "Weak" in execution with an approved plan that argues the exception (1 exception);
      "Recovered" in execution; "Very weak" registered (at-risk reason), of another board.
    - a trajectory of the first round (with an exception) that must count nowhere.
    """
    today = timezone.localdate()
    programme_round = ProgrammeRoundFactory(
        name="Ronde 2026",
        reference_date=datetime.date(2026, 1, 31),
        target_year=2027,
        exception_year=2028,
        reference=Reference.G4,
    )
    board = SchoolBoardFactory(name="Stichting Dashboard")
    world = World(programme_round, board)
    start = today - datetime.timedelta(days=400)

    weak = executing_trajectory(started_on=start, name="Weak", board=board, stadsdeel=Stadsdeel.WEST)
    recovered = executing_trajectory(
        started_on=start, name="Recovered", board=board, stadsdeel=Stadsdeel.WEST
    )
    very_weak_school = SchoolFactory(name="Very weak", stadsdeel=Stadsdeel.WEST)
    noord = SchoolFactory(name="Noord", board=board, stadsdeel=Stadsdeel.NOORD)
    world.schools = {
        "weak": weak.school,
        "recovered": recovered.school,
        "very_weak": very_weak_school,
        "noord": noord,
    }
    verdict(weak.school, Verdict.WEAK, datetime.date(2025, 11, 1))
    verdict(very_weak_school, Verdict.VERY_WEAK, datetime.date(2025, 10, 1))
    verdict(recovered.school, Verdict.WEAK, datetime.date(2025, 9, 1))
    verdict(recovered.school, Verdict.SUFFICIENT, datetime.date(2026, 6, 1))
    verdict(noord, Verdict.WEAK, datetime.date(2025, 12, 1))
    programme_round.reference_schools.set([weak.school, recovered.school, very_weak_school, noord])

    weak.plan.target_date = TargetDate.EXCEPTION
    weak.plan.target_justification = "De school is zeer zwak geweest en heeft meer tijd nodig."
    weak.plan.final_test = FinalTest.IEP
    weak.plan.final_test_target = Decimal("82.0")
    weak.plan.lwoo_target = Decimal("16.0")
    weak.plan.save()
    in_round(weak.trajectory, programme_round)
    in_round(recovered.trajectory, programme_round)
    registered = in_round(
        Trajectory.objects.create(
            school=very_weak_school,
            reason=TrajectoryReason.AT_RISK,
            phase=Phase.REGISTERED,
            registered_on=today - 10 * DAY,
        ),
        programme_round,
    )
    world.trajectories = {"weak": weak, "recovered": recovered, "registered": registered}

    # A trajectory of the first round, with an argued exception: it counts in none of the figures above.
    elsewhere = executing_trajectory(
        started_on=start, name="Elsewhere", board=board, stadsdeel=Stadsdeel.WEST
    )
    elsewhere.plan.target_date = TargetDate.EXCEPTION
    elsewhere.plan.target_justification = "Meer tijd nodig."
    elsewhere.plan.save()
    in_round(elsewhere.trajectory, first_round())
    ProgressReportFactory(trajectory=elsewhere.trajectory, due_on=today - 5 * DAY, quarter=1)
    world.trajectories["elsewhere"] = elsewhere

    # Overdue: "Weak" has two progress reports past their date (a draft and a returned one) and a visit past its
    # date; "Recovered" an audit past its date and an action past its date. A submitted report past its date and a
    # visit planned ahead are not overdue.
    ProgressReportFactory(trajectory=weak.trajectory, due_on=today - 20 * DAY, quarter=2)
    ProgressReportFactory(
        trajectory=weak.trajectory, due_on=today - 5 * DAY, quarter=3, status=SubmissionStatus.RETURNED
    )
    ExpertVisitFactory(trajectory=weak.trajectory, quarter=4, planned_on=today - 3 * DAY)
    ExpertVisitFactory(trajectory=weak.trajectory, quarter=5, planned_on=today + 30 * DAY)
    AuditFactory(trajectory=recovered.trajectory, planned_on=today - 2 * DAY)
    StagnationActionFactory(trajectory=recovered.trajectory, due_on=today - 1 * DAY)

    # Behind: "Weak"'s latest submitted report (quarter 1 is older, assessed, and had the goal at risk) has its goal
    # behind schedule. "Recovered"'s latest recorded visit (quarter 2, the action's) found stagnation.
    goal = weak.plan.goals.get()
    second_goal = GoalFactory(plan=weak.plan, order=2)
    old = ProgressReportFactory(
        trajectory=weak.trajectory, due_on=today - 200 * DAY, quarter=1, status=SubmissionStatus.APPROVED
    )
    GoalProgress.objects.create(report=old, goal=goal, status=GoalProgressStatus.AT_RISK)
    latest = ProgressReportFactory(
        trajectory=weak.trajectory, due_on=today - 100 * DAY, quarter=6, status=SubmissionStatus.SUBMITTED
    )
    GoalProgress.objects.create(report=latest, goal=goal, status=GoalProgressStatus.BEHIND)
    GoalProgress.objects.create(report=latest, goal=second_goal, status=GoalProgressStatus.ON_SCHEDULE)
    ExpertVisitFactory(
        trajectory=weak.trajectory,
        quarter=1,
        status=VisitStatus.DONE,
        planned_on=today - 300 * DAY,
        visited_on=today - 300 * DAY,
        stagnating=True,
    )
    ExpertVisitFactory(
        trajectory=weak.trajectory,
        quarter=2,
        status=VisitStatus.DONE,
        planned_on=today - 200 * DAY,
        visited_on=today - 200 * DAY,
        stagnating=False,
    )

    # Results: "Weak" did the IEP (its plan's test) and an earlier CITO; averages of other years, tests and
    # references must not be used.
    school = weak.school
    IndicatorValueFactory(school=school, school_year=2022, final_test=FinalTest.CITO, value=Decimal("530.0"))
    IndicatorValueFactory(school=school, school_year=2023, final_test=FinalTest.IEP, value=Decimal("77.0"))
    IndicatorValueFactory(school=school, school_year=2024, final_test=FinalTest.IEP, value=Decimal("80.0"))
    IndicatorValueFactory(
        school=school, school_year=2023, indicator=Indicator.LWOO, final_test="", value=Decimal("22.0")
    )
    IndicatorValueFactory(
        school=school, school_year=2024, indicator=Indicator.LWOO, final_test="", value=Decimal("20.0")
    )
    BenchmarkFactory(school_year=2024, final_test=FinalTest.IEP, value=Decimal("79.0"))
    BenchmarkFactory(school_year=2023, final_test=FinalTest.IEP, value=Decimal("70.0"))
    BenchmarkFactory(school_year=2024, final_test=FinalTest.ROUTE8, value=Decimal("200.0"))
    BenchmarkFactory(
        school_year=2024, final_test=FinalTest.IEP, reference=Reference.NATIONAL, value=Decimal("81.0")
    )
    BenchmarkFactory(school_year=2024, indicator=Indicator.LWOO, final_test="", value=Decimal("15.0"))

    # Money: "Weak" an approved budget of € 12.500 (€ 10.000 municipality, € 2.500 board) of which € 5.000 is spent
    # (€ 4.000 and € 1.000); "Recovered" a draft budget of € 12.500.
    approved = BudgetFactory(plan=weak.plan, approved=True)
    line = BudgetLineFactory(budget=approved)
    RealisationEntryFactory(line=line)
    BudgetLineFactory(budget=BudgetFactory(plan=recovered.plan))
    return world
