"""Tokens of staff and instructors count as a second factor only if made from a verified
session; students' tokens work as before."""

import pytest
from django.urls import reverse

from api import services as token_services
from api.models import ApiToken
from tests.api.conftest import TokenClient

pytestmark = pytest.mark.django_db


def _client_with(client, user, *, second_factor):
    secret = token_services.token_create(user=user, name="old", second_factor=second_factor).secret
    return TokenClient(client, secret)


def test_an_instructors_token_without_the_second_factor_is_refused(client, instructor, cohort):
    api = _client_with(client, instructor, second_factor=False)
    response = api.get(f"/api/v1/cohorts/{cohort.pk}/gradebook")
    assert response.status_code == 401
    assert response.json()["code"] == "second_factor_required"
    assert "create a new token" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_staff_token_without_the_second_factor_is_refused(client, staff_user):
    api = _client_with(client, staff_user, second_factor=False)
    assert api.get("/api/v1/me").status_code == 401


def test_an_instructors_token_made_after_the_second_factor_works(client, instructor, cohort):
    api = _client_with(client, instructor, second_factor=True)
    assert api.get(f"/api/v1/cohorts/{cohort.pk}/gradebook").status_code == 200


def test_a_students_token_needs_no_second_factor(client, enrolled_alice):
    api = _client_with(client, enrolled_alice, second_factor=False)
    assert api.get("/api/v1/me").status_code == 200


def test_a_student_who_starts_teaching_needs_a_new_token(client, enrolled_alice, other_cohort):
    api = _client_with(client, enrolled_alice, second_factor=False)
    other_cohort.instructors.add(enrolled_alice)
    assert api.get("/api/v1/me").json()["code"] == "second_factor_required"


def test_tokens_made_on_the_account_page_by_a_verified_instructor_count(client, instructor):
    client.force_login(instructor)  # verified (tests/conftest.py)
    response = client.post(reverse("api_token_create"), {"name": "laptop"})
    assert response.status_code == 201
    assert ApiToken.objects.get(user=instructor).second_factor is True
