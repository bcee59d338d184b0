"""The change history of plan versions and progress reports (`views/history.py`), in the `improvement_plans`
namespace."""

from django.urls import path

from .views import history

urlpatterns = [
    path(
        "trajecten/<int:pk>/plan/<int:number>/geschiedenis/",
        history.PlanHistoryView.as_view(),
        name="plan_history",
    ),
    path(
        "trajecten/<int:pk>/voortgang/<int:quarter>/geschiedenis/",
        history.ProgressReportHistoryView.as_view(),
        name="progress_report_history",
    ),
]
