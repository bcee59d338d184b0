"""The routes of the audits pages (included by `audits.urls`, namespace `audits`)."""

from django.urls import path

from .views import audits as views
from .views import history

AUDIT = "trajecten/<int:pk>/audits/<int:audit_pk>/"

urlpatterns = [
    path("uitvoering/audits/", views.AuditListView.as_view(), name="audit_list"),
    path(AUDIT, views.AuditDetailView.as_view(), name="audit_detail"),
    path(AUDIT + "starten/", views.AuditStartView.as_view(), name="audit_start"),
    path(AUDIT + "wijzigen/", views.AuditEditView.as_view(), name="audit_edit"),
    path(AUDIT + "indienen/", views.AuditSubmitView.as_view(), name="audit_submit"),
    path(AUDIT + "vaststellen/", views.AuditReviewView.as_view(), name="audit_review"),
    path(AUDIT + "pdf/", views.AuditPdfView.as_view(), name="audit_pdf"),
    path(AUDIT + "geschiedenis/", history.AuditHistoryView.as_view(), name="audit_history"),
]
