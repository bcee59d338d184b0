"""The pages of the PDF monitoring reports: ask for one, follow its progress, download it; included by `monitoring.urls` (namespace "monitoring")."""

from django.urls import URLPattern, path

from . import views_reports

urlpatterns: list[URLPattern] = [
    path("monitor/rapporten/", views_reports.MonitorReportListView.as_view(), name="report_list"),
    path(
        "monitor/rapporten/programma/",
        views_reports.ProgrammeReportRequestView.as_view(),
        name="report_request_programme",
    ),
    path(
        "monitor/rapporten/school/",
        views_reports.SchoolReportRequestView.as_view(),
        name="report_request_school",
    ),
    path(
        "monitor/rapporten/<int:pk>/", views_reports.MonitorReportDetailView.as_view(), name="report_detail"
    ),
    path(
        "monitor/rapporten/<int:pk>/opnieuw/",
        views_reports.MonitorReportRequestAgainView.as_view(),
        name="report_request_again",
    ),
    path(
        "monitor/rapporten/<int:pk>/downloaden/",
        views_reports.MonitorReportDownloadView.as_view(),
        name="report_download",
    ),
]
