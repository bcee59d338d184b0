"""The finance overview: per trajectory the budget that counts now, with its totals per funder, the grant, what was
spent and (for those who may see them) the experts' costs. The rows come from `selectors.finance_overview`, whose
annotations every column reads: no query per row."""

import django_tables2 as tables
from django.db.models import Case, F, IntegerField, Value, When
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.money import format_money
from kwaliteitsaanpak.core.table_columns import wide_only
from kwaliteitsaanpak.core.templatetags.workflow_tags import render_status_tag
from kwaliteitsaanpak.core.workflow import SubmissionStatus

from ..models import Budget
from . import NUMBER_ATTRS, MoneyColumn

BUDGET_STEPS = [
    SubmissionStatus.DRAFT,
    SubmissionStatus.RETURNED,
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.APPROVED,
]

# The columns only those who may see the experts' costs get (on the page and in the exports).
EXPERT_COST_COLUMNS = ["expert_costs"]


def commitment_tag(budget) -> str:
    return render_to_string(
        "finance/includes/commitment_tag.html",
        {"commitment": budget.commitment.value, "label": budget.commitment.label},
    )


class FinanceOverviewTable(tables.Table):
    # Names get room to stay on one or two lines; the amounts beside them never wrap.
    school = tables.Column(
        verbose_name=_("School"),
        accessor="trajectory__school__name",
        order_by=("trajectory__school__name",),
        attrs={"th": {"class": "min-w-10rem"}},
    )
    # At 390 px: school, budget, total and the municipality's share; the board only on wider screens.
    board = tables.Column(
        verbose_name=_("School board"),
        accessor="trajectory__school__board__name",
        attrs=wide_only({"th": {"class": "min-w-10rem"}}),
    )
    budget = tables.Column(verbose_name=_("Budget"), accessor="status", empty_values=())
    total = MoneyColumn(verbose_name=_("Total"))
    municipality_total = MoneyColumn(verbose_name=_("Municipality's share"))
    # Shown beside the municipality's share on the page (a column of its own would repeat the budget's status).
    commitment = tables.Column(
        verbose_name=_("Municipality's money"),
        accessor="status",
        empty_values=(),
        visible=False,
        orderable=False,
    )
    board_total = MoneyColumn(verbose_name=_("Board's share"), attrs=wide_only(NUMBER_ATTRS))
    granted = MoneyColumn(verbose_name=_("Granted"), default="–", attrs=wide_only(NUMBER_ATTRS))
    spent = MoneyColumn(verbose_name=_("Spent"), accessor="spent_municipality", empty_values=())
    # The split of what was spent, in the exports only (the page's totals show it for all rows together).
    spent_municipality = MoneyColumn(verbose_name=_("Spent by the municipality"), visible=False)
    spent_board = MoneyColumn(verbose_name=_("Spent by the board"), visible=False)
    expert_costs = MoneyColumn(verbose_name=_("Experts' costs"), attrs=wide_only(NUMBER_ATTRS))

    class Meta:
        model = Budget
        fields = []
        sequence = [
            "school",
            "board",
            "budget",
            "total",
            "municipality_total",
            "commitment",
            "board_total",
            "granted",
            "spent",
            "spent_municipality",
            "spent_board",
            "expert_costs",
        ]
        order_by = ("school",)
        # Nine columns of names and amounts: a smaller type keeps them on the page at 1280 pixels.
        attrs = {"class": "table table-hover table-sm align-middle small"}

    def __init__(self, *args, link_budgets: bool = False, **kwargs):
        """`link_budgets`: whether the school's name links to the budget (for those who may open it)."""
        self.link_budgets = link_budgets
        super().__init__(*args, **kwargs)

    def render_school(self, record, value):
        if self.link_budgets:
            return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
        return value

    def value_school(self, value) -> str:
        return value

    def render_budget(self, record):
        tags = [render_status_tag(record)]
        if record.revision_open:
            tags.append(
                format_html('<span class="tag tag-orange">{}</span>', gettext("Revision in preparation"))
            )
        return format_html(
            '<span class="text-nowrap">{}</span> {}',
            gettext("Version %(number)s") % {"number": record.number},
            format_html_join(" ", "{}", ((tag,) for tag in tags)),
        )

    def order_budget(self, queryset, is_descending: bool):
        """In the order of the work: being drawn up, returned, submitted, approved; then by version."""
        step = Case(
            *(When(status=status, then=Value(order)) for order, status in enumerate(BUDGET_STEPS)),
            output_field=IntegerField(),
        )
        if is_descending:
            return queryset.order_by(step.desc(), "-plan__number", "trajectory__school__name"), True
        return queryset.order_by(step.asc(), "plan__number", "trajectory__school__name"), True

    def value_budget(self, record) -> str:
        parts = [gettext("Version %(number)s") % {"number": record.number}, record.get_status_display()]
        if record.revision_open:
            parts.append(gettext("Revision in preparation"))
        return " · ".join(parts)

    def render_municipality_total(self, record, value):
        """The amount, and under it whether it is committed or only planned."""
        return format_html('{}<span class="d-block">{}</span>', format_money(value), commitment_tag(record))

    def value_commitment(self, record) -> str:
        return str(record.commitment.label)

    def value_municipality_total(self, value):
        return value

    def export_totals(self) -> dict:
        """The totals row of the downloads: the sums over the rows the filters leave, as the page's totals."""
        from ..selectors import programme_totals

        totals = programme_totals(self.data.data)
        municipality = totals["committed"] + totals["planned"]
        return {
            "total": municipality + totals["board"],
            "municipality_total": municipality,
            "board_total": totals["board"],
            "granted": totals["granted"],
            "spent": totals["spent_municipality"] + totals["spent_board"],
            "spent_municipality": totals["spent_municipality"],
            "spent_board": totals["spent_board"],
            "expert_costs": totals["expert_costs"],
        }

    def render_spent(self, record):
        return format_money(record.spent_municipality + record.spent_board)

    def value_spent(self, record):
        return record.spent_municipality + record.spent_board

    def order_board(self, queryset, is_descending: bool):
        """By board, and within a board by school name (A to Z either way)."""
        board = F("trajectory__school__board__name")
        ordering = board.desc() if is_descending else board.asc()
        return queryset.order_by(ordering, "trajectory__school__name"), True

    def order_spent(self, queryset, is_descending: bool):
        spent = F("spent_municipality") + F("spent_board")
        ordering = spent.desc() if is_descending else spent.asc()
        return queryset.order_by(ordering, "trajectory__school__name"), True
