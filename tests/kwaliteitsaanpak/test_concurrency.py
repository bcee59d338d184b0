"""The one refusal of a stale save (ADR 14, `core.concurrency`): who saved the record meanwhile, when, and each
changed field with its new value as the pages show it; a fallback when the history does not reach back."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.concurrency import StaleRecord, changes_since, ensure_current, stale_refusal
from schools import services
from schools.constants import Stadsdeel
from schools.models import School
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def school(db):
    return SchoolFactory(name="De Vuurtoren", stadsdeel=Stadsdeel.NIEUW_WEST, pupil_count=250)


def save_as(user, school, **fields):
    """A change saved as a request saves it: the person on the history row, the edit version moved on."""
    school._history_user = user
    school.__dict__.update(fields)
    school.version += 1
    school.save()


def test_the_refusal_names_who_when_and_every_changed_field_as_a_user_reads_it(school):
    joost = UserFactory(role=Role.PROGRAMME_STAFF, first_name="Joost", last_name="de Vries")
    board = SchoolBoardFactory(name="Stichting Westelijke Eilanden")
    save_as(
        joost,
        school,
        board_id=board.pk,
        stadsdeel=Stadsdeel.ZUID,
        pupil_count_date=datetime.date(2026, 10, 1),
        denomination="",
    )
    found = changes_since(school, 1)
    assert found is not None and found.who == "Joost de Vries"
    assert [str(change) for change in found.changes] == [
        "Schoolbestuur → Stichting Westelijke Eilanden",
        "Denominatie → (leeg)",
        "Stadsdeel → Zuid",
        "Peildatum leerlingaantal → 01-10-2026",
    ]
    message = stale_refusal(school, 1)
    assert message.startswith(
        "Iemand anders heeft deze school opgeslagen terwijl u eraan werkte (Joost de Vries, "
    )
    assert message.endswith(
        "Peildatum leerlingaantal → 01-10-2026. Uw wijzigingen zijn niet opgeslagen. Uw invoer staat hieronder nog: "
        "neem over wat u wilt houden en sla opnieuw op."
    )


def test_without_history_back_to_that_version_the_refusal_says_only_that_someone_saved(school):
    School.objects.filter(pk=school.pk).update(version=2, name="Stil gewijzigd")  # no history row
    school.refresh_from_db()
    with pytest.raises(StaleRecord) as refused:
        ensure_current(school, 1)
    assert refused.value.messages == [
        "Iemand anders heeft deze school opgeslagen terwijl u eraan werkte. Uw wijzigingen zijn niet opgeslagen. "
        "Uw invoer staat hieronder nog: neem over wat u wilt houden en sla opnieuw op."
    ]
    assert refused.value.current_version == 2


def test_a_save_based_on_the_current_version_passes_and_moves_it_on(school):
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    ensure_current(school, school.version)  # nothing to refuse
    services.school_update(user=staff, school=school, expected_version=1, name="De Vuurtoren (nieuw)")
    stored = School.objects.get(pk=school.pk)
    assert (stored.name, stored.version) == ("De Vuurtoren (nieuw)", 2)
    with pytest.raises(ValidationError):
        services.school_update(user=staff, school=stored, expected_version=1, name="Terug")
    assert School.objects.get(pk=school.pk).name == "De Vuurtoren (nieuw)"
