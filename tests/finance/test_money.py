"""Money is Decimal euros with two decimals: typed the Dutch way, shown the Dutch way, never a float."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from kwaliteitsaanpak.core.forms import DutchMoneyField
from kwaliteitsaanpak.core.money import format_money, format_percentage, percentage


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12.345,67", Decimal("12345.67")),
        ("12345,67", Decimal("12345.67")),
        ("€ 12.345", Decimal("12345")),
        ("1.234.567,8", Decimal("1234567.8")),
        ("0", Decimal("0")),
    ],
)
def test_amounts_are_read_the_dutch_way(typed, value):
    assert DutchMoneyField(max_digits=12).clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345,678", "Vul een bedrag in euro en cent in: hoogstens twee cijfers na de komma."),
        ("-5", "Het bedrag kan niet negatief zijn."),
        ("twaalf", "Vul een bedrag in euro in, bijvoorbeeld 12.345,67."),
        ("12,34,5", "Vul een bedrag in euro in, bijvoorbeeld 12.345,67."),
    ],
)
def test_a_wrong_amount_is_explained(typed, message):
    from django import forms

    with pytest.raises(forms.ValidationError) as error:
        DutchMoneyField(max_digits=12).clean(typed)
    assert error.value.messages == [message]


def test_amounts_and_percentages_are_shown_the_dutch_way():
    assert format_money(Decimal("12345.67")) == "€\u00a012.345,67"
    assert format_money(Decimal("-1500")) == "€\u00a0-1.500,00"
    assert format_money(Decimal("0.005")) == "€\u00a00,01"
    assert format_percentage(percentage(Decimal("1"), Decimal("8"))) == "12,5%"
    assert format_percentage(percentage(Decimal("1"), Decimal("0"))) == "–"
    rendered = Template("{% load money %}{{ amount|money }} · {{ share|percent }}").render(
        Context({"amount": Decimal("8000"), "share": Decimal("66.7")})
    )
    assert rendered == "€\u00a08.000,00 · 66,7%"
