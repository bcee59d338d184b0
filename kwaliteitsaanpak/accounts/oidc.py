"""Login with the City's identity provider over OpenID Connect (mozilla-django-oidc), beside the local accounts
(ADR 13).

On only while `settings.OIDC_ENABLED` (the client id and the provider's endpoints are set): the backend is then in
`AUTHENTICATION_BACKENDS` and the two pages answer; otherwise both are a 404. A person is matched on the e-mail
address of the provider's userinfo, case-insensitively, to an existing active account; roles stay what they are in
the application. Nobody is created: an unknown person is refused with a message that says whom to ask. The session
records that the login came from the provider (`two_factor.record_login`), which counts as the second step while
`OIDC_COUNTS_AS_SECOND_FACTOR` is on.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend  # type: ignore[import-untyped]
from mozilla_django_oidc.views import (  # type: ignore[import-untyped]
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

logger = logging.getLogger(__name__)

# Why the last callback failed, set on the request by the backend for the callback's message.
UNKNOWN_PERSON = "unknown"


class CityOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims) -> bool:
        # An address the provider says it has not verified does not identify anyone.
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims.get("email", "").strip(), is_active=True)

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None:
            self.request.oidc_refusal = UNKNOWN_PERSON
        return user


class OIDCEnabledMixin(View):
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CityOIDCLoginView(OIDCEnabledMixin, OIDCAuthenticationRequestView):
    """Sends the browser to the provider's login (with state, nonce and PKCE kept in the session)."""

    def __init__(self, *args, **kwargs):
        # The parent reads the settings when the view is made; they are empty while OIDC is off (then a 404).
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_OP_AUTH_ENDPOINT = settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID


class CityOIDCCallbackView(OIDCEnabledMixin, OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code; the backend exchanges it, checks the ID token's
    signature and nonce and finds the account. Any failure (an unknown person, a wrong or replayed state, a bad
    nonce or signature) ends on the login page with a message and nobody logged in."""

    @property
    def failure_url(self) -> str:
        return reverse("login")

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            logger.warning("Login with the City's account refused: %s", error)
            return self.login_failure()

    def login_failure(self):
        if getattr(self.request, "oidc_refusal", None) == UNKNOWN_PERSON:
            messages.error(
                self.request,
                _(
                    "You do not have an account in Kwaliteitsaanpak yet. Ask the programme organisation (DMO) to "
                    "create one for your e-mail address; you can then log in with your municipal account."
                ),
            )
        else:
            messages.error(
                self.request,
                _(
                    "Logging in with your municipal account did not succeed. Try again, or log in with your password."
                ),
            )
        return HttpResponseRedirect(self.failure_url)
