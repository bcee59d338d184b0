"""Factories of the monitor's indicator values and benchmarks."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from improvement_plans.constants import FinalTest
from monitoring.constants import Indicator, Reference
from monitoring.models import Benchmark, IndicatorValue
from tests.factories import SchoolFactory


class IndicatorValueFactory(DjangoModelFactory):
    """A CITO result of 2009–2010 by default; pass `indicator` and `final_test` for another scale."""

    class Meta:
        model = IndicatorValue

    school = factory.SubFactory(SchoolFactory)
    school_year = 2009
    indicator = Indicator.FINAL_TEST
    final_test = FinalTest.CITO
    value = Decimal("532.5")


class BenchmarkFactory(DjangoModelFactory):
    class Meta:
        model = Benchmark

    school_year = 2009
    indicator = Indicator.FINAL_TEST
    final_test = FinalTest.CITO
    reference = Reference.G4
    value = Decimal("533.6")
