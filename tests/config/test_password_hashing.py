"""Passwords are hashed with Argon2id at OWASP's minimum; PBKDF2 hashes upgrade at log-in."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.password_hashing]

PASSWORD = "a long enough passphrase 42"


def test_a_new_password_is_argon2id_at_the_documented_settings():
    user = UserFactory(password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + "!")


def test_a_pbkdf2_user_logs_in_and_is_rehashed_with_argon2id(client):
    user = UserFactory()
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    client.logout()
    again = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert again.status_code == 302


def test_a_wrong_password_leaves_the_old_hash_alone(client):
    user = UserFactory()
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.password = old
    user.save(update_fields=["password"])

    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == old
