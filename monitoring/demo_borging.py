"""The demo's sustaining (borging): `seed_borging`, called by `monitoring.demo.seed_demo` after the trajectories, the
indicators and the rounds exist.

The historical trajectories of the first round that completed execution in 2010 are in sustaining, followed on the
monitor until 2013 (the round's exceptions year 2011 plus two follow-up years). One of them, a school judged
sufficient in 2010, was judged weak again in 2012 (and sufficient a year later, after the Inspectie's extra
supervision) and saw its LWOO percentage rise in 2011–2012: both are flagged on its school monitor and on the
dashboard of the first round. Its latest verdict stays sufficient, so the register's and the dashboard's counts of
weak schools do not change.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory, first_round
from kwaliteitsaanpak.core.dates import school_year_of
from schools.constants import SupervisionArrangement, Verdict

from .borging import SustainingWindow, sustaining_trajectories
from .constants import Indicator, ValueSource
from .models import IndicatorValue

# How long after the start of sustaining the weak verdict came, and the sufficient one after it.
WEAK_AFTER = datetime.timedelta(days=520)
SUFFICIENT_AFTER = datetime.timedelta(days=900)
LWOO_RISE = Decimal("3.5")


def seed_borging() -> Trajectory | None:
    """Flag one school in sustaining of the first round; returns its trajectory (None when there is none to flag)."""
    window = _flagged_window()
    if window is None:
        return None
    school = window.trajectory.school
    weak_on = window.started_on + WEAK_AFTER
    school.inspection_verdicts.create(
        date=weak_on,
        verdict=Verdict.WEAK,
        supervision_arrangement=SupervisionArrangement.ADJUSTED,
        report_reference=f"INSP-{weak_on.year}-{school.brin}",
    )
    sufficient_on = window.started_on + SUFFICIENT_AFTER
    school.inspection_verdicts.create(
        date=sufficient_on,
        verdict=Verdict.SUFFICIENT,
        supervision_arrangement=SupervisionArrangement.BASIC,
        report_reference=f"INSP-{sufficient_on.year}-{school.brin}",
    )
    # The LWOO percentage of the school year after sustaining started, higher than the year before.
    school_year = school_year_of(window.started_on) + 1
    before = IndicatorValue.objects.filter(
        school=school, indicator=Indicator.LWOO, school_year=school_year - 1
    ).first()
    if before is not None:
        IndicatorValue.objects.get_or_create(
            school=school,
            school_year=school_year,
            indicator=Indicator.LWOO,
            final_test="",
            defaults={"value": before.value + LWOO_RISE, "source": ValueSource.DUO},
        )
    return window.trajectory


def _flagged_window() -> SustainingWindow | None:
    """The first round's first trajectory in sustaining whose school was judged sufficient before sustaining and
    has no verdict after it: there a weak verdict is news."""
    for window in sustaining_trajectories(programme_round=first_round()):
        if window.trajectory.phase != Phase.SUSTAINING:
            continue
        verdicts = list(window.trajectory.school.inspection_verdicts.order_by("-date"))
        if verdicts and verdicts[0].verdict == Verdict.SUFFICIENT and verdicts[0].date < window.started_on:
            return window
    return None
