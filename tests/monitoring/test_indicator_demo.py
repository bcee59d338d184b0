"""The demo's indicators (`monitoring.demo_indicators.seed_indicators`) follow the monitor's own rules."""

import random

import pytest

from improvement_plans.constants import FinalTest
from monitoring.constants import Indicator, Reference
from monitoring.demo_indicators import seed_indicators
from monitoring.models import Benchmark, IndicatorValue
from monitoring.services import benchmark_validate, indicator_value_validate
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_cito_scores_in_the_first_years_and_doorstroomtoets_scores_now_each_with_its_benchmark():
    SchoolFactory.create_batch(4)

    created = seed_indicators(random.Random(2008))  # noqa: S311 (a seeded demo)

    values = list(IndicatorValue.objects.all())
    assert created == len(values) == 4 * 5 * 3
    for value in values:
        indicator_value_validate(value)
    finals = [value for value in values if value.indicator == Indicator.FINAL_TEST]
    assert {value.final_test for value in finals if value.school_year <= 2010} == {FinalTest.CITO}
    assert {value.final_test for value in finals if value.school_year == 2024} <= {
        FinalTest.IEP,
        FinalTest.ROUTE8,
        FinalTest.LIB,
    }
    for benchmark in Benchmark.objects.all():
        benchmark_validate(benchmark)
    for value in finals:
        for reference in Reference:
            assert Benchmark.objects.filter(
                school_year=value.school_year, final_test=value.final_test, reference=reference
            ).exists()
    assert seed_indicators(random.Random(2008)) == 0  # noqa: S311
