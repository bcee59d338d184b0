"""The dashboard's table of schools: per trajectory of the round its phase, verdict, results against its targets and
the round's reference average, money and what is overdue. The rows are `dashboard.SchoolRow`s (built in a fixed
number of queries); the table sorts and paginates them in Python, and exports them as CSV and XLSX with amounts,
percentages and scores as numbers."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from finance.tables import NUMBER_ATTRS, MoneyColumn, NumberColumn, PercentColumn
from kwaliteitsaanpak.core.exports import MONEY, PERCENTAGE
from kwaliteitsaanpak.core.table_columns import WIDE_ONLY, wide_only

# At 390 px the table shows the school, its phase and verdict and what is overdue; the rest on wider screens and in
# the exports.
WIDE_NUMBER = wide_only(NUMBER_ATTRS)


class ScoreColumn(NumberColumn):
    """A final-test score on its test's scale: "533,6" on the page, the number in the exports."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", "–")
        kwargs.setdefault("attrs", WIDE_NUMBER)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return number_format(value, decimal_pos=1, use_l10n=True)


class LwooColumn(PercentColumn):
    """An LWOO percentage: "12,5%" on the page, a percentage in the XLSX."""

    export_format = PERCENTAGE

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_values", (None,))
        kwargs.setdefault("default", "–")
        kwargs.setdefault("attrs", WIDE_NUMBER)
        super().__init__(*args, **kwargs)


class EuroColumn(MoneyColumn):
    """An amount: "€ 12.345,67" on the page, euros in the XLSX."""

    export_format = MONEY

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", WIDE_NUMBER)
        super().__init__(*args, **kwargs)


class SchoolColumn(tables.Column):
    """The school's name, linked to its school monitor where the user may open it."""

    def render(self, value, record):
        if record.url:
            return format_html('<a href="{}">{}</a>', record.url, value)
        return value

    def value(self, value):
        return value


class DashboardSchoolTable(tables.Table):
    school = SchoolColumn(
        verbose_name=_("School"), accessor="school__name", attrs={"th": {"class": "col-wide"}}
    )
    code = tables.Column(verbose_name=_("BRIN"), accessor="school__code", visible=False)
    board = tables.Column(verbose_name=_("School board"), accessor="board_name", default="–", attrs=WIDE_ONLY)
    stadsdeel = tables.Column(
        verbose_name=_("Stadsdeel"), accessor="stadsdeel_label", default="–", attrs=WIDE_ONLY
    )
    phase = tables.Column(verbose_name=_("Phase"), accessor="phase_label")
    verdict = tables.Column(verbose_name=_("Current verdict"), accessor="verdict_label", default="–")
    final_test = tables.Column(
        verbose_name=_("Final test"), accessor="final_test_label", default="–", attrs=WIDE_ONLY
    )
    final_test_year = tables.Column(
        verbose_name=_("School year of the final test"), accessor="final_test_year_label", visible=False
    )
    final_test_value = ScoreColumn(verbose_name=_("Score"))
    final_test_target = ScoreColumn(verbose_name=_("Target score"))
    final_test_benchmark = ScoreColumn(verbose_name=_("Average (same test)"))
    lwoo_year = tables.Column(
        verbose_name=_("School year of the LWOO"), accessor="lwoo_year_label", visible=False
    )
    lwoo_value = LwooColumn(verbose_name=_("LWOO"))
    lwoo_target = LwooColumn(verbose_name=_("LWOO target"))
    lwoo_benchmark = LwooColumn(verbose_name=_("LWOO average"))
    planned = EuroColumn(verbose_name=_("Planned"))
    committed = EuroColumn(verbose_name=_("Committed"))
    spent = EuroColumn(verbose_name=_("Spent"))
    overdue_total = NumberColumn(verbose_name=_("Overdue"))

    class Meta:
        attrs = {
            "class": "table table-sm align-middle dashboard-schools",
            "aria-labelledby": "scholen-heading",
        }
        order_by = ("school",)
        empty_text = _("No trajectories in this selection; adjust the filters.")

    def __init__(self, *args, benchmark_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if benchmark_label:
            self.columns["final_test_benchmark"].column.verbose_name = benchmark_label
