"""Tuition's routes, asked by the matrix's seven personas (tests/hardening/matrix/probes.py),
with payments on against the Stripe server and off. Every `tuition:` route must have an
expectation here (the main matrix leaves them to this file; the admin's tuition pages are
in the main matrix's admin walk).

The deposit page is its owner's alone (others: 404). The webhook takes no log-in and no
CSRF token: Stripe's signature is the credential, so anyone's unsigned POST is a 400 and
anyone's POST signed with the secret is answered.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes import access as outcomes_access
from tests.enrolment.factories import CohortFactory, EnrolmentFactory
from tests.factories import UserFactory
from tests.hardening.matrix.probes import MISSING, PERSONAS, every, members, owner_only
from tests.hardening.matrix.runner import check_status, client_for
from tests.hardening.matrix.table import walk
from tests.stripe_server import stripe_on, stripe_server  # noqa: F401 - fixtures
from tests.tuition.support import event_payload, signature_for
from tuition.models import Payment, StripeEvent, TuitionAccount, TuitionPrice

pytestmark = pytest.mark.django_db


@dataclass
class World:
    users: dict
    enrolment_a: object


@dataclass
class Probe:
    label: str
    expected: dict
    kwargs: object = lambda w: {}
    method: str = "GET"
    data: object = None  # callable() -> (body, headers)


def _plan():
    return {"action": "plan", "installments": "1", "code": ""}, {}


def _unsigned():
    return event_payload("customer.created", {"id": "cus_x"}), {}


def _signed():
    payload = event_payload("customer.created", {"id": "cus_x"})
    return payload, {"HTTP_STRIPE_SIGNATURE": signature_for(payload)}


PAYMENTS_ON = {
    "tuition:deposit": [
        Probe("A's deposit", owner_only(), lambda w: {"pk": w.enrolment_a.pk}),
        Probe("missing", members(404), lambda w: {"pk": MISSING}),
        Probe(
            "POST A's plan",
            members(404, student_a=302),
            lambda w: {"pk": w.enrolment_a.pk},
            "POST",
            _plan,
        ),
    ],
    "tuition:webhook": [
        Probe("GET", every(405)),
        Probe("POST unsigned", every(400), method="POST", data=_unsigned),
        Probe("POST signed", every(200), method="POST", data=_signed),
    ],
}
PAYMENTS_OFF = {
    "tuition:deposit": [Probe("A's deposit", members(404), lambda w: {"pk": w.enrolment_a.pk})],
    "tuition:webhook": [Probe("POST signed", every(404), method="POST", data=_signed)],
}


@pytest.fixture
def world(settings):
    users = {
        "student_a": UserFactory(username="anna"),
        "student_b": UserFactory(username="bert"),
        "other_instructor": UserFactory(username="olga"),
        "instructor": UserFactory(username="ivan"),
        "staff": UserFactory(username="sam", is_staff=True, is_superuser=True),
        "career_staff": UserFactory(username="kim"),
    }
    users["career_staff"].groups.add(outcomes_access.career_staff_group())
    cohort, other = CohortFactory(), CohortFactory()
    cohort.instructors.add(users["instructor"])
    other.instructors.add(users["other_instructor"])
    TuitionPrice.objects.create(program=cohort.program, price_minor=900_000, deposit_minor=50_000)
    enrolments = {}
    for persona in ("student_a", "student_b"):
        enrolment = EnrolmentFactory(user=users[persona], cohort=cohort, status="enrolled")
        account = TuitionAccount.objects.create(
            enrolment=enrolment,
            currency="eur",
            price_minor=900_000,
            deposit_minor=50_000,
            deposit_due_at=timezone.now() + timedelta(days=3),
        )
        Payment.objects.create(
            account=account,
            kind="deposit",
            amount_minor=50_000,
            currency="eur",
            due_at=account.deposit_due_at,
        )
        enrolments[persona] = enrolment
    return World(users=users, enrolment_a=enrolments["student_a"])


def _run(client, world, table) -> list[str]:
    wrong = []
    for name, probes in table.items():
        for item in probes:
            url = reverse(name, kwargs=item.kwargs(world))
            for persona in PERSONAS:
                client.logout()
                client_for(client, world, persona)
                body, headers = item.data() if item.data else ({}, {})
                if item.method == "POST" and isinstance(body, bytes):
                    response = client.post(url, body, content_type="application/json", **headers)
                elif item.method == "POST":
                    response = client.post(url, body)
                else:
                    response = client.get(url)
                if not check_status(response, item.expected[persona]):
                    wrong.append(
                        f"{item.method} {url} ({item.label}) as {persona}: got "
                        f"{response.status_code} {response.get('Location', '')}, expected "
                        f"{item.expected[persona]}"
                    )
    return wrong


def test_every_tuition_route_has_an_expectation():
    names = {name for _, name, _ in walk() if name and name.startswith("tuition:")}
    assert names == set(PAYMENTS_ON) == set(PAYMENTS_OFF)


@pytest.mark.usefixtures("stripe_on")
def test_tuition_routes_with_payments_on(client, world):
    wrong = _run(client, world, PAYMENTS_ON)
    assert wrong == [], "\n".join(["", *wrong])
    # Each signed POST was stored once; nothing about B changed.
    assert StripeEvent.objects.count() == len(PERSONAS)
    assert TuitionAccount.objects.filter(enrolment__user__username="bert").get().installments == 1


def test_tuition_routes_with_payments_off(client, world, settings):
    settings.STRIPE_SECRET_KEY = ""
    wrong = _run(client, world, PAYMENTS_OFF)
    assert wrong == [], "\n".join(["", *wrong])
    assert StripeEvent.objects.count() == 0
