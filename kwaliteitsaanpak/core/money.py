"""Money: `Decimal` euros with two decimals, written the Dutch way ("€ 12.345,67"). Never a float.

Forms read amounts with `kwaliteitsaanpak.core.forms.DutchMoneyField`; templates write them with the `money` filter
of `{% load money %}`; services and selectors use `format_money` in their messages.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(value) -> Decimal:
    """A Decimal rounded to whole cents (half up, as on an invoice)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value) -> str:
    """ "€ 12.345,67" in the active language (a no-break space after the sign); "" for None."""
    if value is None or value == "":
        return ""
    amount = number_format(to_cents(value), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"€\u00a0{amount}"


def percentage(part, whole) -> Decimal | None:
    """`part` as a percentage of `whole`, to one decimal; None when `whole` is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_percentage(value) -> str:
    """ "12,5%" in the active language; "–" for None."""
    if value is None or value == "":
        return "–"
    return f"{number_format(Decimal(value), decimal_pos=1, use_l10n=True)}%"
