"""The routes of the inspection pages (included by `audits.urls`): the reviews of interim results and the
supervision arrangements, under /inspectie/ (not under /trajecten/, which the Inspectie cannot open)."""

from django.urls import path

from .views import history
from .views import inspection as views

urlpatterns = [
    path("inspectie/beoordelingen/", views.ReviewListView.as_view(), name="inspection_review_list"),
    path(
        "inspectie/beoordelingen/<int:pk>/", views.ReviewDetailView.as_view(), name="inspection_review_detail"
    ),
    path(
        "inspectie/beoordelingen/<int:pk>/resultaten/", views.ResultsView.as_view(), name="inspection_results"
    ),
    path(
        "inspectie/beoordelingen/<int:pk>/geschiedenis/",
        history.InspectionReviewHistoryView.as_view(),
        name="inspection_review_history",
    ),
    path("inspectie/beoordelingen/<int:pk>/indienen/", views.SubmitView.as_view(), name="inspection_submit"),
    path("inspectie/beoordelingen/<int:pk>/beoordelen/", views.JudgeView.as_view(), name="inspection_judge"),
    path(
        "inspectie/toezichtarrangementen/",
        views.ArrangementListView.as_view(),
        name="inspection_arrangement_list",
    ),
    path(
        "inspectie/toezichtarrangementen/nieuw/",
        views.ArrangementCreateView.as_view(),
        name="inspection_arrangement_create",
    ),
    path(
        "inspectie/toezichtarrangementen/<int:pk>/",
        views.ArrangementDetailView.as_view(),
        name="inspection_arrangement_detail",
    ),
    path(
        "inspectie/toezichtarrangementen/<int:pk>/wijzigen/",
        views.ArrangementUpdateView.as_view(),
        name="inspection_arrangement_update",
    ),
]
