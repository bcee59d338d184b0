"""Bad input to the finance services for spending per quarter and the experts' costs, amounts beyond what the ledger
holds, and the periods the forms offer: a clear Dutch message on the field it concerns (or for the whole form where
there is no field), and nothing saved (every row and file is fingerprinted before and after)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from finance import services
from finance.constants import Quarter
from improvement_plans.services import plan_period
from kwaliteitsaanpak.accounts.roles import Role
from tests.actors import BOARD, EDUCATION_EXPERT, EXPERT_GROUP, FINANCIAL_EXPERT, STAFF
from tests.factories import MeasureFactory, SchoolFactory, UserFactory
from tests.finance.budgets import add_amounts, add_line, approve_plan, budget_in, record_quarter
from tests.finance.worlds import FIRST_QUARTER, eur, refused
from tests.refusals import messages_of

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
    [message] = messages_of(error)
    assert message.startswith(
        "Iemand anders heeft de besteding van dit kwartaal opgeslagen terwijl u eraan werkte ("
    )
    assert message.endswith(
        "Uw wijzigingen zijn niet opgeslagen. Uw invoer staat hieronder nog: neem over wat u wilt houden en sla opnieuw op."
    )


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
    ("field", "value", "message"),
    [
        ("hours", Decimal("0"), "Vul een aantal uren boven nul in."),
        ("hours", Decimal("-2"), "Vul een aantal uren boven nul in."),
        ("hours", Decimal("520.01"), "Een kwartaal heeft hoogstens 520 werkuren; controleer het aantal."),
        ("hours", None, "Vul het aantal uren in."),
        ("hours", 12.5, "Vul een aantal uren in, bijvoorbeeld 12,5."),
        (
            "hours",
            Decimal("1.239"),
            "Vul de uren in met hoogstens twee cijfers na de komma, bijvoorbeeld 12,25.",
        ),
        ("hourly_rate", Decimal("0"), "Vul een uurtarief boven nul in."),
        (
            "hourly_rate",
            Decimal("500.01"),
            f"Een uurtarief boven {eur('500,00')} is niet aannemelijk; controleer het bedrag.",
        ),
        ("hourly_rate", None, "Vul het uurtarief in."),
        ("hourly_rate", 95.0, "Vul een bedrag in euro in, bijvoorbeeld 12.345,67."),
        (
            "hourly_rate",
            Decimal("95.125"),
            "Vul een bedrag in euro en cent in: hoogstens twee cijfers na de komma.",
        ),
    ],
)
def test_implausible_hours_and_rates_are_refused(world, execution, field, value, message):
    error = refused(lambda: expert_cost(world, execution, **{field: value}))
    assert error.message_dict == {field: [message]}


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
    error = refused(lambda: add_amounts(world, draft, "10000000000.00", "10000000000.00", "0"))
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
