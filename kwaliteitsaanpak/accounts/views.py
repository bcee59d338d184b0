"""The user's own pages: their profile (who they are, which reminders they get, their calendar feed) and the
confirmation that creates or renews the calendar feed's address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kwaliteitsaanpak.permissions import not_allowed

from .services import calendar_token_renew, has_calendar


def reminder_kinds(user) -> list[tuple[str, str]] | None:
    """The reminders the user gets, as (label, description); None while the reminders are not part of the system
    yet (`kwaliteitsaanpak.core.reminders`)."""
    try:
        from kwaliteitsaanpak.core.reminders import reminder_kinds_for
    except ImportError:
        return None
    return list(reminder_kinds_for(user))


def calendar_url(request, user) -> str | None:
    if not user.calendar_token:
        return None
    return request.build_absolute_uri(reverse("audits:calendar_feed", args=[user.calendar_token]))


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            profile_user=user,
            reminders=reminder_kinds(user),
            has_calendar=has_calendar(user),
            calendar_url=calendar_url(self.request, user),
            **kwargs,
        )


class CalendarTokenView(LoginRequiredMixin, TemplateView):
    """Check and confirm: creating the calendar address, or renewing it (the old one stops working)."""

    template_name = "accounts/calendar_token.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_calendar(request.user):
            raise not_allowed()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(renewing=bool(self.request.user.calendar_token), **kwargs)

    def post(self, request, *args, **kwargs):
        renewing = bool(request.user.calendar_token)
        calendar_token_renew(user=request.user)
        if renewing:
            messages.success(
                request,
                _(
                    "Your calendar has a new address. The old address no longer works: add the new one to your "
                    "calendar program."
                ),
            )
        else:
            messages.success(
                request, _("Your calendar address has been created. Add it to your calendar program.")
            )
        return HttpResponseRedirect(reverse("accounts:profile") + "#agenda")
