"""Fixtures for API tests: personas with tokens, a cohort, a wine lab, a client that sends tokens.

Personas: alice and bob are students of one cohort; ivan teaches it; olga teaches another;
sam is staff; stranger has an account and no enrolment.
"""

import itertools

import pytest

from api import services as token_services
from tests.factories import UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin

_names = itertools.count(1)


class TokenClient:
    """Django's test client with `Authorization: Bearer <token>` on every request."""

    def __init__(self, client, secret=None):
        self.client = client
        self.secret = secret

    def _headers(self, headers):
        headers = dict(headers or {})
        if self.secret is not None:
            headers.setdefault("Authorization", f"Bearer {self.secret}")
        return headers

    def get(self, url, data=None, headers=None, **extra):
        return self.client.get(url, data, headers=self._headers(headers), **extra)

    def post(self, url, data=None, headers=None, **extra):
        return self.client.post(url, data or {}, headers=self._headers(headers), **extra)


def secret_for(user, name=None) -> str:
    """A new token, as the account page makes it past the second factor: for staff and
    instructors it then stands for their second factor (tests/api/test_second_factor_tokens.py
    asks with tokens made without one)."""
    name = name or f"token {next(_names)}"
    return token_services.token_create(user=user, name=name, second_factor=True).secret


@pytest.fixture
def cohort(db):
    return CohortFactory()


@pytest.fixture
def other_cohort(db):
    return CohortFactory()


@pytest.fixture
def enrolled_alice(alice, cohort):
    EnrolmentFactory(user=alice, cohort=cohort)
    return alice


@pytest.fixture
def enrolled_bob(bob, cohort):
    EnrolmentFactory(user=bob, cohort=cohort)
    return bob


@pytest.fixture
def ivan(db, cohort):
    user = UserFactory(username="ivan", first_name="Ivan")
    cohort.instructors.add(user)
    return user


@pytest.fixture
def olga(db, other_cohort):
    user = UserFactory(username="olga", first_name="Olga")
    other_cohort.instructors.add(user)
    return user


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")


@pytest.fixture
def wine_lab(db):
    """Week 3: open for a cohort three weeks in, and not yet due (private scores hidden)."""
    return lab_on_builtin(dataset_slug="wine", slug="first-classifier", week=3)


@pytest.fixture
def wine_predictions(wine_lab):
    """The reference pipeline's own predictions: a valid, passing file."""
    with wine_lab.references.get().predictions_file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def as_user(client):
    """as_user(user) -> a client that sends a fresh token of that user."""

    def make(user):
        return TokenClient(client, secret_for(user) if user is not None else None)

    return make


@pytest.fixture
def alice_api(as_user, enrolled_alice):
    return as_user(enrolled_alice)
