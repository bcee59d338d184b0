"""The programme dashboard at /monitor/: the round's figures, charts with their tables, the table of schools and its
CSV and XLSX exports (`?_export=csv|xlsx`, through the shared export of `kwaliteitsaanpak.core.exports`)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from improvement_plans.constants import Phase
from kwaliteitsaanpak.core.exports import ExportMixin
from kwaliteitsaanpak.core.views import ProtectedView

from .dashboard import (
    EXCEPTION_PARAM,
    LATE_PARAM,
    OVERDUE_KINDS,
    PHASE_PARAM,
    Dashboard,
    DashboardFilters,
    dashboard,
    dashboard_url,
    page_url,
)
from .forms_dashboard import DashboardFilterForm, DashboardFilterFormHelper
from .tables_dashboard import DashboardSchoolTable

PER_PAGE = 25


def _optional_url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def chart_data(board: Dashboard) -> dict:
    """The figures of the three charts, for `json_script` (dashboard.js draws them; the page's tables hold the same
    figures)."""
    reference = board.reference_list
    return {
        "reference": {
            "labels": [_("Still very weak"), _("Still weak"), _("No longer (very) weak")],
            "values": [reference.still_very_weak, reference.still_only_weak, reference.no_longer_weak],
        },
        "phases": {
            "labels": [phase.label for phase in board.phases],
            "values": [phase.count for phase in board.phases],
        },
        "money": {
            "labels": [row.funder for row in board.money],
            "series": [
                {"label": _("Planned"), "values": [float(row.planned) for row in board.money]},
                {"label": _("Committed"), "values": [float(row.committed) for row in board.money]},
                {"label": _("Spent"), "values": [float(row.spent) for row in board.money]},
            ],
        },
    }


class DashboardView(ProtectedView, ExportMixin, TemplateView):
    permission_required = "monitoring.view_monitor"
    template_name = "monitoring/dashboard/dashboard.html"
    export_formats = ("csv", "xlsx")

    def get(self, request, *args, **kwargs):
        self.filters = DashboardFilters.from_query(request.GET, request.user)
        self.dashboard = dashboard(request.user, self.filters)
        export_format = request.GET.get(self.export_trigger_param)
        if self.export_class.is_valid_format(export_format) and export_format in self.export_formats:
            return self.create_export(export_format)
        # The page itself (ExportMixin.get would look for a queryset: the rows are the dashboard's).
        return TemplateView.get(self, request, *args, **kwargs)

    @property
    def late(self) -> str:
        late = self.request.GET.get(LATE_PARAM, "")
        return late if late in dict(OVERDUE_KINDS) else ""

    @property
    def phase(self) -> str:
        phase = self.request.GET.get(PHASE_PARAM, "")
        return phase if phase in Phase.values else ""

    @property
    def exceptions_only(self) -> bool:
        return self.request.GET.get(EXCEPTION_PARAM) == "ja"

    def narrowing(self) -> str:
        """What narrows the table of schools, in words ("" when nothing does)."""
        if self.late:
            what = str(dict(OVERDUE_KINDS)[self.late]).lower()
            return _("Only the schools with overdue %(what)s.") % {"what": what}
        if self.phase:
            return _("Only the schools in the phase %(phase)s.") % {
                "phase": str(Phase(self.phase).label).lower()
            }
        if self.exceptions_only:
            return _("Only the schools with an argued exception.")
        return ""

    def school_rows(self) -> list:
        rows = self.dashboard.school_rows
        if self.late:
            rows = [row for row in rows if row.overdue.get(self.late)]
        if self.phase:
            rows = [row for row in rows if row.phase == self.phase]
        if self.exceptions_only:
            rows = [row for row in rows if row.exception]
        return rows

    def get_table(self, **kwargs) -> DashboardSchoolTable:
        return DashboardSchoolTable(
            self.school_rows(),
            benchmark_label=_("%(reference)s (same test)")
            % {"reference": self.dashboard.programme_round.get_reference_display()},
            **kwargs,
        )

    def get_table_kwargs(self) -> dict:
        return {}

    def get_export_filename(self, export_format: str) -> str:
        return f"monitor-{timezone.localdate():%Y-%m-%d}.{export_format}"

    def get_dataset_kwargs(self) -> dict:
        return {"title": _("Schools")[:31]}

    def get_context_data(self, **kwargs):
        board = self.dashboard
        table = self.get_table()
        RequestConfig(self.request, paginate={"per_page": PER_PAGE}).configure(table)
        query = self.filters.as_query()
        return super().get_context_data(
            dashboard=board,
            filters=self.filters,
            form=DashboardFilterForm(self.filters),
            filter_helper=DashboardFilterFormHelper(),
            table=table,
            narrowing=self.narrowing(),
            all_schools_url=dashboard_url(query, anchor="scholen"),
            chart_data=chart_data(board),
            links=self.links(),
            finance_url=self.finance_url(),
            **kwargs,
        )

    def finance_url(self) -> str | None:
        """The finance overview with the same stadsdeel and board, for those who may open it."""
        if not self.request.user.has_perm("finance.view_finance_overview"):
            return None
        query = {
            key: value for key, value in self.filters.as_query().items() if key in ("stadsdeel", "board")
        }
        return page_url("finance:overview", query)

    def links(self) -> list[tuple[str, str]]:
        """The monitor's other pages this user may open."""
        user = self.request.user
        pages = [
            (_("Indicators per school"), "monitoring:indicator_list", "monitoring.view_indicatorvalue"),
            (_("G4 and national averages"), "monitoring:benchmark_list", "monitoring.view_benchmark"),
            (_("Programme rounds"), "monitoring:round_list", "improvement_plans.view_programmeround"),
            (_("Monitoring reports"), "monitoring:report_list", "monitoring.request_monitor_report"),
        ]
        links = []
        for label, name, permission in pages:
            url = _optional_url(name)
            if url and user.has_perm(permission):
                links.append((label, url))
        return links
