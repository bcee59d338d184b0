"""The programme dashboard: the figures of one programme round at a glance, for the commissioners.

Public: `DashboardFilters`, `Dashboard`, `dashboard`, and the row types it returns (`ReferenceList`, `PhaseCount`,
`OverdueCount`, `BehindRow`, `SchoolRow`, `FunderMoney`, `ReferenceSchool`), and `OVERDUE_KINDS`. The dashboard
page, its exports and the programme report (`monitoring.reports`) all read `dashboard(user, filters)`.

Every figure is aggregated in the database or from a handful of narrow queries: `dashboard` runs a fixed number of
queries, whatever the number of schools and trajectories (pinned in tests/monitoring/test_dashboard_queries.py).

Whom it is for: the readers of the monitor (`monitoring.view_monitor`: programme staff, the expert group, the
municipality) see the whole programme, as the commissioners do. The municipality reads no trajectory pages, so the
figures are counted over every trajectory of the round, not over `Trajectory.objects.visible_to(user)`; the links
behind the figures are given only where the user may follow them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Count, F, Max, OuterRef, QuerySet, Subquery
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audits.constants import VisitStatus
from audits.models import Audit, ExpertVisit, StagnationAction
from audits.selectors.audits import overdue_filter as audit_overdue_filter
from finance.selectors import finance_overview
from improvement_plans.constants import FinalTest, GoalProgressStatus, Phase, TargetDate, TrajectoryReason
from improvement_plans.models import GoalProgress, ImprovementPlan, ProgrammeRound, ProgressReport, Trajectory
from kwaliteitsaanpak.core.money import ZERO
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.constants import WEAK_VERDICTS, Stadsdeel, Verdict
from schools.models import InspectionVerdict, School, SchoolBoard

from .borging import sustaining_flags
from .constants import Indicator, school_year_label
from .models import Benchmark, IndicatorValue

VIEW_MONITOR = "monitoring.view_monitor"
VIEW_TRAJECTORY = "improvement_plans.view_trajectory"
VIEW_SCHOOL_MONITOR = "monitoring.view_school_monitor"

# The query parameters of the dashboard (and of a report's stored filters).
ROUND_PARAM, STADSDEEL_PARAM, BOARD_PARAM, REASON_PARAM = "ronde", "stadsdeel", "board", "reason"
# The school table's own parameters: only the schools with something of this kind overdue, in this phase, or with
# an argued exception (the figures that have no list of their own elsewhere link to the table narrowed so).
LATE_PARAM, PHASE_PARAM, EXCEPTION_PARAM = "te_laat", "fase", "uitzondering"

# What can be overdue, in the order the dashboard shows it: (key, label).
PROGRESS_REPORTS, VISITS, AUDITS, ACTIONS = "voortgang", "bezoeken", "audits", "acties"
OVERDUE_KINDS: list[tuple[str, Any]] = [
    (PROGRESS_REPORTS, gettext_lazy("Progress reports")),
    (VISITS, gettext_lazy("Expert visits")),
    (AUDITS, gettext_lazy("Audits")),
    (ACTIONS, gettext_lazy("Agreed actions")),
]
# A goal is behind in a progress report when its status is one of these.
BEHIND_STATUSES = (GoalProgressStatus.BEHIND, GoalProgressStatus.AT_RISK)
# Progress reports that count: with the expert or assessed (a draft says nothing yet).
COUNTED_REPORT_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


def page_url(
    name: str, query: dict[str, Any] | None = None, *, args: list | None = None, anchor: str = ""
) -> str:
    url = reverse(name, args=args)
    query = {key: value for key, value in (query or {}).items() if value not in ("", None)}
    if query:
        url = f"{url}?{urlencode(query)}"
    return f"{url}#{anchor}" if anchor else url


def dashboard_url(query: dict[str, Any] | None = None, anchor: str = "") -> str:
    """The dashboard's address with `query` (the filters' `as_query()`, and the school table's parameters)."""
    return page_url("monitoring:dashboard", query, anchor=anchor)


# Filters


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard shows: one programme round (by default the current one), optionally narrowed to a
    stadsdeel, a school board and a reason for taking part."""

    programme_round: ProgrammeRound | None
    stadsdeel: str = ""
    board: SchoolBoard | None = None
    reason: str = ""

    @classmethod
    def from_query(cls, query: QueryDict | dict, user) -> DashboardFilters:
        """The filters of a request's query (or a report's stored filters); an invalid value falls back to its
        default (the current round, no narrowing), so an old link never breaks the page."""
        programme_round = None
        round_id = _as_int(query.get(ROUND_PARAM))
        if round_id is not None:
            programme_round = ProgrammeRound.objects.filter(pk=round_id).first()
        if programme_round is None:
            programme_round = ProgrammeRound.objects.current()
        stadsdeel = query.get(STADSDEEL_PARAM) or ""
        reason = query.get(REASON_PARAM) or ""
        board = None
        board_id = _as_int(query.get(BOARD_PARAM))
        if board_id is not None:
            board = SchoolBoard.objects.visible_to(user).filter(pk=board_id).first()
        return cls(
            programme_round=programme_round,
            stadsdeel=stadsdeel if stadsdeel in Stadsdeel.values else "",
            board=board,
            reason=reason if reason in TrajectoryReason.values else "",
        )

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters (only those set), for links and a report's stored filters."""
        query = {
            ROUND_PARAM: str(self.programme_round.pk) if self.programme_round else "",
            STADSDEEL_PARAM: self.stadsdeel,
            BOARD_PARAM: str(self.board.pk) if self.board else "",
            REASON_PARAM: self.reason,
        }
        return {key: value for key, value in query.items() if value}

    def describe(self) -> list[str]:
        """The filters in words, for a heading or a report's cover: ["Ronde: …", "Stadsdeel: Noord"]."""
        parts = []
        if self.programme_round:
            parts.append(_("Round: %(name)s") % {"name": self.programme_round.name})
        if self.stadsdeel:
            parts.append(_("Stadsdeel: %(name)s") % {"name": Stadsdeel(self.stadsdeel).label})
        if self.board:
            parts.append(_("School board: %(name)s") % {"name": self.board.name})
        if self.reason:
            parts.append(_("Reason: %(reason)s") % {"reason": TrajectoryReason(self.reason).label})
        return parts

    @property
    def is_narrowed(self) -> bool:
        """Whether a stadsdeel, a board or a reason narrows the round."""
        return bool(self.stadsdeel or self.board or self.reason)

    def trajectories(self) -> QuerySet[Trajectory]:
        """The trajectories of the round within the filters."""
        trajectories = Trajectory.objects.filter(programme_round=self.programme_round)
        if self.stadsdeel:
            trajectories = trajectories.filter(school__stadsdeel=self.stadsdeel)
        if self.board:
            trajectories = trajectories.filter(school__board=self.board)
        if self.reason:
            trajectories = trajectories.filter(reason=self.reason)
        return trajectories

    def reference_schools(self) -> QuerySet[School]:
        """The schools of the round's reference list within the stadsdeel and board (a reason for taking part
        belongs to a trajectory, not to the list)."""
        schools = School.objects.filter(programme_rounds=self.programme_round)
        if self.stadsdeel:
            schools = schools.filter(stadsdeel=self.stadsdeel)
        if self.board:
            schools = schools.filter(board=self.board)
        return schools

    def list_query(self) -> dict[str, str]:
        """The filters as the trajectory and school lists read them: `ronde`, `stadsdeel`, `reason`, and the board
        by its number (their board filter searches a name or a number, not an id)."""
        query = self.as_query()
        if self.board:
            query[BOARD_PARAM] = self.board.number
        return query


def _as_int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# What the dashboard returns


@dataclass(frozen=True)
class ReferenceList:
    """The round's reference list against its target: no school (very) weak any more in the target year, argued
    exceptions of very weak schools in the exception year."""

    total: int
    still_weak: int
    still_very_weak: int
    exceptions: int
    target_year: int
    exception_year: int
    without_verdict: int = 0
    url: str = ""
    exceptions_url: str = ""
    weak_url: str = ""
    very_weak_url: str = ""

    @property
    def still_only_weak(self) -> int:
        return self.still_weak - self.still_very_weak

    @property
    def no_longer_weak(self) -> int:
        return self.total - self.still_weak

    @property
    def target_reached(self) -> bool:
        return self.still_weak == 0


@dataclass(frozen=True)
class ReferenceSchool:
    """A school of the reference list with its current verdict (for the chart's table)."""

    school: School
    verdict: str | None
    verdict_date: datetime.date | None
    url: str | None

    @property
    def verdict_label(self) -> str:
        return str(Verdict(self.verdict).label) if self.verdict else _("No verdict yet")

    @property
    def is_weak(self) -> bool:
        return self.verdict in WEAK_VERDICTS


class PhaseCount(NamedTuple):
    phase: str
    label: str
    count: int
    url: str | None


class OverdueCount(NamedTuple):
    label: str
    count: int
    url: str | None


class FunderMoney(NamedTuple):
    funder: str
    planned: Decimal
    committed: Decimal
    spent: Decimal


@dataclass(frozen=True)
class BehindRow:
    """A school whose goals are behind or at risk in its latest progress report, or whose latest visit found that
    execution stagnates."""

    school: School
    trajectory: Trajectory
    detail: str
    url: str | None


@dataclass
class SchoolRow:
    """A school of the round in the dashboard's table: its trajectory, verdict, results against its targets and
    the round's reference average, money and what is overdue."""

    school: School
    trajectory: Trajectory
    url: str | None
    verdict: str | None = None
    final_test: str = ""
    final_test_year: int | None = None
    final_test_value: Decimal | None = None
    final_test_target: Decimal | None = None
    final_test_benchmark: Decimal | None = None
    lwoo_year: int | None = None
    lwoo_value: Decimal | None = None
    lwoo_target: Decimal | None = None
    lwoo_benchmark: Decimal | None = None
    exception: bool = False
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    overdue: dict[str, int] = field(default_factory=dict)
    # Per funder ("municipality", "board"): [planned, committed, spent].
    funders: dict[str, list[Decimal]] = field(default_factory=dict)

    @property
    def board(self) -> SchoolBoard | None:
        return self.school.board

    @property
    def board_name(self) -> str:
        return self.school.board.name if self.school.board else ""

    @property
    def stadsdeel(self) -> str:
        return self.school.stadsdeel

    @property
    def stadsdeel_label(self) -> str:
        return self.school.get_stadsdeel_display()

    @property
    def phase(self) -> str:
        return self.trajectory.phase

    @property
    def phase_label(self) -> str:
        return self.trajectory.get_phase_display()

    @property
    def verdict_label(self) -> str:
        return str(Verdict(self.verdict).label) if self.verdict else ""

    @property
    def final_test_label(self) -> str:
        return str(FinalTest(self.final_test).label) if self.final_test else ""

    @property
    def final_test_year_label(self) -> str:
        return school_year_label(self.final_test_year) if self.final_test_year else ""

    @property
    def lwoo_year_label(self) -> str:
        return school_year_label(self.lwoo_year) if self.lwoo_year else ""

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue.values())


@dataclass
class Dashboard:
    filters: DashboardFilters
    programme_round: ProgrammeRound
    reference_list: ReferenceList
    reference_schools: list[ReferenceSchool]
    phases: list[PhaseCount]
    overdue: list[OverdueCount]
    behind: list[BehindRow]
    school_rows: list[SchoolRow]
    money: list[FunderMoney]
    sustaining_flags: list = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def trajectory_count(self) -> int:
        return len(self.school_rows)

    @property
    def has_data(self) -> bool:
        """Whether the round has anything to show: trajectories or a reference list."""
        return bool(self.school_rows or self.reference_list.total)

    @property
    def money_total(self) -> FunderMoney:
        return FunderMoney(
            _("Total"),
            sum((row.planned for row in self.money), ZERO),
            sum((row.committed for row in self.money), ZERO),
            sum((row.spent for row in self.money), ZERO),
        )

    @property
    def overdue_total(self) -> int:
        return sum(row.count for row in self.overdue)


# The figures


def dashboard(user, filters: DashboardFilters) -> Dashboard:
    """Every figure of the dashboard for `filters`, in a fixed number of queries."""
    programme_round = filters.programme_round or ProgrammeRound.objects.current()
    if filters.programme_round is None:
        filters = DashboardFilters(programme_round, filters.stadsdeel, filters.board, filters.reason)
    today = timezone.localdate()
    may_see_trajectories = user.has_perm(VIEW_TRAJECTORY)
    may_see_school_monitor = user.has_perm(VIEW_SCHOOL_MONITOR)
    trajectories = filters.trajectories()

    def school_url(school_id: int) -> str | None:
        if not may_see_school_monitor:
            return None
        return reverse("monitoring:school_monitor", args=[school_id])

    reference_schools, reference_list = _reference_list(filters, trajectories, school_url)
    rows = _school_rows(user, filters, trajectories, today, school_url)
    return Dashboard(
        filters=filters,
        programme_round=programme_round,
        reference_list=reference_list,
        reference_schools=reference_schools,
        phases=_phases(filters, trajectories, may_see_trajectories),
        overdue=_overdue(filters, rows),
        behind=_behind(trajectories, school_url),
        school_rows=rows,
        money=_money(rows),
        sustaining_flags=_sustaining_flags(filters),
        today=today,
    )


def _reference_list(
    filters: DashboardFilters, trajectories, school_url
) -> tuple[list[ReferenceSchool], ReferenceList]:
    """The reference list's schools with their current verdict (one query) and the argued exceptions of the
    round: approved plans whose target is the exception year (one query)."""
    programme_round = filters.programme_round
    schools = list(
        filters.reference_schools().with_current_verdict().select_related("board").order_by("name", "pk")
    )
    rows = [
        ReferenceSchool(school, school.current_verdict, school.current_verdict_date, school_url(school.pk))
        for school in schools
    ]
    exceptions = ImprovementPlan.objects.filter(
        trajectory__in=trajectories.values("pk"),
        status=SubmissionStatus.APPROVED,
        target_date=TargetDate.EXCEPTION,
    ).count()
    query = {**filters.list_query()}
    query.pop(REASON_PARAM, None)
    figures = ReferenceList(
        total=len(rows),
        still_weak=sum(1 for row in rows if row.is_weak),
        still_very_weak=sum(1 for row in rows if row.verdict == Verdict.VERY_WEAK),
        exceptions=exceptions,
        target_year=programme_round.target_year,
        exception_year=programme_round.exception_year,
        without_verdict=sum(1 for row in rows if row.verdict is None),
        url=page_url("schools:school_list", query),
        weak_url=page_url("schools:school_list", {**query, "current_verdict": Verdict.WEAK.value}),
        very_weak_url=page_url("schools:school_list", {**query, "current_verdict": Verdict.VERY_WEAK.value}),
        exceptions_url=dashboard_url({**filters.as_query(), EXCEPTION_PARAM: "ja"}, anchor="scholen"),
    )
    return rows, figures


def _phases(filters: DashboardFilters, trajectories, linked: bool) -> list[PhaseCount]:
    """Trajectories per phase, every phase in its order (one query). A phase links to the trajectory list for
    those who may read it, else to the dashboard's table of schools in that phase."""
    counts = dict(trajectories.order_by().values_list("phase").annotate(count=Count("pk")))
    query = {**filters.list_query(), "status": "alle"}

    def url(phase: str) -> str:
        if linked:
            return page_url("improvement_plans:trajectory_list", {**query, "phase": phase})
        return dashboard_url({**filters.as_query(), PHASE_PARAM: phase}, anchor="scholen")

    return [
        PhaseCount(phase.value, str(phase.label), counts.get(phase.value, 0), url(phase.value))
        for phase in Phase
    ]


def _school_rows(user, filters: DashboardFilters, trajectories, today, school_url) -> list[SchoolRow]:
    """A row per trajectory of the round: seven queries, whatever the number of rows."""
    programme_round = filters.programme_round
    latest_verdict = InspectionVerdict.objects.filter(school=OuterRef("school")).order_by("-date", "-id")
    found = list(
        trajectories.select_related("school__board")
        .annotate(current_verdict=Subquery(latest_verdict.values("verdict")[:1]))
        .order_by("school__name", "pk")
    )
    ids = [trajectory.pk for trajectory in found]
    rows = {
        trajectory.pk: SchoolRow(
            school=trajectory.school,
            trajectory=trajectory,
            url=school_url(trajectory.school_id),
            verdict=trajectory.current_verdict,
        )
        for trajectory in found
    }
    if not rows:
        return []
    # The result agreements of the approved plan version.
    plans = ImprovementPlan.objects.filter(
        trajectory__in=trajectories.values("pk"), status=SubmissionStatus.APPROVED
    )
    agreements = {
        plan["trajectory_id"]: plan
        for plan in plans.values(
            "trajectory_id", "final_test", "final_test_target", "lwoo_target", "target_date"
        )
    }
    # The latest value per school, indicator and test; with the benchmarks of their school years.
    latest_year = (
        IndicatorValue.objects.filter(
            school=OuterRef("school"), indicator=OuterRef("indicator"), final_test=OuterRef("final_test")
        )
        .order_by()
        .values("school")
        .annotate(latest=Max("school_year"))
        .values("latest")
    )
    values = list(
        IndicatorValue.objects.filter(
            school__in=trajectories.values("school"), indicator__in=[Indicator.FINAL_TEST, Indicator.LWOO]
        )
        .annotate(latest=Subquery(latest_year))
        .filter(school_year=F("latest"))
        .values("school_id", "indicator", "final_test", "school_year", "value")
    )
    benchmarks = {
        (benchmark["school_year"], benchmark["indicator"], benchmark["final_test"]): benchmark["value"]
        for benchmark in Benchmark.objects.filter(
            reference=programme_round.reference, school_year__in={value["school_year"] for value in values}
        ).values("school_year", "indicator", "final_test", "value")
    }
    by_school: dict[int, list[dict]] = defaultdict(list)
    for value in values:
        by_school[value["school_id"]].append(value)
    for row in rows.values():
        agreement = agreements.get(row.trajectory.pk, {})
        row.exception = agreement.get("target_date") == TargetDate.EXCEPTION
        _fill_results(row, by_school.get(row.school.pk, []), agreement, benchmarks)
    # Money: the budget that counts now, per trajectory (finance's overview rows).
    for budget in finance_overview(user).filter(trajectory__in=ids).order_by():
        row = rows.get(budget.trajectory_id)
        if row is None:
            continue
        total = budget.municipality_total + budget.board_total
        if budget.status == SubmissionStatus.APPROVED:
            row.committed += total
        else:
            row.planned += total
        row.spent += budget.spent_municipality + budget.spent_board
        column = 1 if budget.status == SubmissionStatus.APPROVED else 0
        for funder, amount, spent in (
            ("municipality", budget.municipality_total, budget.spent_municipality),
            ("board", budget.board_total, budget.spent_board),
        ):
            sums = row.funders.setdefault(funder, [ZERO, ZERO, ZERO])
            sums[column] += amount
            sums[2] += spent
    # What is overdue, per kind and trajectory.
    for kind, counts in _overdue_counts(ids, today).items():
        for trajectory_id, count in counts.items():
            rows[trajectory_id].overdue[kind] = count
    return list(rows.values())


def _fill_results(row: SchoolRow, values: list[dict], agreement: dict, benchmarks: dict) -> None:
    """The school's latest final-test result (on the plan's test when the plan names one: a score is compared only
    with a target and an average on the same test) and its latest LWOO percentage."""
    final_tests = [value for value in values if value["indicator"] == Indicator.FINAL_TEST]
    agreed_test = agreement.get("final_test") or ""
    on_agreed_test = [value for value in final_tests if value["final_test"] == agreed_test]
    final = max(on_agreed_test or final_tests, key=lambda value: value["school_year"], default=None)
    if final is not None:
        row.final_test = final["final_test"]
        row.final_test_year = final["school_year"]
        row.final_test_value = final["value"]
        row.final_test_benchmark = benchmarks.get(
            (final["school_year"], Indicator.FINAL_TEST, final["final_test"])
        )
        if final["final_test"] == agreed_test:
            row.final_test_target = agreement.get("final_test_target")
    elif agreed_test:
        row.final_test = agreed_test
        row.final_test_target = agreement.get("final_test_target")
    lwoo = max(
        (value for value in values if value["indicator"] == Indicator.LWOO),
        key=lambda value: value["school_year"],
        default=None,
    )
    row.lwoo_target = agreement.get("lwoo_target")
    if lwoo is not None:
        row.lwoo_year = lwoo["school_year"]
        row.lwoo_value = lwoo["value"]
        row.lwoo_benchmark = benchmarks.get((lwoo["school_year"], Indicator.LWOO, ""))


def _overdue_counts(trajectory_ids: list[int], today: datetime.date) -> dict[str, dict[int, int]]:
    """Per kind, trajectory id → how many are overdue (one query per kind). The rules are each app's own: a
    progress report drafted or returned past its due date, a planned visit past its date, an audit past its date
    without adoption, an open action past its date; all on open trajectories."""
    open_ids = Trajectory.objects.filter(pk__in=trajectory_ids, ended_on__isnull=True).values("pk")

    def per_trajectory(queryset) -> dict[int, int]:
        return dict(queryset.order_by().values_list("trajectory_id").annotate(count=Count("pk")))

    return {
        PROGRESS_REPORTS: per_trajectory(
            ProgressReport.objects.overdue(today).filter(
                trajectory__in=open_ids, trajectory__phase=Phase.EXECUTION
            )
        ),
        VISITS: per_trajectory(
            ExpertVisit.objects.overdue(today).filter(
                trajectory__in=open_ids, trajectory__phase=Phase.EXECUTION
            )
        ),
        AUDITS: per_trajectory(Audit.objects.filter(audit_overdue_filter(today), trajectory__in=open_ids)),
        ACTIONS: per_trajectory(StagnationAction.objects.overdue(today).filter(trajectory__in=open_ids)),
    }


def _overdue(filters: DashboardFilters, rows: list[SchoolRow]) -> list[OverdueCount]:
    """The overdue counts, each linked to the dashboard's school table narrowed to the schools concerned."""
    return [
        OverdueCount(
            str(label),
            sum(row.overdue.get(kind, 0) for row in rows),
            dashboard_url({**filters.as_query(), LATE_PARAM: kind}, anchor="scholen"),
        )
        for kind, label in OVERDUE_KINDS
    ]


def _behind(trajectories, school_url) -> list[BehindRow]:
    """Trajectories in execution whose latest progress report (submitted or assessed) has goals behind or at
    risk, and those whose latest recorded visit found stagnation: two queries."""
    in_execution = trajectories.filter(ended_on__isnull=True, phase=Phase.EXECUTION)
    latest_quarter = (
        ProgressReport.objects.filter(
            trajectory=OuterRef("report__trajectory"), status__in=COUNTED_REPORT_STATUSES
        )
        .order_by("-quarter")
        .values("quarter")[:1]
    )
    lines = (
        GoalProgress.objects.filter(
            report__trajectory__in=in_execution.values("pk"),
            report__status__in=COUNTED_REPORT_STATUSES,
            status__in=BEHIND_STATUSES,
        )
        .annotate(latest_quarter=Subquery(latest_quarter))
        .filter(report__quarter=F("latest_quarter"))
        .values("report__trajectory_id", "report__quarter", "status")
    )
    goals: dict[int, dict[str, Any]] = {}
    for line in lines:
        entry = goals.setdefault(
            line["report__trajectory_id"], {"quarter": line["report__quarter"], "behind": 0, "at_risk": 0}
        )
        entry["behind" if line["status"] == GoalProgressStatus.BEHIND else "at_risk"] += 1
    latest_visit = (
        ExpertVisit.objects.filter(trajectory=OuterRef("trajectory"), status=VisitStatus.DONE)
        .order_by("-quarter")
        .values("quarter")[:1]
    )
    stagnating = {
        visit["trajectory_id"]: visit
        for visit in ExpertVisit.objects.filter(
            trajectory__in=in_execution.values("pk"), status=VisitStatus.DONE, stagnating=True
        )
        .annotate(latest_quarter=Subquery(latest_visit))
        .filter(quarter=F("latest_quarter"))
        .values("trajectory_id", "quarter", "visited_on")
    }
    concerned = set(goals) | set(stagnating)
    if not concerned:
        return []
    rows = []
    for trajectory in (
        in_execution.filter(pk__in=concerned).select_related("school__board").order_by("school__name")
    ):
        details = []
        entry = goals.get(trajectory.pk)
        if entry:
            parts = []
            if entry["behind"]:
                parts.append(
                    ngettext(
                        "%(count)s goal behind schedule", "%(count)s goals behind schedule", entry["behind"]
                    )
                    % {"count": entry["behind"]}
                )
            if entry["at_risk"]:
                parts.append(
                    ngettext("%(count)s goal at risk", "%(count)s goals at risk", entry["at_risk"])
                    % {"count": entry["at_risk"]}
                )
            details.append(
                _("%(goals)s in the progress report of quarter %(quarter)s")
                % {"goals": ", ".join(parts), "quarter": entry["quarter"]}
            )
        visit = stagnating.get(trajectory.pk)
        if visit:
            details.append(
                _("execution stagnates (visit of %(date)s)")
                % {"date": date_format(visit["visited_on"], "j F Y")}
            )
        detail = capfirst("; ".join(details))
        rows.append(BehindRow(trajectory.school, trajectory, detail, school_url(trajectory.school_id)))
    return rows


def _money(rows: list[SchoolRow]) -> list[FunderMoney]:
    """Money per funder over the rows' budgets: planned (a budget not yet approved), committed (approved) and
    spent."""
    funders = {"municipality": [ZERO, ZERO, ZERO], "board": [ZERO, ZERO, ZERO]}
    for row in rows:
        for funder, sums in row.funders.items():
            for index, amount in enumerate(sums):
                funders[funder][index] += amount
    return [
        FunderMoney(_("Municipality"), *funders["municipality"]),
        FunderMoney(_("School boards"), *funders["board"]),
    ]


def _sustaining_flags(filters: DashboardFilters) -> list:
    """The sustaining flags (helper C's `monitoring.borging`) of the round's schools within the filters."""
    schools = School.objects.filter(pk__in=filters.trajectories().values("school"))
    return sustaining_flags(schools=schools, programme_round=filters.programme_round)


def filters_of_request(request) -> DashboardFilters:
    """The dashboard's filters from the request's query string."""
    return DashboardFilters.from_query(request.GET, request.user)


__all__ = [
    "OVERDUE_KINDS",
    "BehindRow",
    "Dashboard",
    "DashboardFilters",
    "FunderMoney",
    "OverdueCount",
    "PhaseCount",
    "ReferenceList",
    "ReferenceSchool",
    "SchoolRow",
    "dashboard",
    "dashboard_url",
    "filters_of_request",
    "page_url",
]
