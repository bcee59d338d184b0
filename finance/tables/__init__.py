"""The tables of the finance pages. Amounts show as "€ 12.345,67" and export as numbers (XLSX sums them);
percentages show as "12,5%" and export as numbers too.

Summary tables (per measure, year, category, funder) end with their total as a last row, so the exports hold it
as well; they are not sortable, so that row stays last.
"""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext

from kwaliteitsaanpak.core.exports import MONEY, PERCENTAGE
from kwaliteitsaanpak.core.money import format_money, format_percentage

NUMBER_ATTRS = {
    "th": {"class": "num"},
    "td": {"class": "num text-nowrap"},
    "tf": {"class": "num text-nowrap"},
}


class NumberColumn(tables.Column):
    """A right-aligned number: `render` writes it the Dutch way on the page; the exports keep the number itself."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER_ATTRS)
        super().__init__(*args, **kwargs)

    def value(self, value):
        return value


class MoneyColumn(NumberColumn):
    """An amount in euros: "€ 12.345,67" on the page, a Decimal in the exports."""

    export_format = MONEY

    def render(self, value):
        return format_money(value)


class PercentColumn(NumberColumn):
    """A percentage: "12,5%" on the page, a Decimal (12.5) in the exports."""

    export_format = PERCENTAGE

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_percentage(value)


def change_remove_links(change_url: str, remove_url: str, which) -> str:
    """A row's Change · Remove links; `which` tells screen readers what the row is."""
    return format_html(
        '<a href="{}">{}<span class="visually-hidden"> {}</span></a> · '
        '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
        change_url,
        gettext("Change"),
        which,
        remove_url,
        gettext("Remove"),
        which,
    )


def labelled_by(table: tables.Table, heading_id: str | None) -> None:
    """Names the table after the heading with id `heading_id` (for screen readers), when given."""
    if heading_id:
        table.attrs["aria-labelledby"] = heading_id


class SummaryTable(tables.Table):
    """A small table of totals whose last row is the total: fixed order, no pagination. `labelledby`: the id of
    the heading that names it."""

    def __init__(self, *args, labelledby: str | None = None, **kwargs):
        # Set here rather than in Meta: django-tables2 reads only a table's own Meta, so every subclass would have
        # to repeat it.
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("attrs", {"class": "table table-sm align-middle"})
        kwargs.setdefault(
            "row_attrs", {"class": lambda record: "fw-semibold border-top" if record.get("is_total") else ""}
        )
        super().__init__(*args, **kwargs)
        labelled_by(self, labelledby)
