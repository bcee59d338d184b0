"""What a user changes about their own account: the secret address of their calendar feed, their two-step
verification; and programme staff's reset of someone else's two-step verification (a lost phone).

Public: `CALENDAR_PERMISSIONS`, `has_calendar`, `calendar_token_renew`, `second_factor_start`,
`second_factor_confirm`, `second_factor_check`, `second_factor_turn_off`, `second_factor_reset`.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import VerifyNotAllowed  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from kwaliteitsaanpak.permissions import not_allowed, require_permission

from .models import SecondFactorEvent, User
from .two_factor import confirmed_device, requires_second_factor

# Who has a calendar of planned visits and audits: the education and financial experts and the expert group.
CALENDAR_PERMISSIONS = (
    "improvement_plans.act_as_education_expert",
    "improvement_plans.act_as_financial_expert",
    "audits.decide_audit",
)


def has_calendar(user: User) -> bool:
    """Whether the user's role has a calendar feed of planned visits and audits."""
    return user.is_authenticated and any(user.has_perm(permission) for permission in CALENDAR_PERMISSIONS)


def calendar_token_renew(*, user: User) -> str:
    """Give the user a new secret for their calendar feed's address: the old address stops working at once.
    Returns the new token."""
    if not has_calendar(user):
        raise not_allowed()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.calendar_token = secrets.token_urlsafe(32)
        locked.save(update_fields=["calendar_token"])
    user.calendar_token = locked.calendar_token
    return locked.calendar_token


def second_factor_start(*, user: User) -> TOTPDevice:
    """The device the user is setting up: a new secret, or the one shown before while it is not confirmed yet (so
    that reloading the page does not change the QR code the app has already read)."""
    if confirmed_device(user) is not None:
        raise not_allowed()
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


def _check_code(device: TOTPDevice, code: str) -> None:
    """ValidationError (on the field `code`) unless the device accepts the code; django-otp's throttling makes each
    wrong code double the wait before the next try."""
    allowed, details = device.verify_is_allowed()
    if not allowed and (details or {}).get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        locked_until = details.get("locked_until") or timezone.now()
        seconds = max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))
        raise ValidationError(
            {
                "code": ngettext(
                    "You have entered a wrong code too often. Wait %(seconds)s second and enter the new code "
                    "from your app.",
                    "You have entered a wrong code too often. Wait %(seconds)s seconds and enter the new code "
                    "from your app.",
                    seconds,
                )
                % {"seconds": seconds}
            }
        )
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        accepted = locked.verify_token(code)
    if not accepted:
        raise ValidationError(
            {
                "code": _(
                    "This code is not correct. Enter the 6-digit code that your app shows now; a code is valid "
                    "for 30 seconds."
                )
            }
        )
    device.refresh_from_db()


def second_factor_confirm(*, user: User, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm the device being set up with a code from the app: from now on the user is asked a code after the
    password. Other unconfirmed devices of the user are removed; the event is recorded."""
    if device.user_id != user.pk or device.confirmed:
        raise not_allowed()
    _check_code(device, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        SecondFactorEvent.objects.create(user=user, kind=SecondFactorEvent.Kind.SET_UP, actor=user)
    device.confirmed = True
    return device


def second_factor_check(*, user: User, code: str) -> TOTPDevice:
    """The second step after the password: the user's confirmed device accepts the code (ValidationError when
    not, or while too many wrong codes make the user wait)."""
    device = confirmed_device(user)
    if device is None:
        raise not_allowed()
    _check_code(device, code)
    return device


def second_factor_turn_off(*, user: User) -> None:
    """The user turns their own two-step verification off; not when their role requires it."""
    if requires_second_factor(user) or confirmed_device(user) is None:
        raise not_allowed()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        SecondFactorEvent.objects.create(user=user, kind=SecondFactorEvent.Kind.TURNED_OFF, actor=user)


def second_factor_reset(*, actor: User, user: User) -> bool:
    """Programme staff remove another user's devices (a lost or new phone): at their next login, or their next
    page, the user sets up two-step verification again. Recorded with who did it. False when the user had none."""
    require_permission(actor, "accounts.reset_second_factor")
    with transaction.atomic():
        removed, _details = TOTPDevice.objects.filter(user=user).delete()
        if removed:
            SecondFactorEvent.objects.create(user=user, kind=SecondFactorEvent.Kind.RESET, actor=actor)
    return bool(removed)
