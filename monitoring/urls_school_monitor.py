"""The pages of the school monitor, one page per school; included by `monitoring.urls` (namespace "monitoring")."""

from django.urls import URLPattern, path

from .views_school_monitor import SchoolMonitorView

urlpatterns: list[URLPattern] = [
    path("monitor/scholen/<int:pk>/", SchoolMonitorView.as_view(), name="school_monitor"),
]
