"""The school monitor: everything the programme knows of one school on one page (and in the one-school report).

`school_monitor(user, school)` gathers the school's verdict history, its latest trajectory (phase, round, key dates
and timeline), the goals of its plan with their latest reported values against baseline and target, the progress
reports per quarter, the expert visits and agreed actions, the audits, the budget and spending per funder, the
indicators against the plan's starting value and target and the benchmark of the same school year and test, and the
sustaining flags. It reads through each app's selectors and answers in a fixed number of queries, whatever the length
of the school's history.

What the user may follow: `SchoolMonitor.may_open_trajectory` (links to the trajectory, its plan, reports, visits,
audits and budget) and `SchoolMonitor.documents` (the progress reports' documents, empty for a reader who may not
open the trajectory, such as the municipality).

Public: `schools_on_monitor`, `may_open_monitor`, `school_monitor`, `SchoolMonitor` and its row types.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from audits.models import Audit, ExpertVisit, StagnationAction
from audits.selectors.audits import audit_state_label, sees_audit_drafts, trajectory_audits
from audits.selectors.visits import visits_of
from finance.models import Budget
from improvement_plans.constants import GOAL_THEMES, Direction, GoalProgressStatus, Phase
from improvement_plans.models import (
    Goal,
    ImprovementPlan,
    ProgrammeRound,
    ProgressReportDocument,
    Trajectory,
    TrajectoryEvent,
)
from improvement_plans.selectors import goal_order
from improvement_plans.selectors.progress import (
    GOAL_STATUS_COLOURS,
    QuarterRow,
    latest_goal_progress,
    quarter_rows,
)
from kwaliteitsaanpak.core.money import ZERO
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.models import InspectionVerdict, School

from .borging import SustainingFlag, SustainingWindow, flags_for_windows, sustaining_trajectories
from .constants import DIRECTIONS, Indicator, Reference, school_year_label
from .models import Benchmark, IndicatorValue
from .scores import is_better
from .selectors import SchoolIndicators, indicators_for_school

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A test's short name in the sentence that says a series stops at a change of test ("from CITO to IEP").
SHORT_TEST_NAMES = {"cito": "CITO"}


def schools_on_monitor(user: Any) -> QuerySet[School]:
    """The schools whose monitor the user may open: every school for the programme's readers (staff, the expert
    group, the municipality); a board's own schools; a director's school; for an education expert the schools of
    the trajectories assigned to them. Others none (a school outside the scope is a 404)."""
    if not user.is_authenticated or not user.has_perm("monitoring.view_school_monitor"):
        return School.objects.none()
    if user.has_perm("monitoring.view_monitor"):
        return School.objects.all()
    if user.school_board_id or user.school_id:
        return School.objects.visible_to(user)
    return School.objects.filter(pk__in=Trajectory.objects.visible_to(user).values("school_id"))


def may_open_monitor(user: Any, school: School) -> bool:
    """Whether the user may open the school's monitor (no query for those who see every school's)."""
    if not user.is_authenticated or not user.has_perm("monitoring.view_school_monitor"):
        return False
    if user.has_perm("monitoring.view_monitor"):
        return True
    if user.school_board_id:
        return school.board_id == user.school_board_id
    if user.school_id:
        return school.pk == user.school_id
    return schools_on_monitor(user).filter(pk=school.pk).exists()


# The rows of the page


@dataclass
class KeyDate:
    label: str
    day: datetime.date | None = None
    year: int | None = None


@dataclass
class GoalRow:
    """A goal of the plan with its latest reported status and value, against its baseline and target."""

    number: int | None
    goal: Goal
    status: str
    value: Decimal | None
    quarter: int | None

    @property
    def baseline(self) -> Decimal:
        return self.goal.baseline

    @property
    def target(self) -> Decimal:
        return self.goal.target

    @property
    def lower_is_better(self) -> bool:
        return self.goal.direction == Direction.LOWER_IS_BETTER

    @property
    def status_label(self) -> str:
        return str(GoalProgressStatus(self.status).label) if self.status else ""

    @property
    def status_colour(self) -> str:
        return GOAL_STATUS_COLOURS.get(self.status, "grey")

    @property
    def reached(self) -> bool | None:
        """Whether the latest value reaches the target, in the goal's direction."""
        if self.value is None:
            return None
        return self.value <= self.target if self.lower_is_better else self.value >= self.target

    @property
    def improved(self) -> bool | None:
        """Whether the latest value is better than the baseline, in the goal's direction."""
        if self.value is None:
            return None
        return self.value < self.baseline if self.lower_is_better else self.value > self.baseline

    @property
    def on_track(self) -> bool | None:
        """On schedule or achieved by its latest report; without a status, whether the value improved."""
        if self.status:
            return self.status in (GoalProgressStatus.ON_SCHEDULE, GoalProgressStatus.ACHIEVED)
        return self.improved


@dataclass
class FunderMoney:
    label: str
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def budgeted(self) -> Decimal:
        return self.planned + self.committed


@dataclass
class BudgetSummary:
    """The budget that counts now (approved, else the one being drawn up) per funder: planned (not yet approved),
    committed (approved) and spent, with the municipality's grant and the experts' costs."""

    budget: Budget | None
    funders: list[FunderMoney]
    granted: Decimal | None = None
    expert_costs: Decimal = ZERO

    @property
    def total(self) -> FunderMoney:
        return FunderMoney(
            _("Total"),
            planned=sum((row.planned for row in self.funders), ZERO),
            committed=sum((row.committed for row in self.funders), ZERO),
            spent=sum((row.spent for row in self.funders), ZERO),
        )


@dataclass
class IndicatorPoint:
    """One school year of a series: the school's value and the benchmarks of the same year and scale."""

    value: IndicatorValue
    benchmark: Benchmark | None  # the round's reference (G4 or national)
    other_benchmark: Benchmark | None
    target: Decimal | None

    @property
    def school_year(self) -> int:
        return self.value.school_year

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.value.school_year)

    @property
    def better_than_benchmark(self) -> bool | None:
        if self.benchmark is None:
            return None
        return is_better(self.value.measure, self.benchmark.measure)

    @property
    def reaches_target(self) -> bool | None:
        if self.target is None:
            return None
        if DIRECTIONS.get(self.value.indicator) == Direction.LOWER_IS_BETTER:
            return self.value.value <= self.target
        return self.value.value >= self.target


@dataclass
class ChartLine:
    points: str  # "x,y x,y" for an SVG polyline
    dots: list[tuple[float, float, str]]  # (x, y, caption)


@dataclass
class Chart:
    """A small line chart of one series on its own scale, drawn on the server (SVG coordinates)."""

    width: int
    height: int
    school: ChartLine
    benchmark: ChartLine | None
    target_y: float | None
    low: Decimal
    high: Decimal
    years: list[tuple[float, str]]

    @property
    def left(self) -> int:
        return MARGIN_LEFT

    @property
    def right(self) -> int:
        return self.width - MARGIN_RIGHT

    @property
    def bottom(self) -> int:
        return self.height - MARGIN_BOTTOM


@dataclass
class IndicatorSeries:
    """An indicator on one scale (the LWOO percentage, or the final test on one test), oldest school year first,
    with the plan's starting value and target where they are on this scale."""

    indicator: str
    final_test: str
    label: str
    points: list[IndicatorPoint]
    baseline: Decimal | None = None
    target: Decimal | None = None
    reference_label: str = ""
    other_reference_label: str = ""

    @property
    def lower_is_better(self) -> bool:
        return DIRECTIONS.get(self.indicator) == Direction.LOWER_IS_BETTER

    @property
    def judged(self) -> bool:
        return DIRECTIONS.get(self.indicator) is not None

    @property
    def is_percentage(self) -> bool:
        return self.indicator == Indicator.LWOO

    @property
    def slug(self) -> str:
        return f"{self.indicator}-{self.final_test}".rstrip("-")

    @property
    def chart(self) -> Chart | None:
        return _chart(self) if len(self.points) > 1 else None


@dataclass
class TestChange:
    """Where a school's final-test series stops: the test changed and the scales are not comparable."""

    previous: str
    new: str
    school_year: int

    @property
    def text(self) -> str:
        return _("Test changed from %(previous)s to %(new)s in %(year)s: no line across both scales") % {
            "previous": self.previous,
            "new": self.new,
            "year": school_year_label(self.school_year),
        }


@dataclass
class ReportRow:
    """A quarter of execution with its report's documents (only for a reader who may open the trajectory)."""

    quarter: QuarterRow
    documents: list[ProgressReportDocument] = field(default_factory=list)


@dataclass
class AuditRow:
    audit: Audit
    state: StrOrPromise
    readable: bool


@dataclass
class SchoolMonitor:
    school: School
    verdicts: list[InspectionVerdict]
    trajectory: Trajectory | None
    programme_round: ProgrammeRound | None
    trajectories: list[Trajectory] = field(default_factory=list)
    key_dates: list[KeyDate] = field(default_factory=list)
    timeline: list[TrajectoryEvent] = field(default_factory=list)
    plan: ImprovementPlan | None = None
    goals: list[GoalRow] = field(default_factory=list)
    progress_reports: list[QuarterRow] = field(default_factory=list)
    visits: list[ExpertVisit] = field(default_factory=list)
    actions: list[StagnationAction] = field(default_factory=list)
    audits: list[AuditRow] = field(default_factory=list)
    budget: BudgetSummary | None = None
    indicators: list[IndicatorSeries] = field(default_factory=list)
    test_changes: list[TestChange] = field(default_factory=list)
    sustaining: SustainingWindow | None = None
    flags: list[SustainingFlag] = field(default_factory=list)
    may_open_trajectory: bool = False
    documents: dict[int, list[ProgressReportDocument]] = field(default_factory=dict)

    @property
    def current_verdict(self) -> InspectionVerdict | None:
        return self.verdicts[0] if self.verdicts else None

    @property
    def report_rows(self) -> list[ReportRow]:
        return [
            ReportRow(row, self.documents.get(row.report.pk, []) if row.report else [])
            for row in self.progress_reports
        ]

    @property
    def open_actions(self) -> list[StagnationAction]:
        return [action for action in self.actions if action.is_open]

    @property
    def in_follow_up(self) -> bool:
        return self.sustaining is not None and self.sustaining.is_current()


def school_monitor(user: Any, school: School) -> SchoolMonitor:
    """Everything the monitor shows of `school` to `user` (who may open its monitor: see `schools_on_monitor`).

    A fixed number of queries, whatever the number of verdicts, reports, visits, audits or indicator values."""
    verdicts = list(school.inspection_verdicts.order_by("-date", "-id"))
    trajectories = list(
        Trajectory.objects.filter(school=school)
        .select_related("programme_round")
        .order_by("-registered_on", "-id")
    )
    indicators = indicators_for_school(school)
    monitor = SchoolMonitor(
        school=school,
        verdicts=verdicts,
        trajectory=trajectories[0] if trajectories else None,
        programme_round=trajectories[0].programme_round if trajectories else None,
        trajectories=trajectories,
    )
    windows = sustaining_trajectories(schools=[school])
    monitor.flags = flags_for_windows(windows, verdicts=verdicts, values=indicators.values)
    trajectory = monitor.trajectory
    if trajectory is None:
        monitor.indicators, monitor.test_changes = _indicator_series(indicators, None, None)
        return monitor
    monitor.sustaining = next((window for window in windows if window.trajectory.pk == trajectory.pk), None)
    monitor.may_open_trajectory = Trajectory.objects.visible_to(user).filter(pk=trajectory.pk).exists()
    monitor.key_dates = _key_dates(trajectory, monitor.sustaining)
    monitor.timeline = list(
        TrajectoryEvent.objects.filter(trajectory=trajectory)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    plans = list(trajectory.plans.order_by("-number"))
    monitor.plan = next((plan for plan in plans if plan.status == SubmissionStatus.APPROVED), None) or (
        plans[0] if plans else None
    )
    if monitor.plan is not None:
        monitor.plan.trajectory = trajectory  # its target year reads the round
        monitor.goals = _goal_rows(trajectory, monitor.plan)
    monitor.progress_reports = quarter_rows(trajectory)
    if trajectory.phase != Phase.EXECUTION:
        # After execution a quarter without a report will never get one: only the reports that exist.
        monitor.progress_reports = [row for row in monitor.progress_reports if row.report is not None]
    if monitor.may_open_trajectory and monitor.progress_reports:
        monitor.documents = _documents(trajectory)
    monitor.visits = list(visits_of(trajectory))
    monitor.actions = sorted(
        (action for visit in monitor.visits for action in visit.actions.all()),
        key=lambda action: (not action.is_open, action.due_on, action.pk),
    )
    sees_drafts = monitor.may_open_trajectory and sees_audit_drafts(user, trajectory)
    monitor.audits = [
        AuditRow(
            audit,
            audit_state_label(audit),
            monitor.may_open_trajectory and (audit.is_approved or audit.is_superseded or sees_drafts),
        )
        for audit in trajectory_audits(trajectory)
    ]
    monitor.budget = _budget(trajectory)
    monitor.indicators, monitor.test_changes = _indicator_series(
        indicators, monitor.plan, monitor.programme_round
    )
    return monitor


def _key_dates(trajectory: Trajectory, sustaining: SustainingWindow | None) -> list[KeyDate]:
    programme_round = trajectory.programme_round
    dates = [
        KeyDate(_("Registered"), trajectory.registered_on),
        KeyDate(_("Intake"), trajectory.intake_date),
        KeyDate(_("Execution started"), trajectory.execution_started_on),
        KeyDate(_("Execution ends (planned)"), trajectory.execution_ends_on),
    ]
    if sustaining is not None:
        dates.append(KeyDate(_("Sustaining since"), sustaining.started_on))
    if trajectory.ended_on:
        dates.append(KeyDate(_("Ended"), trajectory.ended_on))
    dates += [
        KeyDate(_("No longer (very) weak in"), year=programme_round.target_year),
        KeyDate(_("Argued exceptions until"), year=programme_round.exception_year),
        KeyDate(_("Followed on the monitor until"), year=programme_round.follow_up_until_year),
    ]
    return [row for row in dates if row.day is not None or row.year is not None]


def _goal_rows(trajectory: Trajectory, plan: ImprovementPlan) -> list[GoalRow]:
    """The plan's goals in the plan's numbering with their latest reported line (three queries)."""
    goals = list(Goal.objects.filter(plan=plan).order_by(*goal_order()))
    numbered = [goal for goal in goals if goal.theme in GOAL_THEMES]
    numbers = {goal.pk: number for number, goal in enumerate(numbered, start=1)}
    rows = []
    for standing in latest_goal_progress(trajectory, goals):
        line = standing.line
        rows.append(
            GoalRow(
                number=numbers.get(standing.goal.pk),
                goal=standing.goal,
                status=line.status if line else "",
                value=standing.value,
                quarter=line.report.quarter if line else None,
            )
        )
    return rows


def _documents(trajectory: Trajectory) -> dict[int, list[ProgressReportDocument]]:
    """The progress reports' documents by report id (one query)."""
    documents: dict[int, list[ProgressReportDocument]] = defaultdict(list)
    for document in ProgressReportDocument.objects.filter(report__trajectory=trajectory).order_by(
        "uploaded_at", "id"
    ):
        documents[document.report_id].append(document)
    return dict(documents)


def _budget(trajectory: Trajectory) -> BudgetSummary:
    """The budget that counts now with its totals per funder, in one query."""
    budget = (
        Budget.objects.filter(trajectory=trajectory).current().with_totals().select_related("plan").first()
    )
    municipality, board = FunderMoney(_("Municipality")), FunderMoney(_("School board"))
    if budget is None:
        return BudgetSummary(None, [municipality, board])
    key = "committed" if budget.status == SubmissionStatus.APPROVED else "planned"
    setattr(municipality, key, budget.municipality_total)
    setattr(board, key, budget.board_total)
    municipality.spent = budget.spent_municipality
    board.spent = budget.spent_board
    return BudgetSummary(
        budget, [municipality, board], granted=budget.granted, expert_costs=budget.expert_costs
    )


def _test_name(final_test: str) -> str:
    from improvement_plans.constants import FinalTest

    return SHORT_TEST_NAMES.get(final_test) or str(FinalTest(final_test).label)


def _indicator_series(
    indicators: SchoolIndicators, plan: ImprovementPlan | None, programme_round: ProgrammeRound | None
) -> tuple[list[IndicatorSeries], list[TestChange]]:
    """One series per indicator and scale (a final test per test), with the plan's starting value and target on the
    same scale and the benchmarks of the same school year; and where the final test changed."""
    reference = programme_round.reference if programme_round else Reference.G4
    other = Reference.NATIONAL if reference == Reference.G4 else Reference.G4
    by_scale: dict[tuple[str, str], list[IndicatorValue]] = defaultdict(list)
    for value in sorted(indicators.values, key=lambda value: value.school_year):
        by_scale[(value.indicator, value.final_test)].append(value)
    order: dict[str, int] = {Indicator.FINAL_TEST: 0, Indicator.LWOO: 1, Indicator.PUPILS: 2}
    scales = sorted(
        by_scale, key=lambda scale: (order.get(scale[0], 9), by_scale[scale][0].school_year, scale[1])
    )
    series = []
    for indicator, final_test in scales:
        baseline = target = None
        if plan is not None and indicator == Indicator.LWOO:
            baseline, target = plan.lwoo_baseline, plan.lwoo_target
        elif plan is not None and indicator == Indicator.FINAL_TEST and plan.final_test == final_test:
            baseline, target = plan.final_test_baseline, plan.final_test_target
        values = by_scale[(indicator, final_test)]
        series.append(
            IndicatorSeries(
                indicator=indicator,
                final_test=final_test,
                label=values[0].label,
                points=[
                    IndicatorPoint(
                        value=value,
                        benchmark=indicators.benchmark(value, reference),
                        other_benchmark=indicators.benchmark(value, other),
                        target=target,
                    )
                    for value in values
                ],
                baseline=baseline,
                target=target,
                reference_label=str(Reference(reference).label),
                other_reference_label=str(Reference(other).label),
            )
        )
    segments = indicators.final_test_segments
    changes = [
        TestChange(
            previous=_test_name(before[-1].final_test),
            new=_test_name(after[0].final_test),
            school_year=after[0].school_year or 0,
        )
        for before, after in zip(segments, segments[1:], strict=False)
    ]
    return series, changes


# The chart: a line per series on its own scale, the target as a dashed line, the benchmark as a second line.

CHART_WIDTH, CHART_HEIGHT = 320, 160
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 28, 10, 24


def _chart(series: IndicatorSeries) -> Chart:
    values = [point.value.value for point in series.points]
    benchmarks = [point.benchmark.value for point in series.points if point.benchmark]
    extremes = (
        values + benchmarks + [number for number in (series.target, series.baseline) if number is not None]
    )
    low, high = min(extremes), max(extremes)
    if low == high:
        low, high = low - 1, high + 1
    padding = (high - low) / 10
    low, high = low - padding, high + padding
    first, last = series.points[0].school_year, series.points[-1].school_year
    span = max(last - first, 1)
    plot_width = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(year: int) -> float:
        return round(MARGIN_LEFT + plot_width * (year - first) / span, 1)

    def y(number: Decimal) -> float:
        return round(MARGIN_TOP + plot_height * float((high - number) / (high - low)), 1)

    def line(pairs: list[tuple[int, Decimal]]) -> ChartLine:
        dots = [
            (
                x(year),
                y(number),
                f"{school_year_label(year)}: {number_format(number, decimal_pos=1, use_l10n=True)}",
            )
            for year, number in pairs
        ]
        return ChartLine(points=" ".join(f"{dx},{dy}" for dx, dy, _caption in dots), dots=dots)

    benchmark_pairs = [
        (point.school_year, point.benchmark.value) for point in series.points if point.benchmark is not None
    ]
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        school=line([(point.school_year, point.value.value) for point in series.points]),
        benchmark=line(benchmark_pairs) if benchmark_pairs else None,
        target_y=y(series.target) if series.target is not None else None,
        low=low,
        high=high,
        years=[
            (x(point.school_year), f"{point.school_year}–{str(point.school_year + 1)[2:]}")
            for point in series.points
        ],
    )
