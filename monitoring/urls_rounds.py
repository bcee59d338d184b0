"""The pages of the programme rounds: list, open a new one, change one; included by `monitoring.urls` (namespace "monitoring")."""

from django.urls import URLPattern, path

from . import views_rounds

urlpatterns: list[URLPattern] = [
    path("monitor/rondes/", views_rounds.ProgrammeRoundListView.as_view(), name="round_list"),
    path("monitor/rondes/nieuw/", views_rounds.ProgrammeRoundCreateView.as_view(), name="round_create"),
    path("monitor/rondes/<int:pk>/", views_rounds.ProgrammeRoundDetailView.as_view(), name="round_detail"),
    path(
        "monitor/rondes/<int:pk>/wijzigen/",
        views_rounds.ProgrammeRoundUpdateView.as_view(),
        name="round_update",
    ),
    path(
        "monitor/rondes/<int:pk>/referentielijst-vullen/",
        views_rounds.ProgrammeRoundAddWeakSchoolsView.as_view(),
        name="round_add_weak_schools",
    ),
]
