"""The monitor as the source of a plan's starting values: registered with `improvement_plans.baselines` when the
app loads (`MonitoringConfig.ready`), so that the result agreements are pre-filled without improvement_plans
importing monitoring."""

from __future__ import annotations

import datetime

from improvement_plans.baselines import Baseline, Baselines
from kwaliteitsaanpak.core.dates import school_year_of
from schools.models import School

from .constants import Indicator
from .models import IndicatorValue


def plan_baselines(*, school: School, before: datetime.date, final_test: str = "") -> Baselines:
    """The school's latest final-test result (on `final_test`, or on the test of its latest result) and LWOO
    percentage of a school year that ended before `before`'s school year began, in one query."""
    values = IndicatorValue.objects.filter(
        school=school,
        school_year__lt=school_year_of(before),
        indicator__in=(Indicator.FINAL_TEST, Indicator.LWOO),
    ).order_by("-school_year", "indicator", "final_test")
    found_test: Baseline | None = None
    found_lwoo: Baseline | None = None
    for value in values.only("indicator", "final_test", "value", "school_year"):
        if value.indicator == Indicator.LWOO:
            found_lwoo = found_lwoo or Baseline(value=value.value, school_year=value.school_year)
        elif found_test is None and (not final_test or value.final_test == final_test):
            found_test = Baseline(
                value=value.value, school_year=value.school_year, final_test=value.final_test
            )
        if found_test and found_lwoo:
            break
    return Baselines(final_test=found_test, lwoo=found_lwoo)
