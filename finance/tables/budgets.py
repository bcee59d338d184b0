"""The tables of the budget page: its lines, and its totals per measure, school year, cost category and funder.

They are built from `selectors.budget_overview` (lists and dicts, no queries of their own) and download as CSV and
XLSX with the amounts as numbers.
"""

import django_tables2 as tables
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.money import format_money

from ..constants import Commitment, Funder
from . import MoneyColumn, PercentColumn, SummaryTable, change_remove_links, labelled_by

# A line id no real line has, replaced by each row's id in the change and remove addresses.
LINE_PLACEHOLDER = 987654321


class DifferenceColumn(MoneyColumn):
    """Budgeted minus estimated, with its sign: "+ € 500,00", "− € 500,00"."""

    def render(self, value):
        if value > 0:
            return f"+\u00a0{format_money(value)}"
        if value < 0:
            return f"\u2212\u00a0{format_money(-value)}"
        return format_money(value)


class ActionsColumn(tables.Column):
    """The change and remove links of a row; a header for screen readers only; never exported."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap text-end"}})
        super().__init__(*args, **kwargs)

    @property
    def header(self):
        return format_html('<span class="visually-hidden">{}</span>', gettext("Actions"))


def _money_footer(name: str):
    return lambda table: format_money(getattr(table.total, name))


class BudgetLineTable(tables.Table):
    """The lines of a budget, in the order of the plan's goals and measures, with the totals in the footer."""

    measure = tables.Column(verbose_name=_("Measure"), accessor="measure", footer=_("Total"))
    school_year = tables.Column(verbose_name=_("School year"), accessor="school_year_label")
    category = tables.Column(verbose_name=_("Cost category"))
    description = tables.Column(verbose_name=_("Description"), default="")
    amount = MoneyColumn(verbose_name=_("Amount"), footer=_money_footer("total"))
    municipality_amount = MoneyColumn(verbose_name=_("Municipality"), footer=_money_footer("municipality"))
    board_amount = MoneyColumn(verbose_name=_("School board"), footer=_money_footer("board"))
    actions = ActionsColumn()

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm align-middle", "tfoot": {"class": "fw-semibold"}}
        row_attrs = {"id": lambda record: f"regel-{record.pk}", "data-testid": "budget-line"}
        empty_text = _("This budget has no lines yet.")

    def __init__(self, lines, *, total, goal_numbers: dict, change_links=None, labelledby=None, **kwargs):
        """`total`: the budget's Split; `goal_numbers`: goal id → its number in the plan; `change_links`: (trajectory
        id, budget number) when the lines can be changed, else None."""
        self.total = total
        self.goal_numbers = goal_numbers
        self.change_links = change_links
        if change_links is None:
            kwargs["exclude"] = [*kwargs.get("exclude", ()), "actions"]
        super().__init__(lines, **kwargs)
        labelled_by(self, labelledby)

    def export_totals(self) -> dict:
        """The footer's totals as the downloads' last row."""
        return {
            "amount": self.total.total,
            "municipality_amount": self.total.municipality,
            "board_amount": self.total.board,
        }

    def _measure_text(self, measure) -> str:
        return gettext("Goal %(number)s · %(kind)s") % {
            "number": self.goal_numbers.get(measure.goal_id, "?"),
            "kind": measure.get_kind_display(),
        }

    def render_measure(self, value):
        return format_html(
            '{}<span class="d-block small text-body-secondary">{}</span>',
            self._measure_text(value),
            Truncator(value.description).words(8, truncate="…"),
        )

    def value_measure(self, value) -> str:
        return f"{self._measure_text(value)}: {value.description}"

    @cached_property
    def _line_urls(self) -> tuple[str, str]:
        """The change and remove addresses with a placeholder for the line: one `reverse` per table, not per row."""
        trajectory_id, number = self.change_links
        args = [trajectory_id, number, LINE_PLACEHOLDER]
        return (
            reverse("finance:budget_line_update", args=args),
            reverse("finance:budget_line_remove", args=args),
        )

    def render_actions(self, record):
        change_url, remove_url = (
            url.replace(str(LINE_PLACEHOLDER), str(record.pk)) for url in self._line_urls
        )
        which = gettext("line of %(amount)s") % {"amount": format_money(record.amount)}
        return change_remove_links(change_url, remove_url, which)


class MeasureTotalTable(SummaryTable):
    """Per measure of the plan: what the budget holds, per funder, against the plan's estimated cost."""

    measure = tables.Column(verbose_name=_("Measure"))
    budgeted = MoneyColumn(verbose_name=_("Budgeted"))
    municipality = MoneyColumn(verbose_name=_("Municipality"))
    board = MoneyColumn(verbose_name=_("School board"))
    estimated = MoneyColumn(verbose_name=_("Estimated in the plan"))
    difference = DifferenceColumn(verbose_name=_("Difference"))


class SplitTable(SummaryTable):
    """Totals per school year or per cost category: each funder's amount and percentage, and the total."""

    label = tables.Column()
    municipality = MoneyColumn(verbose_name=_("Municipality"))
    municipality_percentage = PercentColumn(verbose_name=_("Municipality %"))
    board = MoneyColumn(verbose_name=_("School board"))
    board_percentage = PercentColumn(verbose_name=_("School board %"))
    total = MoneyColumn(verbose_name=_("Total"))


class YearTable(SplitTable):
    label = tables.Column(verbose_name=_("School year"))


class CategoryTable(SplitTable):
    label = tables.Column(verbose_name=_("Cost category"))


class FunderTable(SummaryTable):
    """Who pays what: the municipality (planned or committed) and the school board, and the total."""

    funder = tables.Column(verbose_name=_("Funder"))
    amount = MoneyColumn(verbose_name=_("Amount"))
    percentage = PercentColumn(verbose_name=_("Share"))
    commitment = tables.Column(verbose_name=_("Status"), default="")

    def render_commitment(self, value):
        css = {Commitment.COMMITTED: "tag-green", Commitment.PLANNED: "tag-blue"}.get(value, "tag-grey")
        return format_html('<span class="tag {}">{}</span>', css, Commitment(value).label)

    def value_commitment(self, value) -> str:
        return str(Commitment(value).label) if value else ""


def split_rows(rows, total) -> list[dict]:
    """(label, Split) pairs and their total as the records of a SplitTable, the total last."""
    records = [
        {
            "label": label,
            "municipality": split.municipality,
            "municipality_percentage": split.municipality_percentage,
            "board": split.board,
            "board_percentage": split.board_percentage,
            "total": split.total,
        }
        for label, split in [*rows, (gettext("Total"), total)]
    ]
    records[-1]["is_total"] = True
    return records


def funder_rows(total, commitment) -> list[dict]:
    return [
        {
            "funder": Funder.MUNICIPALITY.label,
            "amount": total.municipality,
            "percentage": total.municipality_percentage,
            "commitment": commitment,
        },
        {"funder": Funder.BOARD.label, "amount": total.board, "percentage": total.board_percentage},
        {
            "funder": gettext("Total"),
            "amount": total.total,
            "percentage": 100 if total.total else None,
            "is_total": True,
        },
    ]
