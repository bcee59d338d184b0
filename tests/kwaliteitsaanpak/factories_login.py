"""Test data of two-step verification: a confirmed TOTP device, and the code its app shows now."""

import factory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory


class TOTPDeviceFactory(DjangoModelFactory):
    """A confirmed authenticator app of a user: `TOTPDeviceFactory(user=user)`."""

    class Meta:
        model = TOTPDevice

    name = "Authenticator-app"
    confirmed = True
    user = factory.SubFactory("tests.factories.UserFactory")


def code_for(device: TOTPDevice) -> str:
    """The 6-digit code the device's app shows now (time.time(), so time_machine moves it), as a user types it."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A code that is not the device's now, nor of the steps next to it."""
    near = {
        f"{totp(device.bin_key, device.step, device.t0 + shift * device.step, device.digits, device.drift):06d}"
        for shift in (-1, 0, 1)
    }
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)
