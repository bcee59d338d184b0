"""A small programme round for the tests of the PDF monitoring reports: schools with trajectories in one round, one of
them in execution with results, and the people who read the monitor."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from improvement_plans.constants import FinalTest, Phase, TrajectoryReason
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.constants import Indicator, Reference
from monitoring.dashboard import DashboardFilters
from schools.constants import Stadsdeel, Verdict
from tests.factories import (
    InspectionVerdictFactory,
    ProgrammeRoundFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.kwaliteitsaanpak.factories_execution import executing_trajectory
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory


@dataclass
class ReportWorld:
    programme_round: object
    board: object
    schools: list = field(default_factory=list)
    municipality: object = None
    staff: object = None

    @property
    def filters(self) -> DashboardFilters:
        return DashboardFilters(programme_round=self.programme_round)


def report_world(*, schools: int = 3) -> ReportWorld:
    """Round "Ronde 2026" (target 2027) whose reference list holds every school of the world; the first school, De
    Vuurtoren in Noord, is in execution with an IEP result of 78,4 against a G4 average of 79,1 and is still weak;
    the others are in the analysis phase and very weak."""
    programme_round = ProgrammeRoundFactory(
        name="Ronde 2026",
        reference_date=datetime.date(2026, 1, 31),
        target_year=2027,
        exception_year=2028,
        reference=Reference.G4,
    )
    board = SchoolBoardFactory(name="Stichting Noorderlicht")
    world = ReportWorld(programme_round, board)
    first = executing_trajectory(
        started_on=datetime.date(2026, 3, 2),
        name="Basisschool De Vuurtoren",
        brin="99VT",
        board=board,
        stadsdeel=Stadsdeel.NOORD,
    ).trajectory
    first.programme_round = programme_round
    first.save()
    world.schools.append(first.school)
    InspectionVerdictFactory(school=first.school, verdict=Verdict.WEAK, date=datetime.date(2026, 1, 10))
    IndicatorValueFactory(
        school=first.school, school_year=2025, final_test=FinalTest.IEP, value=Decimal("78.4")
    )
    IndicatorValueFactory(
        school=first.school, school_year=2025, indicator=Indicator.LWOO, final_test="", value=Decimal("21.5")
    )
    BenchmarkFactory(
        school_year=2025, final_test=FinalTest.IEP, reference=Reference.G4, value=Decimal("79.1")
    )
    for number in range(1, schools):
        school = SchoolFactory(name=f"Basisschool De Klimop {number}", board=board, stadsdeel=Stadsdeel.WEST)
        TrajectoryFactory(
            school=school,
            programme_round=programme_round,
            phase=Phase.ANALYSIS,
            reason=TrajectoryReason.REFERENCE_LIST,
            registered_on=datetime.date(2026, 2, 1),
        )
        InspectionVerdictFactory(school=school, verdict=Verdict.VERY_WEAK, date=datetime.date(2025, 11, 3))
        world.schools.append(school)
    programme_round.reference_schools.add(*world.schools)
    world.municipality = UserFactory(
        role=Role.MUNICIPALITY, email="gemeente@example.nl", first_name="Gert", last_name="Gemeente"
    )
    world.staff = UserFactory(
        role=Role.PROGRAMME_STAFF, email="dmo@example.nl", first_name="Petra", last_name="de Vries"
    )
    return world
