"""Fictional indicator values and benchmarks for the demo: `seed_indicators(rng)`, called by `monitoring.demo`.

Every demo school gets the programme's first years (2007–2008 to 2010–2011) on the CITO end test (501–550) and
school year 2024–2025 on one of the doorstroomtoets providers, each on its own scale, plus its LWOO percentage and
number of pupils in those years; the G4 and national averages are recorded for the same years and tests.
"""

from __future__ import annotations

import random
from decimal import Decimal

from improvement_plans.constants import FinalTest
from schools.models import School

from .constants import Indicator, Reference, ValueSource
from .models import Benchmark, IndicatorValue

HISTORIC_YEARS = (2007, 2008, 2009, 2010)
RECENT_YEAR = 2024
# Plausible averages of a weak school per doorstroomtoets provider (each on its own scale), and the G4 and
# national averages on that scale.
RECENT_TESTS: dict[str, tuple[tuple[int, int], Decimal, Decimal]] = {
    FinalTest.IEP: ((72, 82), Decimal("78.4"), Decimal("80.1")),
    FinalTest.ROUTE8: ((190, 212), Decimal("203.5"), Decimal("206.0")),
    FinalTest.LIB: ((166, 178), Decimal("172.6"), Decimal("174.2")),
}
CITO_BENCHMARKS = {Reference.G4: Decimal("533.6"), Reference.NATIONAL: Decimal("535.2")}
LWOO_BENCHMARKS = {Reference.G4: Decimal("19.5"), Reference.NATIONAL: Decimal("12.0")}


def _decimal(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 1)))


def seed_indicators(rng: random.Random) -> int:
    """Create the demo's indicator values and benchmarks; returns the number of values. Does nothing when values
    exist already."""
    if IndicatorValue.objects.exists():
        return 0
    values: list[IndicatorValue] = []
    for school in School.objects.order_by("brin", "location_code"):
        cito = rng.uniform(524, 532)
        lwoo = rng.uniform(18, 32)
        pupils = rng.randint(140, 420)
        for year in HISTORIC_YEARS:
            cito = min(549.0, cito + rng.uniform(-0.5, 2.5))
            lwoo = max(4.0, lwoo - rng.uniform(-0.5, 3.0))
            pupils = max(60, pupils + rng.randint(-15, 20))
            values += _year(school, year, FinalTest.CITO, Decimal(str(round(cito, 1))), lwoo, pupils, rng)
        test = rng.choice(list(RECENT_TESTS))
        (low, high), _g4, _national = RECENT_TESTS[test]
        values += _year(
            school,
            RECENT_YEAR,
            test,
            _decimal(rng, low, high),
            rng.uniform(8, 22),
            pupils + rng.randint(-30, 30),
            rng,
        )
    IndicatorValue.objects.bulk_create(values)
    Benchmark.objects.bulk_create(_benchmarks())
    return len(values)


def _year(
    school: School, year: int, test: str, score: Decimal, lwoo: float, pupils: int, rng: random.Random
) -> list[IndicatorValue]:
    tested = max(5, pupils // 8 + rng.randint(-4, 4))
    common = {"school": school, "school_year": year, "source": ValueSource.MANUAL}
    return [
        IndicatorValue(
            indicator=Indicator.FINAL_TEST, final_test=test, value=score, pupil_count=tested, **common
        ),
        IndicatorValue(indicator=Indicator.LWOO, value=Decimal(str(round(lwoo, 1))), **common),
        IndicatorValue(indicator=Indicator.PUPILS, value=Decimal(pupils), **common),
    ]


def _benchmarks() -> list[Benchmark]:
    benchmarks = []
    for year in HISTORIC_YEARS:
        for reference in Reference:
            benchmarks.append(
                Benchmark(
                    school_year=year,
                    indicator=Indicator.FINAL_TEST,
                    final_test=FinalTest.CITO,
                    reference=reference,
                    value=CITO_BENCHMARKS[reference],
                )
            )
    for year in (*HISTORIC_YEARS, RECENT_YEAR):
        for reference in Reference:
            benchmarks.append(
                Benchmark(
                    school_year=year,
                    indicator=Indicator.LWOO,
                    reference=reference,
                    value=LWOO_BENCHMARKS[reference],
                )
            )
    for test, (_scale, g4, national) in RECENT_TESTS.items():
        for reference, value in ((Reference.G4, g4), (Reference.NATIONAL, national)):
            benchmarks.append(
                Benchmark(
                    school_year=RECENT_YEAR,
                    indicator=Indicator.FINAL_TEST,
                    final_test=test,
                    reference=reference,
                    value=value,
                )
            )
    return benchmarks
