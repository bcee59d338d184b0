"""The change history of the register's records (`views_history.py`), in the `schools` namespace."""

from django.urls import path

from . import views_history

urlpatterns = [
    path(
        "oordelen/<int:pk>/geschiedenis/",
        views_history.InspectionVerdictHistoryView.as_view(),
        name="verdict_history",
    ),
]
