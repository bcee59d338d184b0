"""Reads of the monitor's indicators and benchmarks that views, the school monitor and reports share.

Public: `indicator_values_for_list`, `benchmarks_for_list`, `indicators_for_school`, `SchoolIndicators`,
`benchmark_for`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from schools.models import School, sees_all_schools

from .constants import Indicator, Reference
from .models import Benchmark, FinalScoreImport, IndicatorValue
from .scores import Measure, trend_segments

BenchmarkKey = tuple[int, str, str, str]


def indicator_values_for_list(user) -> QuerySet[IndicatorValue]:
    """The indicator values of the schools this user sees, with their school and board (unfiltered for a user who
    sees every school: an `IN (every school)` makes PostgreSQL's plan about twice as slow)."""
    values = IndicatorValue.objects.for_lists()
    if sees_all_schools(user):
        return values
    return values.filter(school__in=School.objects.visible_to(user))


def benchmarks_for_list() -> QuerySet[Benchmark]:
    return Benchmark.objects.all()


def final_score_imports() -> QuerySet[FinalScoreImport]:
    return FinalScoreImport.objects.select_related("started_by")


def benchmark_for(
    *, school_year: int, indicator: str, reference: str, final_test: str = ""
) -> Benchmark | None:
    """The G4 or national average of the same school year and scale, or None when none is recorded."""
    return Benchmark.objects.filter(
        school_year=school_year, indicator=indicator, final_test=final_test, reference=reference
    ).first()


@dataclass
class SchoolIndicators:
    """A school's indicator values, newest school year first, with the benchmarks of the same year and scale."""

    values: list[IndicatorValue]
    benchmarks: dict[BenchmarkKey, Benchmark] = field(default_factory=dict)

    def of(self, indicator: str) -> list[IndicatorValue]:
        return [value for value in self.values if value.indicator == indicator]

    @property
    def final_test_segments(self) -> list[list[Measure]]:
        """The final-test results in runs on one test, oldest first: a trend is drawn per run, never across a
        change of test."""
        return trend_segments([value.measure for value in self.of(Indicator.FINAL_TEST)])

    @property
    def test_changed(self) -> bool:
        return len(self.final_test_segments) > 1

    def benchmark(self, value: IndicatorValue, reference: str = Reference.G4) -> Benchmark | None:
        """The benchmark of the value's own school year and scale."""
        return self.benchmarks.get((value.school_year, value.indicator, value.final_test, reference))


def indicators_for_school(school: School) -> SchoolIndicators:
    """Everything the school monitor shows of a school's indicators, in two queries."""
    values = list(
        IndicatorValue.objects.filter(school=school).order_by("-school_year", "indicator", "final_test")
    )
    years = {value.school_year for value in values}
    benchmarks = {
        (benchmark.school_year, benchmark.indicator, benchmark.final_test, benchmark.reference): benchmark
        for benchmark in Benchmark.objects.filter(school_year__in=years)
    }
    return SchoolIndicators(values=values, benchmarks=benchmarks)
