"""The pages of monitoring besides the start page: the user's own tasks."""

from django.urls import path

from . import urls_dashboard, urls_reports, urls_rounds, urls_school_monitor, views, views_indicators

app_name = "monitoring"

urlpatterns = [
    path("mijn-taken/", views.MyTasksView.as_view(), name="my_tasks"),
    path("monitor/indicatoren/", views_indicators.IndicatorValueListView.as_view(), name="indicator_list"),
    path(
        "monitor/indicatoren/nieuw/",
        views_indicators.IndicatorValueCreateView.as_view(),
        name="indicator_create",
    ),
    path(
        "monitor/indicatoren/<int:pk>/wijzigen/",
        views_indicators.IndicatorValueUpdateView.as_view(),
        name="indicator_update",
    ),
    path(
        "monitor/indicatoren/importeren/",
        views_indicators.FinalScoreImportCreateView.as_view(),
        name="indicator_import",
    ),
    path(
        "monitor/indicatoren/importeren/<int:pk>/",
        views_indicators.FinalScoreImportDetailView.as_view(),
        name="indicator_import_detail",
    ),
    path("monitor/benchmarks/", views_indicators.BenchmarkListView.as_view(), name="benchmark_list"),
    path(
        "monitor/benchmarks/nieuw/", views_indicators.BenchmarkCreateView.as_view(), name="benchmark_create"
    ),
    path(
        "monitor/benchmarks/<int:pk>/wijzigen/",
        views_indicators.BenchmarkUpdateView.as_view(),
        name="benchmark_update",
    ),
]
# The monitor's other pages, one module per part: programme rounds, the dashboard (and its exports), the school
# monitor and the PDF reports.
urlpatterns += (
    urls_rounds.urlpatterns
    + urls_dashboard.urlpatterns
    + urls_school_monitor.urlpatterns
    + urls_reports.urlpatterns
)
