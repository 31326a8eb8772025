"""Signed links in enrolment emails: confirm an email address, answer a seat offer.

Django's signing (HMAC with SECRET_KEY, a salt per purpose): the link carries no guessable
id, needs no table, and a changed address or a tampered token fails the signature. An
offer link carries no lifetime of its own: the offer's deadline, which staff may move,
is checked on the row.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "enrolment.email-confirm"
OFFER_SALT = "enrolment.offer"


class LinkExpired(Exception):
    """A genuine link whose time has passed (the page says so and offers a new one)."""


class LinkInvalid(Exception):
    """Not a link we made (mistyped, cut off or forged)."""


def confirm_token(*, user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=CONFIRM_SALT)


def confirm_token_read(token: str) -> dict:
    """{"u": user id, "e": email} from a token not older than the confirmation window."""
    max_age = settings.ENROLMENT_CONFIRM_WITHIN_HOURS * 3600
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error


def confirm_url(*, user) -> str:
    return settings.SITE_URL + reverse("email_confirm", kwargs={"token": confirm_token(user=user)})


def offer_token(*, offer) -> str:
    return signing.dumps({"o": offer.pk, "e": offer.enrolment_id}, salt=OFFER_SALT)


def offer_token_read(token: str) -> int:
    """The offer id the token was made for."""
    try:
        data = signing.loads(token, salt=OFFER_SALT)
    except signing.BadSignature as error:
        raise LinkInvalid from error
    if not isinstance(data, dict) or not isinstance(data.get("o"), int):
        raise LinkInvalid
    return data["o"]


def offer_url(*, offer) -> str:
    return settings.SITE_URL + reverse("offer", kwargs={"token": offer_token(offer=offer)})
