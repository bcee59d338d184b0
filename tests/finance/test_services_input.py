"""Bad input to the finance services: a clear Dutch message on the field it concerns (or for the whole form where
there is no field), and nothing saved (every row and file is fingerprinted before and after)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from finance import services
from finance.constants import Quarter
from finance.models import GrantDecision
from improvement_plans.services import plan_period
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import MeasureFactory, SchoolFactory, UserFactory
from tests.finance.test_services import (
    BOARD,
    EDUCATION_EXPERT,
    EXPERT_GROUP,
    FINANCIAL_EXPERT,
    FIRST_QUARTER,
    STAFF,
    add_line,
    approve_plan,
    budget_in,
    eur,
    field_messages,
    long_date,
    messages_of,
    new_plan_version,
    record_quarter,
    refused,
    start_budget,
)

# Budget lines


@pytest.fixture
def draft(world):
    """A draft budget with one line, of a submitted plan version 1 whose measure runs from 31 October 2008 to
    27 August 2009."""
    return budget_in(world, "draft")


def test_shares_that_do_not_add_up_are_refused(world, draft):
    error = refused(
        lambda: add_line(
            world,
            draft,
            amount=Decimal("12500.00"),
            municipality_amount=Decimal("10000.00"),
            board_amount=Decimal("2000.00"),
        )
    )
    assert error.message_dict == {
        "amount": [
            f"De bijdragen komen niet uit op het bedrag van {eur('12.500,00')}: {eur('10.000,00')} van de "
            f"gemeente en {eur('2.000,00')} van het bestuur is samen {eur('12.000,00')}. Pas het bedrag of de "
            "bijdragen aan."
        ]
    }


def test_a_one_cent_difference_is_refused_too(world, draft):
    error = refused(
        lambda: add_line(
            world,
            draft,
            amount=Decimal("100.00"),
            municipality_amount=Decimal("66.67"),
            board_amount=Decimal("33.34"),
        )
    )
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
    amounts = {
        "amount": Decimal("12345.67"),
        "municipality_amount": Decimal("10000.00"),
        "board_amount": Decimal("2345.67"),
    } | {field: Decimal("12345.678")}
    error = refused(lambda: add_line(world, draft, **amounts))
    assert field_messages(error, field) == [
        "Vul een bedrag in euro en cent in: hoogstens twee cijfers na de komma."
    ]


@pytest.mark.parametrize("field", ["amount", "municipality_amount", "board_amount"])
def test_a_float_is_refused(world, draft, field):
    """The right sum, but one of the amounts is a float (12500.0): binary fractions never reach the ledger."""
    amounts = {
        "amount": Decimal("12500.00"),
        "municipality_amount": Decimal("10000.00"),
        "board_amount": Decimal("2500.00"),
    }
    amounts[field] = float(amounts[field])
    error = refused(lambda: add_line(world, draft, **amounts))
    assert error.message_dict == {field: ["Vul een bedrag in euro in, bijvoorbeeld 12.345,67."]}


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), "12500", 12500])
def test_anything_but_a_finite_decimal_is_refused(world, draft, value):
    error = refused(lambda: add_line(world, draft, amount=value))
    assert field_messages(error, "amount") == ["Vul een bedrag in euro in, bijvoorbeeld 12.345,67."]


def test_a_zero_amount_is_refused(world, draft):
    error = refused(
        lambda: add_line(
            world, draft, amount=Decimal("0.00"), municipality_amount=Decimal("0"), board_amount=Decimal("0")
        )
    )
    assert error.message_dict == {"amount": ["Vul een bedrag boven nul in."]}


def test_a_share_of_zero_is_allowed(world, draft):
    line = add_line(
        world,
        draft,
        amount=Decimal("800.00"),
        municipality_amount=Decimal("800.00"),
        board_amount=Decimal("0"),
    )
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


@pytest.fixture
def approved(world):
    """An approved budget with a municipal share of € 10.000,00, approved today."""
    return budget_in(world, "approved")


def grant(world, budget, **kwargs):
    arguments = {
        "date": timezone.localdate(),
        "reference": "DMO/2009/0042",
        "amount": Decimal("10000.00"),
    } | kwargs
    return services.grant_decision_save(user=world[STAFF], budget=budget, **arguments)


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


# Spending per quarter


def quarter_label(quarter: Quarter) -> str:
    return f"{quarter.number}e kwartaal {quarter.year}"


def test_a_quarter_before_the_registration_is_refused(world, approved):
    error = refused(lambda: record_quarter(world, approved, quarter=Quarter(2008, 2)))
    assert error.message_dict == {
        "quarter": ["Het traject begon in het 3e kwartaal 2008: kies dat kwartaal of een later kwartaal."]
    }


def test_the_quarter_of_the_registration_is_allowed(world, approved):
    assert record_quarter(world, approved, quarter=Quarter(2008, 3)).period == Quarter(2008, 3)


def test_a_quarter_after_the_plan_period_is_refused(world, approved):
    last = Quarter.of(plan_period(approved.trajectory)[1])
    error = refused(lambda: record_quarter(world, approved, quarter=last.next()))
    assert error.message_dict == {
        "quarter": [
            f"Het traject loopt tot en met het {quarter_label(last)}: kies dat kwartaal of een eerder kwartaal."
        ]
    }


def test_a_quarter_that_has_not_begun_is_refused(world, approved):
    next_quarter = Quarter.of(timezone.localdate()).next()
    error = refused(lambda: record_quarter(world, approved, quarter=next_quarter))
    assert error.message_dict == {
        "quarter": [
            f"Het {quarter_label(next_quarter)} is nog niet begonnen: vul het in zodra het kwartaal is begonnen."
        ]
    }


def test_the_current_quarter_is_allowed(world, approved):
    current = Quarter.of(timezone.localdate())
    assert record_quarter(world, approved, quarter=current).period == current


def test_no_quarter_is_named(world, approved):
    error = refused(lambda: record_quarter(world, approved, quarter=None))
    assert error.message_dict == {"quarter": ["Kies het kwartaal."]}


def test_amounts_for_a_line_of_another_budget_are_refused(world, approved):
    other = budget_in(world, "approved", school=SchoolFactory(board=world.board))
    error = refused(
        lambda: record_quarter(
            world, approved, amounts={other.lines.get().pk: (Decimal("100.00"), Decimal("0"))}
        )
    )
    assert messages_of(error) == [
        "Een bedrag hoort bij een regel van een andere begroting. Open het kwartaal opnieuw."
    ]


def test_amounts_for_a_line_of_the_replaced_version_are_refused(world):
    superseded = budget_in(world, "superseded")
    error = refused(
        lambda: record_quarter(
            world, superseded, amounts={superseded.lines.get().pk: (Decimal("1"), Decimal("0"))}
        )
    )
    assert messages_of(error) == [
        "Een bedrag hoort bij een regel van een andere begroting. Open het kwartaal opnieuw."
    ]


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_spending_without_an_approved_budget_is_refused(world, status):
    budget = budget_in(world, status)
    if status == "draft":
        # The plan is approved (the execution has started) but the budget was never submitted.
        approve_plan(world, budget.plan)
    error = refused(lambda: record_quarter(world, budget))
    assert messages_of(error) == [
        "De besteding wordt vastgelegd op de goedgekeurde begroting, en dit traject heeft nog geen goedgekeurde "
        "begroting."
    ]


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ((Decimal("-1.00"), Decimal("0")), "Een bedrag kan niet negatief zijn."),
        ((Decimal("0"), Decimal("-0.01")), "Een bedrag kan niet negatief zijn."),
        (
            (Decimal("12345.678"), Decimal("0")),
            "Vul een bedrag in euro en cent in: hoogstens twee cijfers na de komma.",
        ),
        ((4000.0, Decimal("0")), "Vul een bedrag in euro in, bijvoorbeeld 12.345,67."),
        ((Decimal("0"), 1000.5), "Vul een bedrag in euro in, bijvoorbeeld 12.345,67."),
    ],
    ids=["negative_municipality", "negative_board", "three_decimals", "float_municipality", "float_board"],
)
def test_bad_spending_amounts_are_refused(world, approved, amounts, message):
    line = approved.lines.get()
    error = refused(lambda: record_quarter(world, approved, amounts={line.pk: amounts}))
    assert messages_of(error) == [message]


def test_a_recorded_quarter_is_changed_only_from_what_was_read(world, approved):
    record = record_quarter(world, approved)
    error = refused(lambda: record_quarter(world, approved, user=world[BOARD]))
    assert error.message_dict == {
        "quarter": ["De besteding van het 1e kwartaal 2009 is al vastgelegd; wijzig die daar."]
    }
    line = approved.lines.get()
    corrected = record_quarter(
        world,
        approved,
        user=world[BOARD],
        amounts={line.pk: (Decimal("4500.00"), Decimal("500.00"))},
        expected_version=record.version,
    )
    assert (corrected.pk, corrected.version) == (record.pk, 2)
    assert [(e.municipality_amount, e.board_amount) for e in corrected.entries.all()] == [
        (Decimal("4500.00"), Decimal("500.00"))
    ]
    # A stale page is refused.
    error = refused(
        lambda: record_quarter(world, approved, user=world[STAFF], expected_version=record.version)
    )
    assert messages_of(error) == [
        "Iemand anders heeft de besteding van dit kwartaal opgeslagen terwijl u eraan werkte. Uw wijzigingen zijn "
        "niet opgeslagen; open het kwartaal opnieuw om de nieuwste bedragen te zien."
    ]


def test_a_line_set_back_to_zero_loses_its_spending(world, approved):
    record = record_quarter(world, approved)
    line = approved.lines.get()
    record_quarter(world, approved, amounts={line.pk: (Decimal("0"), None)}, expected_version=record.version)
    assert not record.entries.exists()


# The experts' costs


@pytest.fixture
def execution(world):
    return budget_in(world, "approved").trajectory


def expert_cost(world, trajectory, **kwargs):
    arguments = {
        "expert": world[EDUCATION_EXPERT],
        "quarter": FIRST_QUARTER,
        "hours": Decimal("12.50"),
        "hourly_rate": Decimal("95.00"),
    } | kwargs
    return services.expert_cost_save(user=world[STAFF], trajectory=trajectory, **arguments)


@pytest.mark.parametrize("who", [BOARD, Role.INSPECTION, STAFF, EXPERT_GROUP])
def test_costs_of_someone_who_is_not_an_expert_are_refused(world, execution, who):
    error = refused(lambda: expert_cost(world, execution, expert=world[who]))
    assert error.message_dict == {"expert": ["Kies een onderwijsexpert of een financieel expert."]}


def test_any_education_or_financial_expert_may_be_recorded(world, execution):
    """Also one who is not (or no longer) assigned to the trajectory: the hours were worked."""
    for expert in (world[FINANCIAL_EXPERT], UserFactory(role=Role.EDUCATION_EXPERT)):
        assert expert_cost(world, execution, expert=expert).expert == expert


def test_the_same_expert_and_quarter_twice_is_refused(world, execution):
    expert_cost(world, execution)
    expert = world[EDUCATION_EXPERT]
    error = refused(lambda: expert_cost(world, execution, hours=Decimal("3")))
    assert error.message_dict == {
        "quarter": [f"De uren van {expert} in het 1e kwartaal 2009 zijn al vastgelegd; wijzig die regel."]
    }
    # Another quarter, or another expert, is fine.
    expert_cost(world, execution, quarter=Quarter(2009, 2))
    expert_cost(world, execution, expert=world[FINANCIAL_EXPERT])


def test_a_recorded_line_is_corrected_in_place(world, execution):
    cost = expert_cost(world, execution)
    corrected = expert_cost(world, execution, cost=cost, hours=Decimal("14.00"))
    assert (corrected.pk, corrected.hours, corrected.amount) == (
        cost.pk,
        Decimal("14.00"),
        Decimal("1330.00"),
    )


def test_a_cost_of_another_trajectory_cannot_be_changed_through_this_one(world, execution):
    other = budget_in(world, "approved", school=SchoolFactory(board=world.board)).trajectory
    cost = expert_cost(world, other)
    refused(lambda: expert_cost(world, execution, cost=cost), PermissionDenied)


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (Decimal("0"), "Vul een aantal uren boven nul in."),
        (Decimal("-2"), "Vul een aantal uren boven nul in."),
        (Decimal("520.01"), "Een kwartaal heeft hoogstens 520 werkuren; controleer het aantal."),
        (None, "Vul het aantal uren in."),
        (12.5, "Vul een aantal uren in, bijvoorbeeld 12,5."),
        (Decimal("1.239"), "Vul de uren in met hoogstens twee cijfers na de komma, bijvoorbeeld 12,25."),
    ],
)
def test_implausible_hours_are_refused(world, execution, hours, message):
    error = refused(lambda: expert_cost(world, execution, hours=hours))
    assert error.message_dict == {"hours": [message]}


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        (Decimal("0"), "Vul een uurtarief boven nul in."),
        (
            Decimal("500.01"),
            f"Een uurtarief boven {eur('500,00')} is niet aannemelijk; controleer het bedrag.",
        ),
        (None, "Vul het uurtarief in."),
        (95.0, "Vul een bedrag in euro in, bijvoorbeeld 12.345,67."),
        (Decimal("95.125"), "Vul een bedrag in euro en cent in: hoogstens twee cijfers na de komma."),
    ],
)
def test_implausible_rates_are_refused(world, execution, rate, message):
    error = refused(lambda: expert_cost(world, execution, hourly_rate=rate))
    assert error.message_dict == {"hourly_rate": [message]}


def test_the_bounds_themselves_are_allowed(world, execution):
    cost = expert_cost(world, execution, hours=Decimal("520"), hourly_rate=Decimal("500.00"))
    assert cost.amount == Decimal("260000.00")


def test_a_quarter_outside_the_trajectory_is_refused_for_expert_costs(world, execution):
    error = refused(lambda: expert_cost(world, execution, quarter=Quarter(2008, 1)))
    assert error.message_dict == {
        "quarter": ["Het traject begon in het 3e kwartaal 2008: kies dat kwartaal of een later kwartaal."]
    }


def test_every_wrong_expert_cost_field_is_named_at_once(world, execution):
    error = refused(
        lambda: expert_cost(world, execution, expert=None, quarter=None, hours=None, hourly_rate=None)
    )
    assert set(error.message_dict) == {"expert", "quarter", "hours", "hourly_rate"}


# Amounts beyond what the ledger holds (€ 9.999.999.999,99): a message, not a database error


def test_an_amount_beyond_the_ledger_is_refused(world, draft):
    error = refused(
        lambda: add_line(
            world,
            draft,
            amount=Decimal("10000000000.00"),
            municipality_amount=Decimal("10000000000.00"),
            board_amount=Decimal("0"),
        )
    )
    assert error.message_dict == {
        "amount": ["Dit bedrag is te groot."],
        "municipality_amount": ["Dit bedrag is te groot."],
    }


def test_the_largest_amount_the_ledger_holds_is_allowed(world, draft):
    largest = Decimal("9999999999.99")
    line = add_line(world, draft, amount=largest, municipality_amount=largest, board_amount=Decimal("0"))
    assert line.amount == largest


def test_spending_beyond_the_ledger_is_refused(world, approved):
    line = approved.lines.get()
    error = refused(
        lambda: record_quarter(world, approved, amounts={line.pk: (Decimal("0"), Decimal("10000000000"))})
    )
    assert messages_of(error) == ["Dit bedrag is te groot."]


# The periods the forms offer


def test_the_reporting_quarters_run_from_the_registration_to_now(world, approved):
    """The plan period (three years from the execution's start, today) has not ended: up to the current quarter."""
    assert services.reporting_quarters(approved.trajectory) == (
        Quarter(2008, 3),
        Quarter.of(timezone.localdate()),
    )


def test_the_reporting_quarters_end_with_the_plan_period(world, approved):
    trajectory = approved.trajectory
    trajectory.execution_started_on = datetime.date(2009, 1, 5)  # the plan period ends on 5 January 2012
    assert services.reporting_quarters(trajectory) == (Quarter(2008, 3), Quarter(2012, 1))
    error = refused(lambda: services.check_quarter(trajectory, Quarter(2012, 2)))
    assert error.message_dict == {
        "quarter": [
            "Het traject loopt tot en met het 1e kwartaal 2012: kies dat kwartaal of een eerder kwartaal."
        ]
    }
    services.check_quarter(trajectory, Quarter(2012, 1))


def test_the_school_years_a_budget_line_can_be_for(world, draft):
    assert services.budget_school_years(draft.plan) == [2008, 2009]
    MeasureFactory(
        goal=draft.lines.get().measure.goal,
        starts_on=datetime.date(2010, 8, 1),
        ends_on=datetime.date(2011, 7, 31),
    )
    assert services.budget_school_years(draft.plan) == [2008, 2009, 2010]
