"""The one door to Stripe: whether payments are on, the client, and webhook verification.

Payments are on only when STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and
STRIPE_WEBHOOK_SECRET are all set; STRIPE_API_BASE points the client at another server
(the tests' localstripe). Card numbers never reach Lodestar: the browser gives them to
Stripe.js, and Lodestar only ever sees Stripe's ids.
"""

from urllib.parse import urlsplit

import stripe
from django.conf import settings


def is_enabled() -> bool:
    return bool(
        settings.STRIPE_SECRET_KEY
        and settings.STRIPE_PUBLISHABLE_KEY
        and settings.STRIPE_WEBHOOK_SECRET
    )


def client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else {},
        max_network_retries=2,
    )


def event_verified(payload: bytes, signature: str) -> stripe.Event:
    """The event if the Stripe-Signature header signs this payload with our secret (and is
    recent); raises stripe.SignatureVerificationError or ValueError otherwise."""
    return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)


def js_origins() -> list[str]:
    """What the payment page's content security policy must allow for Stripe.js."""
    origins = {_origin(settings.STRIPE_JS_URL)}
    if settings.STRIPE_API_BASE:
        origins.add(_origin(settings.STRIPE_API_BASE))
    else:
        origins.update({"https://api.stripe.com", "https://*.stripe.com"})
    return sorted(origins)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
