"""Two factors: who must use them, setting up an authenticator, checking a code, resets.

The devices are django-otp's: one TOTP device (an authenticator app) and one static
device holding the one-time recovery codes. Views, the middleware and the admin call these
functions; none of them decides on its own who needs a second factor.
"""

import base64
import binascii
import io
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_otp import devices_for_user, verify_token
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from enrolment import selectors as enrolment_selectors
from enrolment.models import Enrolment
from security.models import SecondFactorReset

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
# The device seed_demo gives the demo's staff and instructor (security/demo.py).
DEMO_DEVICE_NAME = "Demo authenticator (seed_demo)"


def required_by_role(user) -> bool:
    """Staff and instructors must use two factors: the people labs.access.can_review_labs
    lets review (enrolment.selectors.is_staff_or_instructor)."""
    return enrolment_selectors.is_staff_or_instructor(user)


def second_factor_required(user, *, remember: bool = False) -> bool:
    """Must this account pass a second factor: staff, instructors, and anyone who set one up.

    None for staff, else one query (account_roles), which the middleware `remember`s on the
    request's user so that the navbar does not ask again.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    roles = account_roles(user, remember=remember)
    return roles["teaches"] or roles["second_factor"]


_ROLES_ATTRIBUTE = "_lodestar_account_roles"


def account_roles(user, *, remember: bool = False) -> dict[str, bool]:
    """For a signed-in non-staff user, in one query: do they study (enrolled in a cohort whose
    labs are open to them), teach a cohort, and have a confirmed second factor?

    Speed trick: read from the database on every request, never kept in the session (an
    authenticator removed or reset by staff, or a new teaching role, counts at the very
    next request), but the second-factor wall `remember`s the answer on the request's own
    user object, which lives for that request only (as Django's permission cache does),
    so the navbar reads it instead of asking again (docs/benchmarks.md, "Speed tricks and
    what they bought").
    """
    roles = getattr(user, _ROLES_ATTRIBUTE, None)
    if roles is None:
        roles = _account_roles_read(user)
        if remember:
            setattr(user, _ROLES_ATTRIBUTE, roles)
    return roles


def _role_annotations() -> dict:
    """Each role as an Exists on the account's row: the same SQL for one query or the
    user's own load (user_with_roles)."""
    user_model = get_user_model()
    pk = OuterRef("pk")
    return {
        "studies": Exists(
            Enrolment.objects.filter(user_id=pk, status__in=Enrolment.WITH_LAB_ACCESS)
        ),
        "teaches": Exists(user_model.cohorts_taught.through.objects.filter(user_id=pk)),
        "authenticator": Exists(TOTPDevice.objects.filter(user_id=pk, confirmed=True)),
        "recovery": Exists(StaticDevice.objects.filter(user_id=pk, confirmed=True)),
    }


def _roles_of(row) -> dict[str, bool]:
    return {
        "studies": row["studies"],
        "teaches": row["teaches"],
        "second_factor": row["authenticator"] or row["recovery"],
    }


def _account_roles_read(user) -> dict[str, bool]:
    row = get_user_model().objects.filter(pk=user.pk).values(**_role_annotations()).first()
    return _roles_of(
        row or {"studies": False, "teaches": False, "authenticator": False, "recovery": False}
    )


def user_with_roles(user_id):
    """The account with its roles read in the same query, remembered for this request (the
    authentication backend's get_user: the wall and the navbar then ask nothing more)."""
    user = get_user_model()._default_manager.annotate(**_role_annotations()).filter(pk=user_id)
    user = user.first()
    if user is not None:
        setattr(user, _ROLES_ATTRIBUTE, _roles_of(vars(user)))
    return user


def has_second_factor(user) -> bool:
    """Has this account a confirmed authenticator (or recovery codes) to verify with?"""
    return any(True for _ in devices_for_user(user, confirmed=True))


def authenticator_for(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_summary(user) -> dict:
    """What the person may see of their own two factors (their data export): never a
    secret, a code or a hash; only whether they are set up and when they were reset."""
    authenticator = authenticator_for(user)
    return {
        "authenticator": (
            {"name": authenticator.name, "last_used_at": authenticator.last_used_at}
            if authenticator
            else None
        ),
        "recovery_codes_left": recovery_codes_left(user),
        "resets": [
            {"at": reset.created_at, "by": reset.reset_by_username, "reason": reset.reason}
            for reset in SecondFactorReset.objects.filter(user=user)
        ],
    }


# ---------------------------------------------------------------- setting up


def new_secret() -> str:
    """A fresh authenticator secret (20 random bytes, hex), kept in the session until confirmed."""
    return default_key()


def is_valid_secret(key) -> bool:
    try:
        return isinstance(key, str) and len(binascii.unhexlify(key)) == 20
    except (binascii.Error, ValueError):
        return False


def _unsaved_authenticator(*, user, key: str) -> TOTPDevice:
    return TOTPDevice(user=user, key=key, name=AUTHENTICATOR_NAME, confirmed=False)


def secret_base32(key: str) -> str:
    """The secret as people type it into an authenticator app."""
    return base64.b32encode(binascii.unhexlify(key)).decode()


def otpauth_uri(*, user, key: str) -> str:
    return _unsaved_authenticator(user=user, key=key).config_url


def qr_code_svg(uri: str) -> str:
    """The URI as an SVG QR code (a data: URI for an <img>), drawn here: no outside service."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _clean_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _is_authenticator_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


@transaction.atomic
def authenticator_confirm(*, user, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Keep the authenticator whose secret `key` produced `code`; return it and new recovery
    codes. An earlier authenticator of the user (an old phone) and old codes are replaced."""
    code = _clean_code(code)
    if not _is_authenticator_code(code):
        raise ValidationError("Type the 6 digits your authenticator app shows.")
    device = _unsaved_authenticator(user=user, key=key)
    # The device is saved only once the code matches. No throttling is needed here:
    # whoever sees this page already holds the secret, so guessing buys nothing.
    if not _verify(device, code):
        raise ValidationError(
            "That code does not match. Check the clock of your phone and type the newest code."
        )
    TOTPDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save()
    return device, recovery_codes_replace(user=user)


def _verify(device: TOTPDevice, code: str) -> bool:
    """Check a code against an unsaved device (verify_token would save a failure count)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.verify(int(code), device.tolerance):
        device.last_t = totp.t()  # this code cannot be used again to log in
        return True
    return False


@transaction.atomic
def recovery_codes_replace(*, user) -> list[str]:
    """Ten new one-time recovery codes; the old ones stop working. Shown once, to the user."""
    # The device stays (a session verified with a recovery code names it); its codes go.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in codes)
    return codes


# ---------------------------------------------------------------- logging in


@dataclass(frozen=True)
class Verification:
    device: object | None
    problem: str = ""


def code_verify(*, user, code: str) -> Verification:
    """Check a code from the authenticator (6 digits) or a recovery code (used up here).

    django-otp throttles each device: after a wrong code the next try must wait 1 s, then
    2, 4, 8... seconds; a try made too early is refused without being checked.
    """
    code = _clean_code(code)
    if not code:
        return Verification(None, "Type a code from your authenticator app or a recovery code.")
    model = TOTPDevice if _is_authenticator_code(code) else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    if device is None:
        if model is StaticDevice:
            return Verification(None, "You have no recovery codes left: use your authenticator.")
        return Verification(None, "You have no authenticator: use a recovery code.")
    allowed, details = device.verify_is_allowed()
    if not allowed:
        if details and details.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            wait = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
            unit = "second" if wait == 1 else "seconds"
            return Verification(None, f"Too many wrong codes: wait {wait} {unit}, then try again.")
        return Verification(None, "This code cannot be checked now; try again in a minute.")
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        if model is StaticDevice:
            return Verification(None, "That recovery code is not valid, or it was used already.")
        return Verification(None, "That code does not match; type the newest one from your app.")
    return Verification(verified)


# ---------------------------------------------------------------- turning off, resets


@transaction.atomic
def second_factor_turn_off(*, user) -> int:
    """A student's own choice; staff and instructors cannot turn it off (only a reset can)."""
    if required_by_role(user):
        raise ValidationError(
            "Staff and instructors must use two factors; ask staff for a reset if you lost "
            "your phone and your recovery codes."
        )
    return _devices_delete(user)


def second_factor_forget(*, user) -> int:
    """A deleted account's authenticator and recovery codes go with it
    (privacy.services.account_delete): nobody logs in with them again, and the secret was
    the person's. Its resets stay on the record, under the account's new name."""
    SecondFactorReset.objects.filter(user=user).update(username=user.get_username())
    return _devices_delete(user)


def _devices_delete(user) -> int:
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).count()
        model.objects.filter(user=user).delete()
    return removed


@transaction.atomic
def second_factor_reset(*, user, actor, reason: str, now=None) -> SecondFactorReset:
    """Staff remove someone's authenticator and recovery codes, with a reason, on the record.

    The person's sessions stop counting as verified at once; at the next page they set up
    a new authenticator. Nobody resets their own (a colleague does, so two people know).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the two factors are reset (it is kept on the record).")
    if user.pk == actor.pk:
        raise ValidationError("Ask another staff member to reset your own two factors.")
    removed = _devices_delete(user)
    return SecondFactorReset.objects.create(
        user=user,
        username=user.get_username(),
        reset_by=actor,
        reset_by_username=actor.get_username(),
        reason=reason,
        devices_removed=removed,
        created_at=now or timezone.now(),
    )
