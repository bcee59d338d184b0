"""The demo's programme rounds (`seed_rounds`, called by `monitoring.demo.seed_demo` after the trajectories and the
indicators exist).

The first round is the agreement of 2008 (reference list of 31 January 2008, target 2010, exceptions 2011) with the
demo's reference-list schools; the historical trajectories stay in it. The current round, "Kwaliteitsaanpak
2026–2028" (reference list of 31 January 2026, target 2027, exceptions 2028), holds the trajectories registered
recently: the six in execution today (`improvement_plans.demo.RECENT_EXECUTION`) and the open ones registered since
2025. Its reference list holds the schools whose latest verdict on its date was (very) weak. Every demo plan gets
the school's starting values from the monitor (the same source that pre-fills the result agreements form).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q

from improvement_plans.baselines import baselines_of, plan_started_on
from improvement_plans.constants import FINAL_TEST_SCALES, FinalTest, Reference
from improvement_plans.demo import RECENT_EXECUTION
from improvement_plans.models import ImprovementPlan, ProgrammeRound, Trajectory, first_round
from improvement_plans.models.round import default_indicators
from schools.models import InspectionVerdict, School

from .constants import Indicator
from .models import IndicatorValue
from .services_rounds import weak_schools_on

CURRENT_ROUND = {
    "name": "Kwaliteitsaanpak 2026–2028",
    "reference_date": datetime.date(2026, 1, 31),
    "target_year": 2027,
    "exception_year": 2028,
    "follow_up_years": 2,
    "reference": Reference.G4,
}
# Open trajectories registered from this day on belong to the current round.
RECENT_SINCE = datetime.date(2025, 1, 1)
# How far a plan aims above its starting final-test result, per test (each on its own scale).
SCORE_STEP = {FinalTest.CITO: Decimal(4), FinalTest.IEP: Decimal(3), FinalTest.ROUTE8: Decimal(6)}


def seed_rounds() -> tuple[ProgrammeRound, ProgrammeRound]:
    """The first and the current round with their reference lists; the recent trajectories moved to the current
    one; the demo plans' starting values. Returns (first, current)."""
    first = first_round()
    listed = InspectionVerdict.objects.exclude(reference_list="").values_list("school_id", flat=True)
    first.reference_schools.add(*set(listed))
    values = dict(CURRENT_ROUND)
    current, _created = ProgrammeRound.objects.get_or_create(
        reference_date=values.pop("reference_date"), defaults={**values, "indicators": default_indicators()}
    )
    current.reference_schools.add(*weak_schools_on(current.reference_date).values_list("pk", flat=True))
    schools = list(School.objects.order_by("brin").values_list("pk", flat=True))
    recent_schools = [schools[index] for index in RECENT_EXECUTION if index < len(schools)]
    recent = Trajectory.objects.filter(
        Q(school_id__in=recent_schools, registered_on__gte=datetime.date(2020, 1, 1))
        | Q(registered_on__gte=RECENT_SINCE, ended_on__isnull=True)
    )
    recent.update(programme_round=current)
    _give_baselines()
    return first, current


def _give_baselines() -> None:
    """Every demo plan's starting values: the school's latest values before the plan was started; a plan of the
    doorstroomtoets years, whose school has no result on its test before the plan, takes the test of the school's
    latest result, with a target a few points above it."""
    plans = ImprovementPlan.objects.select_related("trajectory__school").order_by("trajectory_id", "number")
    for plan in plans:
        school = plan.trajectory.school
        found = baselines_of(school, before=plan_started_on(plan), final_test=plan.final_test)
        final_test, baseline = plan.final_test, found.final_test.value if found.final_test else None
        if baseline is None:
            latest = (
                IndicatorValue.objects.filter(school=school, indicator=Indicator.FINAL_TEST)
                .order_by("-school_year")
                .first()
            )
            if latest is not None:
                final_test, baseline = latest.final_test, latest.value
        target_fits = final_test == plan.final_test and (plan.final_test_target or 0) > (baseline or 0)
        if baseline is not None and not target_fits:
            plan.final_test_target = _target_above(final_test, baseline)
        plan.final_test, plan.final_test_baseline = final_test, baseline
        lwoo = found.lwoo.value if found.lwoo else None
        plan.lwoo_baseline = lwoo
        if lwoo is not None and plan.lwoo_target is not None and plan.lwoo_target >= lwoo:
            plan.lwoo_target = max(Decimal(0), (lwoo * Decimal("0.85")).quantize(Decimal("0.1")))
        plan.save(
            update_fields=[
                "final_test",
                "final_test_target",
                "final_test_baseline",
                "lwoo_baseline",
                "lwoo_target",
            ]
        )


def _target_above(final_test: str, baseline: Decimal) -> Decimal:
    target = baseline + SCORE_STEP.get(final_test, Decimal(2))
    scale = FINAL_TEST_SCALES.get(final_test)
    if scale:
        target = min(target, Decimal(scale[1]))
    return target.quantize(Decimal("1"))
