"""Token authentication: only a valid, unrevoked token of an active user opens the API."""

import pytest

from api import services
from api.models import ApiToken
from security.digests import secret_digest
from tests.api.conftest import TokenClient

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def test_no_token_gets_401_with_a_json_error_and_the_bearer_challenge(client):
    response = client.get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["code"] == "unauthorized"
    assert "Authorization: Bearer" in body["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer lsk_not-a-real-token",
        "Bearer ",
        "Bearer " + "x" * 5000,
        "Basic YWxpY2U6cGFzc3dvcmQ=",
        "Token lsk_abc",
        "lsk_abc",
    ],
)
def test_unknown_or_malformed_tokens_get_401(client, alice, header):
    response = client.get(ME, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_a_valid_token_under_another_scheme_is_refused_with_the_word_to_use(client, alice):
    secret = services.token_create(user=alice, name="laptop").secret
    response = client.get(ME, headers={"Authorization": f"Token {secret}"})
    assert response.status_code == 401
    assert response.json()["problems"] == [
        "The Authorization header says “Token”; it must say “Bearer <token>”."
    ]
    assert secret not in response.content.decode()


def test_a_valid_token_acts_as_its_owner(as_user, alice):
    response = as_user(alice).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


def test_a_revoked_token_gets_401_at_once(client, alice):
    created = services.token_create(user=alice, name="laptop")
    api = TokenClient(client, created.secret)
    assert api.get(ME).status_code == 200
    assert services.token_revoke(token=created.token) is True
    assert api.get(ME).status_code == 401


def test_a_deactivated_users_token_gets_401(as_user, alice):
    api = as_user(alice)
    alice.is_active = False
    alice.save()
    assert api.get(ME).status_code == 401


def test_the_session_cookie_alone_does_not_open_the_api(client, alice):
    """Token auth only: a logged-in browser cannot be made to call the API (no CSRF hole)."""
    client.force_login(alice)
    assert client.get(ME).status_code == 401
    assert client.post("/api/v1/labs/any/submissions").status_code == 401


def test_only_a_hash_of_the_secret_is_stored(alice):
    created = services.token_create(user=alice, name="laptop")
    row = ApiToken.objects.get()
    assert created.secret not in {row.key_hash, row.prefix, row.name}
    assert row.key_hash == secret_digest(created.secret)
    assert created.secret.startswith(row.prefix)


def test_use_is_recorded(as_user, alice):
    as_user(alice).get(ME)
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "path", ["/api/v1/submissions/abc", "/api/v1/me/", "/api/v2/labs", "/api/nothing"]
)
def test_unknown_api_addresses_answer_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "problems": []}


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/submissions/{2**63}",
        f"/api/v1/submissions/{'9' * 40}",
        f"/api/v1/cohorts/{2**64}/gradebook",
        "/api/v1/labs/a%00b",
        "/api/v1/labs/%ff%fe/files",
        "/api/v1/submissions?lab=a%00b",
        "/api/v1/submissions?limit=1e309",
    ],
)
def test_hostile_values_never_reach_the_database_as_a_500(as_user, staff_user, path):
    response = as_user(staff_user).get(path)
    assert response.status_code in (200, 400, 404), response.content
    assert response.json()["detail"] if response.status_code != 200 else True
