from django.urls import path

from . import oidc, views

app_name = "accounts"

urlpatterns = [
    path("profiel/", views.ProfileView.as_view(), name="profile"),
    path("profiel/agenda/", views.CalendarTokenView.as_view(), name="calendar_token"),
    path("profiel/tweestapsverificatie/", views.SecondFactorSetupView.as_view(), name="second_factor_setup"),
    path(
        "profiel/tweestapsverificatie/code/",
        views.SecondFactorVerifyView.as_view(),
        name="second_factor_verify",
    ),
    path(
        "profiel/tweestapsverificatie/uitzetten/",
        views.SecondFactorTurnOffView.as_view(),
        name="second_factor_turn_off",
    ),
    # The City's identity provider (OpenID Connect): 404 while it is not configured.
    path("oidc/inloggen/", oidc.CityOIDCLoginView.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.CityOIDCCallbackView.as_view(), name="oidc_callback"),
]
