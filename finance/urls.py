from django.urls import path

from . import urls_history, views

app_name = "finance"
urlpatterns = [
    # The programme's finances at a glance (views/overview.py)
    path("financien/", views.FinanceOverviewView.as_view(), name="overview"),
    # The budget of a trajectory (views/budgets.py); <number> is the plan version's number.
    path("trajecten/<int:pk>/begroting/", views.BudgetLatestView.as_view(), name="budget_latest"),
    path("trajecten/<int:pk>/begroting/starten/", views.BudgetCreateView.as_view(), name="budget_create"),
    path(
        "trajecten/<int:pk>/begroting/<int:number>/", views.BudgetDetailView.as_view(), name="budget_detail"
    ),
    path(
        "trajecten/<int:pk>/begroting/<int:number>/regels/nieuw/",
        views.BudgetLineCreateView.as_view(),
        name="budget_line_create",
    ),
    path(
        "trajecten/<int:pk>/begroting/<int:number>/regels/<int:line_pk>/",
        views.BudgetLineUpdateView.as_view(),
        name="budget_line_update",
    ),
    path(
        "trajecten/<int:pk>/begroting/<int:number>/regels/<int:line_pk>/verwijderen/",
        views.BudgetLineRemoveView.as_view(),
        name="budget_line_remove",
    ),
    path(
        "trajecten/<int:pk>/begroting/<int:number>/indienen/",
        views.BudgetSubmitView.as_view(),
        name="budget_submit",
    ),
    path(
        "trajecten/<int:pk>/begroting/<int:number>/beoordelen/",
        views.BudgetReviewView.as_view(),
        name="budget_review",
    ),
    path(
        "trajecten/<int:pk>/begroting/<int:number>/beschikking/",
        views.GrantDecisionView.as_view(),
        name="grant_decision",
    ),
    # What was spent, per quarter (views/realisation.py)
    path("trajecten/<int:pk>/realisatie/", views.RealisationView.as_view(), name="realisation"),
    path(
        "trajecten/<int:pk>/realisatie/nieuw/",
        views.RealisationCreateView.as_view(),
        name="realisation_create",
    ),
    path(
        "trajecten/<int:pk>/realisatie/<int:year>/<int:quarter>/",
        views.RealisationUpdateView.as_view(),
        name="realisation_update",
    ),
    path(
        "trajecten/<int:pk>/realisatie/<int:year>/<int:quarter>/documenten/nieuw/",
        views.RealisationDocumentCreateView.as_view(),
        name="realisation_document_create",
    ),
    path(
        "trajecten/<int:pk>/realisatie/documenten/<int:document_pk>/",
        views.RealisationDocumentDownloadView.as_view(),
        name="realisation_document",
    ),
    path(
        "trajecten/<int:pk>/realisatie/documenten/<int:document_pk>/verwijderen/",
        views.RealisationDocumentRemoveView.as_view(),
        name="realisation_document_remove",
    ),
    # The external experts' costs (views/expert_costs.py)
    path("trajecten/<int:pk>/expertkosten/", views.ExpertCostListView.as_view(), name="expert_costs"),
    path(
        "trajecten/<int:pk>/expertkosten/nieuw/",
        views.ExpertCostCreateView.as_view(),
        name="expert_cost_create",
    ),
    path(
        "trajecten/<int:pk>/expertkosten/<int:cost_pk>/",
        views.ExpertCostUpdateView.as_view(),
        name="expert_cost_update",
    ),
    path(
        "trajecten/<int:pk>/expertkosten/<int:cost_pk>/verwijderen/",
        views.ExpertCostRemoveView.as_view(),
        name="expert_cost_remove",
    ),
    # The change history of budgets (urls_history.py)
    *urls_history.urlpatterns,
]
