"""The indicator rules: scales kept apart, the direction of an indicator, the benchmark of the right year, and the
Dutch refusals of a value that cannot be right."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from improvement_plans.constants import FinalTest
from kwaliteitsaanpak.accounts.roles import Role
from monitoring import scores
from monitoring.constants import Indicator, Reference, ValueSource, school_year_of
from monitoring.models import Benchmark, IndicatorValue
from monitoring.scores import IncomparableScales, Measure
from monitoring.selectors import indicators_for_school
from monitoring.services import (
    benchmark_record,
    benchmark_update,
    indicator_value_record,
    indicator_value_update,
)
from tests.factories import SchoolFactory, UserFactory
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory
from tests.refusals import field_messages


def cito(value: str, year: int = 2009) -> Measure:
    return Measure(
        indicator=Indicator.FINAL_TEST, final_test=FinalTest.CITO, value=Decimal(value), school_year=year
    )


def iep(value: str, year: int = 2024) -> Measure:
    return Measure(
        indicator=Indicator.FINAL_TEST, final_test=FinalTest.IEP, value=Decimal(value), school_year=year
    )


def lwoo(value: str, year: int = 2009) -> Measure:
    return Measure(indicator=Indicator.LWOO, value=Decimal(value), school_year=year)


# --- Scales are kept apart ------------------------------------------------------------------------------------


def test_scores_on_one_test_compare_and_subtract():
    assert cito("530") < cito("534.5")
    assert scores.difference(cito("534.5", 2010), cito("530", 2009)) == Decimal("4.5")
    assert scores.average([cito("530"), cito("534")]) == Decimal("532")


@pytest.mark.parametrize(
    "combine",
    [
        lambda: cito("530") < iep("80"),
        lambda: scores.compare(cito("530"), iep("80")),
        lambda: scores.difference(iep("80"), cito("530")),
        lambda: scores.is_better(iep("80"), cito("530")),
        lambda: scores.average([cito("530"), iep("80")]),
        lambda: scores.compare(lwoo("12"), cito("530")),
    ],
)
def test_scores_on_different_scales_are_never_compared_or_averaged(combine):
    with pytest.raises(IncomparableScales, match="verschillende schalen"):
        combine()


def test_a_trend_is_cut_where_the_test_changed():
    series = [iep("78", 2024), cito("530", 2009), cito("532", 2010), iep("80", 2025)]

    segments = scores.trend_segments(series)

    assert [[measure.school_year for measure in segment] for segment in segments] == [
        [2009, 2010],
        [2024, 2025],
    ]


def test_a_lower_lwoo_percentage_is_better_and_a_higher_score_is_better():
    assert scores.is_better(lwoo("12.5"), lwoo("18")) is True
    assert scores.is_better(lwoo("18"), lwoo("12.5")) is False
    assert scores.is_better(cito("535"), cito("533")) is True
    pupils = Measure(indicator=Indicator.PUPILS, value=Decimal(300))
    assert scores.is_better(pupils, pupils) is None


def test_the_school_year_starts_on_the_first_of_august():
    import datetime

    assert school_year_of(datetime.date(2024, 10, 1)) == 2024
    assert school_year_of(datetime.date(2025, 7, 31)) == 2024
    assert school_year_of(datetime.date(2025, 8, 1)) == 2025


# --- The database keeps the scales apart too ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"final_test": FinalTest.CITO, "value": Decimal("560")},
        {"final_test": "", "value": Decimal("530")},
        {"indicator": Indicator.LWOO, "final_test": "", "value": Decimal("101")},
        {"indicator": Indicator.LWOO, "final_test": FinalTest.IEP, "value": Decimal("12")},
    ],
)
def test_the_database_refuses_a_value_off_its_scale(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValueFactory(**fields)


@pytest.mark.django_db
def test_one_school_may_have_results_on_two_tests_in_one_year_but_not_two_on_the_same_test():
    school = SchoolFactory()
    IndicatorValueFactory(school=school, school_year=2024, final_test=FinalTest.IEP, value=Decimal("80"))
    IndicatorValueFactory(school=school, school_year=2024, final_test=FinalTest.LIB, value=Decimal("172"))
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValueFactory(school=school, school_year=2024, final_test=FinalTest.IEP, value=Decimal("81"))


# --- The services' Dutch refusals -----------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.PROGRAMME_STAFF)


def record(user, **fields):
    arguments = {
        "school": SchoolFactory(),
        "school_year": 2009,
        "indicator": Indicator.FINAL_TEST,
        "final_test": FinalTest.CITO,
        "value": Decimal("532"),
        **fields,
    }
    return indicator_value_record(user=user, **arguments)


def test_staff_record_a_cito_score_with_its_test(staff):
    value = record(staff, pupil_count=28)

    assert (value.final_test, value.value, value.source, value.recorded_by) == (
        FinalTest.CITO,
        Decimal("532"),
        ValueSource.MANUAL,
        staff,
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"value": Decimal("560")}, "value", "Een score op de Cito-eindtoets ligt tussen 501 en 550."),
        ({"value": Decimal("500")}, "value", "Een score op de Cito-eindtoets ligt tussen 501 en 550."),
        (
            {"indicator": Indicator.LWOO, "final_test": "", "value": Decimal("120")},
            "value",
            "Een percentage is hoogstens 100.",
        ),
        ({"school_year": 2001}, "school_year", "Kies een schooljaar van het programma: van 2006–2007"),
        ({"school_year": 2040}, "school_year", "Kies een schooljaar van het programma"),
        ({"final_test": ""}, "final_test", "Kies de eindtoets waarmee de score is gemeten"),
        (
            {"school_year": 2024},
            "final_test",
            "De Cito-eindtoets is voor het laatst afgenomen in schooljaar 2022–2023",
        ),
        (
            {"school_year": 2015, "final_test": FinalTest.LIB, "value": Decimal("170")},
            "final_test",
            "Leerling in Beeld (LIB) bestaat pas sinds schooljaar 2023–2024.",
        ),
        (
            {"indicator": Indicator.LWOO, "final_test": FinalTest.IEP, "value": Decimal("12")},
            "final_test",
            "Alleen een eindtoetsresultaat heeft een eindtoets",
        ),
        (
            {"indicator": Indicator.PUPILS, "final_test": "", "value": Decimal("300.5")},
            "value",
            "Vul een heel aantal leerlingen in.",
        ),
    ],
)
def test_a_value_that_cannot_be_right_is_refused_in_dutch_and_nothing_is_stored(
    staff, fields, field, message
):
    with pytest.raises(ValidationError) as refused:
        record(staff, **fields)

    assert any(text.startswith(message) for text in field_messages(refused.value, field)), refused.value
    assert not IndicatorValue.objects.exists()


def test_a_second_value_for_the_same_school_year_and_test_is_refused(staff):
    first = record(staff)

    with pytest.raises(ValidationError) as refused:
        record(staff, school=first.school, value=Decimal("540"))

    assert field_messages(refused.value, "school_year") == [
        "Deze school heeft al een waarde voor deze indicator in schooljaar 2009–2010. Wijzig die waarde."
    ]


def test_a_corrected_import_value_counts_as_entered_by_staff_and_keeps_its_history(staff):
    value = IndicatorValueFactory(source=ValueSource.DUO)

    indicator_value_update(
        user=staff, indicator_value=value, expected_version=value.version, value=Decimal("534")
    )

    value.refresh_from_db()
    assert (value.value, value.source) == (Decimal("534"), ValueSource.MANUAL)
    assert [entry.value for entry in value.history.order_by("history_date")] == [
        Decimal("532.5"),
        Decimal("534"),
    ]


@pytest.mark.parametrize(
    "role", [Role.EXPERT_GROUP, Role.MUNICIPALITY, Role.EDUCATION_EXPERT, Role.SCHOOL_BOARD]
)
def test_only_staff_record_values_and_benchmarks(db, role):
    user = UserFactory(role=role)
    with pytest.raises(PermissionDenied):
        record(user)
    with pytest.raises(PermissionDenied):
        benchmark_record(
            user=user, school_year=2009, indicator=Indicator.LWOO, reference=Reference.G4, value=Decimal("18")
        )
    assert not IndicatorValue.objects.exists()
    assert not Benchmark.objects.exists()


# --- Benchmarks -------------------------------------------------------------------------------------------------


def test_staff_record_and_correct_a_benchmark(staff):
    benchmark = benchmark_record(
        user=staff,
        school_year=2024,
        indicator=Indicator.FINAL_TEST,
        final_test=FinalTest.IEP,
        reference=Reference.G4,
        value=Decimal("78.4"),
    )
    benchmark_update(
        user=staff, benchmark=benchmark, expected_version=benchmark.version, value=Decimal("78.9")
    )

    benchmark.refresh_from_db()
    assert benchmark.value == Decimal("78.9")


def test_a_benchmark_of_a_pupil_count_or_a_duplicate_is_refused(staff):
    with pytest.raises(ValidationError) as refused:
        benchmark_record(
            user=staff,
            school_year=2009,
            indicator=Indicator.PUPILS,
            reference=Reference.G4,
            value=Decimal("300"),
        )
    assert field_messages(refused.value, "indicator") == [
        "Een G4- of landelijk gemiddelde wordt bijgehouden voor de eindtoets en het LWOO-percentage."
    ]
    BenchmarkFactory(school_year=2009, indicator=Indicator.LWOO, final_test="", value=Decimal("19"))
    with pytest.raises(ValidationError) as refused:
        benchmark_record(
            user=staff,
            school_year=2009,
            indicator=Indicator.LWOO,
            reference=Reference.G4,
            value=Decimal("18"),
        )
    assert field_messages(refused.value, "school_year") == [
        "Dit gemiddelde is al vastgelegd voor schooljaar 2009–2010. Wijzig het."
    ]


@pytest.mark.django_db
def test_the_school_indicators_pair_each_value_with_the_benchmark_of_its_own_year_and_test(
    django_assert_num_queries,
):
    school = SchoolFactory()
    old = IndicatorValueFactory(school=school, school_year=2009, value=Decimal("530"))
    new = IndicatorValueFactory(
        school=school, school_year=2024, final_test=FinalTest.IEP, value=Decimal("79")
    )
    BenchmarkFactory(school_year=2009, value=Decimal("533.6"))
    BenchmarkFactory(school_year=2010, value=Decimal("534.0"))
    BenchmarkFactory(school_year=2024, final_test=FinalTest.LIB, value=Decimal("172"))
    iep_g4 = BenchmarkFactory(school_year=2024, final_test=FinalTest.IEP, value=Decimal("78.4"))

    with django_assert_num_queries(2):
        indicators = indicators_for_school(school)

    assert indicators.benchmark(old).value == Decimal("533.6")
    assert indicators.benchmark(new) == iep_g4
    assert indicators.benchmark(new, Reference.NATIONAL) is None
    assert indicators.test_changed
    assert [len(segment) for segment in indicators.final_test_segments] == [1, 1]
