"""The change history of budgets (`views/history.py`), in the `finance` namespace."""

from django.urls import path

from .views import history

urlpatterns = [
    path(
        "trajecten/<int:pk>/begroting/<int:number>/geschiedenis/",
        history.BudgetHistoryView.as_view(),
        name="budget_history",
    ),
]
