"""The tables of the experts' costs: the recorded hours (one row per expert and quarter) and their totals per
quarter and per expert. Hours show as "12,5" and amounts as "€ 1.187,50"; both export as numbers."""

from collections import defaultdict
from decimal import Decimal

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import format_dutch_decimal
from kwaliteitsaanpak.core.money import ZERO

from ..constants import Quarter
from . import MoneyColumn, NumberColumn, SummaryTable, change_remove_links


class HoursColumn(NumberColumn):
    """A number of hours: "12,5" on the page, a Decimal in the exports."""

    def render(self, value):
        return format_dutch_decimal(value)


class ExpertCostTable(tables.Table):
    """The recorded hours, newest quarter first; the change and remove links only for who may record."""

    expert = tables.Column(verbose_name=_("Expert"), order_by=("expert__first_name", "expert__last_name"))
    quarter = tables.Column(
        verbose_name=_("Quarter"), accessor="period", order_by=("year", "quarter"), empty_values=()
    )
    hours = HoursColumn(verbose_name=_("Hours"))
    hourly_rate = MoneyColumn(verbose_name=_("Hourly rate"))
    amount = MoneyColumn(verbose_name=_("Amount"), orderable=False)
    note = tables.Column(verbose_name=_("Note"), orderable=False, empty_values=())
    actions = tables.Column(
        verbose_name=_("Actions"), empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        attrs = {"class": "table table-sm align-middle", "data-testid": "expert-costs"}
        order_by = ("-quarter",)

    def __init__(self, *args, can_record: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_record:
            self.columns.hide("actions")

    def render_quarter(self, value):
        return value.label.capitalize()

    def value_quarter(self, value):
        return value.label.capitalize()

    def render_actions(self, record):
        args = [record.trajectory_id, record.pk]
        return change_remove_links(
            reverse("finance:expert_cost_update", args=args),
            reverse("finance:expert_cost_remove", args=args),
            record,
        )


class ExpertCostQuarterTable(SummaryTable):
    quarter = tables.Column(verbose_name=_("Quarter"))
    hours = HoursColumn(verbose_name=_("Hours"))
    amount = MoneyColumn(verbose_name=_("Amount"))


class ExpertCostExpertTable(SummaryTable):
    expert = tables.Column(verbose_name=_("Expert"))
    hours = HoursColumn(verbose_name=_("Hours"))
    amount = MoneyColumn(verbose_name=_("Amount"))


def _totals(costs, key) -> dict:
    totals: dict = defaultdict(lambda: {"hours": Decimal(0), "amount": ZERO})
    for cost in costs:
        row = totals[key(cost)]
        row["hours"] += cost.hours
        row["amount"] += cost.amount
    return totals


def total_row(costs, **label) -> dict:
    return {
        **label,
        "hours": sum((cost.hours for cost in costs), Decimal(0)),
        "amount": sum((cost.amount for cost in costs), ZERO),
        "is_total": True,
    }


def quarter_rows(costs) -> list[dict]:
    """Per quarter, oldest first, then the total."""
    totals = _totals(costs, lambda cost: Quarter(cost.year, cost.quarter))
    rows = [{"quarter": quarter.label.capitalize(), **totals[quarter]} for quarter in sorted(totals)]
    return [*rows, total_row(costs, quarter=gettext("Total"))]


def expert_rows(costs) -> list[dict]:
    """Per expert, by name, then the total."""
    totals = _totals(costs, lambda cost: cost.expert)
    rows = [{"expert": str(expert), **totals[expert]} for expert in sorted(totals, key=str)]
    return [*rows, total_row(costs, expert=gettext("Total"))]
