"""The demo's programme rounds: the first round of 2008 with the demo's reference list and the historical
trajectories, the current round of 2026 with the recently registered ones, and plans whose starting values read
sensibly beside their targets."""

import datetime

import pytest

from improvement_plans.constants import FINAL_TEST_SCALES, Phase
from improvement_plans.demo import RECENT_EXECUTION
from improvement_plans.models import ImprovementPlan, ProgrammeRound, Trajectory
from schools.models import InspectionVerdict

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_first_round_and_the_current_one(demo):
    first, current = ProgrammeRound.objects.order_by("reference_date")
    assert (first.reference_date, first.target_year, first.exception_year) == (
        datetime.date(2008, 1, 31),
        2010,
        2011,
    )
    listed = set(InspectionVerdict.objects.exclude(reference_list="").values_list("school_id", flat=True))
    assert set(first.reference_schools.values_list("pk", flat=True)) == listed
    assert len(listed) == 33
    assert (current.name, current.reference_date, current.target_year, current.exception_year) == (
        "Kwaliteitsaanpak 2026–2028",
        datetime.date(2026, 1, 31),
        2027,
        2028,
    )
    assert ProgrammeRound.objects.current(demo["today"]) == current


def test_the_recent_trajectories_are_in_the_current_round_and_the_historical_ones_in_the_first(demo):
    current = ProgrammeRound.objects.get(reference_date=datetime.date(2026, 1, 31))
    in_current = Trajectory.objects.filter(programme_round=current)
    assert in_current.filter(phase=Phase.EXECUTION).count() == len(RECENT_EXECUTION)
    assert in_current.filter(phase=Phase.REGISTERED).count() == 1
    assert (
        not Trajectory.objects.exclude(programme_round=current).filter(registered_on__year__gte=2020).exists()
    )
    assert not in_current.filter(registered_on__year__lt=2020).exists()


def test_every_demo_plan_has_starting_values_below_its_final_test_target_on_its_scale(demo):
    plans = list(ImprovementPlan.objects.select_related("trajectory__programme_round"))
    assert plans
    for plan in plans:
        assert plan.final_test_baseline is not None and plan.lwoo_baseline is not None, plan
        assert plan.final_test_target > plan.final_test_baseline, plan
        scale = FINAL_TEST_SCALES.get(plan.final_test)
        if scale:
            assert scale[0] <= plan.final_test_baseline <= plan.final_test_target <= scale[1]
        assert plan.lwoo_target < plan.lwoo_baseline, plan
    years = {plan.target_year for plan in plans if plan.trajectory.programme_round.target_year == 2027}
    assert years == {2027}
