"""Input rules the finance services share: amounts in euros, and the quarters in which spending and the experts'
hours can be recorded."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from improvement_plans.models import Trajectory
from improvement_plans.services import plan_period
from kwaliteitsaanpak.core.money import to_cents

from ..constants import MONEY_DIGITS, Quarter

# What a money column holds (numeric(12, 2)): from here on the database would refuse the amount.
LARGEST_AMOUNT = Decimal(10) ** (MONEY_DIGITS - 2)


def money_errors(values: Mapping[str, object], required: Mapping[str, str]) -> dict[str, str]:
    """What is wrong with amounts in euros: missing, not a Decimal, negative or with fractions of cents."""
    errors = {}
    for name, value in values.items():
        if value is None:
            errors[name] = required[name]
        elif not isinstance(value, Decimal) or not value.is_finite():
            errors[name] = _("Enter an amount in euros, for example 12.345,67.")
        elif value < 0:
            errors[name] = _("An amount cannot be negative.")
        elif value != to_cents(value):
            errors[name] = _("Enter an amount in euros and cents: at most two digits after the comma.")
        elif value >= LARGEST_AMOUNT:
            errors[name] = _("This amount is too large.")
    return errors


def reporting_quarters(trajectory: Trajectory) -> tuple[Quarter, Quarter]:
    """The first and last quarter spending or the experts' hours can be recorded for: from the quarter of the
    registration until the end of the plan period, and no later than the current quarter."""
    _first_day, last_day = plan_period(trajectory)
    return Quarter.of(trajectory.registered_on), min(Quarter.of(last_day), Quarter.of(timezone.localdate()))


def check_quarter(trajectory: Trajectory, quarter: Quarter | None, field: str = "quarter") -> Quarter:
    """A quarter within the trajectory that has begun, returned as such (else a ValidationError on `field`)."""
    if quarter is None:
        raise ValidationError({field: _("Choose the quarter.")})
    first = Quarter.of(trajectory.registered_on)
    last = Quarter.of(plan_period(trajectory)[1])
    if quarter < first:
        message = _("The trajectory started in %(first)s: choose that quarter or a later one.") % {
            "first": first
        }
    elif quarter > last:
        message = _("The trajectory runs until %(last)s: choose that quarter or an earlier one.") % {
            "last": last
        }
    elif quarter.first_day > timezone.localdate():
        message = _("%(quarter)s has not begun yet: record it once the quarter has started.") % {
            "quarter": quarter.label.capitalize()
        }
    else:
        return quarter
    raise ValidationError({field: message})
