"""Fixtures for API tests: the root's personas (tests/conftest.py) with tokens, and a client
that sends tokens; `stranger` has an account and no enrolment. The API tests upload to
`wine_lab_week3` (tests/conftest.py), a lab not yet due.
"""

import itertools

import pytest

from api import services as token_services
from tests.factories import UserFactory

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
def stranger(db):
    """An account enrolled nowhere, asking about a lab it could see if it were."""
    return UserFactory(username="stranger")


@pytest.fixture
def as_user(client):
    """as_user(user) -> a client that sends a fresh token of that user."""

    def make(user):
        return TokenClient(client, secret_for(user) if user is not None else None)

    return make


@pytest.fixture
def alice_api(as_user, enrolled_alice):
    return as_user(enrolled_alice)
