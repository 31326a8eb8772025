"""Two factors for the demo's staff and instructor, and their current codes (DEBUG only).

seed_demo gives `admin` and `instructor` an authenticator with a random secret, so that a
newcomer can log in after `make run` without a phone: `manage.py demo_totp_code admin`
prints the current code. The command works only with DEBUG on and only for these demo
devices; a real person's device never shows its code.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from security import twofactor

DEMO_USERNAMES = ("admin", "instructor")


def seed_second_factor_demo() -> list[str]:
    """Give the demo's staff and instructor a demo authenticator (idempotent); the names."""
    seeded = []
    for user in get_user_model().objects.filter(username__in=DEMO_USERNAMES).order_by("username"):
        if not twofactor.has_second_factor(user):
            TOTPDevice.objects.create(
                user=user, name=twofactor.DEMO_DEVICE_NAME, key=twofactor.new_secret()
            )
        seeded.append(user.username)
    return seeded


def demo_device(username: str) -> TOTPDevice:
    """The demo authenticator of a demo account; PermissionDenied for anything else."""
    if not settings.DEBUG:
        raise PermissionDenied("demo codes are shown only with DEBUG on (DJANGO_DEBUG=1)")
    if username not in DEMO_USERNAMES:
        raise PermissionDenied(f"{username!r} is not a demo account ({', '.join(DEMO_USERNAMES)})")
    device = TOTPDevice.objects.filter(
        user__username=username, name=twofactor.DEMO_DEVICE_NAME, confirmed=True
    ).first()
    if device is None:
        raise PermissionDenied(
            f"{username!r} has no demo authenticator (run `manage.py seed_demo`; a device set "
            "up by hand is never shown)"
        )
    return device


def current_code(device: TOTPDevice, *, at: float | None = None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"
