from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profiel/", views.ProfileView.as_view(), name="profile"),
    path("profiel/agenda/", views.CalendarTokenView.as_view(), name="calendar_token"),
]
