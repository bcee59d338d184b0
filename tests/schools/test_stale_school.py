"""No lost updates on a school (ADR 14): two staff members open the school's form and both save; the second is
refused with what the first changed (a board by its name, a choice by its label), keeps what they typed, and the
first save stays."""

import pytest

from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import Stadsdeel
from schools.importers.apply import _Author, _update_school
from schools.importers.common import Location
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory
from tests.stale_saves import refusal, saved_by, signed_in, version_on


@pytest.fixture
def school(db):
    return SchoolFactory(name="De Vuurtoren", street_address="Dijkstraat 1", stadsdeel=Stadsdeel.NIEUW_WEST)


def school_data(school, version, **overrides) -> dict:
    data = {
        "version": version,
        "name": school.name,
        "brin": school.brin,
        "location_code": school.location_code,
        "board": school.board_id,
        "kind": school.kind,
        "denomination": school.denomination,
        "street_address": school.street_address,
        "postcode": school.postcode,
        "city": school.city,
        "stadsdeel": school.stadsdeel,
        "pupil_count": school.pupil_count,
    }
    return {**data, **overrides}


def test_the_second_save_of_a_school_names_the_first_change_and_keeps_what_was_typed(school, staff_user):
    path = f"/scholen/{school.pk}/wijzigen/"
    colleague = UserFactory(role=Role.PROGRAMME_STAFF, first_name="Joost", last_name="de Vries")
    first, second = signed_in(colleague), signed_in(staff_user)
    seen = version_on(first.get(path).content.decode())
    assert version_on(second.get(path).content.decode()) == seen
    other_board = SchoolBoardFactory(name="Stichting Westelijke Eilanden")

    changed = school_data(school, seen, board=other_board.pk, stadsdeel=Stadsdeel.ZUID, pupil_count=312)
    assert first.post(path, changed).status_code == 302

    content = refusal(second.post(path, school_data(school, seen, street_address="Dijkstraat 3")))
    school.refresh_from_db()
    assert (
        f"Iemand anders heeft deze school opgeslagen terwijl u eraan werkte {saved_by(school)}: "
        f"Schoolbestuur → {other_board}; Stadsdeel → Zuid; Aantal leerlingen → 312. "
        "Uw wijzigingen zijn niet opgeslagen."
    ) in content
    assert "(Joost de Vries, " in content
    assert 'value="Dijkstraat 3"' in content
    assert (school.board, school.street_address, school.pupil_count) == (other_board, "Dijkstraat 1", 312)


def test_a_school_form_opened_before_a_duo_import_does_not_undo_it(school, staff_user):
    """The import moves the school's version on, so a form opened before it is refused rather than undoing it."""
    path = f"/scholen/{school.pk}/wijzigen/"
    browser = signed_in(staff_user)
    seen = version_on(browser.get(path).content.decode())
    location = Location(
        line=2, brin=school.brin, location_code="00", board_number=None, overwrite={"pupil_count": 280}
    )
    assert _update_school(school, location, None, _Author(user=None, reason="DUO"))

    content = refusal(
        browser.post(path, school_data(school, seen, pupil_count=250, name="De Vuurtoren (nieuw)"))
    )
    assert "Iemand anders heeft deze school opgeslagen" in content and "Aantal leerlingen → 280" in content
    school.refresh_from_db()
    assert (school.name, school.pupil_count) == ("De Vuurtoren", 280)
