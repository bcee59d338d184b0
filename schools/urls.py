from django.urls import path

from . import urls_history, views

app_name = "schools"
urlpatterns = [
    path("scholen/", views.SchoolListView.as_view(), name="school_list"),
    path("scholen/nieuw/", views.SchoolCreateView.as_view(), name="school_create"),
    path("scholen/<int:pk>/", views.SchoolDetailView.as_view(), name="school_detail"),
    path("scholen/<int:pk>/wijzigen/", views.SchoolUpdateView.as_view(), name="school_update"),
    path("scholen/<int:pk>/oordeel/", views.InspectionVerdictCreateView.as_view(), name="verdict_create"),
    path("oordelen/<int:pk>/wijzigen/", views.InspectionVerdictUpdateView.as_view(), name="verdict_update"),
    path("besturen/", views.SchoolBoardListView.as_view(), name="board_list"),
    path("besturen/nieuw/", views.SchoolBoardCreateView.as_view(), name="board_create"),
    path("besturen/<int:pk>/", views.SchoolBoardDetailView.as_view(), name="board_detail"),
    path("besturen/<int:pk>/wijzigen/", views.SchoolBoardUpdateView.as_view(), name="board_update"),
    path("import/", views.RegisterImportListView.as_view(), name="import_list"),
    path("import/nieuw/", views.RegisterImportCreateView.as_view(), name="import_create"),
    path("import/<int:pk>/", views.RegisterImportDetailView.as_view(), name="import_detail"),
    # The change history of a verdict (urls_history.py)
    *urls_history.urlpatterns,
]
