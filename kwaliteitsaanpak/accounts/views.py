"""The login page and the user's own pages: their profile (who they are, which reminders they get, their calendar
feed, their two-step verification), the confirmation that creates or renews the calendar feed's address, and the
pages of two-step verification: setting it up, the second step after the password, turning it off (ADR 13)."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from kwaliteitsaanpak.permissions import not_allowed

from .forms import SecondFactorCodeForm
from .models import SecondFactorEvent, User
from .services import (
    calendar_token_renew,
    has_calendar,
    second_factor_check,
    second_factor_confirm,
    second_factor_start,
    second_factor_turn_off,
)
from .two_factor import (
    confirmed_device,
    has_passed_second_factor,
    mark_session,
    qr_code_svg,
    requires_second_factor,
    secret_in_groups,
)


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


class LoginView(auth_views.LoginView):
    """Django's login with the e-mail address; beside it, while OIDC is configured, the button that logs in with
    the City's account."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_form_class(self):
        from kwaliteitsaanpak.core.views import EmailAuthenticationForm

        return EmailAuthenticationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(oidc_enabled=settings.OIDC_ENABLED, **kwargs)


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            profile_user=user,
            reminders=reminder_kinds(user),
            has_calendar=has_calendar(user),
            calendar_url=calendar_url(self.request, user),
            second_factor_on=confirmed_device(user) is not None,
            second_factor_required=requires_second_factor(user),
            second_factor_events=SecondFactorEvent.objects.filter(user=cast(User, user)).select_related(
                "actor"
            )[:5],
            **kwargs,
        )


def next_url(request, default: str) -> str:
    """The page the user asked for before the second step (`next`), when it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class SecondFactorFormView(LoginRequiredMixin, FormView):
    """A page with the code form; `accept(code)` hands the code to a service and returns the device that took it."""

    form_class = SecondFactorCodeForm

    @property
    def user(self) -> User:
        return cast(User, self.request.user)  # LoginRequiredMixin: never anonymous here

    def button(self) -> str:
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": self.button()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=next_url(self.request, ""), **kwargs)

    def form_valid(self, form):
        try:
            device = self.accept(form.cleaned_data["code"])
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
            return self.form_invalid(form)
        mark_session(self.request, has_device=True, device=device)
        return HttpResponseRedirect(self.get_success_url())

    def accept(self, code: str):
        raise NotImplementedError


class SecondFactorSetupView(SecondFactorFormView):
    """Setting up two-step verification: the QR code and the secret, then a code from the app confirms it."""

    template_name = "accounts/second_factor_setup.html"

    def button(self) -> str:
        return _("Turn on two-step verification")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and confirmed_device(request.user) is not None:
            return HttpResponseRedirect(reverse("accounts:profile"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = second_factor_start(user=self.user)
        return super().get_context_data(
            qr_code=qr_code_svg(device, title=_("QR code to scan with your authenticator app")),
            secret=secret_in_groups(device),
            required=requires_second_factor(self.user),
            **kwargs,
        )

    def accept(self, code: str):
        device = second_factor_start(user=self.user)
        return second_factor_confirm(user=self.user, device=device, code=code)

    def get_success_url(self) -> str:
        messages.success(
            self.request,
            _("Two-step verification is on. From now on you enter a code from your app after your password."),
        )
        return next_url(self.request, reverse("accounts:profile"))


class SecondFactorVerifyView(SecondFactorFormView):
    """The second step after the password: the code from the app, before any other page."""

    template_name = "accounts/second_factor_verify.html"

    def button(self) -> str:
        return _("Continue")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if confirmed_device(request.user) is None:
                # Reset by programme staff meanwhile: the session forgets the device; the set-up follows where the
                # role requires it.
                mark_session(request, has_device=False)
                return HttpResponseRedirect(next_url(request, reverse("home")))
            if has_passed_second_factor(request):
                return HttpResponseRedirect(next_url(request, reverse("home")))
        return super().dispatch(request, *args, **kwargs)

    def accept(self, code: str):
        return second_factor_check(user=self.user, code=code)

    def get_success_url(self) -> str:
        return next_url(self.request, reverse("home"))


class SecondFactorTurnOffView(LoginRequiredMixin, TemplateView):
    """Check and confirm: turning two-step verification off (not for a role that requires it)."""

    template_name = "accounts/second_factor_turn_off.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if requires_second_factor(request.user):
                raise not_allowed()
            if confirmed_device(request.user) is None:
                return HttpResponseRedirect(reverse("accounts:profile"))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        second_factor_turn_off(user=cast(User, request.user))
        mark_session(request, has_device=False)
        messages.success(request, _("Two-step verification is off. You log in with your password only."))
        return HttpResponseRedirect(reverse("accounts:profile") + "#tweestapsverificatie")


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


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a login while the e-mail address is locked out on this IP address (too many failed
    attempts, settings.AXES_*): the login page again with the e-mail address filled in and a Dutch message that
    says how long to wait. An unknown address is locked out the same way, so nothing tells whether it exists."""
    from kwaliteitsaanpak.core.views import EmailAuthenticationForm

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "You have entered a wrong password too often. For your safety, logging in with this e-mail address is "
        "blocked for %(minutes)s minutes. Try again after that, or ask the programme organisation for a new password."
    ) % {"minutes": minutes}
    form = EmailAuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    # An unbound form (the e-mail address filled in, the password empty) with one message of our own.
    form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([message], error_class="nonfield")})
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": request.POST.get("next", ""),
            "locked_out": True,
            "oidc_enabled": settings.OIDC_ENABLED,
        },
        status=429,
    )
