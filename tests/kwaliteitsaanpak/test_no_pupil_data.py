"""No pupil-level data anywhere (docs/retention.md, "No pupil-level data"): no model, history tables included, has a
field that would hold a pupil's name, birth date, citizen service number (BSN), pupil number or gender; person names
are the users' only (staff and partners who log in)."""

import re

from django.apps import apps

FORBIDDEN = re.compile(
    r"bsn|burgerservice|citizen|birth|geboorte|gender|geslacht|sex\b|"
    r"(pupil|leerling|student|child|kind)_?(name|naam|number|nummer|id\b|code|first|last|address)"
)
# A person's name is allowed only where the person is a user of the application.
PERSON_NAME = re.compile(r"^(first_name|last_name|initials|surname|voornaam|achternaam|tussenvoegsel)$")
USER_MODELS = {"accounts.user", "accounts.historicaluser"}


def every_field():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            yield model._meta.label_lower, field.name


def test_no_model_has_a_field_for_pupil_level_data():
    found = [(model, name) for model, name in every_field() if FORBIDDEN.search(name.lower())]
    assert found == []


def test_person_names_are_kept_for_users_only():
    found = [
        (model, name) for model, name in every_field() if PERSON_NAME.match(name) and model not in USER_MODELS
    ]
    assert found == []


def test_the_check_would_notice_a_pupil_s_name_or_birth_date():
    for name in (
        "pupil_name",
        "leerling_naam",
        "birth_date",
        "geboortedatum",
        "bsn",
        "student_number",
        "gender",
    ):
        assert FORBIDDEN.search(name), name
    for allowed in ("pupil_count", "pupil_count_masked", "pupils_tested", "kind", "school_year"):
        assert not FORBIDDEN.search(allowed), allowed
