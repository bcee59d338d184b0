from django.urls import path

from . import urls_history, views
from .views import progress

app_name = "improvement_plans"
urlpatterns = [
    # Trajectories (views/trajectories.py)
    path("trajecten/", views.TrajectoryListView.as_view(), name="trajectory_list"),
    path("trajecten/aanmelden/", views.TrajectoryRegisterView.as_view(), name="trajectory_register"),
    path("trajecten/<int:pk>/", views.TrajectoryDetailView.as_view(), name="trajectory_detail"),
    path("trajecten/<int:pk>/intake/", views.IntakeScheduleView.as_view(), name="intake_schedule"),
    path("trajecten/<int:pk>/intake/uitkomst/", views.IntakeOutcomeView.as_view(), name="intake_outcome"),
    path("trajecten/<int:pk>/experts/", views.AssignExpertsView.as_view(), name="assign_experts"),
    path(
        "trajecten/<int:pk>/terugtrekken/", views.TrajectoryWithdrawView.as_view(), name="trajectory_withdraw"
    ),
    path("trajecten/<int:pk>/berichten/", views.NoteCreateView.as_view(), name="note_create"),
    # The quality analysis (views/analysis.py)
    path("trajecten/<int:pk>/analyse/", views.AnalysisDetailView.as_view(), name="analysis_detail"),
    path("trajecten/<int:pk>/analyse/wijzigen/", views.AnalysisEditView.as_view(), name="analysis_edit"),
    path(
        "trajecten/<int:pk>/analyse/lesbezoeken/nieuw/",
        views.ClassVisitCreateView.as_view(),
        name="class_visit_create",
    ),
    path(
        "trajecten/<int:pk>/analyse/lesbezoeken/<int:visit_pk>/",
        views.ClassVisitUpdateView.as_view(),
        name="class_visit_update",
    ),
    path(
        "trajecten/<int:pk>/analyse/gesprekken/nieuw/",
        views.InterviewCreateView.as_view(),
        name="interview_create",
    ),
    path(
        "trajecten/<int:pk>/analyse/gesprekken/<int:interview_pk>/",
        views.InterviewUpdateView.as_view(),
        name="interview_update",
    ),
    path(
        "trajecten/<int:pk>/analyse/bijlagen/nieuw/",
        views.AttachmentCreateView.as_view(),
        name="attachment_create",
    ),
    path(
        "trajecten/<int:pk>/analyse/bijlagen/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "trajecten/<int:pk>/analyse/bijlagen/<int:attachment_pk>/verwijderen/",
        views.AttachmentRemoveView.as_view(),
        name="attachment_remove",
    ),
    path("trajecten/<int:pk>/analyse/indienen/", views.AnalysisSubmitView.as_view(), name="analysis_submit"),
    path(
        "trajecten/<int:pk>/analyse/beoordelen/", views.AnalysisReviewView.as_view(), name="analysis_review"
    ),
    # The improvement plan (views/plans.py); <number> is the plan's version number.
    path("trajecten/<int:pk>/plan/", views.PlanLatestView.as_view(), name="plan_latest"),
    path("trajecten/<int:pk>/plan/starten/", views.PlanCreateView.as_view(), name="plan_create"),
    path(
        "trajecten/<int:pk>/plan/nieuwe-versie/", views.PlanNewVersionView.as_view(), name="plan_new_version"
    ),
    path("trajecten/<int:pk>/plan/<int:number>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path(
        "trajecten/<int:pk>/plan/<int:number>/resultaatafspraken/",
        views.PlanAgreementsView.as_view(),
        name="plan_agreements",
    ),
    path(
        "trajecten/<int:pk>/plan/<int:number>/doelen/nieuw/",
        views.GoalCreateView.as_view(),
        name="goal_create",
    ),
    path(
        "trajecten/<int:pk>/plan/<int:number>/doelen/<int:goal_pk>/",
        views.GoalUpdateView.as_view(),
        name="goal_update",
    ),
    path(
        "trajecten/<int:pk>/plan/<int:number>/doelen/<int:goal_pk>/verwijderen/",
        views.GoalRemoveView.as_view(),
        name="goal_remove",
    ),
    path(
        "trajecten/<int:pk>/plan/<int:number>/doelen/<int:goal_pk>/maatregelen/nieuw/",
        views.MeasureCreateView.as_view(),
        name="measure_create",
    ),
    path(
        "trajecten/<int:pk>/plan/<int:number>/maatregelen/<int:measure_pk>/",
        views.MeasureUpdateView.as_view(),
        name="measure_update",
    ),
    path(
        "trajecten/<int:pk>/plan/<int:number>/maatregelen/<int:measure_pk>/verwijderen/",
        views.MeasureRemoveView.as_view(),
        name="measure_remove",
    ),
    path(
        "trajecten/<int:pk>/plan/<int:number>/indienen/", views.PlanSubmitView.as_view(), name="plan_submit"
    ),
    path(
        "trajecten/<int:pk>/plan/<int:number>/beoordelen/", views.PlanReviewView.as_view(), name="plan_review"
    ),
    path(
        "trajecten/<int:pk>/plan/<int:number>/vergelijken/",
        views.PlanCompareView.as_view(),
        name="plan_compare",
    ),
    path("trajecten/<int:pk>/plan/<int:number>/pdf/", views.PlanPdfView.as_view(), name="plan_pdf"),
    # The quarterly progress reports (views/progress.py); <quarter> is the quarter of execution (1–12).
    path(
        "trajecten/<int:pk>/voortgang/",
        progress.ProgressReportListView.as_view(),
        name="progress_report_list",
    ),
    path(
        "trajecten/<int:pk>/voortgang/<int:quarter>/",
        progress.ProgressReportDetailView.as_view(),
        name="progress_report_detail",
    ),
    path(
        "trajecten/<int:pk>/voortgang/<int:quarter>/invullen/",
        progress.ProgressReportEditView.as_view(),
        name="progress_report_edit",
    ),
    path(
        "trajecten/<int:pk>/voortgang/<int:quarter>/documenten/<int:document_pk>/",
        progress.ProgressDocumentDownloadView.as_view(),
        name="progress_document_download",
    ),
    path(
        "trajecten/<int:pk>/voortgang/<int:quarter>/documenten/<int:document_pk>/verwijderen/",
        progress.ProgressDocumentRemoveView.as_view(),
        name="progress_document_remove",
    ),
    path(
        "trajecten/<int:pk>/voortgang/<int:quarter>/indienen/",
        progress.ProgressReportSubmitView.as_view(),
        name="progress_report_submit",
    ),
    path(
        "trajecten/<int:pk>/voortgang/<int:quarter>/beoordelen/",
        progress.ProgressReportAssessView.as_view(),
        name="progress_report_assess",
    ),
    # The change history of plan versions and progress reports (urls_history.py)
    *urls_history.urlpatterns,
]
