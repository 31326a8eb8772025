"""Writes for API tokens: create one (the secret is returned once), revoke one."""

import datetime
import secrets
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.models import ApiToken
from security.digests import secret_digest

TOKEN_PREFIX = "lsk_"  # noqa: S105 - a public marker, not a secret
MAX_ACTIVE_TOKENS = 20
# How long a new token lasts, in days: the account page offers these.
LIFETIME_DAYS_CHOICES = (30, 90, 365)
DEFAULT_LIFETIME_DAYS = 90


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown to its owner once, never stored


def token_create(
    *,
    user,
    name: str,
    scope: str = ApiToken.Scope.READ_SUBMIT,
    lifetime_days: int = DEFAULT_LIFETIME_DAYS,
    second_factor: bool = False,
    now=None,
) -> CreatedToken:
    """A token that acts as `user` within `scope` until `lifetime_days` from now.
    `second_factor`: asked from a session verified with a second factor."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, such as “laptop” or “Colab”."})
    if len(name) > 60:
        raise ValidationError({"name": "Keep the name under 60 characters."})
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValidationError({"name": "Use ordinary characters: no control or invisible ones."})
    if scope not in ApiToken.Scope.values:
        raise ValidationError(
            {"scope": "Choose what the token may do: read only, or read and submit."}
        )
    if lifetime_days not in LIFETIME_DAYS_CHOICES:
        days = ", ".join(str(days) for days in LIFETIME_DAYS_CHOICES)
        raise ValidationError({"lifetime_days": f"Choose how long the token lasts: {days} days."})
    now = now or timezone.now()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        if active.filter(name=name).exists():
            raise ValidationError({"name": f"You already have a token named “{name}”."})
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                {"name": f"You have {MAX_ACTIVE_TOKENS} tokens; revoke one you no longer use."}
            )
        token = ApiToken(
            user=user,
            name=name,
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            key_hash=secret_digest(secret),
            scope=scope,
            expires_at=now + datetime.timedelta(days=lifetime_days),
            second_factor=second_factor,
        )
        token.full_clean()
        try:
            with transaction.atomic():
                token.save()
        except IntegrityError as error:  # the same name created twice at once
            raise ValidationError({"name": f"You already have a token named “{name}”."}) from error
    return CreatedToken(token=token, secret=secret)


def token_revoke(*, token: ApiToken) -> bool:
    """Revoke a token at once; a second revoke changes nothing."""
    return bool(
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def token_touch(*, token: ApiToken) -> None:
    """Record use, at most once a minute, so that reads do not each cost a write."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
