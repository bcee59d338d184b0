"""The one way a stored value reads (`core.display`, ADR 19), shared by the history pages and the refusal of a stale
save: what the pages show, the same in both."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from finance.models import BudgetLine
from improvement_plans.models import Goal
from kwaliteitsaanpak.core.display import display_value, field_label, related_names
from schools.models import School
from tests.factories import SchoolBoardFactory


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def shown(model, name: str, value, names=None, **kwargs) -> str:
    return display_value(model._meta.get_field(name), value, names or {}, **kwargs).text


def test_numbers_read_as_the_pages_write_them():
    assert shown(Goal, "target", Decimal("80.00")) == "80"
    assert shown(Goal, "target", Decimal("12345.50")) == "12.345,5"
    assert shown(BudgetLine, "amount", Decimal("12500")) == "€\u00a012.500,00"
    assert shown(School, "pupil_count", 2009) == "2009"  # a count or a year: no thousands separator


def test_choices_dates_and_empty_values():
    assert shown(School, "stadsdeel", "zuid") == "Zuid"
    assert shown(School, "pupil_count_date", datetime.date(2026, 10, 1)) == "01-10-2026"
    assert shown(School, "denomination", "") == "–"
    assert shown(School, "denomination", None, empty="(leeg)") == "(leeg)"


@pytest.mark.django_db
def test_a_related_record_by_its_name_and_a_removed_one_by_its_number():
    board = SchoolBoardFactory(name="Stichting Westelijke Eilanden")
    field = School._meta.get_field("board")
    names = related_names([(field, board.pk), (field, 999_999)])
    assert display_value(field, board.pk, names).text == "Stichting Westelijke Eilanden"
    assert display_value(field, 999_999, names).text == "#999999"


def test_a_long_text_is_shortened_with_the_whole_text_beside_it_and_labels_drop_the_euro_sign():
    text = "Meer leerlingen lezen op niveau. " * 10
    value = display_value(Goal._meta.get_field("description"), text, {})
    assert value.typed and value.full == text
    assert len(value.text) <= 120 and value.text.endswith("…")
    assert field_label(BudgetLine._meta.get_field("municipality_amount")) == "Bijdrage gemeente"
