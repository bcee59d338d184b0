"""Headers and session rules that hold for every page (ADR 11).

- `SecurityHeadersMiddleware`: a signed-in user's pages and downloads are never stored by the browser or a proxy
  (`Cache-Control: no-store`), so that the back button after logging out, or the next user of a shared computer,
  shows nothing; every response carries the `Permissions-Policy` of `settings.PERMISSIONS_POLICY`.
- The same middleware renews a signed-in user's session (its expiry moves on to `SESSION_COOKIE_AGE` from now) once
  `SESSION_RENEW_SECONDS` have passed since the last renewal, so a session ends after `SESSION_IDLE_MINUTES`
  without a request (give or take that minute) without a database write on every request.
- `end_staff_sessions_with_the_browser`: staff (who reach every trajectory or the administration) get a session
  cookie that ends when the browser closes.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext_lazy


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
            renew_session(request.session)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


RENEWED_AT = "_renewed_at"


def renew_session(session) -> None:
    """Move the session's expiry on when the last renewal is at least `SESSION_RENEW_SECONDS` old (saving the
    session, which sets the new expiry in the database and the cookie)."""
    now = int(time.time())
    if now - session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
        session[RENEWED_AT] = now  # marks the session modified: SessionMiddleware saves it


def is_staff_session(user) -> bool:
    """Programme staff and the expert group (who see every trajectory) and whoever may use the administration."""
    return user.is_staff or user.has_perm("improvement_plans.view_all_trajectories")


@receiver(user_logged_in, dispatch_uid="kwaliteitsaanpak.core.security.end_staff_sessions_with_the_browser")
def end_staff_sessions_with_the_browser(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[RENEWED_AT] = int(time.time())
    if is_staff_session(user):
        # 0: the cookie lasts as long as the browser; the server still ends it after the idle time.
        request.session.set_expiry(0)


# Django 5.2's "too short" message has no Dutch translation in Django's own catalog; marked here so that
# makemessages keeps our translation of it in locale/nl (MinimumLengthValidator looks it up by this msgid).
ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    12,
)
