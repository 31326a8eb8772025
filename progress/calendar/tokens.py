"""A person's secret calendar link: made on first need, rotated on request, found by hash.

The token is `salted_hmac` of the row's random nonce with the site's secret key, so the
owner's pages can show the link again and again while the table holds no working secret:
only the token's SHA-256 (`key_hash`), by which a fetch finds the feed in one query.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from progress.models import CalendarFeed
from security.digests import secret_digest

_SALT = "lodestar.progress.calendar_feed"
MAX_TOKEN_LENGTH = 100  # longer is no token of ours: 404 without a query


def _token(nonce: str) -> str:
    return salted_hmac(_SALT, nonce, algorithm="sha256").hexdigest()


def _new_nonce() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class FeedLinks:
    https: str
    webcal: str


def links_for(token: str) -> FeedLinks:
    """The feed's address for a browser (https) and for a calendar app (webcal)."""
    https = settings.SITE_URL + reverse("calendar:feed", kwargs={"token": token})
    return FeedLinks(https=https, webcal="webcal://" + https.split("://", 1)[1])


def current_token(*, user) -> str | None:
    """The user's token, or None before their first link (one query, never a write but to
    follow a change of the site's secret key)."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return None
    token = _token(feed.nonce)
    if secret_digest(token) != feed.key_hash:
        # The site's secret key changed (or a fallback retired): the link changes with it.
        CalendarFeed.objects.filter(pk=feed.pk).update(key_hash=secret_digest(token))
    return token


def feed_token(*, user) -> str:
    """The user's token; their feed row is made the first time it is asked for."""
    token = current_token(user=user)
    if token is None:
        nonce = _new_nonce()
        made = CalendarFeed(user=user, nonce=nonce, key_hash=secret_digest(_token(nonce)))
        # INSERT ... ON CONFLICT DO NOTHING: a concurrent request's row wins.
        CalendarFeed.objects.bulk_create([made], ignore_conflicts=True)
        token = current_token(user=user)
    return token


def account_panel_context(request) -> dict:
    """The account page's calendar panel: the links, or None before the first one."""
    token = current_token(user=request.user)
    return {"calendar_links": links_for(token) if token else None}


def feed_rotate(*, user) -> str:
    """A new secret for the user's feed; the old link answers 404 from now on."""
    nonce = _new_nonce()
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={
            "nonce": nonce,
            "key_hash": secret_digest(_token(nonce)),
            "rotated_at": timezone.now(),
        },
    )
    return _token(nonce)


def feed_owner(token: str):
    """The user whose feed the token opens, or None (one query; none for a malformed token)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(key_hash=secret_digest(token), user__is_active=True)
        .first()
    )
    return feed.user if feed else None
