"""The rules of programme rounds: which round a school joins, the years a plan's result agreements promise per
round (exceptions for very weak schools included), the data migration that put the existing trajectories in the
first round, opening and changing a round with every problem reported at once, the reference list by code and by
verdict, and the monitor as the source of a plan's starting values."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from improvement_plans.baselines import baselines_for
from improvement_plans.constants import FinalTest, Indicator, Reference, TargetDate
from improvement_plans.models import ImprovementPlan, ProgrammeRound, Trajectory, first_round
from kwaliteitsaanpak.accounts.roles import Role
from monitoring import services_rounds
from schools.constants import ReferenceList, Verdict
from tests.factories import (
    ImprovementPlanFactory,
    InspectionVerdictFactory,
    ProgrammeRoundFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.improvement_plans.plans import call_agreements, plan_in
from tests.improvement_plans.worlds import BOARD, make_world
from tests.monitoring.factories_indicators import IndicatorValueFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("improvement_plans.migrations.0010_programme_rounds")


def new_round(**overrides) -> dict:
    return {
        "name": "Kwaliteitsaanpak 2026–2028",
        "reference_date": datetime.date(2026, 1, 31),
        "target_year": 2027,
        "exception_year": 2028,
        "follow_up_years": 2,
        "indicators": [Indicator.FINAL_TEST, Indicator.LWOO],
        "reference": Reference.G4,
    } | overrides


@pytest.fixture
def staff():
    return UserFactory(role=Role.PROGRAMME_STAFF)


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# Which round, which years


def test_a_school_registered_after_a_new_rounds_reference_date_joins_that_round():
    first = first_round()
    later = ProgrammeRoundFactory(
        reference_date=datetime.date(2026, 1, 31), target_year=2027, exception_year=2028
    )
    assert ProgrammeRound.objects.current(datetime.date(2026, 1, 30)) == first
    assert ProgrammeRound.objects.current(datetime.date(2026, 1, 31)) == later
    assert TrajectoryFactory().programme_round == later  # registered today, 2 December 2026 or later


@pytest.mark.parametrize(
    ("round_years", "target_date", "year"),
    [
        ((2010, 2011), TargetDate.TARGET, 2010),
        ((2010, 2011), TargetDate.EXCEPTION, 2011),
        ((2027, 2028), TargetDate.TARGET, 2027),
        ((2027, 2028), TargetDate.EXCEPTION, 2028),
    ],
)
def test_a_plan_promises_the_years_of_its_own_round(round_years, target_date, year):
    target, exception = round_years
    programme_round = (
        first_round()
        if target == 2010
        else ProgrammeRoundFactory(target_year=target, exception_year=exception)
    )
    plan = ImprovementPlanFactory(
        trajectory__programme_round=programme_round,
        target_date=target_date,
        target_justification="Nieuw team.",
    )
    assert ImprovementPlan.objects.get(pk=plan.pk).target_year == year


def in_round(plan, programme_round) -> ImprovementPlan:
    Trajectory.objects.filter(pk=plan.trajectory_id).update(programme_round=programme_round)
    return ImprovementPlan.objects.get(pk=plan.pk)


def test_a_very_weak_school_of_the_2026_round_gets_until_2028_and_of_the_first_round_until_2011():
    world = make_world()
    InspectionVerdictFactory(school=world.school, date=datetime.date(2025, 11, 1), verdict=Verdict.VERY_WEAK)
    plan = in_round(plan_in(world, "draft"), ProgrammeRoundFactory(target_year=2027, exception_year=2028))
    with pytest.raises(ValidationError) as refused:
        call_agreements(world, plan, world[BOARD], target_date=TargetDate.EXCEPTION)
    assert messages(refused.value)["target_justification"] == [
        "Schrijf op waarom deze zeer zwakke school tot 2028 nodig heeft."
    ]
    saved = call_agreements(
        world, plan, world[BOARD], target_date=TargetDate.EXCEPTION, target_justification="Nieuw team."
    )
    assert ImprovementPlan.objects.get(pk=saved.pk).target_year == 2028
    assert in_round(plan, first_round()).target_year == 2011


def test_a_weak_school_gets_no_exception_year_in_any_round():
    world = make_world()
    InspectionVerdictFactory(school=world.school, date=datetime.date(2025, 11, 1), verdict=Verdict.WEAK)
    plan = in_round(plan_in(world, "draft"), ProgrammeRoundFactory(target_year=2027, exception_year=2028))
    with pytest.raises(ValidationError) as refused:
        call_agreements(world, plan, world[BOARD], target_date=TargetDate.EXCEPTION, target_justification="X")
    assert "tot 2028 de tijd krijgen" in messages(refused.value)["target_date"][0]


# The data migration


def test_the_migration_puts_the_schools_of_reference_list_verdicts_on_the_first_rounds_list():
    original, added, never = SchoolFactory(), SchoolFactory(), SchoolFactory()
    InspectionVerdictFactory(school=original, reference_list=ReferenceList.ORIGINAL)
    InspectionVerdictFactory(
        school=added, date=datetime.date(2008, 4, 15), reference_list=ReferenceList.ADDITION
    )
    InspectionVerdictFactory(school=never)
    MIGRATION.put_trajectories_in_first_round(apps, None)
    first = ProgrammeRound.objects.get(reference_date=datetime.date(2008, 1, 31))
    assert (first.name, first.target_year, first.exception_year) == (
        "Kwaliteitsaanpak Basisonderwijs 2008–2011",
        2010,
        2011,
    )
    listed = set(first.reference_schools.values_list("pk", flat=True))
    assert {original.pk, added.pk} <= listed
    assert never.pk not in listed


def test_the_migration_turns_the_old_years_into_the_rounds_target_and_exception():
    plans = [ImprovementPlanFactory(), ImprovementPlanFactory()]
    ImprovementPlan.objects.filter(pk=plans[0].pk).update(target_date="2010", target_justification="-")
    ImprovementPlan.objects.filter(pk=plans[1].pk).update(target_date="2011", target_justification="Argument")
    MIGRATION.target_years_to_round_years(apps, None)
    stored = [ImprovementPlan.objects.get(pk=plan.pk) for plan in plans]
    assert [plan.target_date for plan in stored] == [TargetDate.TARGET, TargetDate.EXCEPTION]
    assert [plan.target_year for plan in stored] == [2010, 2011]  # their trajectories are in the first round


# Opening and changing a round


def test_staff_open_a_round_with_schools_by_code_and_every_school_weak_on_its_date(staff):
    weak = SchoolFactory(brin="20XK")
    InspectionVerdictFactory(school=weak, date=datetime.date(2025, 6, 1), verdict=Verdict.WEAK)
    recovered = SchoolFactory()
    InspectionVerdictFactory(school=recovered, date=datetime.date(2024, 6, 1), verdict=Verdict.VERY_WEAK)
    InspectionVerdictFactory(school=recovered, date=datetime.date(2025, 9, 1), verdict=Verdict.SUFFICIENT)
    weak_later = SchoolFactory()
    InspectionVerdictFactory(school=weak_later, date=datetime.date(2026, 3, 1), verdict=Verdict.WEAK)
    named = SchoolFactory(brin="18WD", location_code="01")
    created = services_rounds.round_create(
        user=staff, **new_round(), add_codes="18wd01", add_weak_schools=True
    )
    assert set(created.reference_schools.all()) == {weak, named}
    assert created.indicators == [Indicator.FINAL_TEST, Indicator.LWOO]
    assert created.history.count() >= 1


def test_every_problem_with_a_round_is_reported_at_once(staff):
    existing = ProgrammeRoundFactory(name="Ronde 2026", reference_date=datetime.date(2026, 1, 31))
    before = ProgrammeRound.objects.count()
    with pytest.raises(ValidationError) as refused:
        services_rounds.round_create(
            user=staff,
            **new_round(
                name="ronde 2026",
                reference_date=datetime.date(2029, 1, 31),
                target_year=2027,
                exception_year=2026,
                follow_up_years=20,
                indicators=[],
            ),
            add_codes="18WD00, XYZ",
        )
    found = messages(refused.value)
    assert found == {
        "name": ["Er is al een ronde met de naam “ronde 2026”. Kies een andere naam."],
        "reference_date": [
            "De datum van de referentielijst ligt meer dan een jaar vooruit. Vul de dag in waarop de lijst is "
            "opgesteld."
        ],
        "target_year": ["Het doeljaar kan niet vóór de datum van de referentielijst (2029) liggen."],
        "exception_year": ["Het uiterste jaar voor uitzonderingen kan niet vóór het doeljaar (2027) liggen."],
        "follow_up_years": ["Vul een aantal jaren in van 0 tot en met 10."],
        "indicators": ["Kies ten minste één indicator die in de ronde is afgesproken."],
        "add_codes": [
            "Er staat geen school 18WD00 in het register.",
            "“XYZ” is geen BRIN-nummer met vestigingscode, zoals 18WD00.",
        ],
    }
    assert ProgrammeRound.objects.get(pk=existing.pk).name == "Ronde 2026"
    assert ProgrammeRound.objects.count() == before  # nothing was opened


def test_two_rounds_cannot_share_the_date_of_their_reference_list(staff):
    ProgrammeRoundFactory(reference_date=datetime.date(2026, 1, 31))
    with pytest.raises(ValidationError) as refused:
        services_rounds.round_create(user=staff, **new_round(name="Andere ronde"))
    assert messages(refused.value) == {
        "reference_date": [
            "Er is al een ronde met een referentielijst van 31 januari 2026. Elke ronde heeft een eigen lijst."
        ]
    }


def test_changing_a_round_adds_and_removes_schools_and_its_plans_read_the_new_years(staff):
    programme_round = ProgrammeRoundFactory(
        reference_date=datetime.date(2025, 1, 31), target_year=2027, exception_year=2028
    )
    listed, kept, new = SchoolFactory(brin="11AA"), SchoolFactory(brin="11BB"), SchoolFactory(brin="11CC")
    programme_round.reference_schools.add(listed, kept)
    plan = ImprovementPlanFactory(trajectory__programme_round=programme_round)
    services_rounds.round_update(
        user=staff,
        programme_round=programme_round,
        **new_round(
            name=programme_round.name,
            reference_date=programme_round.reference_date,
            target_year=2028,
            exception_year=2029,
        ),
        add_codes="11CC00",
        remove_codes="11AA00",
    )
    assert set(programme_round.reference_schools.all()) == {kept, new}
    assert ImprovementPlan.objects.get(pk=plan.pk).target_year == 2028
    # Each change of the list is a version in the round's history.
    assert programme_round.history.count() >= 2


def test_a_code_to_remove_must_be_on_the_list_and_one_to_add_not_yet(staff):
    programme_round = ProgrammeRoundFactory(reference_date=datetime.date(2025, 1, 31))
    listed, other = SchoolFactory(brin="11AA", name="De Linde"), SchoolFactory(brin="11BB", name="De Esch")
    programme_round.reference_schools.add(listed)
    with pytest.raises(ValidationError) as refused:
        services_rounds.round_update(
            user=staff,
            programme_round=programme_round,
            **new_round(name=programme_round.name, reference_date=programme_round.reference_date),
            add_codes="11AA00",
            remove_codes="11BB00",
        )
    assert messages(refused.value) == {
        "add_codes": ["De Linde (11AA00) staat al op de referentielijst."],
        "remove_codes": ["De Esch (11BB00) staat niet op de referentielijst."],
    }
    assert list(programme_round.reference_schools.all()) == [listed]
    assert other.pk


def test_filling_the_list_from_the_verdicts_adds_only_the_schools_not_on_it(staff):
    programme_round = ProgrammeRoundFactory(reference_date=datetime.date(2026, 1, 31))
    on_list, weak = SchoolFactory(), SchoolFactory()
    for school in (on_list, weak):
        InspectionVerdictFactory(school=school, date=datetime.date(2025, 5, 1), verdict=Verdict.VERY_WEAK)
    programme_round.reference_schools.add(on_list)
    assert services_rounds.round_add_weak_schools(user=staff, programme_round=programme_round) == 1
    assert services_rounds.round_add_weak_schools(user=staff, programme_round=programme_round) == 0
    assert set(programme_round.reference_schools.all()) == {on_list, weak}


@pytest.mark.parametrize("role", [Role.EXPERT_GROUP, Role.MUNICIPALITY, Role.SCHOOL_BOARD])
def test_only_staff_open_change_or_fill_rounds(role):
    user = UserFactory(role=role)
    programme_round = ProgrammeRoundFactory()
    with pytest.raises(PermissionDenied):
        services_rounds.round_create(
            user=user, **new_round(name="Nieuw", reference_date=datetime.date(2025, 1, 31))
        )
    with pytest.raises(PermissionDenied):
        services_rounds.round_add_weak_schools(user=user, programme_round=programme_round)


def test_school_codes_are_read_the_way_people_type_them():
    assert services_rounds.parse_school_codes(" 18wd00, 20XK01;20xk01\n99AA ") == ["18WD00", "20XK01", "99AA"]


# The monitor as the source of the starting values


def test_the_starting_values_are_the_schools_latest_before_the_plan_on_its_own_test():
    plan = ImprovementPlanFactory(final_test=FinalTest.IEP)
    ImprovementPlan.objects.filter(pk=plan.pk).update(
        created_at=datetime.datetime(2025, 9, 15, 10, tzinfo=datetime.UTC)
    )
    school = plan.trajectory.school
    IndicatorValueFactory(school=school, school_year=2023, final_test=FinalTest.IEP, value=Decimal("76.0"))
    IndicatorValueFactory(
        school=school, school_year=2024, final_test=FinalTest.ROUTE8, value=Decimal("201.0")
    )
    IndicatorValueFactory(school=school, school_year=2025, final_test=FinalTest.IEP, value=Decimal("79.0"))
    IndicatorValueFactory(
        school=school, school_year=2024, indicator=Indicator.LWOO, final_test="", value=Decimal("21.5")
    )
    found = baselines_for(ImprovementPlan.objects.get(pk=plan.pk))
    # 2025–2026 began after the plan was started in that school year: not known then. ROUTE 8 is another scale.
    assert (found.final_test.value, found.final_test.school_year, found.final_test.final_test) == (
        Decimal("76.0"),
        2023,
        FinalTest.IEP,
    )
    assert (found.lwoo.value, found.lwoo.school_year_label) == (Decimal("21.5"), "2024–2025")
    assert baselines_for(ImprovementPlan.objects.get(pk=plan.pk), final_test=FinalTest.LIB).final_test is None
