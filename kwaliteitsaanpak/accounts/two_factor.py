"""Two-step verification (TOTP with django-otp) and how a session passes it (ADR 13).

Public: `requires_second_factor`, `confirmed_device`, `has_passed_second_factor`, `session_has_device`,
`mark_session`, `qr_code_svg`, `secret_in_groups`, `LOGIN_METHOD_SESSION_KEY`.

What a session knows is written into it when the user logs in (`record_login`, a `user_logged_in` receiver): how
they logged in (password or the City's identity provider) and whether they have a confirmed device. The middleware
reads only the session on every request, so a page costs no query more for it.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import django_otp  # type: ignore[import-untyped]
import qrcode  # type: ignore[import-untyped]
import qrcode.image.svg  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

LOGIN_METHOD_SESSION_KEY = "kwaliteitsaanpak_login_method"
HAS_DEVICE_SESSION_KEY = "kwaliteitsaanpak_has_second_factor"
OIDC = "oidc"
PASSWORD = "password"  # noqa: S105 (a login method's name)


def requires_second_factor(user) -> bool:
    """Whether the user's role must log in with two-step verification (while `TWO_FACTOR_REQUIRED` is on)."""
    return settings.TWO_FACTOR_REQUIRED and user.has_perm("accounts.requires_second_factor")


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def session_has_device(request) -> bool:
    """Whether the signed-in user has a confirmed device, as the session knows it (read from the database once
    for a session that does not know yet)."""
    known = request.session.get(HAS_DEVICE_SESSION_KEY)
    if known is None:
        known = confirmed_device(request.user) is not None
        request.session[HAS_DEVICE_SESSION_KEY] = known
    return known


def mark_session(request, *, has_device: bool, device: TOTPDevice | None = None) -> None:
    """After a set-up, a second step, turning it off or a reset: what the session knows; with `device`, the
    session has passed the second step with it."""
    request.session[HAS_DEVICE_SESSION_KEY] = has_device
    if device is not None:
        django_otp.login(request, device)
    elif not has_device:
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)


def has_passed_second_factor(request) -> bool:
    """A code from the user's device was accepted in this session, or they logged in through the City's identity
    provider while that counts as the second step (`OIDC_COUNTS_AS_SECOND_FACTOR`)."""
    if request.session.get(LOGIN_METHOD_SESSION_KEY) == OIDC and settings.OIDC_COUNTS_AS_SECOND_FACTOR:
        return True
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


@receiver(user_logged_in, dispatch_uid="kwaliteitsaanpak.accounts.two_factor.record_login")
def record_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    oidc = getattr(user, "backend", "") == settings.OIDC_BACKEND
    request.session[LOGIN_METHOD_SESSION_KEY] = OIDC if oidc else PASSWORD
    request.session[HAS_DEVICE_SESSION_KEY] = confirmed_device(user) is not None


def secret_in_groups(device: TOTPDevice) -> str:
    """The device's secret as an app asks it when typed in by hand: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, *, title: str) -> SafeString:
    """The device's `otpauth://` address as an inline <svg> (no style attribute: the CSP allows none), scaled by
    the class `qr-code`, with a title for screen readers."""
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.get_image()
    for attribute in ("width", "height"):
        svg.attrib.pop(attribute, None)
    svg.set("class", "qr-code d-block w-100 h-auto border")
    svg.set("role", "img")
    svg.set("aria-labelledby", "qr-code-title")
    heading = ET.Element("title", id="qr-code-title")
    heading.text = title  # ElementTree escapes the text
    svg.insert(0, heading)
    # Built by qrcode and ElementTree from our own data (the address and a translated title), escaped by ElementTree.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308
