"""The tables of the spending page: the approved budget against what was spent, per budget line, per school year,
per funder and per quarter. Each ends with its total; each downloads as CSV and XLSX with the amounts as numbers.

The rows are dicts built from `selectors.realisation_overview` (no query per row). An amount spent beyond its
budget carries an "Overspent" tag on the page; the export has a column that says so instead.
"""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.money import format_money, percentage

from ..selectors import Split, Variance
from . import MoneyColumn, PercentColumn, SummaryTable


def overspent_tag() -> str:
    return render_to_string("finance/includes/overspent_tag.html")


class SpentColumn(MoneyColumn):
    """An amount spent, with the "Overspent" tag before it when the row's `flag` says it exceeds its budget (the
    tag comes first so the amounts stay aligned on the right)."""

    def __init__(self, *args, flag: str, **kwargs):
        self.flag = flag
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        if record.get(self.flag):
            return format_html("{} {}", overspent_tag(), format_money(value))
        return format_money(value)


class OverspentColumn(tables.Column):
    """Export only: "overspent" when the row's total exceeds its budget, else which funder's share does, else
    empty, so a spreadsheet can filter on it (the page shows the same as tags beside the amounts)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("visible", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def value(self, record):
        if record.get("overspent"):
            return gettext("Overspent")
        funders = [
            label
            for key, label in (
                ("overspent_municipality", gettext("municipality")),
                ("overspent_board", gettext("school board")),
            )
            if record.get(key)
        ]
        return gettext("Share overspent: %(funders)s") % {"funders": ", ".join(funders)} if funders else ""


def variance_row(variance, **extra) -> dict:
    """The figures of one `Variance` (budget against spending) as a table row."""
    return {
        "budget_municipality": variance.budgeted.municipality,
        "budget_board": variance.budgeted.board,
        "budget_total": variance.budgeted.total,
        "spent_municipality": variance.spent.municipality,
        "spent_board": variance.spent.board,
        "spent_total": variance.spent.total,
        "remaining": variance.remaining.total,
        "percentage": variance.spent_percentage,
        "overspent": variance.overspent,
        "overspent_municipality": variance.overspent_municipality,
        "overspent_board": variance.overspent_board,
        **extra,
    }


class VarianceTable(SummaryTable):
    """Budget against spending, per funder: the columns every realisation table but the quarters' shares."""

    budget_municipality = MoneyColumn(verbose_name=_("Budget municipality"))
    budget_board = MoneyColumn(verbose_name=_("Budget school board"))
    budget_total = MoneyColumn(verbose_name=_("Budget in total"), visible=False)  # export only
    spent_municipality = SpentColumn(verbose_name=_("Spent municipality"), flag="overspent_municipality")
    spent_board = SpentColumn(verbose_name=_("Spent school board"), flag="overspent_board")
    spent_total = MoneyColumn(verbose_name=_("Spent in total"), visible=False)  # export only
    remaining = SpentColumn(verbose_name=_("Remaining"), flag="overspent")
    percentage = PercentColumn(verbose_name=_("Spent (%)"))
    overspent = OverspentColumn(verbose_name=_("Overspent"))


class RealisationLineTable(VarianceTable):
    """Per line of the approved budget. On the page the line is one cell (measure, then category, school year and
    description); the export has them in columns of their own."""

    line = tables.Column(verbose_name=_("Budget line"), empty_values=(), exclude_from_export=True)
    measure = tables.Column(verbose_name=_("Measure"), visible=False)
    school_year = tables.Column(verbose_name=_("School year"), visible=False)
    category = tables.Column(verbose_name=_("Cost category"), visible=False)
    description = tables.Column(verbose_name=_("Description"), visible=False)

    class Meta:
        sequence = ("line", "measure", "school_year", "category", "description", "...")

    def render_line(self, record):
        if record.get("is_total") or record.get("is_earlier"):
            return record["measure"]
        return format_html(
            '{}<span class="d-block small text-body-secondary">{}</span>',
            record["measure"],
            " · ".join(
                part for part in (record["category"], record["school_year"], record["description"]) if part
            ),
        )


def line_rows(overview) -> list[dict]:
    rows = []
    for variance in overview.per_line:
        line = variance.line
        measure = line.measure
        rows.append(
            variance_row(
                variance,
                measure=f"{measure.get_kind_display()}: {Truncator(measure.description).words(10)}",
                school_year=line.school_year_label,
                category=line.get_category_display(),
                description=line.description,
            )
        )
    earlier = overview.earlier_lines
    if earlier.total:
        rows.append(
            variance_row(
                Variance("", Split(), earlier),
                measure=gettext("Spent on lines of earlier budget versions"),
                is_earlier=True,
            )
        )
    rows.append(variance_row(overview.total, measure=gettext("Total"), is_total=True))
    return rows


class RealisationYearTable(VarianceTable):
    school_year = tables.Column(verbose_name=_("School year"))

    class Meta:
        sequence = ("school_year", "...")


def year_rows(overview) -> list[dict]:
    rows = [variance_row(variance, school_year=variance.label) for variance in overview.per_year]
    rows.append(variance_row(overview.total, school_year=gettext("Total"), is_total=True))
    return rows


class RealisationFunderTable(SummaryTable):
    funder = tables.Column(verbose_name=_("Funder"))
    budgeted = MoneyColumn(verbose_name=_("Approved budget"))
    spent = SpentColumn(verbose_name=_("Spent"), flag="overspent")
    remaining = MoneyColumn(verbose_name=_("Remaining"))
    percentage = PercentColumn(verbose_name=_("Spent (%)"))
    overspent = OverspentColumn(verbose_name=_("Overspent"))


def funder_rows(overview) -> list[dict]:
    total = overview.total
    rows = []
    for label, budgeted, spent in (
        (gettext("Municipality"), total.budgeted.municipality, total.spent.municipality),
        (gettext("School board"), total.budgeted.board, total.spent.board),
        (gettext("Total"), total.budgeted.total, total.spent.total),
    ):
        rows.append(
            {
                "funder": label,
                "budgeted": budgeted,
                "spent": spent,
                "remaining": budgeted - spent,
                "percentage": percentage(spent, budgeted),
                "overspent": spent > budgeted,
            }
        )
    rows[-1]["is_total"] = True
    return rows


class RealisationQuarterTable(SummaryTable):
    quarter = tables.Column(verbose_name=_("Quarter"))
    municipality = MoneyColumn(verbose_name=_("Spent municipality"))
    board = MoneyColumn(verbose_name=_("Spent school board"))
    total = MoneyColumn(verbose_name=_("Spent in total"))


def quarter_rows(overview) -> list[dict]:
    rows = [
        {
            "quarter": quarter.label.capitalize(),
            "municipality": split.municipality,
            "board": split.board,
            "total": split.total,
        }
        for quarter, split in overview.per_quarter
    ]
    total = overview.total.spent
    rows.append(
        {
            "quarter": gettext("Total"),
            "municipality": total.municipality,
            "board": total.board,
            "total": total.total,
            "is_total": True,
        }
    )
    return rows
