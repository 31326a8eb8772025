"""Helpers for the tuition tests: Stripe's webhook signature made with the test secret,
and a person who signed up and confirmed their email (the deposit is then due)."""

import hashlib
import hmac
import json
import time
import urllib.request
import uuid

from django.conf import settings
from django.urls import reverse

from enrolment import links
from enrolment.services import applications, confirmations
from tests.enrolment.factories import application_data
from tests.stripe_server import WEBHOOK_SECRET
from tuition.services import payments


def signature_for(payload: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send (HMAC-SHA256 of "t.payload")."""
    at = int(time.time()) if at is None else at
    signed = hmac.new(secret.encode(), f"{at}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={at},v1={signed}"


def event_payload(event_type: str, obj: dict, *, event_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:16]}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "api_version": "2020-08-27",
            "data": {"object": obj},
        }
    ).encode()


def webhook_post(client, payload: bytes, *, secret: str = WEBHOOK_SECRET):
    return client.post(
        reverse("tuition:webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_for(payload, secret),
    )


def intent_event(client, api, intent_id: str, *, event_id: str | None = None):
    """Send Stripe's event for the PaymentIntent as the server has it now, signed."""
    intent = api.v1.payment_intents.retrieve(intent_id).to_dict()
    kind = "succeeded" if intent["status"] == "succeeded" else "payment_failed"
    return webhook_post(client, event_payload(f"payment_intent.{kind}", intent, event_id=event_id))


def signed_up_and_confirmed(program, cohort, email: str):
    """A sign-up that took a seat, then confirmed the address: the seat-kept moment."""
    enrolment = applications.application_submit(
        program=program, cohort=cohort, **application_data(email=email)
    )
    confirmations.email_confirm(token=links.confirm_token(user=enrolment.user))
    enrolment.refresh_from_db()
    return enrolment


def card_saved(account, card: str = "4242424242424242") -> str:
    """What Stripe.js does in the browser: confirm the SetupIntent with a card (straight to
    the Stripe server, never through Lodestar). Returns the SetupIntent's id."""
    secret = payments.card_setup_start(account=account)
    intent_id = secret.split("_secret_")[0]
    request = urllib.request.Request(  # noqa: S310 - the local test server
        f"{settings.STRIPE_API_BASE}/v1/setup_intents/{intent_id}/confirm",
        data=json.dumps(
            {
                "key": settings.STRIPE_PUBLISHABLE_KEY,
                "client_secret": secret,
                "payment_method_data": {
                    "type": "card",
                    "card": {"number": card, "exp_month": "12", "exp_year": "2034", "cvc": "123"},
                },
            }
        ).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert json.loads(response.read())["status"] == "succeeded"
    account.refresh_from_db()
    return intent_id
