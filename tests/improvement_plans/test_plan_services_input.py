"""The improvement-plan services of issue 4 with bad input: a Dutch message on the field, nothing saved.

The plan's period, the SMART elements of a goal, a measure's cost and dates, the result agreements (the final test's
scale, LWOO, the target date 2011) and an incomplete plan that cannot be submitted.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format

from improvement_plans import services
from improvement_plans.constants import Direction, TargetDate
from improvement_plans.models import Goal, ImprovementPlan, Measure, Trajectory
from schools.constants import Verdict
from tests.actors import BOARD
from tests.factories import GoalFactory, InspectionVerdictFactory, MeasureFactory, SchoolFactory
from tests.improvement_plans.plans import (
    ENDS_ON,
    STARTS_ON,
    call_agreements,
    call_goal_change,
    call_goal_save,
    call_measure_save,
    call_submit,
    finding,
    fresh,
    new_plan,
    plan_in,
    second_version,
)
from tests.improvement_plans.worlds import REGISTERED_ON, refused, trajectory_in
from tests.refusals import field_messages, messages_of

# Bad input: a Dutch message on the field, nothing saved


def period_message(plan) -> str:
    first, last = services.plan_period(plan.trajectory)
    return f"Kies een datum tussen {date_format(first, 'j F Y')} en {date_format(last, 'j F Y')}, binnen het traject."


def test_the_plan_period_runs_from_registration_until_three_years_after_today_before_execution(world):
    plan = plan_in(world, "draft")
    today = timezone.localdate()
    assert services.plan_period(plan.trajectory) == (REGISTERED_ON, today.replace(year=today.year + 3))


def test_the_plan_period_runs_until_three_years_after_the_start_of_the_execution(world):
    plan = plan_in(world, "approved")
    trajectory = Trajectory.objects.get(pk=plan.trajectory_id)
    started = trajectory.execution_started_on
    assert services.plan_period(trajectory) == (REGISTERED_ON, started.replace(year=started.year + 3))


def test_the_plan_period_of_an_execution_started_on_29_february_does_not_crash(world):
    """A plan approved on a leap day: three years later there is no 29 February."""
    trajectory = trajectory_in(world, "execution")
    trajectory.execution_started_on = datetime.date(2012, 2, 29)
    first, last = services.plan_period(trajectory)
    assert (first, last) in {
        (REGISTERED_ON, datetime.date(2015, 2, 28)),
        (REGISTERED_ON, datetime.date(2015, 3, 1)),
    }


@pytest.mark.parametrize("when", ["before_registration", "after_the_period"])
def test_a_deadline_outside_the_trajectory_is_refused(world, when):
    plan = plan_in(world, "draft")
    first, last = services.plan_period(plan.trajectory)
    deadline = (
        first - datetime.timedelta(days=1) if when == "before_registration" else last + datetime.timedelta(1)
    )
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], deadline=deadline))
    assert field_messages(error, "deadline") == [period_message(plan)]


def test_the_first_and_last_day_of_the_period_are_allowed(world):
    plan = plan_in(world, "draft")
    first, last = services.plan_period(plan.trajectory)
    assert call_goal_save(world, plan, world[BOARD], deadline=first).deadline == first
    assert call_goal_save(world, plan, world[BOARD], deadline=last).deadline == last


def test_a_target_equal_to_the_baseline_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_goal_save(world, plan, world[BOARD], baseline=Decimal("50"), target=Decimal("50"))
    )
    assert field_messages(error, "target") == [
        "Acceptabel en meetbaar: de streefwaarde moet verschillen van de beginwaarde."
    ]


@pytest.mark.parametrize(
    ("direction", "target", "message"),
    [
        (
            Direction.HIGHER_IS_BETTER,
            "30",
            "Bij deze indicator is hoger beter: kies een streefwaarde boven de beginwaarde.",
        ),
        (
            Direction.LOWER_IS_BETTER,
            "50",
            "Bij deze indicator is lager beter: kies een streefwaarde onder de beginwaarde.",
        ),
    ],
)
def test_a_target_against_the_direction_is_refused(world, direction, target, message):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_goal_save(
            world, plan, world[BOARD], baseline=Decimal("40"), target=Decimal(target), direction=direction
        )
    )
    assert field_messages(error, "target") == [message]


def test_a_lower_is_better_goal_is_saved(world):
    plan = plan_in(world, "draft")
    goal = call_goal_save(
        world,
        plan,
        world[BOARD],
        baseline=Decimal("30"),
        target=Decimal("22.5"),
        direction=Direction.LOWER_IS_BETTER,
    )
    assert Goal.objects.get(pk=goal.pk).target == Decimal("22.5")


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("description", "Specifiek: beschrijf wat er anders wordt."),
        ("indicator", "Meetbaar: noem de indicator die gemeten wordt."),
        ("unit", "Meetbaar: geef de eenheid van de indicator."),
        ("owner", "Noem de eigenaar die verantwoordelijk is voor het doel."),
    ],
)
def test_a_missing_smart_element_is_named(world, field, message):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], **{field: "  "}))
    assert field_messages(error, field) == [message]


@pytest.mark.parametrize("field", ["baseline", "target", "deadline"])
def test_a_missing_number_or_deadline_is_named_not_a_crash(world, field):
    """The form may send None for an empty field: the service must say what is missing, not fail in the
    database."""
    plan = plan_in(world, "draft")
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], **{field: None}))
    assert field_messages(error, field)


def test_a_goal_without_findings_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], findings=[]))
    assert field_messages(error, "findings") == [
        "Kies de bevinding(en) van de analyse waar dit doel op antwoordt."
    ]


def test_findings_of_another_schools_analysis_are_refused(world):
    plan = plan_in(world, "draft")
    other = new_plan(world, SchoolFactory(board=world.board), complete=False)
    error = refused(lambda: call_goal_save(world, plan, world[BOARD], findings=[finding(other)]))
    assert field_messages(error, "findings") == ["Kies bevindingen uit de analyse van deze school."]


def test_a_goal_of_another_plan_cannot_be_changed_through_this_one(world):
    plan = plan_in(world, "draft")
    other = new_plan(world, SchoolFactory(board=world.board))
    refused(lambda: call_goal_save(world, plan, world[BOARD], goal=other.goals.get()), PermissionDenied)


def test_a_changed_target_in_version_2_needs_a_reason(world):
    version_2 = second_version(world)
    goal = version_2.goals.get()
    error = refused(lambda: call_goal_change(world, version_2, world[BOARD], goal, target=goal.target + 5))
    assert field_messages(error, "target_change_reason")[0].startswith(
        "De streefwaarde wijkt af van versie 1 ("
    )
    saved = call_goal_change(
        world,
        version_2,
        world[BOARD],
        goal,
        target=goal.target + 5,
        target_change_reason=" Na de audit: de lat kan hoger. ",
    )
    assert Goal.objects.get(pk=saved.pk).target_change_reason == "Na de audit: de lat kan hoger."


def test_the_message_on_a_changed_target_shows_the_old_target_in_dutch(world):
    """The old target is shown as a Dutch reader writes it (75 or 75,00), not as Python writes it (75.00)."""
    version_2 = second_version(world)
    goal = version_2.goals.get()
    error = refused(lambda: call_goal_change(world, version_2, world[BOARD], goal, target=Decimal("80")))
    assert field_messages(error, "target_change_reason")[0] in {
        "De streefwaarde wijkt af van versie 1 (75): geef de reden voor de wijziging.",
        "De streefwaarde wijkt af van versie 1 (75,00): geef de reden voor de wijziging.",
    }


def test_an_unchanged_target_in_version_2_needs_no_reason(world):
    version_2 = second_version(world)
    goal = version_2.goals.get()
    saved = call_goal_change(
        world, version_2, world[BOARD], goal, target=goal.target, owner="Nieuwe rekencoördinator"
    )
    assert Goal.objects.get(pk=saved.pk).owner == "Nieuwe rekencoördinator"


def test_a_measure_that_ends_before_it_starts_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_measure_save(world, plan, world[BOARD], starts_on=ENDS_ON, ends_on=STARTS_ON)
    )
    assert field_messages(error, "ends_on") == ["Vul een einddatum in die na de begindatum ligt."]


def test_a_negative_cost_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_measure_save(world, plan, world[BOARD], estimated_cost=Decimal("-0.01")))
    assert field_messages(error, "estimated_cost") == ["De geraamde kosten kunnen niet negatief zijn."]


def test_a_measure_outside_the_trajectory_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_measure_save(
            world, plan, world[BOARD], starts_on=REGISTERED_ON - datetime.timedelta(days=1)
        )
    )
    assert field_messages(error, "starts_on") == [period_message(plan)]


@pytest.mark.parametrize("field", ["estimated_cost", "starts_on", "ends_on"])
def test_a_measure_without_cost_or_dates_is_named_not_a_crash(world, field):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_measure_save(world, plan, world[BOARD], **{field: None}))
    assert field_messages(error, field)


def test_an_unknown_kind_of_measure_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_measure_save(world, plan, world[BOARD], kind="feestje"))
    assert field_messages(error, "kind")


def test_a_measure_of_another_goal_cannot_be_changed_through_this_one(world):
    plan = plan_in(world, "draft")
    other = new_plan(world, SchoolFactory(board=world.board))
    refused(
        lambda: call_measure_save(world, plan, world[BOARD], measure=Measure.objects.get(goal__plan=other)),
        PermissionDenied,
    )


@pytest.mark.parametrize("target", ["500", "551", "0"])
def test_a_cito_target_outside_its_scale_is_refused(world, target):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_agreements(world, plan, world[BOARD], final_test_target=Decimal(target)))
    expected = (
        "Vul een score boven nul in."
        if target == "0"
        else "Een score op de Cito-eindtoets ligt tussen 501 en 550."
    )
    assert field_messages(error, "final_test_target") == [expected]


@pytest.mark.parametrize("target", ["501", "550"])
def test_the_ends_of_the_cito_scale_are_allowed(world, target):
    plan = plan_in(world, "draft")
    assert call_agreements(
        world, plan, world[BOARD], final_test_target=Decimal(target)
    ).final_test_target == Decimal(target)


@pytest.mark.parametrize("target", ["-1", "100.1"])
def test_an_lwoo_target_outside_0_to_100_is_refused(world, target):
    plan = plan_in(world, "draft")
    error = refused(lambda: call_agreements(world, plan, world[BOARD], lwoo_target=Decimal(target)))
    assert field_messages(error, "lwoo_target") == ["Een percentage ligt tussen 0 en 100."]


def test_2011_for_a_school_that_is_not_very_weak_is_refused(world):
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_agreements(
            world,
            plan,
            world[BOARD],
            target_date=TargetDate.EXCEPTION,
            target_justification="Nieuwe directeur.",
        )
    )
    assert field_messages(error, "target_date") == [
        "Alleen een school die zeer zwak is beoordeeld, mag tot 2011 de tijd krijgen; "
        "het huidige oordeel van deze school is niet zeer zwak."
    ]


def test_2011_for_a_very_weak_school_needs_a_justification(world):
    InspectionVerdictFactory(school=world.school, date=datetime.date(2008, 6, 1), verdict=Verdict.VERY_WEAK)
    plan = plan_in(world, "draft")
    error = refused(lambda: call_agreements(world, plan, world[BOARD], target_date=TargetDate.EXCEPTION))
    assert field_messages(error, "target_justification") == [
        "Schrijf op waarom deze zeer zwakke school tot 2011 nodig heeft."
    ]
    saved = call_agreements(
        world,
        plan,
        world[BOARD],
        target_date=TargetDate.EXCEPTION,
        target_justification=" De directeur is nieuw. ",
    )
    assert (saved.target_date, fresh(plan).target_justification) == (
        TargetDate.EXCEPTION,
        "De directeur is nieuw.",
    )


def test_a_school_that_was_very_weak_but_is_now_weak_gets_no_2011(world):
    InspectionVerdictFactory(school=world.school, date=datetime.date(2008, 3, 1), verdict=Verdict.VERY_WEAK)
    InspectionVerdictFactory(school=world.school, date=datetime.date(2008, 11, 1), verdict=Verdict.WEAK)
    plan = plan_in(world, "draft")
    error = refused(
        lambda: call_agreements(
            world, plan, world[BOARD], target_date=TargetDate.EXCEPTION, target_justification="X"
        )
    )
    assert field_messages(error, "target_date")


def test_the_justification_is_dropped_when_2010_is_chosen(world):
    plan = plan_in(world, "draft")
    call_agreements(world, plan, world[BOARD], target_justification="Niet nodig.")
    assert fresh(plan).target_justification == ""


@pytest.mark.parametrize(
    ("what", "missing"),
    [
        ("no_goals", "ten minste één doel"),
        (
            "goal_without_measures",
            "een maatregel voor doel “Meer leerlingen beheersen de rekenvaardigheden van hun leerjaar.”",
        ),
        ("no_final_test", "de streefscore op de eindtoets en welke toets"),
        ("no_lwoo", "het streefpercentage LWOO"),
    ],
)
def test_an_incomplete_plan_cannot_be_submitted(world, what, missing):
    plan = new_plan(world, complete=False)
    if what != "no_goals":
        goal = GoalFactory(plan=plan)
        if what != "goal_without_measures":
            MeasureFactory(goal=goal)
    if what == "no_final_test":
        ImprovementPlan.objects.filter(pk=plan.pk).update(final_test="", final_test_target=None)
    if what == "no_lwoo":
        ImprovementPlan.objects.filter(pk=plan.pk).update(lwoo_target=None)
    plan = fresh(plan)
    error = refused(lambda: call_submit(world, plan, world[BOARD]))
    assert messages_of(error) == [f"Het plan is nog niet volledig. Er ontbreekt nog: {missing}."]
