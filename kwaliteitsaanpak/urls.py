from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.accounts.views import LoginView
from monitoring.views import HomeView

admin.site.site_header = _("Kwaliteitsaanpak administration")
admin.site.site_title = _("Kwaliteitsaanpak")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("inloggen/", LoginView.as_view(), name="login"),  # with the City's login beside it (ADR 13)
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("schools.urls")),
    path("", include("improvement_plans.urls")),
    path("", include("finance.urls")),
    path("", include("audits.urls")),
    path("", include("monitoring.urls")),
    path("", include("kwaliteitsaanpak.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
