"""No lost updates on indicator values, G4 and national averages and programme rounds (ADR 14): two colleagues
open the same form and both save; the second is refused with who changed what, keeps what they typed, and — the form
now carrying the record's current version — their next save goes through. Also when the form has errors of its own
(ADR 12)."""

import datetime
from decimal import Decimal

import pytest

from improvement_plans.constants import FinalTest
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.constants import Indicator, Reference
from tests.factories import ProgrammeRoundFactory, SchoolFactory, UserFactory
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory
from tests.stale_saves import refusal, saved_by, signed_in, version_on

KEPT = "Uw wijzigingen zijn niet opgeslagen. Uw invoer staat hieronder nog: neem over wat u wilt houden"

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues():
    """Two of the programme staff, each in a browser of their own."""
    return (
        signed_in(UserFactory(role=Role.PROGRAMME_STAFF, first_name="Els", last_name="Bakker")),
        signed_in(UserFactory(role=Role.PROGRAMME_STAFF, first_name="Joost", last_name="de Vries")),
    )


def test_the_second_correction_of_an_indicator_value_names_the_first_and_goes_through_after_reading_it(
    colleagues,
):
    first, second = colleagues
    value = IndicatorValueFactory(school=SchoolFactory(), value=Decimal("530"), pupil_count=None)
    url = f"/monitor/indicatoren/{value.pk}/wijzigen/"
    seen = version_on(first.get(url).content.decode())
    assert version_on(second.get(url).content.decode()) == seen
    data = {
        "school": value.school_id,
        "school_year": str(value.school_year),
        "indicator": Indicator.FINAL_TEST,
        "final_test": FinalTest.CITO,
        "value": "530",
        "pupil_count": "",
    }
    assert (
        first.post(url, {**data, "value": "531,5", "pupil_count": "28", "version": seen}).status_code == 302
    )

    typed = {**data, "value": "528", "version": seen}
    content = refusal(second.post(url, typed))
    value.refresh_from_db()
    assert (
        f"Iemand anders heeft deze waarde opgeslagen terwijl u eraan werkte {saved_by(value)}: "
        "Waarde → 531,5; Aantal getoetste leerlingen → 28. " + KEPT
    ) in content
    assert 'value="528"' in content  # what the second colleague typed
    assert (value.value, value.pupil_count) == (Decimal("531.5"), 28)

    assert version_on(content) == value.version
    assert second.post(url, {**typed, "pupil_count": "28", "version": version_on(content)}).status_code == 302
    value.refresh_from_db()
    assert (value.value, value.pupil_count) == (Decimal("528"), 28)


def test_a_stale_indicator_value_with_an_error_of_its_own_shows_both_and_moves_on(colleagues):
    first, second = colleagues
    value = IndicatorValueFactory(school=SchoolFactory(), value=Decimal("530"))
    url = f"/monitor/indicatoren/{value.pk}/wijzigen/"
    seen = version_on(second.get(url).content.decode())
    data = {
        "school": value.school_id,
        "school_year": str(value.school_year),
        "indicator": Indicator.FINAL_TEST,
        "final_test": FinalTest.CITO,
        "value": "530",
        "pupil_count": "",
    }
    assert first.post(url, {**data, "value": "531,5", "version": seen}).status_code == 302

    # A number of pupils that is no number, and a stale version: one round reports both (ADR 12).
    typed = {**data, "value": "528", "pupil_count": "dertig", "version": seen}
    content = refusal(second.post(url, typed))
    value.refresh_from_db()
    assert "Vul een heel aantal leerlingen in." in content
    assert "Iemand anders heeft deze waarde opgeslagen terwijl u eraan werkte" in content
    assert "Waarde → 531,5" in content
    assert version_on(content) == value.version

    assert second.post(url, {**typed, "pupil_count": "30", "version": version_on(content)}).status_code == 302
    value.refresh_from_db()
    assert (value.value, value.pupil_count) == (Decimal("528"), 30)


def test_the_second_correction_of_an_average_names_the_first_and_goes_through_after_reading_it(colleagues):
    first, second = colleagues
    benchmark = BenchmarkFactory(
        school_year=2024,
        reference=Reference.G4,
        indicator=Indicator.LWOO,
        final_test="",
        value=Decimal("18.0"),
    )
    url = f"/monitor/benchmarks/{benchmark.pk}/wijzigen/"
    seen = version_on(first.get(url).content.decode())
    assert version_on(second.get(url).content.decode()) == seen
    data = {"school_year": "2024", "reference": Reference.G4, "indicator": Indicator.LWOO, "final_test": ""}
    assert first.post(url, {**data, "value": "17,5", "version": seen}).status_code == 302

    typed = {**data, "value": "19,25", "version": seen}
    content = refusal(second.post(url, typed))
    benchmark.refresh_from_db()
    assert (
        f"Iemand anders heeft deze waarde opgeslagen terwijl u eraan werkte {saved_by(benchmark)}: "
        "Waarde → 17,5. " + KEPT
    ) in content
    assert 'value="19,25"' in content
    assert benchmark.value == Decimal("17.5")

    assert version_on(content) == benchmark.version
    assert second.post(url, {**typed, "version": version_on(content)}).status_code == 302
    benchmark.refresh_from_db()
    assert benchmark.value == Decimal("19.25")


def round_data(programme_round, version, **overrides) -> dict:
    return {
        "version": version,
        "name": programme_round.name,
        "reference_date": "31-01-2025",
        "target_year": "2026",
        "exception_year": "2027",
        "follow_up_years": "2",
        "indicators": ["eindtoets", "lwoo"],
        "reference": "g4",
        "add_codes": "",
        "remove_codes": "",
    } | overrides


def test_the_second_change_of_a_round_names_the_first_and_goes_through_after_reading_it(colleagues):
    first, second = colleagues
    programme_round = ProgrammeRoundFactory(
        name="Kwaliteitsaanpak 2025–2027",
        reference_date=datetime.date(2025, 1, 31),
        target_year=2026,
        exception_year=2027,
        follow_up_years=2,
    )
    url = f"/monitor/rondes/{programme_round.pk}/wijzigen/"
    seen = version_on(first.get(url).content.decode())
    assert version_on(second.get(url).content.decode()) == seen
    assert first.post(url, round_data(programme_round, seen, exception_year="2028")).status_code == 302

    typed = round_data(programme_round, seen, name="Kwaliteitsaanpak 2025–2028")
    content = refusal(second.post(url, typed))
    programme_round.refresh_from_db()
    assert (
        f"Iemand anders heeft deze ronde opgeslagen terwijl u eraan werkte {saved_by(programme_round)}: "
        "Uiterste jaar voor uitzonderingen → 2028. " + KEPT
    ) in content
    assert 'value="Kwaliteitsaanpak 2025–2028"' in content
    assert (programme_round.name, programme_round.exception_year) == ("Kwaliteitsaanpak 2025–2027", 2028)

    assert version_on(content) == programme_round.version
    again = {**typed, "exception_year": "2028", "version": version_on(content)}
    assert second.post(url, again).status_code == 302
    programme_round.refresh_from_db()
    assert (programme_round.name, programme_round.exception_year) == ("Kwaliteitsaanpak 2025–2028", 2028)
