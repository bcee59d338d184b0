"""The pages of the PDF monitoring reports: ask for the programme report (with the dashboard's filters) or a school
report, follow a report's progress (its status refreshes itself with htmx until it is done or failed), download it.

Whoever may ask for reports sees every report asked for (staff, the expert group and the municipality read the same
monitor); a report is made with the rights of the one who asked.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView

from kwaliteitsaanpak.core.forms import FilterFormHelper
from kwaliteitsaanpak.core.tasks import tell_if_waiting
from kwaliteitsaanpak.core.views import FilteredTableView, ProtectedView, ServiceFormMixin

from .filters_reports import MonitorReportFilter
from .forms_reports import (
    ProgrammeReportForm,
    SchoolReportForm,
    school_choice_label,
    schools_of_the_programme,
)
from .models import MonitorReport, MonitorReportKind
from .services_reports import ReportInTheMaking, monitor_report_request, monitor_report_request_again
from .tables_reports import MonitorReportTable

PERMISSION = "monitoring.request_monitor_report"


def _school_options() -> list[str]:
    return [
        school_choice_label(school)
        for school in schools_of_the_programme().only("name", "brin", "location_code")
    ]


def _in_the_making(request, error: ReportInTheMaking) -> HttpResponseRedirect:
    """To the report that is already being made, saying so."""
    messages.warning(request, error.message)
    return HttpResponseRedirect(error.report.get_absolute_url())


class MonitorReportListView(ProtectedView, FilteredTableView):
    permission_required = PERMISSION
    filterset_class = MonitorReportFilter
    table_class = MonitorReportTable
    template_name = "monitoring/reports/list.html"
    export_name = "monitorrapportages"
    page_title = gettext_lazy("Monitoring reports")

    def get_queryset(self):
        return MonitorReport.objects.for_lists()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title,
            filter_helper=FilterFormHelper(),
            empty_text=_(
                "No reports have been asked for yet, or none match these filters. Ask for the programme report or "
                "a school report above: it is made in the background and listed here."
            ),
            programme_form=ProgrammeReportForm(),
            school_form=SchoolReportForm(),
            school_options=_school_options(),
            **kwargs,
        )


class _RequestView(ProtectedView, ServiceFormMixin, FormView):
    """Asking for a report: the form on the list page posts here; with an error, this page shows the form again."""

    permission_required = PERMISSION
    template_name = "monitoring/reports/request_form.html"
    success_message = gettext_lazy(
        "The report has been asked for. It is made in the background; this page follows it."
    )

    def form_valid(self, form):
        try:
            response = super().form_valid(form)
        except ReportInTheMaking as error:
            return _in_the_making(self.request, error)
        tell_if_waiting(self.request, self.object)  # Redis down: the report waits in the queue
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("monitoring:report_list"), **kwargs)


class ProgrammeReportRequestView(_RequestView):
    form_class = ProgrammeReportForm
    page_title = gettext_lazy("Ask for the programme report")

    def call_service(self, form):
        return monitor_report_request(
            user=self.request.user, kind=MonitorReportKind.PROGRAMME, filters=form.dashboard_filters()
        )


class SchoolReportRequestView(_RequestView):
    form_class = SchoolReportForm
    page_title = gettext_lazy("Ask for a school report")

    def call_service(self, form):
        return monitor_report_request(
            user=self.request.user, kind=MonitorReportKind.SCHOOL, school=form.cleaned_data["school"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(school_options=_school_options(), **kwargs)


class MonitorReportDetailView(ProtectedView, DetailView):
    """A report's page: its status and progress while it is made (the status part polls itself with htmx), then
    the download; a failure with what to do."""

    permission_required = PERMISSION

    def get_queryset(self):
        return MonitorReport.objects.for_lists()

    def get_permission_object(self):
        return None

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["monitoring/reports/status.html"]
        return ["monitoring/reports/detail.html"]


class MonitorReportRequestAgainView(ProtectedView, View):
    """Ask again for a report with the same kind and filters (after a failure, or for today's figures)."""

    permission_required = PERMISSION

    def post(self, request, *args, **kwargs):
        report = get_object_or_404(MonitorReport.objects.for_lists(), pk=self.kwargs["pk"])
        try:
            new = monitor_report_request_again(user=request.user, report=report)
        except ReportInTheMaking as error:
            return _in_the_making(request, error)
        messages.success(request, _("The report has been asked for again. It is made in the background."))
        tell_if_waiting(request, new)
        return HttpResponseRedirect(new.get_absolute_url())


class MonitorReportDownloadView(ProtectedView, View):
    """The report's PDF as a download under a Dutch file name. Files live in private storage; only this page serves
    them."""

    permission_required = PERMISSION

    @cached_property
    def report(self) -> MonitorReport:
        return get_object_or_404(MonitorReport.objects.for_lists(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        report = self.report
        if not report.is_done or not report.file:
            messages.warning(request, _("This report is not ready yet; its page says how far it is."))
            return HttpResponseRedirect(report.get_absolute_url())
        try:
            handle = report.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("The file of this report cannot be found.")) from error
        response = FileResponse(
            handle, as_attachment=True, filename=report.download_filename, content_type="application/pdf"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
