"""The routes of the visits pages (included by `audits.urls`)."""

from django.urls import path

from .views import history
from .views import visits as views

VISIT = "trajecten/<int:pk>/bezoeken/<int:visit_pk>/"

urlpatterns = [
    # The overview of every open action after a stagnating visit.
    path("uitvoering/acties/", views.OpenActionsView.as_view(), name="action_overview"),
    # The visits of a trajectory and what was agreed after them.
    path("trajecten/<int:pk>/bezoeken/", views.VisitListView.as_view(), name="visit_list"),
    path(VISIT, views.VisitDetailView.as_view(), name="visit_detail"),
    path(VISIT + "vastleggen/", views.VisitRecordView.as_view(), name="visit_record"),
    path(VISIT + "verplaatsen/", views.VisitRescheduleView.as_view(), name="visit_reschedule"),
    path(VISIT + "annuleren/", views.VisitCancelView.as_view(), name="visit_cancel"),
    path(VISIT + "geschiedenis/", history.VisitHistoryView.as_view(), name="visit_history"),
    path(VISIT + "acties/nieuw/", views.ActionCreateView.as_view(), name="action_create"),
    path(
        "trajecten/<int:pk>/acties/<int:action_pk>/sluiten/",
        views.ActionCloseView.as_view(),
        name="action_close",
    ),
]
