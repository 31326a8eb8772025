"""Reads for API tokens: the account page's list, and the token behind a request."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet

from api.models import ApiToken
from api.services import TOKEN_PREFIX
from security.digests import secret_digest

MAX_SECRET_LENGTH = 100


def token_list_for_user(*, user) -> QuerySet[ApiToken]:
    """The user's tokens not revoked (expired ones too, marked as such), newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by(
        "-created_at", "-pk"
    )


def token_for_secret(secret: str) -> ApiToken | None:
    """The unrevoked token of an active user with this secret (expired or not), else None.
    The caller tells an expired token from a valid one, to say which it is.

    `owner_teaches`: whether its owner teaches a cohort (in the same query), for the
    second-factor rule of api/auth.py.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > MAX_SECRET_LENGTH:
        return None
    teaching = get_user_model().cohorts_taught.through.objects.filter(user_id=OuterRef("user_id"))
    return (
        ApiToken.objects.select_related("user")
        .annotate(owner_teaches=Exists(teaching))
        .filter(key_hash=secret_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
