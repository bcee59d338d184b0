"""A school with a history for the school monitor's tests: verdicts, a trajectory in execution with reports of
`years` years of execution, visits (one stagnating, with an action), an audit, a budget with spending, and indicator
values with benchmarks (CITO until 2022–2023, IEP since 2023–2024)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from improvement_plans.constants import FinalTest
from improvement_plans.models import ProgressReportDocument
from improvement_plans.services import progress as progress_services
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.constants import Indicator, Reference
from monitoring.models import Benchmark
from schools.constants import Verdict
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    InspectionVerdictFactory,
    RealisationEntryFactory,
    RealisationQuarterFactory,
    UserFactory,
)
from tests.improvement_plans.factories_progress import Executing, executing_trajectory
from tests.kwaliteitsaanpak.factories_execution import (
    AuditFactory,
    ExpertVisitFactory,
    StagnationActionFactory,
)
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory

STARTED_ON = datetime.date(2019, 1, 7)
DOCUMENT_NAME = "trendanalyse-rekenen.pdf"


@dataclass
class History:
    executing: Executing

    @property
    def school(self):
        return self.executing.trajectory.school

    @property
    def trajectory(self):
        return self.executing.trajectory


def school_with_history(*, years: int = 2, board=None, school=None) -> History:
    executing = executing_trajectory(board=board, school=school, started_on=STARTED_ON)
    trajectory, plan = executing.trajectory, executing.plan
    school = trajectory.school
    trajectory.execution_years = years
    trajectory.save()
    plan.final_test, plan.final_test_baseline, plan.final_test_target = (
        FinalTest.IEP,
        Decimal("78"),
        Decimal("81"),
    )
    plan.lwoo_baseline, plan.lwoo_target = Decimal("24"), Decimal("18")
    plan.save()
    InspectionVerdictFactory(school=school, date=datetime.date(2018, 1, 15), verdict=Verdict.VERY_WEAK)
    InspectionVerdictFactory(school=school, date=datetime.date(2020, 6, 1), verdict=Verdict.WEAK)
    # Every quarter of `years` years of execution has its report.
    progress_services.schedule_progress_reports(
        STARTED_ON + datetime.timedelta(days=365 * years - 10), trajectory=trajectory
    )
    first = trajectory.progress_reports.get(quarter=1)
    ProgressReportDocument.objects.create(
        report=first,
        original_filename=DOCUMENT_NAME,
        file="progress-reports/x",
        uploaded_by=executing.board_user,
    )
    for quarter in range(1, 4 * years + 1):
        ExpertVisitFactory(
            trajectory=trajectory,
            quarter=quarter,
            status="afgelegd",
            planned_on=STARTED_ON + datetime.timedelta(days=91 * quarter - 30),
            visited_on=STARTED_ON + datetime.timedelta(days=91 * quarter - 30),
            expert=executing.expert,
        )
        StagnationActionFactory(
            trajectory=trajectory,
            visit=trajectory.expert_visits.get(quarter=quarter),
            due_on=STARTED_ON + datetime.timedelta(days=91 * quarter),
            created_by=executing.expert,
        )
    for year in range(1, years + 1):
        AuditFactory(
            trajectory=trajectory,
            kind=f"jaar_{year}",
            planned_on=STARTED_ON + datetime.timedelta(days=365 * year + 20),
        )
    budget = BudgetFactory(plan=plan, approved=True)
    measure = plan.goals.order_by("order").first().measures.first()
    for year in range(years):
        line = BudgetLineFactory(budget=budget, measure=measure, school_year=2018 + year)
        RealisationEntryFactory(
            line=line, realisation=RealisationQuarterFactory(trajectory=trajectory, year=2019 + year)
        )
    for school_year, value in ((2020, "532.0"), (2021, "534.5"), (2022, "531.0")):
        IndicatorValueFactory(school=school, school_year=school_year, value=Decimal(value))
    for school_year, value in ((2023, "79.0"), (2024, "80.5")):
        IndicatorValueFactory(
            school=school, school_year=school_year, final_test=FinalTest.IEP, value=Decimal(value)
        )
    for school_year, value in ((2022, "22.0"), (2023, "20.0"), (2024, "21.5")):
        IndicatorValueFactory(
            school=school,
            school_year=school_year,
            indicator=Indicator.LWOO,
            final_test="",
            value=Decimal(value),
        )
    for school_year, final_test, reference, value in (
        (2024, FinalTest.IEP, Reference.G4, "80.1"),
        (2023, FinalTest.IEP, Reference.G4, "79.9"),
        (2024, "", Reference.G4, "19.0"),
        (2024, "", Reference.NATIONAL, "14.0"),
    ):
        indicator = Indicator.FINAL_TEST if final_test else Indicator.LWOO
        known = Benchmark.objects.filter(
            school_year=school_year, indicator=indicator, final_test=final_test, reference=reference
        )
        if not known.exists():  # the averages are the same for every school
            BenchmarkFactory(
                school_year=school_year,
                indicator=indicator,
                final_test=final_test,
                reference=reference,
                value=Decimal(value),
            )
    return History(executing)


def municipality_reader():
    return UserFactory(role=Role.MUNICIPALITY)
