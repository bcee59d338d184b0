"""The pages of the programme dashboard at /monitor/ and its exports; included by `monitoring.urls` (namespace "monitoring")."""

from django.urls import URLPattern, path

from . import views_dashboard

urlpatterns: list[URLPattern] = [
    path("monitor/", views_dashboard.DashboardView.as_view(), name="dashboard"),
]
