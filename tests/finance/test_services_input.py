"""Bad input to the finance services, for budget lines and the grant decision: a clear Dutch message on the field it
concerns (or for the whole form where there is no field), and nothing saved (every row and file is fingerprinted
before and after). Spending, the experts' costs and the ledger's bounds are in test_services_input_spending.py."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from finance.models import GrantDecision
from tests.factories import MeasureFactory, SchoolFactory
from tests.finance.budgets import (
    add_amounts,
    add_line,
    budget_in,
    grant,
    line_amounts,
    new_plan_version,
    start_budget,
)
from tests.finance.worlds import eur, long_date, refused
from tests.refusals import field_messages

# Budget lines


def test_shares_that_do_not_add_up_are_refused(world, draft):
    error = refused(lambda: add_amounts(world, draft, "12500.00", "10000.00", "2000.00"))
    assert error.message_dict == {
        "amount": [
            f"De bijdragen komen niet uit op het bedrag van {eur('12.500,00')}: {eur('10.000,00')} van de "
            f"gemeente en {eur('2.000,00')} van het bestuur is samen {eur('12.000,00')}. Pas het bedrag of de "
            "bijdragen aan."
        ]
    }


def test_a_one_cent_difference_is_refused_too(world, draft):
    error = refused(lambda: add_amounts(world, draft, "100.00", "66.67", "33.34"))
    assert f"is samen {eur('100,01')}." in field_messages(error, "amount")[0]


@pytest.mark.parametrize(
    ("amount", "municipality", "board", "fields"),
    [
        ("1000.00", "1500.00", "-500.00", {"board_amount"}),
        ("1000.00", "-500.00", "1500.00", {"municipality_amount"}),
        ("-1000.00", "-500.00", "-500.00", {"amount", "municipality_amount", "board_amount"}),
    ],
    ids=["board_share", "municipal_share", "everything"],
)
def test_a_negative_amount_is_refused(world, draft, amount, municipality, board, fields):
    """The shares add up each time: only the negative amounts are named."""
    error = refused(
        lambda: add_line(
            world,
            draft,
            amount=Decimal(amount),
            municipality_amount=Decimal(municipality),
            board_amount=Decimal(board),
        )
    )
    assert error.message_dict == dict.fromkeys(fields, ["Een bedrag kan niet negatief zijn."])


@pytest.mark.parametrize("field", ["amount", "municipality_amount", "board_amount"])
def test_fractions_of_cents_are_refused(world, draft, field):
    amounts = line_amounts("12345.67", "10000.00", "2345.67") | {field: Decimal("12345.678")}
    error = refused(lambda: add_line(world, draft, **amounts))
    assert field_messages(error, field) == [
        "Vul een bedrag in euro en cent in: hoogstens twee cijfers na de komma."
    ]


@pytest.mark.parametrize("field", ["amount", "municipality_amount", "board_amount"])
def test_a_float_is_refused(world, draft, field):
    """The right sum, but one of the amounts is a float (12500.0): binary fractions never reach the ledger."""
    amounts = line_amounts("12500.00", "10000.00", "2500.00")
    amounts[field] = float(amounts[field])
    error = refused(lambda: add_line(world, draft, **amounts))
    assert error.message_dict == {field: ["Vul een bedrag in euro in, bijvoorbeeld 12.345,67."]}


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), "12500", 12500])
def test_anything_but_a_finite_decimal_is_refused(world, draft, value):
    error = refused(lambda: add_line(world, draft, amount=value))
    assert field_messages(error, "amount") == ["Vul een bedrag in euro in, bijvoorbeeld 12.345,67."]


def test_a_zero_amount_is_refused(world, draft):
    error = refused(lambda: add_amounts(world, draft, "0.00", "0", "0"))
    assert error.message_dict == {"amount": ["Vul een bedrag boven nul in."]}


def test_a_share_of_zero_is_allowed(world, draft):
    line = add_amounts(world, draft, "800.00", "800.00", "0")
    assert (line.municipality_amount, line.board_amount) == (Decimal("800.00"), Decimal("0"))


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("amount", "Vul het bedrag van deze regel in."),
        ("municipality_amount", "Vul de bijdrage van de gemeente in; 0 als de gemeente niets betaalt."),
        ("board_amount", "Vul de bijdrage van het bestuur in; 0 als het bestuur niets betaalt."),
        ("measure", "Kies de maatregel waarvoor dit bedrag is."),
        ("school_year", "Kies het schooljaar."),
    ],
)
def test_a_missing_value_is_named(world, draft, field, message):
    error = refused(lambda: add_line(world, draft, **{field: None}))
    assert field_messages(error, field) == [message]


def test_an_unknown_cost_category_is_refused(world, draft):
    error = refused(lambda: add_line(world, draft, category="feestje"))
    assert error.message_dict == {"category": ["Kies de kostensoort."]}


def test_a_measure_of_another_plan_is_refused(world, draft):
    other = budget_in(world, "draft", school=SchoolFactory(board=world.board))
    error = refused(lambda: add_line(world, draft, measure=other.lines.get().measure))
    assert error.message_dict == {"measure": ["Kies een maatregel uit deze versie van het plan."]}


def test_a_measure_of_an_earlier_version_of_the_same_plan_is_refused(world):
    approved = budget_in(world, "approved")
    version_2 = new_plan_version(world, approved.plan)
    revision = start_budget(world, version_2, reason="De audit.")
    error = refused(lambda: add_line(world, revision, measure=approved.lines.get().measure))
    assert field_messages(error, "measure") == ["Kies een maatregel uit deze versie van het plan."]


@pytest.mark.parametrize("school_year", [2007, 2010])
def test_a_school_year_in_which_the_measure_does_not_run_is_refused(world, draft, school_year):
    error = refused(lambda: add_line(world, draft, school_year=school_year))
    assert error.message_dict == {
        "school_year": [
            "De maatregel loopt van 31 oktober 2008 tot 27 augustus 2009: kies schooljaar 2008/2009 of 2009/2010."
        ]
    }


def test_a_measure_within_one_school_year_names_that_year(world, draft):
    measure = MeasureFactory(
        goal=draft.lines.get().measure.goal,
        starts_on=datetime.date(2009, 9, 1),
        ends_on=datetime.date(2010, 6, 30),
    )
    error = refused(lambda: add_line(world, draft, measure=measure, school_year=2008))
    assert field_messages(error, "school_year") == [
        "De maatregel loopt van 1 september 2009 tot 30 juni 2010: kies schooljaar 2009/2010."
    ]


def test_every_wrong_field_is_named_at_once(world, draft):
    error = refused(
        lambda: add_line(world, draft, measure=None, category="", amount=Decimal("-1"), school_year=None)
    )
    assert set(error.message_dict) == {"measure", "category", "amount", "school_year"}


def test_descriptions_are_stored_without_surrounding_spaces(world, draft):
    line = add_line(world, draft, school_year=2009, description="  Rekenmethode  ")
    assert line.description == "Rekenmethode"


# The grant decision


def test_a_grant_above_the_approved_municipal_share_is_refused(world, approved):
    error = refused(lambda: grant(world, approved, amount=Decimal("10000.01")))
    assert error.message_dict == {
        "amount": [
            f"De beschikking mag niet hoger zijn dan de goedgekeurde bijdrage van de gemeente van {eur('10.000,00')}."
        ]
    }


def test_a_grant_of_the_whole_share_or_less_is_allowed(world, approved):
    assert grant(world, approved, amount=Decimal("9500.00")).amount == Decimal("9500.00")
    # Recording it again corrects it, under the same reference.
    corrected = grant(world, approved, amount=Decimal("10000.00"))
    assert (GrantDecision.objects.get(budget=approved), corrected.amount) == (corrected, Decimal("10000.00"))


def test_a_grant_dated_before_the_approval_is_refused(world, approved):
    today = timezone.localdate()
    error = refused(lambda: grant(world, approved, date=today - datetime.timedelta(days=1)))
    assert error.message_dict == {
        "date": [
            f"De beschikking volgt op de goedkeuring van de begroting op {long_date(today)}: kies die dag of later."
        ]
    }


def test_a_grant_dated_in_the_future_is_refused(world, approved):
    error = refused(lambda: grant(world, approved, date=timezone.localdate() + datetime.timedelta(days=1)))
    assert error.message_dict == {"date": ["Deze datum ligt in de toekomst."]}


def test_a_reference_in_use_by_another_grant_is_refused(world, approved):
    grant(world, approved)
    other = budget_in(world, "approved", school=SchoolFactory(board=world.board))
    error = refused(lambda: grant(world, other, reference=" dmo/2009/0042 "))
    assert error.message_dict == {"reference": ["Een andere beschikking heeft al het kenmerk dmo/2009/0042."]}


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        ({"reference": "  "}, "reference", "Vul het kenmerk van de beschikking in."),
        ({"amount": None}, "amount", "Vul het beschikte bedrag in."),
        ({"amount": Decimal("0")}, "amount", "Vul een bedrag boven nul in."),
        ({"amount": 10000.0}, "amount", "Vul een bedrag in euro in, bijvoorbeeld 12.345,67."),
        ({"amount": Decimal("-5")}, "amount", "Een bedrag kan niet negatief zijn."),
        (
            {"amount": Decimal("9999.999")},
            "amount",
            "Vul een bedrag in euro en cent in: hoogstens twee cijfers na de komma.",
        ),
        ({"date": None}, "date", "Vul de datum van de beschikking in."),
    ],
    ids=["no_reference", "no_amount", "zero", "float", "negative", "three_decimals", "no_date"],
)
def test_bad_grant_input_is_named(world, approved, arguments, field, message):
    error = refused(lambda: grant(world, approved, **arguments))
    assert error.message_dict == {field: [message]}
