"""The tables of the finance pages. Amounts show as "€ 12.345,67" and export as numbers (XLSX sums them);
percentages show as "12,5%" and export as numbers too.

Summary tables (per measure, year, category, funder) end with their total as a last row, so the exports hold it
as well; they are not sortable, so that row stays last.
"""

import django_tables2 as tables

from kwaliteitsaanpak.core.money import format_money, format_percentage

NUMBER_ATTRS = {
    "th": {"class": "num"},
    "td": {"class": "num text-nowrap"},
    "tf": {"class": "num text-nowrap"},
}


class MoneyColumn(tables.Column):
    """An amount in euros: right-aligned "€ 12.345,67" on the page, a Decimal in the exports."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER_ATTRS)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_money(value)

    def value(self, value):
        return value


class PercentColumn(tables.Column):
    """A percentage: "12,5%" on the page, a Decimal (12.5) in the exports."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER_ATTRS)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_percentage(value)

    def value(self, value):
        return value


class SummaryTable(tables.Table):
    """A small table of totals whose last row is the total: fixed order, no pagination.

    django-tables2 reads only a table's own Meta: a subclass declares `class Meta(SummaryTable.Meta)`.
    """

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm align-middle"}
        row_attrs = {"class": lambda record: "fw-semibold border-top" if record.get("is_total") else ""}
