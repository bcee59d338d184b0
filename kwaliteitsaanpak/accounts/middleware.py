"""The second step before any page (ADR 13).

A signed-in user who has not passed the second step in this session is sent, before any view runs:
- to the code page when they have a confirmed device (whoever they are, also while `TWO_FACTOR_REQUIRED` is off);
- to the set-up page when their role requires two-step verification (`accounts.requires_second_factor`) or the
  page is the administration (/beheer/), while `TWO_FACTOR_REQUIRED` is on.
Only the login and logout, the second step's own pages, the language switch and the City's login are exempt (static
files never reach a view: WhiteNoise serves them first). The page asked for comes back as `next`.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from .two_factor import has_passed_second_factor, requires_second_factor, session_has_device

EXEMPT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "accounts:second_factor_setup",
        "accounts:second_factor_verify",
        "accounts:oidc_login",
        "accounts:oidc_callback",
    }
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_URL_NAMES:
            return None
        if request.path.startswith(
            settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
        ):
            return None
        if has_passed_second_factor(request):
            return None
        if session_has_device(request):
            return self.redirect(request, "accounts:second_factor_verify")
        administration = match is not None and match.namespace == "admin"
        if settings.TWO_FACTOR_REQUIRED and (administration or requires_second_factor(user)):
            return self.redirect(request, "accounts:second_factor_setup")
        return None

    @staticmethod
    def redirect(request, url_name: str) -> HttpResponseRedirect:
        url = reverse(url_name)
        if request.method == "GET" and request.get_full_path() != "/":
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
